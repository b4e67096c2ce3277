//! `/accounts`: find accounts. A table with paging and page sizes, a quick
//! search (name contains, as you type), an advanced search over every
//! criterion the API accepts, column sorting, criteria chips, keyboard
//! navigation and CSV export. The whole view lives in the URL query
//! ([`ListState`]), so reload, Back/Forward and pasted links restore it.

use std::{collections::BTreeMap, time::Duration};

use account_model::{Account, AccountPage, Category, SearchRequest, SortDirection};
use leptos::{ev, html, prelude::*};
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};
use wasm_bindgen::JsCast;

use crate::{
    api::{ApiClient, ApiError, Cancel, categories::CategoryKind},
    components::{ErrorPanel, Loading, Toasts, first_api_error},
    csv::accounts_csv,
    export::{collect_all, download},
    format,
    list_state::{COLUMNS, FILTERS, Filter, FilterError, FilterKind, ListState, PAGE_SIZES, filter_named},
    timer::Timeout,
};

/// How long typing pauses before the quick search runs.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// Export reads this many accounts per call (the API's maximum).
const EXPORT_PAGE: u32 = 1000;

/// The Find Matching Accounts body for `state`, or `None` when List Accounts
/// will do (no criteria, no sort). Criteria that cannot be sent are an error
/// naming each one, so nothing falls back to listing everything.
pub fn list_request(state: &ListState) -> Result<Option<SearchRequest>, ApiError> {
    if !state.is_search() {
        return Ok(None);
    }
    state.search_request(format::local_offset_minutes).map(Some).map_err(|errors| {
        let said: Vec<String> = errors.iter().map(|e| format!("{}: {}", label_of(&e.key), e.message)).collect();
        ApiError::Validation(said.join(" "))
    })
}

/// Reads one page for `state`: List Accounts, or Find Matching Accounts when
/// there are criteria or a sort.
pub async fn fetch_page(api: &ApiClient, state: &ListState, cancel: &Cancel) -> Result<AccountPage, ApiError> {
    match list_request(state)? {
        None => api.list_accounts(state.page(), Some(cancel)).await,
        Some(request) => api.search_accounts(&request, state.page(), Some(cancel)).await,
    }
}

fn label_of(key: &str) -> &'static str {
    filter_named(key).map_or("Criteria", |f| f.label)
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let query = use_query_map();
    let state = Memo::new(move |_| query.with(|q| ListState::from_query(q)));
    let navigate = StoredValue::new_local(use_navigate());
    let go = move |next: ListState, replace: bool| {
        navigate.with_value(|navigate| {
            navigate(&next.href(), NavigateOptions { replace, scroll: false, ..NavigateOptions::default() })
        })
    };

    // The page: a newer state cancels the request of the one it supersedes.
    let in_flight = StoredValue::new_local(None::<Cancel>);
    let page = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, state, cancel) = (api.clone(), state.get(), Cancel::new());
            if let Some(Some(superseded)) = in_flight.try_update_value(|slot| slot.replace(cancel.clone())) {
                superseded.cancel();
            }
            async move { fetch_page(&api, &state, &cancel).await }
        }
    });
    let categories = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move {
                let classifications = api.list_categories(CategoryKind::Classification).await;
                let types = api.list_categories(CategoryKind::Type).await;
                (classifications, types)
            }
        }
    });
    let names = Signal::derive(move || match categories.get() {
        Some((classifications, types)) => (classifications.unwrap_or_default(), types.unwrap_or_default()),
        None => Default::default(),
    });
    // The dropdowns still work by id without the names; say why they are empty.
    let names_problem = Signal::derive(move || match categories.get() {
        Some((Err(error), _) | (_, Err(error))) => {
            Some(format!("Classification and type names could not be loaded: {error}"))
        }
        _ => None,
    });

    let pending = RwSignal::new(false);
    let fallback = move |errors: ArcRwSignal<leptos::error::Errors>| {
        view! { <ErrorPanel error=first_api_error(&errors.get()) on_retry=move |()| page.refetch() /> }
    };

    view! {
        <section class="accounts">
            <div class="list-head">
                <h1>"Accounts"</h1>
                <QuickSearch state go />
            </div>
            {move || names_problem.get().map(|problem| view! { <p class="warning" role="alert">{problem}</p> })}
            <AdvancedSearch state go names />
            <Chips state go names />
            <div class="results" class:stale=move || pending.get() aria-busy=move || pending.get().to_string()>
                <Transition fallback=|| view! { <Loading label="Loading accounts…" /> } set_pending=pending.write_only()>
                    <ErrorBoundary fallback>
                        {move || Suspend::new(async move {
                            page.await.map(|answer| view! { <Results answer state go names /> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </div>
            <Export state page />
        </section>
    }
}

/// Name contains: searches as you type, once typing pauses.
#[component]
fn QuickSearch(state: Memo<ListState>, go: impl Fn(ListState, bool) + Copy + Send + Sync + 'static) -> impl IntoView {
    let current = move || state.with(|s| s.filters.get("name").cloned().unwrap_or_default());
    let text = RwSignal::new(current());
    // What this box last put in the URL: any other change came from outside
    // (Back, a chip, the panel) and replaces the text.
    let sent = StoredValue::new(current());
    Effect::new(move |_| {
        let name = current();
        if name != sent.get_value() {
            sent.set_value(name.clone());
            text.set(name);
        }
    });
    let timer = StoredValue::new_local(None::<Timeout>);
    let on_input = move |ev: ev::Event| {
        let typed = event_target_value(&ev);
        text.set(typed.clone());
        let debounced = Timeout::new(DEBOUNCE, move || {
            sent.set_value(typed.trim().to_string());
            go(state.get_untracked().with_filter("name", &typed), true);
        });
        timer.set_value(Some(debounced));
    };
    let input = NodeRef::<html::Input>::new();
    let shortcut = window_event_listener(ev::keydown, move |ev| {
        let typing = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[role=dialog]").ok().flatten().is_some()
        });
        if ev.key() == "/" && !typing && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() {
            ev.prevent_default();
            if let Some(input) = input.get() {
                let _ = input.focus();
            }
        }
    });
    on_cleanup(move || shortcut.remove());
    view! {
        <div class="quick-search">
            <label for="quick-search">"Search by name"</label>
            <input
                id="quick-search"
                type="search"
                placeholder="Name contains…  (press / to search)"
                autocomplete="off"
                node_ref=input
                prop:value=move || text.get()
                on:input=on_input
            />
        </div>
    }
}

/// Every criterion the API accepts, applied together.
#[component]
fn AdvancedSearch(
    state: Memo<ListState>,
    go: impl Fn(ListState, bool) + Copy + Send + Sync + 'static,
    names: Signal<(Vec<Category>, Vec<Category>)>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let draft = RwSignal::new(BTreeMap::<String, String>::new());
    let errors = RwSignal::new(Vec::<FilterError>::new());
    let toggle = move |_| {
        if !open.get_untracked() {
            draft.set(state.get_untracked().filters);
            errors.set(Vec::new());
        }
        open.update(|o| *o = !*o);
    };
    let apply = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let next = state.get_untracked().with_filters(draft.get_untracked());
        match next.search_request(format::local_offset_minutes) {
            Err(found) => errors.set(found),
            Ok(_) => {
                errors.set(Vec::new());
                go(next, false);
            }
        }
    };
    let clear = move |_| {
        draft.set(BTreeMap::new());
        errors.set(Vec::new());
        go(state.get_untracked().with_filters(BTreeMap::new()), false);
    };
    view! {
        <div class="advanced">
            <button type="button" class="secondary" aria-expanded=move || open.get().to_string() aria-controls="advanced-search" on:click=toggle>
                {move || if open.get() { "Hide advanced search" } else { "Advanced search" }}
            </button>
            <Show when=move || open.get()>
                <form id="advanced-search" class="advanced-form" on:submit=apply novalidate>
                    <div class="filter-grid">
                        {FILTERS.iter().map(|filter| view! { <FilterField filter=*filter draft errors names /> }).collect_view()}
                    </div>
                    <div class="form-actions">
                        <button type="submit">"Search"</button>
                        <button type="button" class="secondary" on:click=clear>"Clear all"</button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

#[component]
fn FilterField(
    filter: Filter,
    draft: RwSignal<BTreeMap<String, String>>,
    errors: RwSignal<Vec<FilterError>>,
    names: Signal<(Vec<Category>, Vec<Category>)>,
) -> impl IntoView {
    let key = filter.key;
    let id = format!("filter-{}", key.replace('.', "-"));
    let error_id = format!("{id}-error");
    let value = move || draft.with(|d| d.get(key).cloned().unwrap_or_default());
    let set = move |ev: ev::Event| {
        let typed = event_target_value(&ev);
        draft.update(|d| {
            d.insert(key.to_string(), typed);
        });
    };
    let message = move || errors.with(|e| e.iter().find(|e| e.key == key).map(|e| e.message));
    let invalid = move || message().is_some().to_string();
    let control = match filter.kind {
        FilterKind::Classification | FilterKind::Type => {
            let options = move || {
                let (classifications, types) = names.get();
                let list = if filter.kind == FilterKind::Classification { classifications } else { types };
                list.into_iter()
                    .map(|c| view! { <option value=c.id.to_string() selected=move || value() == c.id.to_string()>{c.name}</option> })
                    .collect_view()
            };
            view! {
                <select id=id.clone() on:change=set aria-describedby=error_id.clone() aria-invalid=invalid>
                    <option value="">"Any"</option>
                    {options}
                </select>
            }
            .into_any()
        }
        kind => {
            let (input_type, mode) = match kind {
                FilterKind::DateFrom | FilterKind::DateTo => ("date", "text"),
                FilterKind::Id | FilterKind::Amount => ("text", "numeric"),
                _ => ("text", "text"),
            };
            view! {
                <input id=id.clone() type=input_type inputmode=mode prop:value=value on:input=set aria-describedby=error_id.clone() aria-invalid=invalid />
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label for=id>{filter.label}</label>
            {control}
            <p class="field-error" id=error_id role="alert">{message}</p>
        </div>
    }
}

/// What is in force, each removable on its own.
#[component]
fn Chips(
    state: Memo<ListState>,
    go: impl Fn(ListState, bool) + Copy + Send + Sync + 'static,
    names: Signal<(Vec<Category>, Vec<Category>)>,
) -> impl IntoView {
    let chips = move || {
        let current = state.get();
        current
            .filters
            .iter()
            .map(|(key, value)| {
                let label = label_of(key);
                let shown = display_value(key, value, &names.get());
                let key = key.clone();
                view! {
                    <li class="chip">
                        <span>{label}": "{shown}</span>
                        <button type="button" aria-label=format!("Remove {label}") on:click=move |_| go(state.get_untracked().with_filter(&key, ""), false)>
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ul class="chips" aria-label="Criteria in force">{chips}</ul> }
}

/// A criterion as a person reads it: classification and type by name.
fn display_value(key: &str, value: &str, names: &(Vec<Category>, Vec<Category>)) -> String {
    let list = match filter_named(key).map(|f| f.kind) {
        Some(FilterKind::Classification) => &names.0,
        Some(FilterKind::Type) => &names.1,
        _ => return value.to_string(),
    };
    list.iter().find(|c| c.id.to_string() == value).map_or_else(|| value.to_string(), |c| c.name.clone())
}

/// The table of one page, with its paging bar.
#[component]
fn Results(
    answer: AccountPage,
    state: Memo<ListState>,
    go: impl Fn(ListState, bool) + Copy + Send + Sync + 'static,
    names: Signal<(Vec<Category>, Vec<Category>)>,
) -> impl IntoView {
    let current = state.get_untracked();
    let has_next = answer.has_next();
    let rows = answer.accounts;
    let showing = current.showing(rows.len());
    let size = current.count;
    let paging = view! {
        <div class="paging">
            <span class="showing" aria-live="polite">{showing}</span>
            <label>
                "Per page "
                <select on:change=move |ev| {
                    if let Ok(count) = event_target_value(&ev).parse() {
                        go(state.get_untracked().with_count(count), false);
                    }
                }>
                    {PAGE_SIZES.iter().map(|n| view! { <option value=n.to_string() selected=*n == size>{n.to_string()}</option> }).collect_view()}
                </select>
            </label>
            <button type="button" class="secondary" disabled=current.offset == 0 on:click=move |_| go(state.get_untracked().previous_page(), false)>
                "‹ Previous"
            </button>
            <button type="button" class="secondary" disabled=!has_next on:click=move |_| go(state.get_untracked().next_page(), false)>
                "Next ›"
            </button>
        </div>
    };
    if rows.is_empty() {
        let criteria: Vec<String> = current
            .filters
            .iter()
            .map(|(k, v)| format!("{} “{}”", label_of(k), display_value(k, v, &names.get_untracked())))
            .collect();
        let said = if criteria.is_empty() {
            "No accounts yet.".to_string()
        } else {
            format!("No accounts match {}.", criteria.join(", "))
        };
        return view! { <p class="empty">{said}</p> {paging} }.into_any();
    }
    let sort = current.sort.clone();
    let headers = COLUMNS
        .iter()
        .map(|(property, label)| {
            let direction = sort.as_ref().filter(|s| s.property == *property).map(|s| s.direction);
            let aria = match direction {
                Some(SortDirection::Ascending) => "ascending",
                Some(SortDirection::Descending) => "descending",
                None => "none",
            };
            let arrow = match direction {
                Some(SortDirection::Ascending) => " ▲",
                Some(SortDirection::Descending) => " ▼",
                None => "",
            };
            let property = *property;
            view! {
                <th scope="col" aria-sort=aria>
                    <button type="button" class="sort" data-sort=property on:click=move |_| go(state.get_untracked().sorted_by(property), false)>
                        {*label}{arrow}
                    </button>
                </th>
            }
        })
        .collect_view();
    let navigate = StoredValue::new_local(use_navigate());
    let open =
        move |id: i64| navigate.with_value(|navigate| navigate(&format!("/accounts/{id}"), NavigateOptions::default()));
    let body = rows.into_iter().map(|account| view! { <Row account open /> }).collect_view();
    view! {
        {paging.clone()}
        <table class="data accounts-table">
            <thead><tr>{headers}</tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn Row(account: Account, open: impl Fn(i64) + Copy + Send + Sync + 'static) -> impl IntoView {
    let id = account.id;
    let cell = |value: Option<String>| value.unwrap_or_default();
    let modified = account.modified_date.map(format::local_date_time).unwrap_or_default();
    let on_keydown = move |ev: ev::KeyboardEvent| {
        let Some(row) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
        let target = match ev.key().as_str() {
            "ArrowDown" => row.next_element_sibling(),
            "ArrowUp" => row.previous_element_sibling(),
            "Enter" => {
                open(id);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(next) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = next.focus();
        }
    };
    view! {
        <tr tabindex="0" data-id=id.to_string() on:click=move |_| open(id) on:keydown=on_keydown>
            <td class="name"><a href=format!("/accounts/{id}") on:click=|ev| ev.prevent_default()>{account.fields.name}</a></td>
            <td>{cell(account.fields.account_number)}</td>
            <td>{cell(account.fields.industry)}</td>
            <td>{cell(account.fields.rating)}</td>
            <td>{cell(account.fields.phone_office)}</td>
            <td>{cell(account.classification_name)}</td>
            <td>{cell(account.type_name)}</td>
            <td>{cell(account.agent_team_name)}</td>
            <td>{modified}</td>
        </tr>
    }
}

/// CSV of the page shown, or of every account the search matches.
#[component]
fn Export(state: Memo<ListState>, page: LocalResource<Result<AccountPage, ApiError>>) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let progress = RwSignal::new(None::<usize>);
    let running = StoredValue::new_local(None::<Cancel>);

    let export_page = {
        let toasts = toasts.clone();
        move |_| match page.get() {
            Some(Ok(answer)) => {
                let state = state.get_untracked();
                let name = format!("accounts-{}-{}.csv", state.offset + 1, state.offset + answer.accounts.len() as u64);
                match download(&name, &accounts_csv(&answer.accounts), "text/csv;charset=utf-8") {
                    Ok(()) => toasts.success(format!("Exported {} accounts.", answer.accounts.len())),
                    Err(e) => toasts.failure(format!("Could not export: {e}")),
                }
            }
            _ => toasts.failure("There is no page to export yet."),
        }
    };
    let export_all = move |_| {
        let (api, toasts, cancel) = (api.clone(), toasts.clone(), Cancel::new());
        running.set_value(Some(cancel.clone()));
        progress.set(Some(0));
        let state = state.get_untracked();
        leptos::task::spawn_local(async move {
            let result = match list_request(&state) {
                Ok(request) => {
                    collect_all(&api, request.as_ref(), EXPORT_PAGE, |n| progress.set(Some(n)), &cancel).await
                }
                Err(error) => Err(error),
            };
            progress.set(None);
            running.set_value(None);
            match result {
                Ok(all) => {
                    let day = format::local_date(format::now_ms());
                    match download(&format!("accounts-{day}.csv"), &accounts_csv(&all), "text/csv;charset=utf-8") {
                        Ok(()) => toasts.success(format!("Exported {} accounts.", all.len())),
                        Err(e) => toasts.failure(format!("Could not export: {e}")),
                    }
                }
                Err(ApiError::Aborted) => toasts.success("Export cancelled."),
                Err(error) => toasts.failure(format!("Export failed: {error}")),
            }
        });
    };
    let cancel = move |_| {
        if let Some(Some(cancel)) = running.try_get_value() {
            cancel.cancel();
        }
    };
    view! {
        <div class="export">
            <button type="button" class="secondary" on:click=export_page>"Export this page (CSV)"</button>
            <Show
                when=move || progress.get().is_some()
                fallback=move || view! { <button type="button" class="secondary" on:click=export_all.clone()>"Export all results (CSV)"</button> }
            >
                <progress aria-label="Export progress"></progress>
                <span class="export-progress" role="status">{move || format!("Read {} accounts…", progress.get().unwrap_or(0))}</span>
                <button type="button" class="secondary" on:click=cancel>"Cancel export"</button>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_list_needs_no_search_body_and_bad_criteria_are_an_error_not_everything() {
        assert_eq!(list_request(&ListState::default()), Ok(None));
        let sorted = ListState::default().sorted_by("name");
        assert!(matches!(list_request(&sorted), Ok(Some(request)) if request.search.is_none()));
        let bad = ListState::default().with_filter("agentId", "abc");
        assert_eq!(list_request(&bad), Err(ApiError::Validation("Agent ID: Enter a whole number.".into())));
    }
}
