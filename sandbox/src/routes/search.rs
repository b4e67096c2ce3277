//! List Accounts and Find Matching Accounts: paging, and the rows of the
//! page of ids `find` answers for the criteria and order.

use account_model::{Account, AccountPage, MAX_PAGE_SIZE, PageQuery, SearchRequest, paths};
use axum::extract::State;
use rusqlite::Connection;
use serde::Deserialize;

use crate::{
    AppState,
    auth::{Caller, ReadAccounts},
    error::{ApiError, Json, Query},
    routes::accounts::{ACCOUNT_COLUMNS, NAME_JOINS, StoredAccount},
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

/// One page (plus one row) of the client's accounts that match, in order
/// (`find`).
pub fn find(
    conn: &Connection,
    client_id: i64,
    request: &SearchRequest,
    page: PageQuery,
) -> Result<Vec<Account>, ApiError> {
    let ids = crate::find::page_ids(conn, client_id, request, page, &crate::find::Limits::DEFAULT)?;
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
