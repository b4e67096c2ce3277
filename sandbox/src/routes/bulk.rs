//! Create Multiple Accounts: each row creates an account, or updates the one
//! that has its account number partially, as Update does (NOTES.md); a row
//! that fails is reported with its 1-based position, why, and the row echoed
//! as the reference's example echoes it. Bulk skips the reference checks
//! single create makes.

use account_model::{AccountPatch, BulkCreateFailure, BulkCreateResult, EchoedRow, Patch};
use axum::extract::State;
use rusqlite::Transaction;
use serde_json::{Map, Value as Json, value::RawValue};

use crate::{
    AppState,
    auth::{Caller, Session, WriteAccounts},
    error::{ApiError, Json as Body},
    routes::accounts::{NAME_MANDATORY, account_by_number, apply, check_fields, insert, number_to_store, stored_row},
};

/// The most rows one bulk create takes (a sandbox limit; see ARCHITECTURE.md).
pub const MAX_BULK_ROWS: usize = 1000;

pub async fn bulk_create(
    State(state): State<AppState>,
    caller: Caller<WriteAccounts>,
    Body(rows): Body<Vec<Box<RawValue>>>,
) -> Result<Body<BulkCreateResult>, ApiError> {
    if rows.len() > MAX_BULK_ROWS {
        return Err(ApiError::bad_request(format!("At most {MAX_BULK_ROWS} accounts per bulk request.")));
    }
    let session = caller.session;
    let result = state.db.write(move |tx| bulk_upsert(tx, &session, rows)).await?;
    Ok(Body(result))
}

/// Each row is decoded from its own text, as an Update body (a row that
/// updates is partial: absent keys stay, `null` or blank clears), so that a
/// row fails alone on exactly what a create or an update refuses (a key
/// given twice, say, which a `serde_json::Value` would quietly collapse), and
/// its status names the field as their 400 does.
///
/// Rows land in order in one transaction: a row whose account number an
/// earlier row of the call created updates that account.
fn bulk_upsert(tx: &Transaction, session: &Session, rows: Vec<Box<RawValue>>) -> Result<BulkCreateResult, ApiError> {
    let mut result = BulkCreateResult::default();
    for (index, row) in rows.into_iter().enumerate() {
        let ordinal = index as i64 + 1;
        let mut fail = |status: String| {
            result.failed_data.push(BulkCreateFailure { data: echo(session, row.get()), ordinal, status });
        };
        let patch: AccountPatch =
            match serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(row.get())) {
                Ok(patch) => patch,
                Err(e) => {
                    fail(format!("Invalid row: {e}"));
                    continue;
                }
            };
        match upsert(tx, session, &patch)? {
            Outcome::Created => result.success_count += 1,
            Outcome::Updated => result.update_count += 1,
            Outcome::Refused(why) => fail(why),
        }
    }
    result.fail_count = result.failed_data.len() as i64;
    Ok(result)
}

/// What one row did.
enum Outcome {
    Created,
    Updated,
    Refused(String),
}

/// Writes one row: every check comes before any write, so a refused row
/// changes nothing, even for an account number that exists.
fn upsert(tx: &Transaction, session: &Session, patch: &AccountPatch) -> Result<Outcome, ApiError> {
    if let Err(e) = check_fields(patch) {
        return Ok(Outcome::Refused(e.to_string()));
    }
    let existing = match number_to_store(patch) {
        Some(number) => account_by_number(tx, session.client_id, number)?,
        None => None,
    };
    if let Some(id) = existing {
        let old = stored_row(tx, session.client_id, id)?.ok_or(ApiError::NotFound)?;
        apply(tx, session, id, &old, patch, "Account updated by bulk create")?;
        return Ok(Outcome::Updated);
    }
    // A row that creates needs a name, as Create Account does.
    if !matches!(&patch.name, Patch::Value(name) if !name.trim().is_empty()) {
        return Ok(Outcome::Refused(NAME_MANDATORY.into()));
    }
    insert(tx, session, patch, "Account created by bulk create")?;
    Ok(Outcome::Created)
}

/// A failed row as the reference's example echoes it: who sent it, for which
/// client, and the fields that name it, read from the row's own text as sent
/// (not trimmed). What cannot be read as text is left out, never made up: a
/// row that is no object, or no JSON a `Value` can hold, echoes only who sent
/// it.
fn echo(session: &Session, row: &str) -> EchoedRow {
    let object: Option<Map<String, Json>> = serde_json::from_str(row).ok();
    let text = |key: &str| match object.as_ref()?.get(key)? {
        Json::String(text) => Some(text.clone()),
        Json::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    };
    EchoedRow {
        created_by: Some(session.user_name.clone()),
        client_id: Some(session.client_id),
        name: text("name"),
        description: text("description"),
        account_number: text("accountNumber"),
        original_account_number: text("originalAccountNumber"),
    }
}
