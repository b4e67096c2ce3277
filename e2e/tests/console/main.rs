//! The console end to end, as people use it: through nginx with the shipped
//! configuration, in headless Chromium, by mouse and by keyboard. Each test
//! is one flow (see `account_e2e::flow`): it fails for a CSP violation, an
//! uncaught exception, a `console.error`, or a serious/critical axe finding
//! on a page it checks. `make e2e` runs them one at a time.
//!
//! One module per area of the console. Flows still to come, each with its
//! issue, slot in as modules of their own beside these (use `steps` for
//! signing in and opening an account, `Page::check` on every page and dialog
//! they show, `Page::expect_http_error` for a 4xx they provoke on purpose):
//!
//! - `account_form`: edit and save an account; the conflict prompt when the
//!   sandbox changed it meanwhile (`PUT` through the API with
//!   `Harness::api`, then save in the page); session expiry in the middle of
//!   an edit, recovering with nothing typed lost (as `session::…note` does).
//! - `bulk_actions`: select rows of the list and set their type.
//! - `import`: import a CSV (file input: `Element::send_keys` with a path
//!   written under `Harness::work`) and download the failures.
//! - `categories`: create, rename, reorder and delete a classification and a
//!   type (the pages are read-only lists until their issue lands).

mod account_detail;
mod accounts;
mod deployment;
mod keyboard;
mod navigation;
mod session;
mod sign_in;
mod steps;
