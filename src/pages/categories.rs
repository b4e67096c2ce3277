//! `/classifications` and `/types`: the list, read-only until the management
//! issue lands.

use leptos::prelude::*;

use crate::{
    api::{ApiClient, categories::CategoryKind},
    components::{ErrorPanel, Loading, first_api_error},
};

#[component]
pub fn CategoriesPage(kind: CategoryKind) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let items = LocalResource::new(move || {
        let api = api.clone();
        async move { api.list_categories(kind).await }
    });
    let title = match kind {
        CategoryKind::Classification => "Classifications",
        CategoryKind::Type => "Account types",
    };
    let fallback = move |errors: ArcRwSignal<leptos::error::Errors>| {
        view! { <ErrorPanel error=first_api_error(&errors.get()) on_retry=move |()| items.refetch() /> }
    };
    view! {
        <section>
            <h1>{title}</h1>
            <p class="hint">"Creating, renaming and reordering arrive with their own issue."</p>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback>
                    {move || Suspend::new(async move {
                        items.await.map(|items| {
                            if items.is_empty() {
                                return view! { <p class="empty">{format!("No {} yet.", kind.noun())}</p> }.into_any();
                            }
                            view! {
                                <table class="data">
                                    <thead><tr><th scope="col">"Level"</th><th scope="col">"Name"</th><th scope="col">"ID"</th></tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|item| view! {
                                            <tr>
                                                <td>{item.level.map(|l| l.to_string()).unwrap_or_default()}</td>
                                                <td>{item.name}</td>
                                                <td>{item.id}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
