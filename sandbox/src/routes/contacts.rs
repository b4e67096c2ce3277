//! Contact links: link one, link many, unlink.

use account_model::{
    BulkLinkFailure, BulkLinkResult, ContactLink, ContactRef,
    error::{ALREADY_ASSOCIATED, ASSOCIATION_EXISTS},
};
use axum::{extract::State, http::StatusCode};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::{
    AppState,
    auth::{Caller, LinkContacts, Session},
    db::now_ms,
    error::{ApiError, Json, Path},
    history::{self, Parent},
    routes::{ContactPath, IdPath},
};

/// Link Account to Contact: the account and the contact must exist.
pub async fn link(
    State(state): State<AppState>,
    caller: Caller<LinkContacts>,
    Path(IdPath { id }): Path<IdPath>,
    Json(body): Json<ContactRef>,
) -> Result<StatusCode, ApiError> {
    let contact = body.contact_id.trim().to_string();
    if contact.is_empty() {
        return Err(ApiError::bad_request("contactId is mandatory."));
    }
    let session = caller.session;
    state
        .db
        .write(move |tx| {
            account_exists(tx, session.client_id, id)?;
            let known: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM contactDirectory WHERE id = ? AND clientId = ?)")?
                .query_row(params![contact, session.client_id], |row| row.get(0))?;
            if !known {
                return Err(ApiError::bad_request(format!("contactId {contact} does not exist.")));
            }
            if is_linked(tx, id, &contact)? {
                return Err(ApiError::Conflict(ASSOCIATION_EXISTS.into()));
            }
            insert_link(tx, &session, id, &contact)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Link Account to Multiple Contacts: contacts are not checked against the
/// directory; one already linked (or listed twice) fails alone.
pub async fn bulk_link(
    State(state): State<AppState>,
    caller: Caller<LinkContacts>,
    Path(IdPath { id }): Path<IdPath>,
    Json(refs): Json<Vec<ContactRef>>,
) -> Result<Json<BulkLinkResult>, ApiError> {
    let session = caller.session;
    let result = state
        .db
        .write(move |tx| {
            account_exists(tx, session.client_id, id)?;
            let mut result = BulkLinkResult::default();
            for contact in refs.into_iter().map(|r| r.contact_id.trim().to_string()) {
                let cause = if contact.is_empty() {
                    Some("contactId is mandatory.")
                } else if is_linked(tx, id, &contact)? {
                    Some(ALREADY_ASSOCIATED)
                } else {
                    None
                };
                match cause {
                    Some(cause) => result.failed_data.push(BulkLinkFailure { item_name: contact, cause: cause.into() }),
                    None => {
                        insert_link(tx, &session, id, &contact)?;
                        result.success_count += 1;
                    }
                }
            }
            result.fail_count = result.failed_data.len() as i64;
            Ok(result)
        })
        .await?;
    Ok(Json(result))
}

/// Unlink: the next oldest link becomes primary when the primary one goes.
pub async fn unlink(
    State(state): State<AppState>,
    caller: Caller<LinkContacts>,
    Path(ContactPath { id, contact_id }): Path<ContactPath>,
) -> Result<StatusCode, ApiError> {
    let session = caller.session;
    state
        .db
        .write(move |tx| {
            account_exists(tx, session.client_id, id)?;
            let link: i64 = tx
                .prepare_cached("SELECT id FROM contactLinks WHERE accountId = ? AND contact = ?")?
                .query_row(params![id, contact_id], |row| row.get(0))
                .optional()?
                .ok_or(ApiError::NotFound)?;
            tx.execute("DELETE FROM contactLinks WHERE id = ?", [link])?;
            tx.execute(
                "UPDATE accounts SET primaryContactLinkId =
                    (SELECT id FROM contactLinks WHERE accountId = ?1 ORDER BY createdDate, id LIMIT 1)
                 WHERE id = ?1 AND primaryContactLinkId = ?2",
                [id, link],
            )?;
            history::record(tx, id, &session, "Contact unlinked", Some(&contact_id), Parent::Contact(link))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 404 unless the client has the account.
pub fn account_exists(conn: &Connection, client_id: i64, id: i64) -> Result<(), ApiError> {
    let found: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ? AND clientId = ?)")?
        .query_row([id, client_id], |row| row.get(0))?;
    if found { Ok(()) } else { Err(ApiError::NotFound) }
}

fn is_linked(conn: &Connection, account_id: i64, contact: &str) -> Result<bool, ApiError> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM contactLinks WHERE accountId = ? AND contact = ?)")?
        .query_row(params![account_id, contact], |row| row.get(0))?)
}

/// Adds a link; the account's first link becomes its primary contact.
fn insert_link(tx: &Transaction, session: &Session, account_id: i64, contact: &str) -> Result<(), ApiError> {
    let now = now_ms();
    tx.prepare_cached(
        "INSERT INTO contactLinks (accountId, contact, createdDate, createdBy, modifiedDate) VALUES (?, ?, ?, ?, ?)",
    )?
    .execute(params![account_id, contact, now, session.user_name, now])?;
    let link = tx.last_insert_rowid();
    tx.prepare_cached("UPDATE accounts SET primaryContactLinkId = ? WHERE id = ? AND primaryContactLinkId IS NULL")?
        .execute([link, account_id])?;
    history::record(tx, account_id, session, "Contact linked", Some(contact), Parent::Contact(link))
}

/// The account's contact links, oldest first.
pub fn load(conn: &Connection, account_id: i64) -> Result<Vec<ContactLink>, ApiError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, createdDate, createdBy, modifiedDate, contact, accountId FROM contactLinks
         WHERE accountId = ? ORDER BY createdDate, id",
    )?;
    let rows = statement.query_map([account_id], |row| {
        Ok(ContactLink {
            id: row.get(0)?,
            created_date: row.get(1)?,
            created_by: row.get(2)?,
            modified_date: row.get(3)?,
            contact: row.get(4)?,
            account_id: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
