//! Accounts: create, read, update, delete. List and search are `search.rs`,
//! on the same reading of a stored row; bulk create is `bulk.rs`, on the same
//! writing functions.

use std::collections::BTreeMap;

use account_model::{
    Account, AccountInput, AccountPatch, Address, AddressPatch, Created, FieldValue, ListKind, Patch,
    error::DUPLICATE_ACCOUNT_NUMBER,
};
use axum::{extract::State, http::StatusCode};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, types::Value};

use crate::{
    AppState,
    auth::{Caller, ReadAccounts, Session, WriteAccounts},
    db::now_ms,
    error::{ApiError, Json, Path},
    history::{self, Parent},
    routes::{IdPath, contacts, notes},
};

/// Create and bulk create refuse an account without a name with this.
pub(super) const NAME_MANDATORY: &str = "name is mandatory.";
const UPDATE_DUPLICATE_NUMBER: &str = "Cannot update account. Unique account number already exists in system.";

/// The columns [`StoredAccount::from_row`] reads, in the order it reads them.
pub(super) const ACCOUNT_COLUMNS: &str =
    "a.id, a.createdDate, a.createdBy, a.modifiedDate, a.modifiedBy, a.clientId, a.name,
    a.description, a.industry, a.annualRevenue, a.phoneFax, a.rating, a.phoneOffice, a.phoneAlternate, a.website,
    a.ownershipType, a.numOfEmployees, a.tickerSymbol, a.campaignId, a.accountNumber, a.originalAccountNumber,
    a.agentId, a.agentTeamId, a.accountSource, a.sicCode, a.sicDesc, a.classificationId, a.typeId,
    a.billingStreet, a.billingCity, a.billingState, a.billingPostalCode, a.billingCountry,
    a.shippingStreet, a.shippingCity, a.shippingState, a.shippingPostalCode, a.shippingCountry,
    a.customFields, c.name, t.name, ag.name, tm.name, a.secureFields, a.primaryContactLinkId";

/// The joins that name an account's classification, type, agent and team.
pub(crate) const NAME_JOINS: &str = "LEFT JOIN classifications c ON c.id = a.classificationId
    LEFT JOIN accountTypes t ON t.id = a.typeId
    LEFT JOIN agents ag ON ag.id = a.agentId
    LEFT JOIN agentTeams tm ON tm.id = a.agentTeamId";

/// The site-level error the vendor answers instead of secure field values when
/// the site has no master encryption key.
const NO_ENCRYPTION_KEY: &str =
    "ERROR_CCSFEATURES_ENCRYPTED_FALSE: Can't display secure fields due to misconfiguration.";

// ---------------------------------------------------------------- handlers

pub async fn read(
    State(state): State<AppState>,
    caller: Caller<ReadAccounts>,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<Json<Account>, ApiError> {
    let session = caller.session;
    let account = state.db.read(move |conn| read_account(conn, &session, id)).await?;
    Ok(Json(account))
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller<WriteAccounts>,
    Json(input): Json<AccountInput>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let session = caller.session;
    let patch = AccountPatch::from(input);
    let id = state
        .db
        .write(move |tx| {
            check_fields(&patch)?;
            check_references(tx, session.client_id, &patch)?;
            if let Some(number) = number_to_store(&patch)
                && account_by_number(tx, session.client_id, number)?.is_some()
            {
                return Err(ApiError::Conflict(DUPLICATE_ACCOUNT_NUMBER.into()));
            }
            insert(tx, &session, &patch, "Account created")
        })
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller<WriteAccounts>,
    Path(IdPath { id }): Path<IdPath>,
    Json(patch): Json<AccountPatch>,
) -> Result<StatusCode, ApiError> {
    let session = caller.session;
    state
        .db
        .write(move |tx| {
            check_fields(&patch)?;
            let old = stored_row(tx, session.client_id, id)?.ok_or(ApiError::NotFound)?;
            check_references(tx, session.client_id, &patch)?;
            if let Some(number) = number_to_store(&patch)
                && account_by_number(tx, session.client_id, number)?.is_some_and(|other| other != id)
            {
                return Err(ApiError::Conflict(UPDATE_DUPLICATE_NUMBER.into()));
            }
            apply(tx, &session, id, &old, &patch, "Account updated")
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller<WriteAccounts>,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<StatusCode, ApiError> {
    let client_id = caller.session.client_id;
    let deleted = state
        .db
        .write(move |tx| Ok(tx.execute("DELETE FROM accounts WHERE id = ? AND clientId = ?", [id, client_id])?))
        .await?;
    if deleted == 0 { Err(ApiError::NotFound) } else { Ok(StatusCode::NO_CONTENT) }
}

// ---------------------------------------------------------------- reading

/// The account as Read answers it: with notes, contacts, history and the
/// primary contact; secure fields only where the site can decrypt them.
pub fn read_account(conn: &Connection, session: &Session, id: i64) -> Result<Account, ApiError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts a {NAME_JOINS} WHERE a.id = ? AND a.clientId = ?"
    ))?;
    let found = statement.query_row([id, session.client_id], StoredAccount::from_row).optional()?;
    let StoredAccount { mut account, secure_fields: secure, primary_link } = found.ok_or(ApiError::NotFound)?;

    let has_key: bool = conn
        .prepare_cached("SELECT hasEncryptionKey FROM clients WHERE id = ?")?
        .query_row([session.client_id], |r| r.get(0))?;
    if has_key {
        account.fields.secure_fields = Some(parse_fields(secure.as_deref())?);
    } else {
        account.error_msg = Some(NO_ENCRYPTION_KEY.into());
        account.log_id = Some(uuid::Uuid::new_v4().to_string());
    }
    let links = contacts::load(conn, id)?;
    account.primary_account_contact = primary_link.and_then(|p| links.iter().find(|l| l.id == p).cloned());
    account.primary_contact = account.primary_account_contact.as_ref().map(|l| account_model::PrimaryContact::Id(l.id));
    account.contacts = Some(links);
    account.notes = Some(notes::load(conn, id)?);
    account.history = Some(history::load(conn, id)?);
    Ok(account)
}

/// An account as stored: the flat fields the API answers, plus what only
/// Read shows (secure fields, the primary contact link).
pub(super) struct StoredAccount {
    pub(super) account: Account,
    secure_fields: Option<String>,
    primary_link: Option<i64>,
}

impl StoredAccount {
    /// Reads a row of [`ACCOUNT_COLUMNS`] by position: looking columns up by
    /// name costs more than the rest of a large page.
    pub(super) fn from_row(row: &Row) -> rusqlite::Result<StoredAccount> {
        let mut at = 0;
        let mut next = || {
            at += 1;
            at - 1
        };
        let mut account = Account {
            id: row.get(next())?,
            created_date: row.get(next())?,
            created_by: row.get(next())?,
            modified_date: row.get(next())?,
            modified_by: row.get(next())?,
            client_id: row.get(next())?,
            ..Account::default()
        };
        let fields = &mut account.fields;
        fields.name = row.get(next())?;
        fields.description = row.get(next())?;
        fields.industry = row.get(next())?;
        fields.annual_revenue = row.get(next())?;
        fields.phone_fax = row.get(next())?;
        fields.rating = row.get(next())?;
        fields.phone_office = row.get(next())?;
        fields.phone_alternate = row.get(next())?;
        fields.website = row.get(next())?;
        fields.ownership_type = row.get(next())?;
        fields.num_of_employees = row.get(next())?;
        fields.ticker_symbol = row.get(next())?;
        fields.campaign_id = row.get(next())?;
        fields.account_number = row.get(next())?;
        fields.original_account_number = row.get(next())?;
        fields.agent_id = row.get(next())?;
        fields.agent_team_id = row.get(next())?;
        fields.account_source = row.get(next())?;
        fields.sic_code = row.get(next())?;
        fields.sic_desc = row.get(next())?;
        fields.classification_id = row.get(next())?;
        fields.type_id = row.get(next())?;
        for address in [&mut fields.billing_address, &mut fields.shipping_address] {
            *address = Some(Address {
                street: row.get(next())?,
                city: row.get(next())?,
                state: row.get(next())?,
                postal_code: row.get(next())?,
                country: row.get(next())?,
            });
        }
        let custom: Option<String> = row.get(next())?;
        fields.custom_fields = Some(parse_fields(custom.as_deref()).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.to_string().into())
        })?);
        account.classification_name = row.get(next())?;
        account.type_name = row.get(next())?;
        account.agent_name = row.get(next())?;
        account.agent_team_name = row.get(next())?;
        Ok(StoredAccount { account, secure_fields: row.get(next())?, primary_link: row.get(next())? })
    }
}

fn parse_fields(stored: Option<&str>) -> Result<Vec<FieldValue>, ApiError> {
    Ok(stored.map(serde_json::from_str).transpose()?.unwrap_or_default())
}

// ---------------------------------------------------------------- writing

/// Checks what can be checked without the database: the name, numbers that
/// cannot be negative, and the names of custom and secure fields.
pub(super) fn check_fields(patch: &AccountPatch) -> Result<(), ApiError> {
    match &patch.name {
        Patch::Null => return Err(ApiError::bad_request("name is mandatory: it cannot be null.")),
        Patch::Value(name) if name.trim().is_empty() => return Err(ApiError::bad_request(NAME_MANDATORY)),
        _ => {}
    }
    for (field, value) in [("annualRevenue", &patch.annual_revenue), ("numOfEmployees", &patch.num_of_employees)] {
        if let Patch::Value(n) = value
            && *n < 0
        {
            return Err(ApiError::bad_request(format!("{field} cannot be negative.")));
        }
    }
    for (kind, fields) in [(ListKind::Custom, &patch.custom_fields), (ListKind::Secure, &patch.secure_fields)] {
        if let Patch::Value(fields) = fields {
            check_field_names(kind.list().name(), kind, fields)?;
        }
    }
    Ok(())
}

/// Refuses (400, naming `list`) a field name that is not one of `kind`'s.
pub(crate) fn check_field_names(list: &str, kind: ListKind, fields: &[FieldValue]) -> Result<(), ApiError> {
    for field in fields {
        if kind.allowed_number(&field.field).is_none() {
            let (first, last) = kind.bounds();
            return Err(ApiError::bad_request(format!(
                "{list}: \"{}\" is not a field name: use {first} to {last}.",
                field.field
            )));
        }
    }
    Ok(())
}

/// Checks that the classification, type, agent, agent team and campaign the
/// patch names exist for the client, as single create and update do.
fn check_references(conn: &Connection, client_id: i64, patch: &AccountPatch) -> Result<(), ApiError> {
    let ids = [
        ("classificationId", "classifications", &patch.classification_id),
        ("typeId", "accountTypes", &patch.type_id),
        ("agentId", "agents", &patch.agent_id),
        ("agentTeamId", "agentTeams", &patch.agent_team_id),
    ];
    for (field, table, id) in ids {
        if let Patch::Value(id) = id {
            exists(conn, table, client_id, Value::Integer(*id), field, &id.to_string())?;
        }
    }
    // Checked as stored: trimmed, and a blank one clears the field.
    if let Patch::Value(campaign) = &patch.campaign_id
        && let campaign = campaign.trim()
        && !campaign.is_empty()
    {
        exists(conn, "campaigns", client_id, Value::Text(campaign.to_string()), "campaignId", campaign)?;
    }
    Ok(())
}

fn exists(conn: &Connection, table: &str, client_id: i64, id: Value, field: &str, shown: &str) -> Result<(), ApiError> {
    let found: bool = conn
        .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ? AND clientId = ?)"))?
        .query_row(rusqlite::params![id, client_id], |row| row.get(0))?;
    if found { Ok(()) } else { Err(ApiError::bad_request(format!("{field} {shown} does not exist."))) }
}

/// The account number a patch would store: trimmed, as every text field is
/// ([`assignments`]), and `None` when it sets none or clears it. Uniqueness is
/// checked on this value, so that it agrees with the unique index.
pub(super) fn number_to_store(patch: &AccountPatch) -> Option<&str> {
    match &patch.account_number {
        Patch::Value(number) => Some(number.trim()).filter(|n| !n.is_empty()),
        Patch::Absent | Patch::Null => None,
    }
}

pub(super) fn account_by_number(conn: &Connection, client_id: i64, number: &str) -> Result<Option<i64>, ApiError> {
    Ok(conn
        .prepare_cached("SELECT id FROM accounts WHERE clientId = ? AND accountNumber = ?")?
        .query_row(rusqlite::params![client_id, number], |row| row.get(0))
        .optional()?)
}

/// The stored columns of an account, by column name.
pub(super) type StoredRow = BTreeMap<String, Value>;

pub(super) fn stored_row(conn: &Connection, client_id: i64, id: i64) -> Result<Option<StoredRow>, ApiError> {
    let mut statement = conn.prepare_cached("SELECT * FROM accounts WHERE id = ? AND clientId = ?")?;
    let names: Vec<String> = statement.column_names().into_iter().map(str::to_owned).collect();
    Ok(statement
        .query_row([id, client_id], |row| {
            names.iter().enumerate().map(|(i, name)| Ok((name.clone(), row.get::<_, Value>(i)?))).collect()
        })
        .optional()?)
}

/// The columns a patch writes, with their new values, given the stored row
/// (custom and secure fields merge with what is stored).
fn assignments(patch: &AccountPatch, old: &StoredRow) -> Result<Vec<(&'static str, Value)>, ApiError> {
    fn text(p: &Patch<String>) -> Patch<Value> {
        p.as_ref().map(|v| Value::Text(v.trim().to_string()))
    }
    fn int<T: Copy + Into<i64>>(p: &Patch<T>) -> Patch<Value> {
        p.as_ref().map(|v| Value::Integer((*v).into()))
    }
    let scalars = [
        ("name", text(&patch.name)),
        ("description", text(&patch.description)),
        ("industry", text(&patch.industry)),
        ("annualRevenue", int(&patch.annual_revenue)),
        ("phoneFax", text(&patch.phone_fax)),
        ("rating", text(&patch.rating)),
        ("phoneOffice", text(&patch.phone_office)),
        ("phoneAlternate", text(&patch.phone_alternate)),
        ("website", text(&patch.website)),
        ("ownershipType", text(&patch.ownership_type)),
        ("numOfEmployees", int(&patch.num_of_employees)),
        ("tickerSymbol", text(&patch.ticker_symbol)),
        ("campaignId", text(&patch.campaign_id)),
        ("accountNumber", text(&patch.account_number)),
        ("originalAccountNumber", text(&patch.original_account_number)),
        ("agentId", int(&patch.agent_id)),
        ("agentTeamId", int(&patch.agent_team_id)),
        ("accountSource", text(&patch.account_source)),
        ("sicCode", text(&patch.sic_code)),
        ("sicDesc", text(&patch.sic_desc)),
        ("classificationId", int(&patch.classification_id)),
        ("typeId", int(&patch.type_id)),
    ];
    let mut out = Vec::new();
    for (column, value) in scalars {
        match value {
            Patch::Absent => {}
            Patch::Null => out.push((column, Value::Null)),
            // A blank text clears the field rather than storing "".
            Patch::Value(Value::Text(t)) if t.is_empty() => out.push((column, Value::Null)),
            Patch::Value(v) => out.push((column, v)),
        }
    }
    for (address, columns) in [
        (
            &patch.billing_address,
            ["billingStreet", "billingCity", "billingState", "billingPostalCode", "billingCountry"],
        ),
        (
            &patch.shipping_address,
            ["shippingStreet", "shippingCity", "shippingState", "shippingPostalCode", "shippingCountry"],
        ),
    ] {
        let parts = match address {
            Patch::Absent => continue,
            Patch::Null => AddressPatch {
                street: Patch::Null,
                city: Patch::Null,
                state: Patch::Null,
                postal_code: Patch::Null,
                country: Patch::Null,
            },
            Patch::Value(parts) => parts.clone(),
        };
        for (column, part) in
            columns.into_iter().zip([parts.street, parts.city, parts.state, parts.postal_code, parts.country])
        {
            match part {
                Patch::Absent => {}
                Patch::Value(v) if !v.trim().is_empty() => out.push((column, Value::Text(v.trim().to_string()))),
                Patch::Value(_) | Patch::Null => out.push((column, Value::Null)),
            }
        }
    }
    for (column, fields) in [("customFields", &patch.custom_fields), ("secureFields", &patch.secure_fields)] {
        if let Some(merged) = merge_fields(old.get(column), fields)? {
            out.push((column, merged));
        }
    }
    Ok(out)
}

/// Custom or secure fields after a patch, as stored (JSON, or NULL when none):
/// listed fields are set, listed `null` values removed, others kept.
fn merge_fields(stored: Option<&Value>, patch: &Patch<Vec<FieldValue>>) -> Result<Option<Value>, ApiError> {
    let changes = match patch {
        Patch::Absent => return Ok(None),
        Patch::Null => return Ok(Some(Value::Null)),
        Patch::Value(changes) => changes,
    };
    let stored = match stored {
        Some(Value::Text(json)) => Some(json.as_str()),
        _ => None,
    };
    let mut fields: BTreeMap<String, String> =
        parse_fields(stored)?.into_iter().filter_map(|f| Some((f.field, f.value?))).collect();
    for change in changes {
        match change.value.as_deref().map(str::trim) {
            Some(value) if !value.is_empty() => fields.insert(change.field.clone(), value.to_string()),
            _ => fields.remove(&change.field),
        };
    }
    if fields.is_empty() {
        return Ok(Some(Value::Null));
    }
    let mut list: Vec<FieldValue> =
        fields.into_iter().map(|(field, value)| FieldValue { field, value: Some(value) }).collect();
    // COL2 before COL10.
    list.sort_by_key(|f| (f.list_field(), f.field.clone()));
    Ok(Some(Value::Text(serde_json::to_string(&list)?)))
}

/// Inserts a new account from a patch that sets its fields; answers its id.
pub(super) fn insert(tx: &Transaction, session: &Session, patch: &AccountPatch, event: &str) -> Result<i64, ApiError> {
    let now = now_ms();
    let mut columns = vec!["clientId", "createdDate", "createdBy", "modifiedDate", "modifiedBy"];
    let mut values: Vec<Value> = vec![
        session.client_id.into(),
        now.into(),
        session.user_name.clone().into(),
        now.into(),
        session.user_name.clone().into(),
    ];
    for (column, value) in assignments(patch, &StoredRow::new())? {
        columns.push(column);
        values.push(value);
    }
    let marks = vec!["?"; columns.len()].join(", ");
    tx.prepare_cached(&format!("INSERT INTO accounts ({}) VALUES ({marks})", columns.join(", ")))?
        .execute(rusqlite::params_from_iter(values))?;
    let id = tx.last_insert_rowid();
    history::record(tx, id, session, event, None, Parent::Account(id))?;
    Ok(id)
}

/// Writes the columns the patch changes, and a history entry saying what
/// changed (secure values are never written to history).
pub(super) fn apply(
    tx: &Transaction,
    session: &Session,
    id: i64,
    old: &StoredRow,
    patch: &AccountPatch,
    event: &str,
) -> Result<(), ApiError> {
    let changed: Vec<(&str, Value)> =
        assignments(patch, old)?.into_iter().filter(|(column, value)| old.get(*column) != Some(value)).collect();
    if changed.is_empty() {
        return Ok(());
    }
    let sets: Vec<String> = changed.iter().map(|(column, _)| format!("{column} = ?")).collect();
    let mut values: Vec<Value> = changed.iter().map(|(_, value)| value.clone()).collect();
    values.extend([now_ms().into(), session.user_name.clone().into(), id.into()]);
    tx.prepare_cached(&format!(
        "UPDATE accounts SET {}, modifiedDate = ?, modifiedBy = ? WHERE id = ?",
        sets.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(values))?;

    let descriptions: Vec<String> = changed
        .iter()
        .map(|(column, new)| match *column {
            "secureFields" => "secureFields changed".to_string(),
            _ => format!("{column}: {} → {}", shown(old.get(*column)), shown(Some(new))),
        })
        .collect();
    history::record(tx, id, session, event, Some(&descriptions.join("; ")), Parent::Account(id))
}

pub(crate) fn shown(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "(empty)".into(),
        Some(Value::Integer(n)) => n.to_string(),
        Some(Value::Real(x)) => x.to_string(),
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Blob(_)) => "(binary)".into(),
    }
}
