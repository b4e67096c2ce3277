//! "of N" beside the range the list shows, when the user asks for it: the
//! API gives no total, so "Count" probes offsets one row at a time
//! (`model/count.rs`), with Stop while it runs. A count belongs to the
//! criteria it was made for: new criteria stop the count under way (and so
//! does leaving the page), and a count found is kept for the session in the
//! user's scope ([`Counts`]), so the same search shows it again without a
//! request, in any order or page.

use std::collections::BTreeMap;

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{ApiClient, Cancel, walk::FromApi},
    domain::criterion::Criterion,
    pages::accounts::{
        ListContext, list_request,
        model::count::{Count, MAX_OFFSET, count},
    },
    routes::list::ListState,
};

/// Criteria as the list keeps them.
type Criteria = BTreeMap<Criterion, String>;

/// The counts found this session, per criteria: provided in the user's
/// scope, so another user (or a sign-out) starts without any.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts(RwSignal<Vec<(Criteria, Count)>>);

impl Counts {
    /// The count found for `criteria` this session, if any.
    pub fn of(self, criteria: &Criteria) -> Option<Count> {
        self.0.with(|all| all.iter().find(|(c, _)| c == criteria).map(|(_, count)| *count))
    }

    /// Keeps `count` for `criteria` (a count, or every id a collection found).
    pub fn keep(self, criteria: Criteria, count: Count) {
        self.0.try_update(|all| {
            all.retain(|(c, _)| *c != criteria);
            all.push((criteria, count));
        });
    }

    /// Forgets every count: the accounts changed (a bulk action ran).
    pub fn forget(self) {
        self.0.update(Vec::clear);
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Status {
    Idle,
    Counting,
    Failed(String),
}

/// Counts the accounts `criteria` match (until `cancel`), and keeps the
/// count in `counts`; what went wrong, in a sentence.
pub async fn count_matches(
    api: &ApiClient,
    criteria: Criteria,
    counts: Counts,
    cancel: &Cancel,
) -> Result<Count, String> {
    // The count does not depend on the order: the API's own is the cheapest.
    let state = ListState { filters: criteria.clone(), ..ListState::default() };
    let request = list_request(&state).map_err(|error| error.to_string())?;
    let found = count(&mut FromApi::new(api, request, cancel), MAX_OFFSET).await.map_err(|error| error.to_string())?;
    counts.keep(criteria, found);
    Ok(found)
}

/// " of 1,234" and "Count" (or "Counting…" and "Stop"), inside the
/// list's summary.
#[component]
pub fn CountOf(list: ListContext) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let counts = expect_context::<Counts>();
    let criteria = Memo::new(move |_| list.state.with(|s| s.filters.clone()));
    let status = RwSignal::new(Status::Idle);
    let running = StoredValue::new_local(None::<Cancel>);
    let stop = move || {
        if let Some(Some(cancel)) = running.try_update_value(Option::take) {
            cancel.cancel();
        }
        let _ = status.try_set(Status::Idle);
    };
    // Other criteria: a count under way (or its failure) was for the old ones.
    Effect::new(move |_| {
        criteria.track();
        stop();
    });
    on_cleanup(stop);

    let start = move || {
        let cancel = Cancel::new();
        running.set_value(Some(cancel.clone()));
        status.set(Status::Counting);
        let api = api.clone();
        spawn_local(async move {
            let counted = count_matches(&api, criteria.get_untracked(), counts, &cancel).await;
            if cancel.is_cancelled() {
                return;
            }
            let _ = running.try_set_value(None);
            let _ = status.try_set(match counted {
                Ok(_) => Status::Idle,
                Err(why) => Status::Failed(why),
            });
        });
    };

    let found = move || criteria.with(|c| counts.of(c));
    let said = move || match status.get() {
        Status::Counting => " · Counting…".to_string(),
        Status::Failed(why) => [" · Could not count: ", &why].concat(),
        Status::Idle => found().map(Count::said).unwrap_or_default(),
    };
    let counting = move || status.with(|s| *s == Status::Counting);
    let label = move || match (counting(), found().is_some()) {
        (true, _) => "Stop",
        (false, true) => "Count again",
        (false, false) => "Count",
    };
    let click = move |_| if counting() { stop() } else { start() };
    view! {
        {said}
        " "
        <button type="button" class="secondary count" on:click=click>{label}</button>
    }
}
