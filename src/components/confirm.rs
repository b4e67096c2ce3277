//! A modal question before an action that cannot be undone (unlink, delete).

use leptos::prelude::*;

use crate::components::modal::{Modal, ModalRole, unique_id};

/// Asks `message` with a confirm and a cancel button (`cancel_label`,
/// "Cancel" unless the question calls for another word, such as "Stay").
/// Focus starts on the cancel button, so that Enter does not destroy
/// anything by accident; Escape cancels; focus stays inside until an answer,
/// then returns to the opener.
#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    #[prop(into)] message: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(default = "Cancel")] cancel_label: &'static str,
) -> impl IntoView {
    let title_id = unique_id("confirm-title");
    let message_id = unique_id("confirm-message");
    view! {
        <Modal role=ModalRole::AlertDialog labelled_by=title_id.clone() described_by=message_id.clone() initial_focus=".cancel" on_escape=on_cancel class="confirm-dialog">
            <h2 id=title_id>{title}</h2>
            <p id=message_id>{message}</p>
            <div class="form-actions">
                <button type="button" class="danger confirm" on:click=move |_| on_confirm.run(())>{confirm_label}</button>
                <button type="button" class="secondary cancel" on:click=move |_| on_cancel.run(())>{cancel_label}</button>
            </div>
        </Modal>
    }
}
