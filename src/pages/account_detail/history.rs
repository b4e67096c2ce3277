//! The account's history as a timeline, newest first. Where an entry's
//! description is in the sandbox's `field: old → new` form, each change is
//! said in words (`model.rs`), ids of classifications and types by name,
//! and a filter keeps the changes to one field; any other description shows
//! as the vendor wrote it.

use account_model::{Field, HistoryEntry};
use leptos::{either::Either, prelude::*};

use crate::{
    domain::categories::{Categories, CategoryKind},
    domain::format::now_ms,
    pages::account_detail::{
        Shown,
        model::{Change, Subject, changes, subjects},
        newest_first,
        sections::when_and_who,
    },
};

/// An entry with the changes its description lists, when it lists them.
type Read = (HistoryEntry, Option<Vec<Change>>);

/// The history newest first (the API sends it oldest first).
pub fn history_newest_first(history: &[HistoryEntry]) -> Vec<HistoryEntry> {
    newest_first(history, |entry| (entry.created_date, Some(entry.id)))
}

/// The entries that changed the field `key` (its wire name or `COL5`), with
/// only those changes; every entry when `key` is empty.
pub fn touching(history: &[Read], key: &str) -> Vec<Read> {
    if key.is_empty() {
        return history.to_vec();
    }
    history
        .iter()
        .filter_map(|(entry, changes)| {
            let kept: Vec<Change> = changes.iter().flatten().filter(|c| c.subject.key() == key).cloned().collect();
            (!kept.is_empty()).then(|| (entry.clone(), Some(kept)))
        })
        .collect()
}

#[component]
pub fn History(shown: Shown) -> impl IntoView {
    let history = Memo::new(move |_| {
        shown.account.with(|a| {
            let entries = history_newest_first(a.history.as_deref().unwrap_or_default());
            entries
                .into_iter()
                .map(|entry| {
                    let read = entry.descriptions.as_deref().and_then(changes);
                    (entry, read)
                })
                .collect::<Vec<Read>>()
        })
    });
    let offered = Memo::new(move |_| history.with(|h| subjects(h.iter().flat_map(|(_, c)| c.iter().flatten()))));
    let field = RwSignal::new(String::new());
    let filter = move || {
        let offered = offered.get();
        let current = field.get_untracked();
        (!offered.is_empty()).then(|| {
            let options = offered
                .into_iter()
                .map(|(key, label)| {
                    let selected = key == current;
                    view! { <option value=key selected=selected>{label}</option> }
                })
                .collect_view();
            view! {
                <div class="field history-filter">
                    <label for="history-field">"Show changes to"</label>
                    <select id="history-field" on:change=move |ev| field.set(event_target_value(&ev))>
                        <option value="">"Any field"</option>
                        {options}
                    </select>
                </div>
            }
        })
    };
    view! {
        <section class="card history" aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            {filter}
            {move || {
                let key = field.get();
                let entries = history.with(|h| touching(h, &key));
                if entries.is_empty() {
                    let none = if key.is_empty() { "No history recorded." } else { "No change to that field." };
                    Either::Left(view! { <p class="empty">{none}</p> })
                } else {
                    Either::Right(view! {
                        <ol class="timeline">
                            {entries.into_iter().map(|(entry, changes)| view! { <HistoryItem entry changes /> }).collect_view()}
                        </ol>
                    })
                }
            }}
        </section>
    }
}

#[component]
fn HistoryItem(entry: HistoryEntry, changes: Option<Vec<Change>>) -> impl IntoView {
    let categories = expect_context::<Categories>();
    let meta = when_and_who(entry.created_date, entry.created_by.as_deref(), now_ms());
    let what = if entry.name.trim().is_empty() { "Changed".to_string() } else { entry.name };
    let details = match changes {
        Some(changes) => Either::Left(view! {
            <ul class="changes">
                {changes.into_iter().map(|change| view! { <li>{in_words(categories, change)}</li> }).collect_view()}
            </ul>
        }),
        None => Either::Right(
            entry.descriptions.filter(|d| !d.trim().is_empty()).map(|d| view! { <p class="what-details">{d}</p> }),
        ),
    };
    view! {
        <li class="timeline-entry">
            <p class="what">
                <span class="what-name">{what}</span>
                {entry.parent_type.map(|kind| view! { " " <span class="badge">{kind.to_lowercase()}</span> })}
            </p>
            {details}
            {meta.map(|meta| view! { <p class="meta">{meta}</p> })}
        </li>
    }
}

/// The change in words, a classification or type by its name where the
/// cache knows it.
fn in_words(categories: Categories, mut change: Change) -> String {
    let kind = match change.subject {
        Subject::Field(Field::ClassificationId) => CategoryKind::Classification,
        Subject::Field(Field::TypeId) => CategoryKind::Type,
        _ => return change.words(),
    };
    for value in [&mut change.old, &mut change.new].into_iter().flatten() {
        if let Some(name) = value.parse().ok().and_then(|id| categories.name_of(kind, id)) {
            *value = name;
        }
    }
    change.words()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, created: i64, descriptions: Option<&str>) -> HistoryEntry {
        HistoryEntry {
            id,
            client_id: None,
            created_date: Some(created),
            created_by: None,
            name: format!("entry {id}"),
            descriptions: descriptions.map(Into::into),
            parent_type: None,
            parent_id: None,
        }
    }

    #[test]
    fn history_comes_newest_first() {
        let ids: Vec<i64> = history_newest_first(&[entry(1, 10, None), entry(2, 30, None), entry(3, 20, None)])
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, [2, 3, 1]);
    }

    #[test]
    fn the_filter_keeps_the_entries_that_changed_that_field_and_only_those_changes() {
        let read = |e: HistoryEntry| {
            let changes = e.descriptions.as_deref().and_then(changes);
            (e, changes)
        };
        let history = [
            read(entry(3, 30, Some("rating: Warm → Hot; website: (empty) → x.com"))),
            read(entry(2, 20, Some("Note from the call"))),
            read(entry(
                1,
                10,
                Some(r#"customFields: (empty) → [{"field":"COL5","value":"a"}]; rating: (empty) → Warm"#),
            )),
        ];
        assert_eq!(touching(&history, "").len(), 3, "no filter keeps every entry");
        let rating = touching(&history, "rating");
        assert_eq!(rating.iter().map(|(e, _)| e.id).collect::<Vec<_>>(), [3, 1]);
        let said: Vec<String> = rating.iter().flat_map(|(_, c)| c.iter().flatten()).map(Change::words).collect();
        assert_eq!(said, ["Rating changed from “Warm” to “Hot”", "Rating set to “Warm”"]);
        assert_eq!(touching(&history, "COL5").len(), 1);
        assert!(touching(&history, "fax").is_empty());
    }
}
