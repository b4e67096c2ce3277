//! `/import`: bulk import of accounts. A placeholder until that issue lands.

use leptos::prelude::*;

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <section class="placeholder">
            <h1>"Import accounts"</h1>
            <p>"Bulk import is not built yet: it arrives with its own issue."</p>
        </section>
    }
}
