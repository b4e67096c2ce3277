//! The frame of every page: a skip link, the header (environment, user,
//! sign-out, which asks first where the page has something to lose), navigation, and the sign-in page in place of it all while
//! nobody is signed in. Opening another page puts focus on its heading (and
//! so does signing in: `app/mod.rs`).

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

use crate::{
    api::ApiClient,
    components::{Guards, Handover, ToastKind},
    pages::SignInPage,
    platform::browser,
    routes::Page,
};

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let signed_in = {
        let api = api.clone();
        move || api.session().is_some()
    };
    let path = use_location().pathname;
    // A new page (not a new query of the same page) starts at its heading,
    // so keyboard and screen reader users land on it rather than on <body>.
    Effect::new(move |previous: Option<String>| {
        let now = path.get();
        if previous.is_some_and(|before| before != now) {
            browser::focus_heading();
        }
        now
    });
    let skip = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        browser::focus_heading();
    };
    view! {
        <Show when=signed_in fallback=|| view! { <SignInPage /> }>
            <a class="skip-link" href="#main" on:click=skip>"Skip to content"</a>
            <Header />
            <nav class="main-nav" aria-label="Main">
                <A href=Page::accounts().href()>"Accounts"</A>
                <A href=Page::Classifications.href()>"Classifications"</A>
                <A href=Page::Types.href()>"Types"</A>
                <A href=Page::Import.href()>"Import"</A>
            </nav>
            <main id="main">{children()}</main>
        </Show>
    }
}

#[component]
fn Header() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let handover = expect_context::<Handover>();
    let environment = api.config().environment.clone();
    let who = {
        let api = api.clone();
        move || api.session().map(|s| format!("{} @ {}", s.user_name, s.client_name)).unwrap_or_default()
    };
    let sign_out = Action::new_local(move |_: &()| {
        let (api, handover) = (api.clone(), handover.clone());
        async move {
            // Said to the signed-out console: this one goes with its user.
            match api.logout().await {
                Ok(()) => handover.say(&api, ToastKind::Success, "Signed out."),
                Err(error) => {
                    handover.say(&api, ToastKind::Failure, format!("Signed out here, but the API said: {error}"))
                }
            }
        }
    });
    // A page with unsaved changes or writes under way asks first.
    let guards = expect_context::<Guards>();
    let sign_out = Callback::new(move |()| {
        sign_out.dispatch(());
    });
    view! {
        <header class="app-header">
            <span class="brand">"Account admin"</span>
            {(!environment.is_empty()).then(|| view! { <span class="environment">{environment}</span> })}
            <span class="user">{who}</span>
            <button type="button" class="secondary" on:click=move |_| guards.sign_out(sign_out)>"Sign out"</button>
        </header>
    }
}
