//! account-admin: the browser console for the vendor's Account API.
//!
//! A Leptos client-side rendered app. [`start`] fetches the runtime
//! configuration (`config.json`) and mounts [`app::App`]; every call to the API
//! goes through the one typed client in [`api`]. Logic that does not need a
//! browser lives outside the components and is unit-tested natively; the
//! browser tests in `tests/browser/` drive the components against the sandbox.

pub mod access;
pub mod api;
pub mod app;
pub mod browser;
pub mod categories;
pub mod components;
pub mod config;
pub mod csv;
pub mod fields;
pub mod format;
pub mod messages;
pub mod pages;
pub mod routes;
pub mod session;
pub mod sort;
pub mod timer;

use leptos::prelude::*;

use crate::{config::RuntimeConfig, session::Session};

/// Loads `config.json` and mounts the console on `<body>`. A tab without a
/// session of its own first asks the console's other tabs for theirs.
pub fn start() {
    console_panic_hook();
    wasm_bindgen_futures::spawn_local(async {
        if Session::load().is_none()
            && let Some(session) = session::from_other_tab().await
        {
            session.save();
        }
        session::answer_other_tabs(Session::load);
        let config = RuntimeConfig::fetch().await;
        remove_boot_screen();
        mount_to_body(move || match config {
            Ok(config) => view! { <app::App config /> }.into_any(),
            Err(message) => view! { <components::StartupError message /> }.into_any(),
        });
    });
}

/// Removes what `index.html` shows until the console mounts (the loading
/// state, or its failure message).
fn remove_boot_screen() {
    if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
}

/// Panics (there should be none) show in the browser console.
fn console_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("account-admin: {info}").into());
    }));
}
