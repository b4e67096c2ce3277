//! The console end to end, as people use it: through nginx with the shipped
//! configuration, in headless Chromium, by mouse and by keyboard. Each test
//! is one flow (see `account_e2e::flow`): it fails for a CSP violation, an
//! uncaught exception, a `console.error`, or a serious/critical axe finding
//! on a page it checks. `make e2e` runs them one at a time.
//!
//! One module per area of the console.
//!
//! EXTENSION POINTS — flows still to come with their issues, each a module of
//! its own beside these. Each signs in through `steps`, calls `Page::check`
//! on every page and dialog it shows (the name becomes the screenshot's),
//! declares every 4xx it provokes with `Page::expect_http_error`, and finds
//! controls with `Page::find` by role and accessible name:
//!
//! - `account_form.rs` — edit and save an account; the conflict prompt, by
//!   changing the account through `Harness::api` (with a session from
//!   `Harness::api_session`, as `account_detail::deleting…` checks a
//!   deletion) between opening the form and saving, and
//!   `expect_http_error(409, "/account/accounts/")`; session expiry in the
//!   middle of an edit, recovering with nothing typed lost, as
//!   `session::a_session_expiring_while_adding_a_note…` does for a note.
//! - `bulk_actions.rs` — select rows of the list (checkboxes: `Role::Checkbox`
//!   named after the account) and set their type; check the result through
//!   `Harness::api` and in the list.
//! - `import.rs` — import a CSV: write it under `Harness::work`, give its path
//!   to the file input with `Element::send_keys` (a file input has no ARIA
//!   role: find it by its label's text, e.g. through `Page::script`), then
//!   download the failures with `Page::wait_for_download`, as
//!   `accounts::exporting_the_page…` does.
//! - `categories.rs` — create, rename, reorder and delete a classification
//!   and a type; `navigation.rs` already checks both pages as read-only lists.

mod account_detail;
mod accounts;
mod deployment;
mod keyboard;
mod navigation;
mod session;
mod sign_in;
mod steps;
