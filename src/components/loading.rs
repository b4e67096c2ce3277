//! The loading indicator.

use leptos::prelude::*;

/// A polite "loading" line that screen readers announce.
#[component]
pub fn Loading(#[prop(optional, into)] label: Option<String>) -> impl IntoView {
    view! {
        <p class="loading" role="status" aria-busy="true">
            <span class="spinner" aria-hidden="true"></span>
            {label.unwrap_or_else(|| "Loading…".into())}
        </p>
    }
}
