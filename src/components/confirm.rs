//! A modal question before an action that cannot be undone (unlink, delete).

use leptos::prelude::*;

use crate::components::modal::{Modal, ModalRole, unique_id};

/// What the user types before the confirm button works: a delete of every
/// account a search matched asks for their count.
#[derive(Clone, Debug)]
pub struct TypeToConfirm {
    /// What to type, as the label shows it: "12,345".
    pub word: String,
    /// Whether the text typed is it (written another way counts too).
    pub accepts: Callback<String, bool>,
}

/// Asks `message` with a confirm and a cancel button (`cancel_label`,
/// "Cancel" unless the question calls for another word, such as "Stay").
/// Focus starts on the cancel button, so that Enter does not destroy
/// anything by accident, or on the field of `type_to_confirm`, whose
/// confirm button (and Enter in the field) waits for the word; Escape
/// cancels; focus stays inside until an answer, then returns to the opener.
#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    #[prop(into)] message: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(default = "Cancel")] cancel_label: &'static str,
    #[prop(default = None)] type_to_confirm: Option<TypeToConfirm>,
) -> impl IntoView {
    let title_id = unique_id("confirm-title");
    let message_id = unique_id("confirm-message");
    let typed = RwSignal::new(String::new());
    let accepts = type_to_confirm.as_ref().map(|t| t.accepts);
    let ready = move || accepts.is_none_or(|accepts| accepts.run(typed.get()));
    let confirm = move |_| {
        if ready() {
            on_confirm.run(());
        }
    };
    let focus = if type_to_confirm.is_some() { ".type-to-confirm input" } else { ".cancel" };
    // Enter in the field answers as the confirm button would, and says why
    // not while the text typed is not the word.
    let refused = RwSignal::new(false);
    let field = type_to_confirm.map(|TypeToConfirm { word, .. }| {
        let input_id = unique_id("type-to-confirm");
        let hint_id = unique_id("type-to-confirm-hint");
        let hint = format!("Type {word} exactly: the button works once it matches.");
        let enter = move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Enter" {
                ev.prevent_default();
                match ready() {
                    true => on_confirm.run(()),
                    false => refused.set(true),
                }
            }
        };
        view! {
            <p class="type-to-confirm">
                <label for=input_id.clone()>{format!("Type {word} to confirm")}</label>
                <input id=input_id type="text" inputmode="numeric" autocomplete="off" aria-describedby=hint_id.clone()
                    prop:value=move || typed.get()
                    on:input=move |ev| {
                        refused.set(false);
                        typed.set(event_target_value(&ev));
                    }
                    on:keydown=enter />
                <span id=hint_id class="field-error" aria-live="polite">{move || refused.get().then(|| hint.clone())}</span>
            </p>
        }
    });
    view! {
        <Modal role=ModalRole::AlertDialog labelled_by=title_id.clone() described_by=message_id.clone() initial_focus=focus on_escape=on_cancel class="confirm-dialog">
            <h2 id=title_id>{title}</h2>
            <p id=message_id>{message}</p>
            {field}
            <div class="form-actions">
                <button type="button" class="danger confirm" prop:disabled=move || !ready() on:click=confirm>{confirm_label}</button>
                <button type="button" class="secondary cancel" on:click=move |_| on_cancel.run(())>{cancel_label}</button>
            </div>
        </Modal>
    }
}
