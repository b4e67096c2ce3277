//! The root: context (API client, re-sign-in, and everything per user in
//! one scope rebuilt for each user), the screen the address names (see
//! `routes` for why not `<Routes>`), shell.
//!
//! Invariant: the top layer. Nothing imports from here but `lib.rs` and the
//! tests; it wires pages, components and the client together.

mod shell;
mod start;

pub use shell::Shell;
pub use start::start;

use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    components::Router,
    hooks::{use_location, use_navigate},
    location::{BrowserUrl, LocationProvider},
};

use crate::{
    api::{ApiClient, Reauth, categories::CategoryKind},
    components::{Guards, Handover, LastUndo, ReauthDialog, ToastRegion, Toasts, UndoOffers},
    domain::access::Access,
    domain::categories::Categories,
    pages::{
        AccountDetailPage, AccountsPage, CategoriesPage, ImportPage, NotFoundPage,
        account_form::{EditAccountPage, NewAccountPage, UndoConflicts, UndoPrompt},
        accounts::{LastList, count::Counts},
    },
    platform::browser,
    platform::config::RuntimeConfig,
    platform::session::{Identity, LeftWork, UserChange},
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
/// updates the page in place, as `<Routes>` does. Public for the browser
/// tests, which mount it inside [`Providers`] and a `<Router>`.
#[component]
pub fn CurrentScreen() -> impl IntoView {
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

/// Provides what outlives a user: the API client (with re-sign-in), the
/// [`Reauth`] hand-off and the [`Handover`] of what a sign-in or sign-out
/// says; renders the re-sign-in dialog, and around `children` a
/// [`UserScope`], built again when another user signs in or the user signs
/// out (a new sign-in of the same user keeps it). Such a change first sets
/// the address and focus as [`UserChange`] says. The tests mount it around
/// what they test.
#[component]
pub fn Providers(config: RuntimeConfig, children: ChildrenFn) -> impl IntoView {
    let reauth = Reauth::default();
    let api = ApiClient::new(config).with_reauth(reauth.clone());
    provide_context(api.clone());
    provide_context(reauth);
    provide_context(Handover::default());
    // A new session of the same user (after the sign-in dialog) keeps the
    // scope; another user, or nobody, gets a new one.
    let who = Memo::new(move |_| api.session().map(|session| session.identity()));
    let built_for = StoredValue::new(None::<Option<Identity>>);
    let scope = move || {
        let who = who.get();
        let change = UserChange::between(built_for.get_value().as_ref(), who.as_ref());
        built_for.set_value(Some(who.clone()));
        if change.leaves_the_address() {
            // Before the new scope's router reads it.
            browser::replace_address(&Page::accounts().href());
        }
        if change.focuses_the_heading() {
            browser::focus_heading();
        }
        let children = children.clone();
        untrack(move || view! { <UserScope who children /> })
    };
    view! {
        <div class="app">
            {scope}
            <ReauthDialog />
        </div>
    }
}

/// Everything that belongs to the signed-in user `who` (`None` while nobody
/// is signed in): an API client that sends nothing for anyone else, the
/// role, the category cache, the toasts, the list's last view and counts, undo
/// prompts, the last undoable action (Ctrl+Z), the page guard, an import
/// left unfinished, and the pages under `children` with all their state (the
/// bulk selection, forms). [`Providers`] builds it again
/// when another user signs in or the user signs out, so nothing of one user
/// is shown to the next: a context provided here is reset with it, without
/// a list of things to clear.
#[component]
fn UserScope(who: Option<Identity>, children: ChildrenFn) -> impl IntoView {
    let access = Access::default();
    let api =
        expect_context::<ApiClient>().for_user(who.clone()).on_forbidden(move |permission| access.refused(permission));
    let categories = Categories::new(api.clone());
    // The probe reads the first type of the shared list, once per user.
    let signed_in = who.is_some();
    let probe_target = Memo::new(move |_| if signed_in { categories.first_id(CategoryKind::Type) } else { None });
    Effect::new({
        let api = api.clone();
        move |_| {
            if let Some(type_id) = probe_target.get() {
                access.probe(api.clone(), type_id);
            }
        }
    });
    let toasts = Toasts::default();
    expect_context::<Handover>().deliver(who, toasts.clone());
    provide_context(api);
    provide_context(access);
    provide_context(categories);
    provide_context(toasts);
    provide_context(LastList::default());
    provide_context(Counts::default());
    provide_context(UndoPrompt::default());
    provide_context(LastUndo::default());
    provide_context(Guards::default());
    provide_context(LeftWork::default());
    view! {
        {children()}
        <UndoConflicts />
        <UndoOffers />
        <ToastRegion />
    }
}
