//! The account's history as a timeline, newest first.

use account_model::HistoryEntry;
use leptos::{either::Either, prelude::*};

use crate::{
    format::now_ms,
    pages::account_detail::{Shown, newest_first, sections::when_and_who},
};

/// The history newest first (the API sends it oldest first).
pub fn history_newest_first(history: &[HistoryEntry]) -> Vec<HistoryEntry> {
    newest_first(history, |entry| (entry.created_date, Some(entry.id)))
}

#[component]
pub fn History(shown: Shown) -> impl IntoView {
    let history =
        Memo::new(move |_| shown.account.with(|a| history_newest_first(a.history.as_deref().unwrap_or_default())));
    view! {
        <section class="card history" aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            {move || {
                let history = history.get();
                if history.is_empty() {
                    Either::Left(view! { <p class="empty">"No history recorded."</p> })
                } else {
                    Either::Right(view! {
                        <ol class="timeline">
                            {history.into_iter().map(|entry| view! { <HistoryItem entry /> }).collect_view()}
                        </ol>
                    })
                }
            }}
        </section>
    }
}

#[component]
fn HistoryItem(entry: HistoryEntry) -> impl IntoView {
    let meta = when_and_who(entry.created_date, entry.created_by.as_deref(), now_ms());
    let what = if entry.name.trim().is_empty() { "Changed".to_string() } else { entry.name };
    view! {
        <li class="timeline-entry">
            <p class="what">
                <span class="what-name">{what}</span>
                {entry.parent_type.map(|kind| view! { " " <span class="badge">{kind.to_lowercase()}</span> })}
            </p>
            {entry.descriptions.filter(|d| !d.trim().is_empty()).map(|d| view! { <p class="what-details">{d}</p> })}
            {meta.map(|meta| view! { <p class="meta">{meta}</p> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_comes_newest_first() {
        let entry = |id, created| HistoryEntry {
            id,
            client_id: None,
            created_date: Some(created),
            created_by: None,
            name: format!("entry {id}"),
            descriptions: None,
            parent_type: None,
            parent_id: None,
        };
        let ids: Vec<i64> =
            history_newest_first(&[entry(1, 10), entry(2, 30), entry(3, 20)]).iter().map(|e| e.id).collect();
        assert_eq!(ids, [2, 3, 1]);
    }
}
