//! The start: the session handover between tabs, `config.json`, and the
//! mount of [`super::App`] on `<body>` (or of the startup error).

use leptos::prelude::*;

use crate::{
    app::App,
    components::StartupError,
    platform::{
        config::RuntimeConfig,
        session::{self, Session},
    },
};

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
            Ok(config) => view! { <App config /> }.into_any(),
            Err(message) => view! { <StartupError message /> }.into_any(),
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
