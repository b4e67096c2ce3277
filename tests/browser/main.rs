//! Browser tests: run in headless Chromium by wasm-bindgen-test, against a
//! real sandbox (started by `make test` with `--cors --faults`).

#![cfg(target_arch = "wasm32")]

mod account_contacts;
mod account_detail;
mod account_form;
mod accounts_count;
mod accounts_list;
mod accounts_list_export;
mod api_errors;
mod bulk;
mod bulk_all;
mod bulk_export;
mod categories;
mod components;
mod harness;
mod import;
mod layout;
mod leaving;
mod reauth;
mod sign_in;
mod single_writes;
mod users;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
