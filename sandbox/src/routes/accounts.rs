//! Accounts: create, read, list, search, update, delete (bulk create is
//! `bulk.rs`, on the same writing functions).

use std::collections::BTreeMap;

use account_model::{
    Account, AccountInput, AccountPage, AccountPatch, Address, AddressPatch, Created, FieldValue, MAX_PAGE_SIZE,
    PageQuery, Patch, SearchRequest, SortDirection,
    account::{CUSTOM_FIELD_NAMES, SECURE_FIELD_NAMES},
    error::DUPLICATE_ACCOUNT_NUMBER,
    fields::{Field, Kind},
    paths,
    search::{Bound, ExactValue},
};
use axum::{extract::State, http::StatusCode};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, types::Value};
use serde::Deserialize;

use crate::{
    AppState,
    auth::{Caller, ReadAccounts, Session, WriteAccounts},
    db::{fold_case, now_ms},
    error::{ApiError, Json, Path, Query},
    history::{self, Parent},
    routes::{IdPath, contacts, notes},
};

/// The most rows one bulk create takes (a sandbox limit; see ARCHITECTURE.md).
pub const MAX_BULK_ROWS: usize = 1000;

/// Create and bulk create refuse an account without a name with this.
pub(super) const NAME_MANDATORY: &str = "name is mandatory.";
const UPDATE_DUPLICATE_NUMBER: &str = "Cannot update account. Unique account number already exists in system.";

/// The columns [`StoredAccount::from_row`] reads, in the order it reads them.
const ACCOUNT_COLUMNS: &str = "a.id, a.createdDate, a.createdBy, a.modifiedDate, a.modifiedBy, a.clientId, a.name,
    a.description, a.industry, a.annualRevenue, a.phoneFax, a.rating, a.phoneOffice, a.phoneAlternate, a.website,
    a.ownershipType, a.numOfEmployees, a.tickerSymbol, a.campaignId, a.accountNumber, a.originalAccountNumber,
    a.agentId, a.agentTeamId, a.accountSource, a.sicCode, a.sicDesc, a.classificationId, a.typeId,
    a.billingStreet, a.billingCity, a.billingState, a.billingPostalCode, a.billingCountry,
    a.shippingStreet, a.shippingCity, a.shippingState, a.shippingPostalCode, a.shippingCountry,
    a.customFields, c.name, t.name, ag.name, tm.name, a.secureFields, a.primaryContactLinkId";

/// The joins that name an account's classification, type, agent and team.
const NAME_JOINS: &str = "LEFT JOIN classifications c ON c.id = a.classificationId
    LEFT JOIN accountTypes t ON t.id = a.typeId
    LEFT JOIN agents ag ON ag.id = a.agentId
    LEFT JOIN agentTeams tm ON tm.id = a.agentTeamId";

/// The site-level error the vendor answers instead of secure field values when
/// the site has no master encryption key.
const NO_ENCRYPTION_KEY: &str =
    "ERROR_CCSFEATURES_ENCRYPTED_FALSE: Can't display secure fields due to misconfiguration.";

// ---------------------------------------------------------------- handlers

/// `count` and `offset` as sent: both mandatory, checked here so that the
/// message says which one is wrong.
#[derive(Debug, Deserialize)]
pub struct PageParams {
    count: Option<String>,
    offset: Option<String>,
}

impl PageParams {
    pub fn parse(&self) -> Result<PageQuery, ApiError> {
        let count = self.count.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let count = count.ok_or_else(|| ApiError::bad_request("count is mandatory."))?;
        let count =
            count.parse::<u32>().ok().filter(|c| (1..=MAX_PAGE_SIZE).contains(c)).ok_or_else(|| {
                ApiError::bad_request(format!("count must be a whole number from 1 to {MAX_PAGE_SIZE}."))
            })?;
        let offset = self.offset.as_deref().map(str::trim).filter(|o| !o.is_empty());
        let offset = offset.ok_or_else(|| ApiError::bad_request("offset is mandatory."))?;
        let offset = offset
            .parse::<u64>()
            .ok()
            .filter(|o| i64::try_from(*o).is_ok())
            .ok_or_else(|| ApiError::bad_request("offset must be a whole number, 0 or more."))?;
        Ok(PageQuery { count, offset })
    }
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller<ReadAccounts>,
    Query(params): Query<PageParams>,
) -> Result<Json<AccountPage>, ApiError> {
    let page = params.parse()?;
    let client_id = caller.session.client_id;
    let accounts = state.db.read(move |conn| find(conn, client_id, &SearchRequest::default(), page)).await?;
    Ok(Json(paged(accounts, page, paths::ACCOUNTS)))
}

pub async fn search(
    State(state): State<AppState>,
    caller: Caller<ReadAccounts>,
    Query(params): Query<PageParams>,
    Json(request): Json<SearchRequest>,
) -> Result<Json<AccountPage>, ApiError> {
    let page = params.parse()?;
    let client_id = caller.session.client_id;
    let accounts = state.db.read(move |conn| find(conn, client_id, &request, page)).await?;
    // The reference's search example spells `next` without the leading slash.
    Ok(Json(paged(accounts, page, paths::ACCOUNTS_SEARCH.trim_start_matches('/'))))
}

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

fn paged(mut accounts: Vec<Account>, page: PageQuery, path: &str) -> AccountPage {
    // One row more than asked was read to learn whether another page follows.
    let more = accounts.len() > page.count as usize;
    accounts.truncate(page.count as usize);
    let next = more.then(|| format!("{path}?offset={}&count={}", page.offset + u64::from(page.count), page.count));
    AccountPage { next, accounts }
}

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
struct StoredAccount {
    account: Account,
    secure_fields: Option<String>,
    primary_link: Option<i64>,
}

impl StoredAccount {
    /// Reads a row of [`ACCOUNT_COLUMNS`] by position: looking columns up by
    /// name costs more than the rest of a large page.
    fn from_row(row: &Row) -> rusqlite::Result<StoredAccount> {
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

/// The SQL expression that holds a field (names of linked records come
/// from the joins); `None` for the lists, which are no column.
fn column(field: Field) -> Option<String> {
    Some(match field {
        Field::ClassificationName => "c.name".into(),
        Field::TypeName => "t.name".into(),
        Field::AgentName => "ag.name".into(),
        Field::AgentTeamName => "tm.name".into(),
        Field::CustomFields | Field::SecureFields => return None,
        // Every other field is stored in the column of its flat name.
        other => format!("a.{}", other.name()),
    })
}

/// The column of a search criterion the model names by its JSON path.
fn criterion_column(path: &str) -> Result<String, ApiError> {
    Field::at_path(path)
        .and_then(column)
        .ok_or_else(|| ApiError::Internal(format!("no column for search field {path}")))
}

fn is_text(field: Field) -> bool {
    matches!(field.kind(), Kind::Text | Kind::TextId | Kind::AddressPart(..))
}

/// One page (plus one row) of the client's accounts that match, in order.
pub fn find(
    conn: &Connection,
    client_id: i64,
    request: &SearchRequest,
    page: PageQuery,
) -> Result<Vec<Account>, ApiError> {
    let mut clauses = vec!["a.clientId = ?".to_string()];
    let mut args: Vec<Value> = vec![client_id.into()];
    if let Some(criteria) = &request.search {
        for (field, text) in criteria.text_criteria() {
            let column = criterion_column(&field)?;
            clauses.push(format!("contains_folded({column}, ?)"));
            args.push(fold_case(text).into());
        }
        for (field, value) in criteria.exact_criteria() {
            let column = criterion_column(field)?;
            clauses.push(format!("{column} = ?"));
            args.push(match value {
                ExactValue::Int(n) => n.into(),
                ExactValue::Text(t) => t.to_string().into(),
            });
        }
        for (field, bound, value) in criteria.range_criteria() {
            let column = criterion_column(field)?;
            let op = if bound == Bound::AtLeast { ">=" } else { "<=" };
            clauses.push(format!("{column} {op} ?"));
            args.push(value.into());
        }
    }

    // Sorting by a joined name (classificationName, ...) needs the joins.
    let (order, sorts_by_name_join) = match &request.sort {
        None => ("a.name COLLATE NOCASE, a.id".to_string(), false),
        Some(sort) => {
            // The field table says what may be sorted by.
            let field = Field::sort_property(sort.property.trim()).ok_or_else(|| {
                ApiError::bad_request(format!("sort.property \"{}\" is not an account field.", sort.property))
            })?;
            let column = column(field).ok_or_else(|| ApiError::Internal(format!("no column for {field:?}")))?;
            let direction = if sort.direction == SortDirection::Descending { "DESC" } else { "ASC" };
            let collate = if is_text(field) { " COLLATE NOCASE" } else { "" };
            // Empty values sort last either way; the id breaks ties so pages never overlap.
            let order = format!("{column} IS NULL, {column}{collate} {direction}, a.id {direction}");
            (order, !column.starts_with("a."))
        }
    };
    args.push(i64::from(page.count + 1).into());
    args.push(i64::try_from(page.offset).unwrap_or(i64::MAX).into());
    // First the page's ids alone, walking an index where the order allows;
    // then the full rows of just those ids.
    let joins = if sorts_by_name_join { NAME_JOINS } else { "" };
    let sql = format!(
        "SELECT a.id FROM accounts a {joins} WHERE {} ORDER BY {order} LIMIT ? OFFSET ?",
        clauses.join(" AND ")
    );
    let ids: Vec<i64> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(args), |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    load_accounts(conn, &ids)
}

/// The flat accounts with these ids, in the order of `ids`.
fn load_accounts(conn: &Connection, ids: &[i64]) -> Result<Vec<Account>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts a {NAME_JOINS} WHERE a.id IN (SELECT value FROM json_each(?))"
    ))?;
    let list = serde_json::to_string(ids)?;
    let mut by_id: std::collections::HashMap<i64, Account> = statement
        .query_map([list], |row| StoredAccount::from_row(row).map(|stored| (stored.account.id, stored.account)))?
        .collect::<Result<_, _>>()?;
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
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
    check_field_names("customFields", "COL", CUSTOM_FIELD_NAMES, &patch.custom_fields)?;
    check_field_names("secureFields", "SECURE", SECURE_FIELD_NAMES, &patch.secure_fields)
}

fn check_field_names(
    list: &str,
    prefix: &str,
    allowed: std::ops::RangeInclusive<u32>,
    fields: &Patch<Vec<FieldValue>>,
) -> Result<(), ApiError> {
    let Patch::Value(fields) = fields else { return Ok(()) };
    for field in fields {
        if !field.number(prefix).is_some_and(|n| allowed.contains(&n)) {
            return Err(ApiError::bad_request(format!(
                "{list}: \"{}\" is not a field name: use {prefix}{} to {prefix}{}.",
                field.field,
                allowed.start(),
                allowed.end()
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
    list.sort_by_key(|f| {
        (f.field.trim_end_matches(|c: char| c.is_ascii_digit()).to_string(), f.number("COL").or(f.number("SECURE")))
    });
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
