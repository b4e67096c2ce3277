//! The API's routes: one module per resource.
//!
//! Paths are the route patterns of `account_model::paths`, written there
//! once for console and sandbox; classification and type paths answer in both
//! singular and plural spellings (`CategoryKind::collection_routes` and
//! `item_routes`), and every account path also answers behind a version
//! segment (`/account/v17.0/accounts`).

pub mod accounts;
pub mod bulk;
pub mod categories;
pub mod contacts;
pub mod notes;
pub mod search;
pub mod session;

use account_model::{CategoryKind, paths};
use axum::{
    Router,
    routing::{MethodRouter, delete, get, post},
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

/// Every path of [`paths`], at its pattern there: classification and type
/// paths in both spellings, and every account path also behind a version
/// segment.
pub fn router() -> Router<AppState> {
    let mut router =
        Router::new().route(paths::LOGIN, post(session::login)).route(paths::LOGOUT, delete(session::logout));
    for (pattern, methods) in account_routes() {
        router =
            router.route(&paths::with_version(pattern, Some("{version}")), methods.clone()).route(pattern, methods);
    }
    router
}

/// Everything under `/account`, by pattern.
fn account_routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let mut routes = vec![
        (paths::ACCOUNTS, get(search::list).post(accounts::create)),
        (paths::ACCOUNTS_BULK, post(bulk::bulk_create)),
        (paths::ACCOUNTS_SEARCH, post(search::search)),
        (paths::ACCOUNT, get(accounts::read).put(accounts::update).delete(accounts::delete)),
        (paths::ACCOUNT_NOTES, post(notes::add)),
        (paths::ACCOUNT_CONTACTS, post(contacts::link)),
        (paths::ACCOUNT_CONTACTS_BULK, post(contacts::bulk_link)),
        (paths::ACCOUNT_CONTACT, delete(contacts::unlink)),
    ];
    for kind in CategoryKind::ALL {
        let (list, one) = categories::methods(kind);
        routes.extend(kind.collection_routes().map(|pattern| (pattern, list.clone())));
        routes.extend(kind.item_routes().map(|pattern| (pattern, one.clone())));
    }
    routes
}
