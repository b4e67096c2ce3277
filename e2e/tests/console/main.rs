//! The console end to end, as people use it: through nginx with the shipped
//! configuration, in headless Chromium, by mouse and by keyboard. Each test
//! is one flow (see `account_e2e::flow`): it fails for a CSP violation, an
//! uncaught exception, a `console.error`, or a serious/critical axe finding
//! on a page it checks. `make e2e` runs them one at a time.
//!
//! One module per area of the console.
//!
//! Each flow signs in through `steps` (which declares the 403 of a
//! manager's role probe), calls `Page::check` on every page and dialog it
//! shows (the name becomes the screenshots'), declares every other 4xx it
//! provokes with `Page::expect_http_error`, and finds controls with
//! `Page::find` by role and accessible name.

mod account_detail;
mod account_form;
mod accounts;
mod bulk_actions;
mod categories;
mod deployment;
mod import;
mod keyboard;
mod navigation;
mod session;
mod sign_in;
mod steps;
