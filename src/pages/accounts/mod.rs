//! `/accounts`: find accounts. A table with paging and page sizes, a quick
//! search (name contains, as you type), an advanced search over every
//! criterion the API accepts, column sorting, criteria chips, keyboard
//! navigation and CSV export. The whole view lives in the URL query
//! ([`ListState`]), so reload, Back/Forward and pasted links restore it.
//!
//! - `routes/list.rs` (in the routes layer, which builds the list's hrefs): the
//!   view as data, its URL and its API request (pure), with
//!   `domain/criterion.rs`, one criterion and its URL key;
//! - `search.rs`: the quick search, the advanced search and the chips;
//! - `table.rs`: the table, paging and keyboard;
//! - `model/selection.rs`: the rows selected across pages (pure);
//! - `count.rs`: "of N" on demand, with `model/count.rs`, the probes (pure);
//! - `export.rs`: reading every page, and the CSV download;
//! - `select_all.rs`: "Select all matching", every id the search matches
//!   collected into the selection (`model/matching.rs`, pure);
//! - `bulk.rs`: bulk actions on the selected rows, through the write runner;
//! - `model/bulk/`: what they do, ask, undo and report (pure);
//! - `saved.rs`: saved searches (criteria, sort, size) in `localStorage`.

pub mod bulk;
pub mod count;
pub mod export;
pub mod model;
pub mod saved;
pub mod search;
pub mod select_all;
pub mod table;

use std::sync::Arc;

use account_model::{Account, SearchRequest, session::Permission};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{NavigateOptions, hooks::use_navigate};

use crate::{
    api::{ApiClient, ApiError, Cancel, start_now, walk::Pages},
    components::{ErrorPanel, Loading, first_api_error, role},
    domain::categories::Categories,
    domain::criterion::Criterion,
    domain::format,
    pages::accounts::{
        count::Counts,
        export::Export,
        model::selection::Selection,
        saved::SavedSearches,
        search::{AdvancedSearch, Chips, QuickSearch},
        table::{ColumnChooser, HiddenColumns, Paging, Results, ResultsSummary, SelectionBar},
    },
    platform::browser,
    routes::{
        self, Page, Screen,
        list::{ListState, UrlProblem, query_pairs},
    },
};

/// The Find Matching Accounts body for `state`, or `None` when List Accounts
/// will do (no criteria, no sort). Criteria that cannot be sent are an error
/// naming each one, so nothing falls back to listing everything.
pub fn list_request(state: &ListState) -> Result<Option<SearchRequest>, ApiError> {
    if !state.is_search() {
        return Ok(None);
    }
    state.search_request(format::local_offset_minutes).map(Some).map_err(|errors| {
        let said: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.criterion.label(), e.message)).collect();
        ApiError::Validation(said.join(" "))
    })
}

/// Reads the page `state` names: List Accounts, or Find Matching Accounts when
/// there are criteria or a sort; the first step of a walk from there.
pub async fn fetch_page(api: &ApiClient, state: ListState, cancel: &Cancel) -> Result<Loaded, ApiError> {
    let mut pages = Pages::every_from(api, list_request(&state)?, state.page(), cancel);
    let accounts = pages.next().await.unwrap_or_else(|| Ok(Vec::new()))?;
    Ok(Loaded { state, accounts: accounts.into(), has_next: !pages.is_complete() })
}

/// A page as loaded: the state it was loaded for, and its rows.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub state: ListState,
    pub accounts: Arc<[Account]>,
    pub has_next: bool,
}

/// Moves the list to another state: `Push` adds a history entry (paging,
/// sorting, criteria), `Replace` does not (typing in the quick search).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum History {
    Push,
    Replace,
}

/// The router's navigation, kept for the handlers of the list.
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// What the parts of the page share: the state in the URL, how to move it,
/// and the name criterion as typed (the quick search and the advanced
/// search's Name field edit the same text).
#[derive(Clone, Copy)]
pub struct ListContext {
    pub state: Memo<ListState>,
    navigate: StoredValue<Navigate, LocalStorage>,
    name: RwSignal<String>,
    /// The rows selected for a bulk action, across the pages of this search.
    pub selection: RwSignal<Selection>,
}

impl std::fmt::Debug for ListContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListContext").field("state", &self.state).finish_non_exhaustive()
    }
}

impl ListContext {
    fn new(state: Memo<ListState>, navigate: impl Fn(&str, NavigateOptions) + 'static) -> ListContext {
        let name_in_url = move || state.with(|s| s.filters.get(&Criterion::NAME).cloned().unwrap_or_default());
        let name = RwSignal::new(name_in_url());
        // A change of the name in the URL that did not come from typing (Back,
        // a chip, the panel) replaces the text; typing leaves it alone, so
        // trailing spaces and keystrokes after the last search stay.
        Effect::new(move |_| {
            let in_url = name_in_url();
            if name.get_untracked().trim() != in_url {
                name.set(in_url);
            }
        });
        let selection = RwSignal::new(Selection::default());
        Effect::new(move |_| state.with(|state| selection.update(|s| s.follow(state))));
        ListContext { state, navigate: StoredValue::new_local(Box::new(navigate)), name, selection }
    }

    pub fn go(self, next: ListState, history: History) {
        let options = NavigateOptions { replace: history == History::Replace, scroll: false, ..Default::default() };
        let href = Page::Accounts(next).href();
        self.navigate.with_value(|navigate| navigate(&href, options));
    }

    /// The name criterion as typed.
    pub fn name_text(self) -> RwSignal<String> {
        self.name
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    // While the page leaves for another, the address is already the other
    // page's: keep the last view rather than loading the default list.
    let parsed = routes::while_shown(Screen::Accounts, |_, query| ListState::from_query(query_pairs(query)));
    let state = Memo::new(move |_| parsed.with(|(state, _)| state.clone()));
    let problems = Memo::new(move |_| parsed.with(|(_, problems)| problems.clone()));
    let list = ListContext::new(state, use_navigate());
    browser::set_title(&["Accounts"]);
    expect_context::<LastList>().remember(state);

    // The page: a newer state cancels the request of the one it supersedes,
    // and leaving the page cancels the one in flight.
    let in_flight = StoredValue::new_local(None::<Cancel>);
    let page = LocalResource::new(move || {
        let (api, state, cancel) = (api.clone(), state.get(), Cancel::new());
        if let Some(Some(superseded)) = in_flight.try_update_value(|slot| slot.replace(cancel.clone())) {
            superseded.cancel();
        }
        start_now(async move { fetch_page(&api, state, &cancel).await })
    });
    on_cleanup(move || {
        if let Some(Some(cancel)) = in_flight.try_get_value() {
            cancel.cancel();
        }
    });
    let categories = expect_context::<Categories>();
    categories.load();
    let hidden = HiddenColumns::load();
    provide_context(hidden);

    let counts = expect_context::<Counts>();
    let pending = RwSignal::new(false);
    let fallback = move |errors: ArcRwSignal<leptos::error::Errors>| {
        view! { <ErrorPanel error=first_api_error(&errors.get()) on_retry=move |()| page.refetch() /> }
    };

    view! {
        <section class="accounts">
            <div class="list-head">
                <h1 id="accounts-title">"Accounts"</h1>
                <QuickSearch list />
                <SavedSearches list />
                <NewAccountLink />
            </div>
            {move || {
                let problems = problems.get();
                (!problems.is_empty()).then(|| view! { <UrlProblems problems list /> })
            }}
            {move || categories.problem().map(|problem| view! { <p class="warning" role="alert">{problem}</p> })}
            <AdvancedSearch list />
            <Chips list />
            <div class="toolbar">
                <Paging list page />
                <ColumnChooser hidden />
                <Export list page />
            </div>
            <SelectionBar list page on_done=Callback::new(move |()| {
                counts.forget();
                page.refetch();
            }) />
            <ResultsSummary list page />
            <div class="results" class:stale=move || pending.get() aria-busy=move || pending.get().to_string()>
                <Transition fallback=|| view! { <Loading label="Loading accounts…" /> } set_pending=pending.write_only()>
                    <ErrorBoundary fallback>
                        {move || Suspend::new(async move {
                            page.await.map(|loaded| view! { <Results loaded list /> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </div>
            <Paging list page />
        </section>
    }
}

/// "New account", or why the role cannot make one.
#[component]
fn NewAccountLink() -> impl IntoView {
    let cannot = role::denied(Permission::WriteAccounts);
    move || {
        if cannot() {
            view! {
                <span class="new-account-denied">
                    <button type="button" class="new-account" disabled aria-describedby="new-account-why">"New account"</button>
                    <span class="role-note" id="new-account-why">{role::reason(Permission::WriteAccounts)}</span>
                </span>
            }
            .into_any()
        } else {
            view! { <a class="button new-account" href=Page::NewAccount.href()>"New account"</a> }.into_any()
        }
    }
}

/// URL values the list could not use: which parameter, why, and a reset.
#[component]
fn UrlProblems(problems: Vec<UrlProblem>, list: ListContext) -> impl IntoView {
    // The state already fell back to the defaults for those values:
    // writing it back drops them from the address.
    let reset = move |_| list.go(list.state.get_untracked(), History::Replace);
    view! {
        <div class="warning url-problems" role="alert">
            <ul>
                {problems.into_iter().map(|p| view! { <li>"The address has " <code>{p.parameter}</code> ": " {p.message}</li> }).collect_view()}
            </ul>
            <button type="button" class="secondary" on:click=reset>"Use the defaults instead"</button>
        </div>
    }
}

/// The list view the user last looked at, so that links back to the list
/// (the detail page's breadcrumb) return to the same search, page and sort,
/// and the scroll position it had (a 1000-row page is long).
#[derive(Clone, Copy, Debug)]
pub struct LastList {
    state: RwSignal<ListState>,
    /// Where the window was scrolled when the user left the list, and for which view.
    scroll: StoredValue<Option<(ListState, f64)>>,
}

impl Default for LastList {
    fn default() -> Self {
        LastList { state: RwSignal::new(ListState::default()), scroll: StoredValue::new(None) }
    }
}

impl LastList {
    /// Follows the list's state while the list page is open, and notes the
    /// scroll position when it closes.
    fn remember(self, state: Memo<ListState>) {
        Effect::new(move |_| self.state.set(state.get()));
        on_cleanup(move || {
            let y = web_sys::window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0);
            if let Some(state) = self.state.try_get_untracked() {
                let _ = self.scroll.try_set_value(Some((state, y)));
            }
        });
    }

    /// The href of the list as the user left it.
    pub fn href(self) -> String {
        Page::Accounts(self.state.get()).href()
    }

    /// Scrolls back to where the user left `state`'s list, once.
    pub fn restore_scroll(self, state: &ListState) {
        let Some(Some((left, y))) = self.scroll.try_get_value() else { return };
        if left != *state || y <= 0.0 {
            return;
        }
        self.scroll.set_value(None);
        spawn_local(async move {
            // After the rows are in the page.
            crate::platform::timer::sleep(std::time::Duration::ZERO).await;
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, y);
            }
        });
    }
}
