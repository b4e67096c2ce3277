//! account-admin: the browser console for the vendor's Account API.
//!
//! A Leptos client-side rendered app. [`app::start`] fetches the runtime
//! configuration (`config.json`) and mounts [`app::App`]; every call to the API
//! goes through the one typed client in [`api`]. Logic that does not need a
//! browser lives outside the components and is unit-tested natively; the
//! browser tests in `tests/browser/` drive the components against the sandbox.

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod pages;
pub mod platform;
pub mod routes;

pub use app::start;
