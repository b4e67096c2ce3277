//! The last undoable action (a save, a bulk Set), one at a time: offered in
//! a toast with Undo; Ctrl+Z (or ⌘Z), pressed outside a text field, offers
//! it again and puts focus on its Undo. An undo that touches more than one
//! account asks first, naming how many.
//!
//! The offer lives in context (`Providers`), so it outlives the page that
//! made it, and goes with everything else of the user at sign-out.

use std::sync::Arc;

use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;

use crate::components::{ConfirmDialog, ToastAction, Toasts};

/// An action that can be undone.
#[derive(Clone)]
pub struct Undoable {
    /// What the toast says, e.g. "Set Classification to Gold on 3 accounts."
    pub said: String,
    /// What undoing does, e.g. "Undo Set Classification to Gold".
    pub what: String,
    /// How many accounts the undo may write.
    pub accounts: usize,
    /// The undo itself; it must not depend on the page that made it.
    pub run: Arc<dyn Fn() + Send + Sync>,
}

impl std::fmt::Debug for Undoable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Undoable").field("what", &self.what).field("accounts", &self.accounts).finish_non_exhaustive()
    }
}

impl Undoable {
    /// "Undo Set Classification to Gold on 3 accounts?", when it asks first.
    pub fn question(&self) -> Option<String> {
        (self.accounts > 1)
            .then(|| format!("{} on {} accounts?", self.what, crate::domain::format::thousands(self.accounts as i64)))
    }
}

/// The offer: what undoes, its toast, and whether the question before it
/// is open.
#[derive(Clone, Debug)]
struct Offer {
    undoable: Undoable,
    toast: Option<u64>,
    asking: bool,
}

/// The registry: the last undoable action, its toast, and the question
/// before an undo of several accounts.
#[derive(Clone, Copy, Debug)]
pub struct LastUndo(RwSignal<Option<Offer>>);

impl Default for LastUndo {
    fn default() -> Self {
        LastUndo(RwSignal::new(None))
    }
}

impl LastUndo {
    /// Offers `undoable` in a toast; it replaces the offer before it (whose
    /// toast goes).
    pub fn offer(self, toasts: &Toasts, undoable: Undoable) {
        self.withdraw(toasts);
        self.show(toasts, undoable);
    }

    /// Shows the offer's toast and keeps it; answers the toast's id.
    fn show(self, toasts: &Toasts, undoable: Undoable) -> u64 {
        let toasts_for_undo = toasts.clone();
        let run = Callback::new(move |()| self.undo(&toasts_for_undo));
        let toast = toasts.success_with(undoable.said.clone(), ToastAction { label: "Undo", run });
        let _ = self.0.try_set(Some(Offer { undoable, toast: Some(toast), asking: false }));
        toast
    }

    /// Forgets the offer, and its toast.
    fn withdraw(self, toasts: &Toasts) -> Option<Undoable> {
        let offer = self.0.try_update(Option::take).flatten()?;
        if let Some(id) = offer.toast {
            toasts.dismiss(id);
        }
        Some(offer.undoable)
    }

    /// Undoes the offer now, or asks first when it touches several accounts.
    pub fn undo(self, toasts: &Toasts) {
        let Some(undoable) = self.withdraw(toasts) else { return };
        if undoable.question().is_some() {
            let _ = self.0.try_set(Some(Offer { undoable, toast: None, asking: true }));
        } else {
            (undoable.run)();
        }
    }

    /// Ctrl+Z: shows the offer's toast again if it went, and puts focus on
    /// its Undo. Answers whether there was one.
    pub fn bring_back(self, toasts: &Toasts) -> bool {
        let Some(Some(offer)) = self.0.try_get_untracked() else { return false };
        if offer.asking {
            return false;
        }
        let toast = match offer.toast.filter(|id| toasts.shows(*id)) {
            Some(id) => id,
            None => self.show(toasts, offer.undoable),
        };
        Toasts::focus_action(toast);
        true
    }

    /// The user answered the question: undo, or keep the offer for later.
    fn answer(self, undo: bool) {
        let Some(offer) = self.0.try_update(Option::take).flatten() else { return };
        if undo {
            (offer.undoable.run)();
        } else {
            self.0.set(Some(Offer { asking: false, ..offer }));
        }
    }

    /// The question to ask now, if any (reactive).
    fn question(self) -> Option<String> {
        self.0.with(|offer| offer.as_ref().filter(|o| o.asking).and_then(|o| o.undoable.question()))
    }
}

/// Whether a key press in `element` belongs to text editing (Ctrl+Z there
/// is the field's own undo).
pub fn edits_text(tag: &str, input_type: &str, content_editable: bool) -> bool {
    match tag.to_ascii_lowercase().as_str() {
        "textarea" => true,
        "input" => !matches!(
            input_type.to_ascii_lowercase().as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset" | "image" | "file" | "color" | "range" | "hidden"
        ),
        _ => content_editable,
    }
}

fn in_text_field(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return false };
    let input_type = element.get_attribute("type").unwrap_or_default();
    edits_text(&element.tag_name(), &input_type, element.is_content_editable())
}

/// Ctrl+Z, and the question before an undo of several accounts; mounted
/// once beside the pages.
#[component]
pub fn UndoOffers() -> impl IntoView {
    let last = expect_context::<LastUndo>();
    let toasts = expect_context::<Toasts>();
    let keys = window_event_listener(ev::keydown, move |ev| {
        let undo_key = ev.key().eq_ignore_ascii_case("z") && (ev.ctrl_key() || ev.meta_key());
        if undo_key && !ev.shift_key() && !ev.alt_key() && !in_text_field(ev.target()) && last.bring_back(&toasts) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || keys.remove());
    move || {
        last.question().map(|question| {
            view! {
                <ConfirmDialog
                    title=question
                    message="Only values nobody changed since are put back; the others are left as they are and listed."
                    confirm_label="Undo"
                    on_confirm=move |()| last.answer(true)
                    on_cancel=move |()| last.answer(false)
                />
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_z_is_the_fields_own_in_text_and_the_consoles_elsewhere() {
        for (tag, kind, editable, text) in [
            ("INPUT", "", false, true),
            ("INPUT", "text", false, true),
            ("INPUT", "search", false, true),
            ("INPUT", "number", false, true),
            ("TEXTAREA", "", false, true),
            ("DIV", "", true, true),
            ("INPUT", "checkbox", false, false),
            ("INPUT", "submit", false, false),
            ("SELECT", "", false, false),
            ("BUTTON", "", false, false),
            ("BODY", "", false, false),
        ] {
            assert_eq!(edits_text(tag, kind, editable), text, "{tag} {kind} {editable}");
        }
    }

    #[test]
    fn an_undo_of_several_accounts_asks_naming_how_many_and_one_does_not() {
        let undoable = |accounts| Undoable {
            said: String::new(),
            what: "Undo Set Classification to Gold".into(),
            accounts,
            run: Arc::new(|| {}),
        };
        assert_eq!(undoable(1).question(), None);
        assert_eq!(undoable(1200).question().as_deref(), Some("Undo Set Classification to Gold on 1,200 accounts?"));
    }
}
