//! What the console knows of accounts and users beyond one page: the role
//! ([`access`]), the category cache, the field table's console side, the
//! wording of outcomes ([`messages`]), CSV, number and date formats, sorting.
//!
//! Invariant: no views. It may call the API client and platform helpers; it
//! never imports components, pages or the app.

pub mod access;
pub mod categories;
pub mod criterion;
pub mod csv;
pub mod fields;
pub mod format;
pub mod messages;
pub mod sort;
