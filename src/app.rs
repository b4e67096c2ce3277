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
    components::{LastUndo, ReauthDialog, Shell, ToastRegion, Toasts, UndoOffers},
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
        Screen::NewAccount => later(new_account_page()),
        Screen::Account => later(account_detail_page()),
        Screen::EditAccount => later(edit_account_page()),
        Screen::Classifications => later(categories_page(CategoryKind::Classification)),
        Screen::Types => later(categories_page(CategoryKind::Type)),
        Screen::Import => later(import_page()),
        Screen::NotFound => view! { <NotFoundPage /> }.into_any(),
    }
}

// The pages other than the list are split points in the release build
// (feature `split`): their code is left out of the wasm the console starts
// with, and fetched the first time one of them opens (scripts/split-dist.sh
// cuts the chunks). The tests build them in place.

/// A page's code could not be downloaded.
#[derive(Debug)]
struct PageNotLoaded;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for PageNotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PageNotLoaded
    }
}

#[cfg_attr(feature = "split", leptos::wasm_split::wasm_split(new_account, wasm_split_path = ::leptos::wasm_split, fallible))]
fn new_account_page() -> Result<AnyView, PageNotLoaded> {
    Ok(view! { <NewAccountPage /> }.into_any())
}

#[cfg_attr(feature = "split", leptos::wasm_split::wasm_split(account_detail, wasm_split_path = ::leptos::wasm_split, fallible))]
fn account_detail_page() -> Result<AnyView, PageNotLoaded> {
    Ok(view! { <AccountDetailPage /> }.into_any())
}

#[cfg_attr(feature = "split", leptos::wasm_split::wasm_split(edit_account, wasm_split_path = ::leptos::wasm_split, fallible))]
fn edit_account_page() -> Result<AnyView, PageNotLoaded> {
    Ok(view! { <EditAccountPage /> }.into_any())
}

#[cfg_attr(feature = "split", leptos::wasm_split::wasm_split(categories, wasm_split_path = ::leptos::wasm_split, fallible))]
fn categories_page(kind: CategoryKind) -> Result<AnyView, PageNotLoaded> {
    Ok(view! { <CategoriesPage kind /> }.into_any())
}

#[cfg_attr(feature = "split", leptos::wasm_split::wasm_split(import, wasm_split_path = ::leptos::wasm_split, fallible))]
fn import_page() -> Result<AnyView, PageNotLoaded> {
    Ok(view! { <ImportPage /> }.into_any())
}

/// A page whose code is being fetched, then the page.
#[cfg(feature = "split")]
fn later(page: impl std::future::Future<Output = Result<AnyView, PageNotLoaded>> + 'static) -> AnyView {
    loading_until(Box::pin(page))
}

/// A split page's download and build.
#[cfg(feature = "split")]
type PageLoad = std::pin::Pin<Box<dyn std::future::Future<Output = Result<AnyView, PageNotLoaded>>>>;

#[cfg(feature = "split")]
fn loading_until(page: PageLoad) -> AnyView {
    // Suspend asks for Send, which the loader's future is not; the console
    // has one thread.
    let page = send_wrapper::SendWrapper::new(page);
    let shown = async move { page.await.unwrap_or_else(|PageNotLoaded| not_loaded()) };
    view! { <Suspense fallback=|| view! { <crate::components::Loading /> }>{Suspend::new(shown)}</Suspense> }.into_any()
}

#[cfg(not(feature = "split"))]
fn later(page: Result<AnyView, PageNotLoaded>) -> AnyView {
    page.unwrap_or_else(|PageNotLoaded| not_loaded())
}

/// What shows when a page's code did not arrive: a load failure is not
/// remembered, so opening the page again tries again.
fn not_loaded() -> AnyView {
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <section class="error-panel" role="alert">
            <p>"This page could not be downloaded. Check the connection, then reload."</p>
            <button type="button" on:click=reload>"Reload"</button>
        </section>
    }
    .into_any()
}

/// Provides the API client (with re-sign-in), toasts, the category cache,
/// the list's last view and the last undoable action to `children`, and renders the re-sign-in dialog
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
    provide_context(LastUndo::default());
    view! {
        <div class="app">
            {children()}
            <ReauthDialog />
            <UndoConflicts />
            <UndoOffers />
            <ToastRegion />
        </div>
    }
}
