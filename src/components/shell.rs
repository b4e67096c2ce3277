//! The frame of every page: header (environment, user, sign-out), navigation,
//! and the sign-in page in place of it all while nobody is signed in.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{api::ApiClient, components::Toasts, pages::SignInPage};

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let signed_in = move || api.session().is_some();
    view! {
        <Show when=signed_in fallback=|| view! { <SignInPage /> }>
            <Header />
            <nav class="main-nav" aria-label="Main">
                <A href="/accounts">"Accounts"</A>
                <A href="/classifications">"Classifications"</A>
                <A href="/types">"Types"</A>
                <A href="/import">"Import"</A>
            </nav>
            <main id="main">{children()}</main>
        </Show>
    }
}

#[component]
fn Header() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let environment = api.config().environment.clone();
    let who = {
        let api = api.clone();
        move || api.session().map(|s| format!("{} @ {}", s.user_name, s.client_name)).unwrap_or_default()
    };
    let sign_out = Action::new_local(move |_: &()| {
        let (api, toasts) = (api.clone(), toasts.clone());
        async move {
            match api.logout().await {
                Ok(()) => toasts.success("Signed out."),
                Err(error) => toasts.failure(format!("Signed out here, but the API said: {error}")),
            }
        }
    });
    view! {
        <header class="app-header">
            <span class="brand">"Account admin"</span>
            {(!environment.is_empty()).then(|| view! { <span class="environment">{environment}</span> })}
            <span class="user">{who}</span>
            <button type="button" class="secondary" on:click=move |_| { sign_out.dispatch(()); }>"Sign out"</button>
        </header>
    }
}
