//! List Accounts and Find Matching Accounts: paging, criteria (text, exact,
//! ranges, custom fields) and order, as one query for a page of ids and one
//! for their rows.

use account_model::{
    Account, AccountPage, MAX_PAGE_SIZE, PageQuery, SearchRequest, SortDirection,
    account::CUSTOM_FIELD_NAMES,
    fields::{Field, Kind},
    paths,
    search::{Bound, ExactValue},
};
use axum::extract::State;
use rusqlite::{Connection, types::Value};
use serde::Deserialize;

use crate::{
    AppState,
    auth::{Caller, ReadAccounts},
    db::fold_case,
    error::{ApiError, Json, Query},
    routes::accounts::{ACCOUNT_COLUMNS, NAME_JOINS, StoredAccount, check_field_names},
};

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

fn paged(mut accounts: Vec<Account>, page: PageQuery, path: &str) -> AccountPage {
    // One row more than asked was read to learn whether another page follows.
    let more = accounts.len() > page.count as usize;
    accounts.truncate(page.count as usize);
    let next = more.then(|| format!("{path}?offset={}&count={}", page.offset + u64::from(page.count), page.count));
    AccountPage { next, accounts }
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
        if let Some(pairs) = &criteria.custom_fields {
            check_field_names("search.customFields", "COL", CUSTOM_FIELD_NAMES, pairs)?;
        }
        // Through the table the schema's triggers keep from each account's
        // custom fields, by client and field name: no account's JSON is read,
        // and the subquery, not correlated, runs once per search.
        for (field, text) in criteria.custom_criteria() {
            clauses.push(
                "a.id IN (SELECT accountId FROM customFieldValues
                    WHERE clientId = ? AND field = ? AND contains_folded(value, ?))"
                    .into(),
            );
            args.extend([client_id.into(), field.to_string().into(), fold_case(text).into()]);
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
