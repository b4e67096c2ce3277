//! A modal dialog: the platform's `<dialog>` opened with `showModal()`. The
//! platform does the rest: the page behind is inert (no clicks, no focus:
//! Tab goes from the last control to the browser's own and back to the
//! first) and dimmed by the `::backdrop`, a dialog opened over another stacks
//! above it. What is left here: focus on a chosen control when it opens and
//! back to whatever had it when it closes, and Escape (a close request)
//! answered by the caller, never closing the dialog behind the caller's back.

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::{html, prelude::*};
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
    let dialog = NodeRef::<html::Dialog>::new();
    // Closing gives focus back to the opener, but a dialog that leaves the
    // page with its parent is not closed first: this gives it back then too.
    let opener = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let opener = StoredValue::new_local(opener);
    let open = move || {
        let Some(Some(dialog)) = dialog.try_get_untracked() else { return };
        if !dialog.open() {
            // Fails only when the dialog is already gone from the page.
            let _ = dialog.show_modal();
        }
        // Without a chosen control, `showModal()` has focused the first one.
        let target = initial_focus.and_then(|s| dialog.query_selector(s).ok().flatten());
        if let Some(target) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
            // Focus is a convenience: a browser that refuses it loses nothing.
            let _ = target.focus();
        }
    };
    Effect::new(move |_| {
        if dialog.get().is_some() {
            open();
        }
    });
    on_cleanup(move || {
        if let Some(Some(dialog)) = dialog.try_get_untracked() {
            dialog.close();
        }
        if let Some(Some(opener)) = opener.try_get_value()
            && opener.is_connected()
        {
            let _ = opener.focus();
        }
    });
    // Escape's close request, answered by the caller (whose answer removes
    // the dialog, or not).
    let cancel = move |ev: web_sys::Event| {
        ev.prevent_default();
        if let Some(escape) = on_escape {
            escape.run(());
        }
    };
    // A close request the page may not refuse (Escape twice with nothing
    // else done between), or one where `closedby` is not known: a dialog
    // still on the page opens again, for only its caller closes it.
    let closed = move |_: web_sys::Event| {
        // The `close` that a cleanup's `close()` queues comes when the
        // dialog is gone.
        if let Some(Some(dialog)) = dialog.try_get_untracked()
            && dialog.is_connected()
        {
            open();
        }
    };
    let role = match role {
        ModalRole::AlertDialog => "alertdialog",
        ModalRole::Dialog => "dialog",
    };
    // Without an answer to Escape, Escape does not even ask.
    let closed_by = on_escape.is_none().then_some("none");
    view! {
        <dialog class=format!("dialog {class}") role=role aria-modal="true" aria-labelledby=labelled_by aria-describedby=described_by closedby=closed_by on:cancel=cancel on:close=closed node_ref=dialog>
            {children()}
        </dialog>
    }
}
