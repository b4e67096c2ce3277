//! Any path the console does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::Page;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"Nothing lives at this address in the console."</p>
            <A href=Page::accounts().href()>"Go to the accounts"</A>
        </section>
    }
}
