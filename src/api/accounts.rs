//! Accounts: create, bulk create, read, list, search, update, delete.

use account_model::{
    Account, AccountInput, AccountPage, AccountPatch, BulkCreateResult, Created, PageQuery, SearchRequest, paths,
    session::Permission::{ReadAccounts, WriteAccounts},
};
use gloo_net::http::Method;

use crate::api::{ApiClient, ApiError, Call, Cancel, Kind};

impl ApiClient {
    pub async fn create_account(&self, input: &AccountInput) -> Result<Created, ApiError> {
        self.request(Call::new(Kind::Write, Method::POST, paths::ACCOUNTS).needs(WriteAccounts).json(input)?).await
    }

    pub async fn bulk_create_accounts(&self, rows: &[AccountInput]) -> Result<BulkCreateResult, ApiError> {
        self.request(Call::new(Kind::Write, Method::POST, paths::ACCOUNTS_BULK).needs(WriteAccounts).json(&rows)?).await
    }

    pub async fn read_account(&self, id: i64, cancel: Option<&Cancel>) -> Result<Account, ApiError> {
        self.request(Call::read(paths::account(id)).needs(ReadAccounts).cancel(cancel)).await
    }

    pub async fn list_accounts(&self, page: PageQuery, cancel: Option<&Cancel>) -> Result<AccountPage, ApiError> {
        self.request(Call::read(paths::ACCOUNTS).needs(ReadAccounts).query(page.query_string()).cancel(cancel)).await
    }

    /// Find Matching Accounts: a `POST`, but a read (retried like one).
    pub async fn search_accounts(
        &self,
        request: &SearchRequest,
        page: PageQuery,
        cancel: Option<&Cancel>,
    ) -> Result<AccountPage, ApiError> {
        let call =
            Call::new(Kind::Read, Method::POST, paths::ACCOUNTS_SEARCH).needs(ReadAccounts).query(page.query_string());
        self.request(call.json(request)?.cancel(cancel)).await
    }

    /// Sends only the fields the patch sets (`null` clears).
    pub async fn update_account(&self, id: i64, patch: &AccountPatch) -> Result<(), ApiError> {
        self.request(Call::new(Kind::Write, Method::PUT, paths::account(id)).needs(WriteAccounts).json(patch)?).await
    }

    pub async fn delete_account(&self, id: i64) -> Result<(), ApiError> {
        self.request(Call::new(Kind::Write, Method::DELETE, paths::account(id)).needs(WriteAccounts)).await
    }
}
