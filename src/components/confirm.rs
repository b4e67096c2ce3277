//! A modal question before an action that cannot be undone (unlink, delete).

use leptos::{html, prelude::*};

/// Asks `message` with a confirm and a cancel button. Focus starts on
/// "Cancel", so that Enter does not destroy anything by accident; Escape
/// cancels too.
#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    #[prop(into)] message: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let cancel_button = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel_button.get() {
            // Focus is a convenience: a browser that refuses it loses nothing.
            let _ = button.focus();
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_cancel.run(());
        }
    };
    view! {
        <div class="dialog-backdrop" on:keydown=on_keydown>
            <div class="dialog confirm-dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-message">
                <h2 id="confirm-title">{title}</h2>
                <p id="confirm-message">{message}</p>
                <div class="form-actions">
                    <button type="button" class="danger confirm" on:click=move |_| on_confirm.run(())>{confirm_label}</button>
                    <button type="button" class="secondary cancel" node_ref=cancel_button on:click=move |_| on_cancel.run(())>"Cancel"</button>
                </div>
            </div>
        </div>
    }
}
