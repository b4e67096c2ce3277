//! `/accounts/{id}`: everything the API knows about one account. A placeholder
//! until the account detail issue lands.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AccountDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <section class="placeholder">
            <h1>"Account " {id}</h1>
            <p>"The account detail page is not built yet: it arrives with its own issue."</p>
        </section>
    }
}
