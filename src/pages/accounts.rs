//! `/accounts`: the account list and search. A placeholder until that issue
//! lands.

use leptos::prelude::*;

#[component]
pub fn AccountsPage() -> impl IntoView {
    view! {
        <section class="placeholder">
            <h1>"Accounts"</h1>
            <p>"The account list and search are not built yet: they arrive with their own issue."</p>
        </section>
    }
}
