//! "Select all matching": every account the search shown matches goes into
//! the selection, collected first, page by page, ids only
//! (`model/matching.rs`), with progress and Stop; the bulk actions then act
//! on them by id. A collection that does not finish (stopped, failed, or
//! the search changed) leaves the selection as it was and says why.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{ApiClient, ApiError, Cancel, walk::Pages},
    pages::accounts::{
        ListContext, Loaded,
        count::Counts,
        list_request,
        model::{
            count::{Count, Total},
            matching::{Collected, collect, collect_request, progress_text},
            selection::{Scope, search_of},
        },
    },
    platform::browser,
};

/// Offers "Select all matching" while the search has more than the page
/// shown and not all of it is selected; runs and shows the collection.
#[component]
pub fn SelectAllMatching(list: ListContext, page: LocalResource<Result<Loaded, ApiError>>) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let counts = expect_context::<Counts>();
    let running = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let stop = StoredValue::new_local(None::<Cancel>);
    let stop_now = move || {
        if let Some(Some(cancel)) = stop.try_get_value() {
            cancel.cancel();
        }
    };
    // Another search ends the collection for the last one, and what it said.
    let search = Memo::new(move |_| list.state.with(search_of));
    Effect::new(move |ran_before: Option<()>| {
        search.track();
        if ran_before.is_some() {
            stop_now();
            problem.set(None);
        }
    });
    on_cleanup(stop_now);

    let more_than_the_page = move || {
        page.with(|p| match p {
            Some(Ok(loaded)) => !loaded.accounts.is_empty() && (loaded.has_next || loaded.state.offset > 0),
            _ => false,
        })
    };
    let all_selected = move || list.selection.with(|s| matches!(s.scope(), Scope::Matching { of } if of == s.count()));
    let offered = move || more_than_the_page() && !all_selected() && running.with(Option::is_none);
    let start = move |_| {
        let state = list.state.get_untracked();
        let request = match list_request(&state) {
            Ok(request) => collect_request(request),
            Err(error) => return problem.set(Some(error.to_string())),
        };
        let cancel = Cancel::new();
        stop.set_value(Some(cancel.clone()));
        problem.set(None);
        running.set(Some(progress_text(0)));
        // The button goes while it runs: focus goes to Stop.
        browser::refocus_when_ready(".select-all-progress button");
        let api = api.clone();
        spawn_local(async move {
            let walk = Pages::every(&api, Some(request), &cancel);
            let collected = collect(walk, |so_far| {
                let _ = running.try_set(Some(so_far.progress()));
            })
            .await;
            let _ = running.try_set(None);
            let _ = stop.try_set_value(None);
            // Collected for a search no longer shown: nothing to say.
            if list.state.try_with_untracked(search_of) != Some(search_of(&state)) {
                return;
            }
            match collected {
                Collected::All(ids) => {
                    // Every match was met: the list's "of N" needs no Count.
                    let found = Count { total: Total::Exactly(ids.len() as u64), about: false };
                    counts.keep(state.filters.clone(), found);
                    let _ = list.selection.try_update(|s| s.select_matching(&state, ids));
                    browser::refocus_when_ready(".selection-count");
                }
                ended => {
                    let _ = problem.try_set(ended.problem());
                    browser::refocus_when_ready(".select-all");
                }
            }
        });
    };
    view! {
        <Show when=offered>
            <button type="button" class="secondary select-all" on:click=start.clone()>"Select all matching"</button>
        </Show>
        {move || running.get().map(|text| view! {
            <div class="runner-progress select-all-progress">
                <progress aria-label="Collecting the matching accounts"></progress>
                <span role="status">{text}</span>
                <button type="button" class="secondary" on:click=move |_| stop_now()>"Stop"</button>
            </div>
        })}
        {move || problem.get().map(|p| view! { <p class="form-error select-all-problem" role="alert">{p}</p> })}
    }
}
