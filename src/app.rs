//! The root: context (API client, re-sign-in, toasts), routes, shell.

use leptos::prelude::*;
use leptos_router::{
    components::{Redirect, Route, Router, Routes},
    path,
};

use crate::{
    api::{ApiClient, Reauth, categories::CategoryKind},
    components::{ReauthDialog, Shell, ToastRegion, Toasts},
    config::RuntimeConfig,
    pages::{AccountDetailPage, AccountsPage, CategoriesPage, ImportPage, NotFoundPage},
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
                        <Route path=path!("/accounts/:id") view=AccountDetailPage />
                        <Route path=path!("/classifications") view=|| view! { <CategoriesPage kind=CategoryKind::Classification /> } />
                        <Route path=path!("/types") view=|| view! { <CategoriesPage kind=CategoryKind::Type /> } />
                        <Route path=path!("/import") view=ImportPage />
                    </Routes>
                </Shell>
            </Router>
        </Providers>
    }
}

/// Provides the API client (with re-sign-in) and toasts to `children`, and
/// renders the re-sign-in dialog and the toast region beside them.
#[component]
pub fn Providers(config: RuntimeConfig, children: Children) -> impl IntoView {
    let reauth = Reauth::default();
    provide_context(ApiClient::new(config).with_reauth(reauth.clone()));
    provide_context(reauth);
    provide_context(Toasts::default());
    view! {
        {children()}
        <ReauthDialog />
        <ToastRegion />
    }
}
