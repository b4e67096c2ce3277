//! The browser under the console: the DOM and history helpers of
//! [`browser`], timers, the tab's `sessionStorage` (the session and what a
//! user leaves behind) and the runtime configuration fetched at start.
//!
//! Invariant: nothing here knows the Account API's resources or the console's
//! pages; it imports only the model crate and itself.

pub mod browser;
pub mod config;
pub mod session;
pub mod timer;
