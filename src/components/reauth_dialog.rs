//! The dialog that opens over the current page when a call meets a 401: sign
//! in again and the interrupted calls resume; the page underneath, with any
//! half-filled form, stays as it was. Another user signing in here ends the
//! last user's work instead: their waiting calls fail as not sent, and the
//! console starts afresh for the new user (`app/mod.rs`).

use leptos::prelude::*;

use crate::{
    api::{ApiClient, Reauth},
    components::{
        Handover, SignInForm, ToastKind,
        modal::{Modal, ModalRole},
        sign_in_form::SignInFields,
    },
    platform::session::Session,
};

#[component]
pub fn ReauthDialog() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let reauth = expect_context::<Reauth>();
    let needed = {
        let reauth = reauth.clone();
        move || reauth.is_needed()
    };
    let dialog = move || {
        let (api, reauth) = (api.clone(), reauth.clone());
        let previous = api.session_untracked();
        let initial = SignInFields {
            client: previous
                .as_ref()
                .map(|s| s.client_name.clone())
                .or_else(|| api.config().default_client.clone())
                .unwrap_or_default(),
            user: previous.as_ref().map(|s| s.user_name.clone()).unwrap_or_default(),
            ..SignInFields::default()
        };
        let (resumed, handover, client) = (reauth.clone(), expect_context::<Handover>(), api.clone());
        let before = previous.as_ref().map(Session::identity);
        let signed_in = Callback::new(move |session: Session| {
            if before.as_ref() != Some(&session.identity()) {
                handover.say(&client, ToastKind::Warning, another_user_note(&session));
            }
            // Each waiting call resends if it was made for this user, and
            // fails as not sent otherwise (`ApiClient::for_user`).
            resumed.resume();
        });
        let sign_out = move |_| {
            // The pages go first: the calls that waited then fail with their
            // 401 without waking a page that is gone.
            api.set_session(None);
            let reauth = reauth.clone();
            leptos::task::spawn_local(async move { reauth.give_up() });
        };
        // No Escape: the dialog stays until the user signs in or signs out.
        view! {
            <Modal role=ModalRole::Dialog labelled_by="reauth-title" described_by="reauth-why" initial_focus="input[type=password]">
                <h2 id="reauth-title">"Sign in again"</h2>
                <p id="reauth-why">"Your session has ended. Sign in to carry on: nothing you typed is lost, and what you were doing resumes. Another user signing in here starts the console afresh, and nothing that was waiting is sent."</p>
                <SignInForm initial on_signed_in=signed_in submit_label="Sign in and continue" />
                <button type="button" class="secondary" on:click=sign_out>"Sign out instead"</button>
            </Modal>
        }
    };
    view! { <Show when=needed>{dialog.clone()}</Show> }
}

/// What the console tells a user who signed in over another user's ended
/// session (naming nothing of the other user's).
fn another_user_note(session: &Session) -> String {
    format!(
        "Signed in as {}. The console started afresh: what the previous user was doing stopped, and what was waiting for the sign-in was not sent.",
        session.user_name
    )
}
