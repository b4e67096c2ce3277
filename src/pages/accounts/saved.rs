//! Saved searches: a named view of the list (criteria, sort, page size),
//! picked again from a menu beside the search. Kept in `localStorage` per
//! client and user, so they last across days: criteria only, never account
//! data or the session.

use leptos::{ev, prelude::*};
use serde::{Deserialize, Serialize};

use crate::{
    api::ApiClient,
    components::{Menu, Toasts, close_menu_of},
    pages::accounts::{History, ListContext},
    platform::browser,
    platform::session::Identity,
    routes::Page,
    routes::list::ListState,
};

/// One saved search: its name and the list's URL query (without paging).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub name: String,
    pub query: String,
}

impl SavedSearch {
    pub fn state(&self) -> ListState {
        ListState::from_query_string(&self.query)
    }
}

/// What the stored value held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub searches: Vec<SavedSearch>,
    /// Set when the stored value could not be read and was ignored.
    pub problem: Option<String>,
}

/// Reads the stored list; anything unreadable is ignored, and said.
pub fn parse(stored: Option<&str>) -> Loaded {
    match stored.map(serde_json::from_str::<Vec<SavedSearch>>) {
        None => Loaded { searches: Vec::new(), problem: None },
        Some(Ok(searches)) => Loaded { searches, problem: None },
        Some(Err(_)) => Loaded {
            searches: Vec::new(),
            problem: Some("The saved searches stored in this browser could not be read and were set aside.".into()),
        },
    }
}

/// The query a saved search keeps: the state from its first page.
pub fn query_of(state: &ListState) -> String {
    state.first_page().to_query()
}

/// Saves `state` as `name`, replacing a search of the same name (any case).
pub fn save(searches: &mut Vec<SavedSearch>, name: &str, state: &ListState) -> Result<(), &'static str> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Enter a name for the search.");
    }
    let saved = SavedSearch { name: name.to_string(), query: query_of(state) };
    match searches.iter_mut().find(|s| s.name.eq_ignore_ascii_case(name)) {
        Some(existing) => *existing = saved,
        None => searches.push(saved),
    }
    crate::domain::sort::by_key(searches, |s| s.name.to_lowercase());
    Ok(())
}

pub fn rename(searches: &mut [SavedSearch], from: &str, to: &str) -> Result<(), &'static str> {
    let to = to.trim();
    if to.is_empty() {
        return Err("Enter a name for the search.");
    }
    if searches.iter().any(|s| s.name != from && s.name.eq_ignore_ascii_case(to)) {
        return Err("Another saved search has that name.");
    }
    if let Some(search) = searches.iter_mut().find(|s| s.name == from) {
        search.name = to.to_string();
    }
    Ok(())
}

/// The `localStorage` key of a user's saved searches.
fn storage_key(who: &Identity) -> String {
    format!("account-admin.saved-searches.{}", who.key())
}

/// The saved-search menu beside the search.
#[component]
pub fn SavedSearches(list: ListContext) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let key = api.session_untracked().map(|s| storage_key(&s.identity()));
    let stored = key.as_deref().and_then(|key| browser::local_storage()?.get_item(key).ok()?);
    let loaded = parse(stored.as_deref());
    if let Some(problem) = loaded.problem {
        toasts.failure(problem);
    }
    let searches = RwSignal::new(loaded.searches);
    let key = StoredValue::new(key);
    let store = move || {
        let (Some(key), Some(storage)) = (key.get_value(), browser::local_storage()) else { return };
        if let Ok(text) = searches.with_untracked(serde_json::to_string) {
            // A full or disabled storage only loses the saved searches.
            let _ = storage.set_item(&key, &text);
        }
    };
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let save_current = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let state = list.state.get_untracked();
        let outcome = searches.try_update(|all| save(all, &name.get_untracked(), &state)).unwrap_or(Ok(()));
        match outcome {
            Ok(()) => {
                store();
                problem.set(None);
                name.set(String::new());
            }
            Err(message) => problem.set(Some(message)),
        }
    };
    let item = move |search: SavedSearch| {
        let href = Page::Accounts(search.state()).href();
        let open = {
            let state = search.state();
            move |ev: ev::MouseEvent| {
                ev.prevent_default();
                close_menu_of(&ev);
                list.go(state.clone(), History::Push);
            }
        };
        let (rename_from, delete_name) = (search.name.clone(), search.name.clone());
        let rename_now = move |_| {
            let asked = web_sys::window()
                .and_then(|w| w.prompt_with_message_and_default("New name", &rename_from).ok().flatten());
            if let Some(to) = asked {
                match searches.try_update(|all| rename(all, &rename_from, &to)).unwrap_or(Ok(())) {
                    Ok(()) => store(),
                    Err(message) => problem.set(Some(message)),
                }
            }
        };
        let delete = move |_| {
            searches.update(|all| all.retain(|s| s.name != delete_name));
            store();
        };
        view! {
            <li>
                <a href=href on:click=open>{search.name.clone()}</a>
                <button type="button" class="secondary" aria-label=format!("Rename {}", search.name) on:click=rename_now>"Rename"</button>
                <button type="button" class="secondary" aria-label=format!("Delete {}", search.name) on:click=delete>"Delete"</button>
            </li>
        }
    };
    view! {
        <Menu label="Saved searches" panel="saved-searches-panel" class="saved-searches">
            <ul class="saved-list">
                <For each=move || searches.get() key=|s| s.name.clone() children=item />
            </ul>
            <form class="save-search" on:submit=save_current>
                <label for="saved-search-name">"Save this search as"</label>
                <input id="saved-search-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <button type="submit">"Save"</button>
                {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            </form>
        </Menu>
    }
}

#[cfg(test)]
mod tests {
    use account_model::{Field, SortDirection};

    use super::*;

    #[test]
    fn saved_searches_are_kept_per_client_and_user_under_the_key_earlier_versions_used() {
        assert_eq!(storage_key(&Identity::new("DEMO", "Ann")), "account-admin.saved-searches.demo.ann");
        assert_ne!(storage_key(&Identity::new("a.b", "c")), storage_key(&Identity::new("a", "b.c")));
    }

    fn view() -> ListState {
        ListState::default()
            .with_filter_text(Field::BillingState, "Bavaria")
            .sorted_by(Field::Rating)
            .with_count(100)
            .next_page()
    }

    #[test]
    fn a_saved_search_keeps_criteria_sort_and_size_but_not_the_page() {
        let mut searches = Vec::new();
        save(&mut searches, " Hot in Bavaria ", &view()).unwrap();
        let restored = searches[0].state();
        assert_eq!(searches[0].name, "Hot in Bavaria");
        assert_eq!(restored.filters, view().filters);
        assert_eq!(restored.sort, Some((Field::Rating, SortDirection::Ascending)));
        assert_eq!(restored.count, 100);
        assert_eq!(restored.offset, 0);
    }

    #[test]
    fn saving_under_a_name_that_exists_replaces_it_and_names_are_required() {
        let mut searches = Vec::new();
        save(&mut searches, "Mine", &ListState::default()).unwrap();
        save(&mut searches, "mine", &view()).unwrap();
        assert_eq!(searches.len(), 1);
        assert_eq!(searches[0].state().count, 100);
        assert_eq!(save(&mut searches, "  ", &view()), Err("Enter a name for the search."));
    }

    #[test]
    fn renaming_keeps_names_unique() {
        let mut searches = Vec::new();
        save(&mut searches, "A", &view()).unwrap();
        save(&mut searches, "B", &view()).unwrap();
        assert_eq!(rename(&mut searches, "A", "b"), Err("Another saved search has that name."));
        rename(&mut searches, "A", "C").unwrap();
        assert!(searches.iter().any(|s| s.name == "C"));
    }

    #[test]
    fn a_corrupt_stored_value_is_ignored_and_said() {
        let loaded = parse(Some("{not json"));
        assert!(loaded.searches.is_empty());
        assert!(loaded.problem.is_some_and(|p| p.contains("could not be read")));
        assert_eq!(parse(None), Loaded { searches: Vec::new(), problem: None });
        let round = serde_json::to_string(&vec![SavedSearch { name: "x".into(), query: "name=a".into() }]).unwrap();
        assert_eq!(parse(Some(&round)).searches[0].query, "name=a");
    }
}
