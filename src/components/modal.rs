//! A modal dialog: the platform's `<dialog>` opened with `showModal()` (the
//! page behind is inert and dimmed by its `::backdrop`), Tab and Shift-Tab
//! cycling through its controls, Escape answered when the caller allows it
//! (and never closing it behind the caller's back), focus put on a chosen
//! control when it opens and given back to whatever had it when it closes.

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::{ev, html, prelude::*};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// A page-unique element id: `{prefix}-{n}`.
pub fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// What a dialog is to assistive technology.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModalRole {
    /// Asks a question about something destructive.
    AlertDialog,
    Dialog,
}

const FOCUSABLE: &str = "a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex='-1'])";

#[component]
pub fn Modal(
    role: ModalRole,
    /// The id of the element that names the dialog (its heading).
    #[prop(into)]
    labelled_by: String,
    /// The id of the element that describes it, if any.
    #[prop(optional, into)]
    described_by: Option<String>,
    /// Where focus goes when it opens (a selector inside the dialog); the
    /// first control when `None`.
    #[prop(optional)]
    initial_focus: Option<&'static str>,
    /// Called on Escape; without it Escape does nothing.
    #[prop(optional, into)]
    on_escape: Option<Callback<()>>,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let container = NodeRef::<html::Dialog>::new();
    let opener = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let opener = StoredValue::new_local(opener);
    Effect::new(move |_| {
        if let Some(container) = container.get() {
            if !container.open() {
                // Fails only when the dialog is already gone from the page.
                let _ = container.show_modal();
            }
            let target = initial_focus.and_then(|s| container.query_selector(s).ok().flatten());
            let target = target.or_else(|| container.query_selector(FOCUSABLE).ok().flatten());
            if let Some(target) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                // Focus is a convenience: a browser that refuses it loses nothing.
                let _ = target.focus();
            }
        }
    });
    on_cleanup(move || {
        // The page behind is inert until the dialog closes.
        if let Some(Some(dialog)) = container.try_get_untracked() {
            dialog.close();
        }
        if let Some(Some(opener)) = opener.try_get_value()
            && opener.is_connected()
        {
            let _ = opener.focus();
        }
    });
    // On the window, so that Escape and Tab work wherever focus has gone.
    // Escape's default would close the `<dialog>` behind the caller's back
    // (it is the only close request a desktop browser makes): the caller decides.
    let keys = window_event_listener(ev::keydown, move |ev| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            if let Some(escape) = on_escape {
                escape.run(());
            }
        }
        "Tab" => {
            if let Some(container) = container.get_untracked() {
                keep_tab_inside(&ev, &container);
            }
        }
        _ => {}
    });
    on_cleanup(move || keys.remove());
    let role = match role {
        ModalRole::AlertDialog => "alertdialog",
        ModalRole::Dialog => "dialog",
    };
    view! {
        <dialog class=format!("dialog {class}") role=role aria-modal="true" aria-labelledby=labelled_by aria-describedby=described_by node_ref=container>
            {children()}
        </dialog>
    }
}

/// Moves focus from the last control to the first (Tab) or the first to the
/// last (Shift-Tab), and back inside when it has left the dialog.
fn keep_tab_inside(ev: &ev::KeyboardEvent, container: &web_sys::HtmlDialogElement) {
    let Ok(controls) = container.query_selector_all(FOCUSABLE) else { return };
    let (Some(first), Some(last)) = (controls.item(0), controls.item(controls.length().saturating_sub(1))) else {
        return;
    };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let inside = active.as_ref().is_some_and(|a| container.contains(Some(a)));
    let target = match (ev.shift_key(), active) {
        (false, Some(active)) if inside && active.is_same_node(Some(&last)) => Some(first),
        (true, Some(active)) if inside && active.is_same_node(Some(&first)) => Some(last),
        (shift, _) if !inside => Some(if shift { last } else { first }),
        _ => None,
    };
    if let Some(target) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
        ev.prevent_default();
        let _ = target.focus();
    }
}
