//! The root: context (API client, re-sign-in, toasts), routes, shell.

use leptos::prelude::*;
use leptos_router::{
    components::{Redirect, Route, Router, Routes},
    path,
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
};

#[component]
pub fn App(config: RuntimeConfig) -> impl IntoView {
    view! {
        <Providers config>
            <Router>
                <Shell>
                    <Routes fallback=|| view! { <NotFoundPage /> }>
                        <Route path=path!("/") view=|| view! { <Redirect path="/accounts" /> } />
                        <Route path=path!("/accounts") view=AccountsPage />
                        <Route path=path!("/accounts/new") view=NewAccountPage />
                        <Route path=path!("/accounts/:id") view=AccountDetailPage />
                        <Route path=path!("/accounts/:id/edit") view=EditAccountPage />
                        <Route path=path!("/classifications") view=|| view! { <CategoriesPage kind=CategoryKind::Classification /> } />
                        <Route path=path!("/types") view=|| view! { <CategoriesPage kind=CategoryKind::Type /> } />
                        <Route path=path!("/import") view=ImportPage />
                    </Routes>
                </Shell>
            </Router>
        </Providers>
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
    Effect::new({
        let api = api.clone();
        move |_| {
            access.forget();
            if signed_in.get().is_some() {
                access.probe(api.clone());
            }
        }
    });
    provide_context(access);
    provide_context(Categories::new(api.clone()));
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
