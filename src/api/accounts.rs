//! Accounts: create, bulk create, read, list, search, update, delete.

use account_model::{
    Account, AccountInput, AccountPage, AccountPatch, BulkCreateResult, Created, PageQuery, SearchRequest, paths,
};
use gloo_net::http::Method;

use crate::api::{ApiClient, ApiError, Call, Cancel, Kind};

impl ApiClient {
    pub async fn create_account(&self, input: &AccountInput) -> Result<Created, ApiError> {
        self.request(Call::new(Kind::Write, Method::POST, paths::ACCOUNTS).json(input)?).await
    }

    pub async fn bulk_create_accounts(&self, rows: &[AccountInput]) -> Result<BulkCreateResult, ApiError> {
        self.request(Call::new(Kind::Write, Method::POST, paths::ACCOUNTS_BULK).json(&rows)?).await
    }

    pub async fn read_account(&self, id: i64) -> Result<Account, ApiError> {
        self.request(Call::read(paths::account(id))).await
    }

    pub async fn list_accounts(&self, page: PageQuery, cancel: Option<&Cancel>) -> Result<AccountPage, ApiError> {
        self.request(Call::read(paths::ACCOUNTS).query(page.query_string()).cancel(cancel)).await
    }

    /// Find Matching Accounts: a `POST`, but a read (retried like one).
    pub async fn search_accounts(
        &self,
        request: &SearchRequest,
        page: PageQuery,
        cancel: Option<&Cancel>,
    ) -> Result<AccountPage, ApiError> {
        let call = Call::new(Kind::Read, Method::POST, paths::ACCOUNTS_SEARCH).query(page.query_string());
        self.request(call.json(request)?.cancel(cancel)).await
    }

    /// Sends only the fields the patch sets (`null` clears).
    pub async fn update_account(&self, id: i64, patch: &AccountPatch) -> Result<(), ApiError> {
        self.request(Call::new(Kind::Write, Method::PUT, paths::account(id)).json(patch)?).await
    }

    pub async fn delete_account(&self, id: i64) -> Result<(), ApiError> {
        self.request(Call::new(Kind::Write, Method::DELETE, paths::account(id))).await
    }
}
