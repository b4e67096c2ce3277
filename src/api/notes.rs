//! Notes: `POST /account/accounts/{id}/notes`.

use account_model::{NoteInput, paths, session::Permission::WriteAccounts};
use gloo_net::http::Method;

use crate::api::{ApiClient, ApiError, Call, Kind};

impl ApiClient {
    pub async fn add_note(&self, account_id: i64, note: &NoteInput) -> Result<(), ApiError> {
        self.request(
            Call::new(Kind::Write, Method::POST, paths::account_notes(account_id)).needs(WriteAccounts).json(note)?,
        )
        .await
    }
}
