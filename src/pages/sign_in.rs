//! The sign-in page, shown in place of the console while nobody is signed in.
//! Signing in keeps the URL, so a pasted link opens where it points.

use leptos::prelude::*;

use crate::{
    api::ApiClient,
    components::{
        Handover, SignInForm, ToastKind,
        sign_in_form::{Autofocus, SignInFields},
    },
    platform::browser,
};

#[component]
pub fn SignInPage() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let handover = expect_context::<Handover>();
    let environment = api.config().environment.clone();
    let initial =
        SignInFields { client: api.config().default_client.clone().unwrap_or_default(), ..SignInFields::default() };
    browser::set_title(&["Sign in"]);
    let signed_in = {
        let api = api.clone();
        Callback::new(move |session: crate::platform::session::Session| {
            handover.say(&api, ToastKind::Success, format!("Signed in as {}.", session.user_name));
        })
    };
    view! {
        <main class="sign-in-page">
            <section class="card">
                <h1>"Account admin"</h1>
                {(!environment.is_empty()).then(|| view! { <p class="environment">{environment}</p> })}
                <SignInForm initial on_signed_in=signed_in autofocus=Autofocus::FirstEmpty />
            </section>
        </main>
    }
}
