//! account-admin: the browser console for the vendor's Account API.
//!
//! A Leptos client-side rendered app. [`start`] fetches the runtime
//! configuration (`config.json`) and mounts [`app::App`]; every call to the API
//! goes through the one typed client in [`api`]. Logic that does not need a
//! browser lives outside the components and is unit-tested natively; the
//! browser tests in `tests/browser/` drive the components against the sandbox.

pub mod account_detail;
pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod csv;
pub mod export;
pub mod format;
pub mod list_state;
pub mod pages;
pub mod session;
pub mod sign_in;
pub mod timer;

use leptos::prelude::*;

use crate::config::RuntimeConfig;

/// Loads `config.json` and mounts the console on `<body>`.
pub fn start() {
    console_panic_hook();
    wasm_bindgen_futures::spawn_local(async {
        let config = RuntimeConfig::fetch().await;
        mount_to_body(move || match config {
            Ok(config) => view! { <app::App config /> }.into_any(),
            Err(message) => view! { <components::StartupError message /> }.into_any(),
        });
    });
}

/// Panics (there should be none) show in the browser console.
fn console_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("account-admin: {info}").into());
    }));
}
