//! The button that opens and closes a menu's panel (saved searches, columns):
//! a plain button with `aria-expanded`, since a `<summary>` has no name for
//! some screen readers.

use leptos::prelude::*;

/// `open` says whether the panel with id `panel` shows; the panel hides
/// itself with `hidden=move || !open.get()`.
pub fn menu_button(label: &'static str, panel: &'static str, open: RwSignal<bool>) -> impl IntoView {
    view! {
        <button type="button" class="secondary" aria-expanded=move || open.get().to_string() aria-controls=panel on:click=move |_| open.update(|o| *o = !*o)>
            {label}
        </button>
    }
}
