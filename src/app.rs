//! The root: context (API client, re-sign-in, toasts), the screen the
//! address names (see `routes.rs` for why not `<Routes>`), shell.

use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    components::Router,
    hooks::{use_location, use_navigate},
    location::{BrowserUrl, LocationProvider},
};

use crate::{
    access::Access,
    api::{ApiClient, Reauth, categories::CategoryKind},
    categories::Categories,
    components::{ReauthDialog, Shell, ToastRegion, Toasts},
    config::RuntimeConfig,
    pages::{
        AccountDetailPage, AccountsPage, CategoriesPage, ImportPage, NotFoundPage,
        account_form::{EditAccountPage, NewAccountPage, UndoConflicts, UndoPrompt},
        accounts::LastList,
    },
    routes::{Page, Screen},
};

#[component]
pub fn App(config: RuntimeConfig) -> impl IntoView {
    view! {
        <Providers config>
            <Router>
                <Shell>
                    <CurrentScreen />
                </Shell>
            </Router>
        </Providers>
    }
}

/// The page of the current address. It is built again only when the address
/// names another screen: a new query, or another id on the same screen,
/// updates the page in place, as `<Routes>` does.
#[component]
fn CurrentScreen() -> impl IntoView {
    let pathname = use_location().pathname;
    let screen = Memo::new(move |_| pathname.with(|path| Screen::of(path).0));
    // A click on a link to another path puts the new address in the browser's
    // bar only once the view says it is ready for it (`<Routes>` does so after
    // matching); without this the page would change and the address not.
    let browser_url = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        pathname.track();
        if let Some(url) = &browser_url {
            url.ready_to_complete();
        }
    });
    move || match screen.get() {
        Screen::Root => {
            let options = NavigateOptions { replace: true, ..NavigateOptions::default() };
            use_navigate()(&Page::accounts().href(), options);
            ().into_any()
        }
        Screen::Accounts => view! { <AccountsPage /> }.into_any(),
        Screen::NewAccount => view! { <NewAccountPage /> }.into_any(),
        Screen::Account => view! { <AccountDetailPage /> }.into_any(),
        Screen::EditAccount => view! { <EditAccountPage /> }.into_any(),
        Screen::Classifications => view! { <CategoriesPage kind=CategoryKind::Classification /> }.into_any(),
        Screen::Types => view! { <CategoriesPage kind=CategoryKind::Type /> }.into_any(),
        Screen::Import => view! { <ImportPage /> }.into_any(),
        Screen::NotFound => view! { <NotFoundPage /> }.into_any(),
    }
}

/// Provides the API client (with re-sign-in), toasts, the category cache
/// and the list's last view to `children`, and renders the re-sign-in dialog
/// and the toast region beside them.
#[component]
pub fn Providers(config: RuntimeConfig, children: Children) -> impl IntoView {
    let reauth = Reauth::default();
    let access = Access::default();
    let api = ApiClient::new(config).with_reauth(reauth.clone()).with_access(access);
    // Each sign-in may be another user: learn the role again.
    let signed_in = Memo::new({
        let api = api.clone();
        move |_| api.session().map(|s| (s.client_name, s.user_name))
    });
    Effect::new(move |_| {
        signed_in.track();
        access.forget();
    });
    // The probe reads the first type of the shared list, once per sign-in.
    let categories = Categories::new(api.clone());
    let probe_target =
        Memo::new(move |_| signed_in.get().and_then(|who| categories.first_id(CategoryKind::Type).map(|id| (who, id))));
    Effect::new({
        let api = api.clone();
        move |_| {
            if let Some((_, type_id)) = probe_target.get() {
                access.probe(api.clone(), type_id);
            }
        }
    });
    provide_context(access);
    provide_context(categories);
    provide_context(api);
    provide_context(reauth);
    provide_context(Toasts::default());
    provide_context(LastList::default());
    provide_context(UndoPrompt::default());
    view! {
        <div class="app">
            {children()}
            <ReauthDialog />
            <UndoConflicts />
            <ToastRegion />
        </div>
    }
}
