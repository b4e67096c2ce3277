//! The API's routes: one module per resource.
//!
//! Paths are the reference's *Method:* lines (see `account_model::paths`);
//! classification and type paths answer in both singular and plural spellings,
//! and every account path also answers behind a version segment
//! (`/account/v17.0/accounts`).

pub mod accounts;
pub mod bulk;
pub mod categories;
pub mod contacts;
pub mod notes;
pub mod search;
pub mod session;

use axum::{
    Router,
    routing::{delete, get, post},
};
use serde::Deserialize;

use crate::AppState;

/// `{id}` of a path. A struct, so that a version segment captured beside it is
/// ignored.
#[derive(Debug, Deserialize)]
pub struct IdPath {
    #[serde(deserialize_with = "id")]
    pub id: i64,
}

/// `{id}` and `{contactId}` of the unlink path.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactPath {
    #[serde(deserialize_with = "id")]
    pub id: i64,
    pub contact_id: String,
}

/// An id in a path: the reference's 32-bit "Integer" (NOTES.md), so anything
/// else is a bad request (400) rather than a search for a record that cannot
/// exist.
fn id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    i32::deserialize(d).map(i64::from)
}

pub fn router() -> Router<AppState> {
    let account = account_routes();
    Router::new()
        .route("/session/login", post(session::login))
        .route("/session/logout", delete(session::logout))
        .nest("/account", account.clone())
        .nest("/account/{version}", account)
}

/// Everything under `/account`.
fn account_routes() -> Router<AppState> {
    let classifications = get(categories::list_classifications).post(categories::create_classification);
    let classification = get(categories::read_classification)
        .put(categories::update_classification)
        .delete(categories::delete_classification);
    let types = get(categories::list_types).post(categories::create_type);
    let account_type = get(categories::read_type).put(categories::update_type).delete(categories::delete_type);
    Router::new()
        .route("/accounts", get(search::list).post(accounts::create))
        .route("/accounts/bulk", post(bulk::bulk_create))
        .route("/accounts/search", post(search::search))
        .route("/accounts/{id}", get(accounts::read).put(accounts::update).delete(accounts::delete))
        .route("/accounts/{id}/notes", post(notes::add))
        .route("/accounts/{id}/contacts", post(contacts::link))
        .route("/accounts/{id}/contacts/bulk", post(contacts::bulk_link))
        .route("/accounts/{id}/contacts/{contactId}", delete(contacts::unlink))
        .route("/classifications", classifications.clone())
        .route("/classification", classifications)
        .route("/classifications/{id}", classification.clone())
        .route("/classification/{id}", classification)
        .route("/types", types.clone())
        .route("/type", types)
        .route("/types/{id}", account_type.clone())
        .route("/type/{id}", account_type)
}
