//! Finding accounts: the quick search (name contains, as you type), the
//! advanced search over every criterion the field table allows, grouped as
//! the detail page groups fields, and the chips of the criteria in force.
//!
//! The quick search and the panel's Name field are one criterion: both edit
//! the same text. The panel's other inputs are left to the browser (a date
//! input keeps its half-typed state) and read when the form is submitted.

use std::{collections::BTreeMap, time::Duration};

use account_model::{Field, fields::Search};
use leptos::{ev, html, prelude::*};
use wasm_bindgen::JsCast;

use crate::{
    browser,
    categories::{Categories, CategoryKind},
    fields::{GROUPS, known_values},
    pages::accounts::{
        History, ListContext,
        state::{Bound, Criterion, FilterError, Input},
    },
    timer::Timeout,
};

/// How long typing pauses before the quick search runs.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// The last group of the panel: the ranges, and who made the record.
const DATES_AND_REVENUE: [Criterion; 8] = [
    Criterion { field: Field::CreatedDate, bound: Bound::From },
    Criterion { field: Field::CreatedDate, bound: Bound::To },
    Criterion { field: Field::ModifiedDate, bound: Bound::From },
    Criterion { field: Field::ModifiedDate, bound: Bound::To },
    Criterion { field: Field::AnnualRevenue, bound: Bound::From },
    Criterion { field: Field::AnnualRevenue, bound: Bound::To },
    Criterion::matching(Field::CreatedBy),
    Criterion::matching(Field::ModifiedBy),
];

/// The panel's groups: the field groups (each field matched; revenue is
/// searched as a range instead), plus the account id and the ranges.
pub fn panel_groups() -> Vec<(&'static str, Vec<Criterion>)> {
    let matched = |fields: &[Field]| {
        fields.iter().filter(|f| f.spec().search != Search::ExactAndRange).map(|f| Criterion::matching(*f)).collect()
    };
    let mut groups: Vec<(&'static str, Vec<Criterion>)> = GROUPS.iter().map(|g| (g.title, matched(g.fields))).collect();
    groups[0].1.push(Criterion::matching(Field::Id));
    groups.push(("Dates and revenue", DATES_AND_REVENUE.to_vec()));
    groups
}

/// Name contains: searches as you type, once typing pauses.
#[component]
pub fn QuickSearch(list: ListContext) -> impl IntoView {
    let text = list.name_text();
    let timer = StoredValue::new_local(None::<Timeout>);
    let on_input = move |ev: ev::Event| {
        let typed = event_target_value(&ev);
        text.set(typed.clone());
        let debounced = Timeout::new(DEBOUNCE, move || {
            list.go(list.state.get_untracked().with_filter(Criterion::NAME, &typed), History::Replace);
        });
        timer.set_value(Some(debounced));
    };
    let input = NodeRef::<html::Input>::new();
    let shortcut = window_event_listener(ev::keydown, move |ev| {
        let typing = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[role=dialog],[role=alertdialog]").ok().flatten().is_some()
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
                placeholder="Name contains…"
                autocomplete="off"
                aria-keyshortcuts="/"
                node_ref=input
                prop:value=move || text.get()
                on:input=on_input
            />
            <span class="key-hint" aria-hidden="true">"Press / to search"</span>
        </div>
    }
}

/// Every criterion the API accepts, applied together.
#[component]
pub fn AdvancedSearch(list: ListContext) -> impl IntoView {
    let open = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FilterError>::new());
    let toggle_button = NodeRef::<html::Button>::new();
    let toggle = move |_| {
        errors.set(Vec::new());
        open.update(|o| *o = !*o);
    };
    let apply = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
        let mut filters = read_form(&form);
        filters.insert(Criterion::NAME, list.name_text().get_untracked());
        let next = list.state.get_untracked().with_filters(filters);
        match next.search_request(crate::format::local_offset_minutes) {
            Err(found) => {
                if let Some(first) = found.first() {
                    browser::focus_first(&form, &format!("#filter-{}", first.criterion.key()));
                }
                errors.set(found);
            }
            Ok(_) => {
                errors.set(Vec::new());
                open.set(false);
                list.go(next, History::Push);
                browser::focus_when_ready("#results-summary");
            }
        }
    };
    let clear = move |_| {
        errors.set(Vec::new());
        list.go(list.state.get_untracked().with_filters(BTreeMap::new()), History::Push);
        open.set(false);
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            open.set(false);
            if let Some(button) = toggle_button.get() {
                let _ = button.focus();
            }
        }
    };
    view! {
        <div class="advanced">
            <button type="button" class="secondary" node_ref=toggle_button aria-expanded=move || open.get().to_string() aria-controls="advanced-search" on:click=toggle>
                {move || if open.get() { "Hide advanced search" } else { "Advanced search" }}
            </button>
            <Show when=move || open.get()>
                <form id="advanced-search" class="advanced-form" on:submit=apply on:keydown=on_keydown novalidate>
                    {panel_groups().into_iter().map(|(title, criteria)| view! {
                        <fieldset class="filter-group">
                            <legend>{title}</legend>
                            {criteria.into_iter().map(|criterion| view! { <FilterField criterion list errors /> }).collect_view()}
                        </fieldset>
                    }).collect_view()}
                    <div class="form-actions">
                        <button type="submit">"Search"</button>
                        <button type="button" class="secondary" on:click=clear>"Clear all"</button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

/// The criteria as typed in the panel's inputs (each named by its URL key).
fn read_form(form: &web_sys::HtmlFormElement) -> BTreeMap<Criterion, String> {
    let elements = form.elements();
    let mut filters = BTreeMap::new();
    for index in 0..elements.length() {
        let Some(element) = elements.item(index) else { continue };
        let (name, value) = if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
            (input.name(), input.value())
        } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
            (select.name(), select.value())
        } else {
            continue;
        };
        if let Some(criterion) = Criterion::parse(&name) {
            filters.insert(criterion, value);
        }
    }
    filters
}

#[component]
fn FilterField(criterion: Criterion, list: ListContext, errors: RwSignal<Vec<FilterError>>) -> impl IntoView {
    let key = criterion.key();
    let id = format!("filter-{key}");
    let error_id = format!("{id}-error");
    let message = move || errors.with(|e| e.iter().find(|e| e.criterion == criterion).map(|e| e.message));
    let invalid = move || message().is_some().to_string();
    let initial = list.state.with_untracked(|s| s.filters.get(&criterion).cloned().unwrap_or_default());
    let control = match criterion.input() {
        _ if criterion == Criterion::NAME => {
            let text = list.name_text();
            view! {
                <input id=id.clone() type="text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) aria-describedby=error_id.clone() aria-invalid=invalid />
            }
            .into_any()
        }
        Input::Choice => {
            let kind = if criterion.field == Field::ClassificationId {
                CategoryKind::Classification
            } else {
                CategoryKind::Type
            };
            let categories = expect_context::<Categories>();
            let options = move || {
                let chosen = initial.clone();
                categories
                    .list(kind)
                    .into_iter()
                    .map(|c| {
                        let value = c.id.to_string();
                        let selected = value == chosen;
                        view! { <option value=value selected=selected>{c.name}</option> }
                    })
                    .collect_view()
            };
            view! {
                <select id=id.clone() name=key aria-describedby=error_id.clone() aria-invalid=invalid>
                    <option value="">"Any"</option>
                    {options}
                </select>
            }
            .into_any()
        }
        input => {
            let (input_type, mode) = match input {
                Input::Date => ("date", "text"),
                Input::Whole => ("text", "numeric"),
                Input::Phone => ("tel", "tel"),
                _ => ("text", "text"),
            };
            let suggestions = known_values(criterion.field);
            let datalist_id = (!suggestions.is_empty()).then(|| format!("{id}-known"));
            view! {
                <input id=id.clone() name=key type=input_type inputmode=mode value=initial list=datalist_id.clone() aria-describedby=error_id.clone() aria-invalid=invalid />
                {datalist_id.map(|datalist| view! {
                    <datalist id=datalist>
                        {suggestions.iter().map(|value| view! { <option value=*value></option> }).collect_view()}
                    </datalist>
                })}
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label for=id>{criterion.label()}</label>
            {control}
            <p class="field-error" id=error_id>{message}</p>
        </div>
    }
}

/// What is in force, each removable on its own (keyed, so that focus can
/// move to the next chip when one goes).
#[component]
pub fn Chips(list: ListContext) -> impl IntoView {
    let categories = expect_context::<Categories>();
    let each = move || list.state.with(|s| s.filters.clone().into_iter().collect::<Vec<_>>());
    let chip = move |(criterion, value): (Criterion, String)| {
        let label = criterion.label();
        let shown = move || display_value(criterion, &value, categories);
        let remove_label = format!("Remove {label}");
        let remove = move |ev: ev::MouseEvent| {
            // Focus goes to the next chip, or the quick search after the last.
            browser::focus_next_sibling_control(&ev, "#quick-search");
            list.go(list.state.get_untracked().with_filter(criterion, ""), History::Push);
        };
        view! {
            <li class="chip">
                <span>{label}": "{shown}</span>
                <button type="button" aria-label=remove_label on:click=remove>"×"</button>
            </li>
        }
    };
    view! {
        <ul class="chips" aria-label="Criteria in force">
            <For each key=|(criterion, value)| (*criterion, value.clone()) children=chip />
        </ul>
    }
}

/// A criterion as a person reads it: classification and type by name.
pub fn display_value(criterion: Criterion, value: &str, categories: Categories) -> String {
    let kind = match criterion.field {
        Field::ClassificationId => CategoryKind::Classification,
        Field::TypeId => CategoryKind::Type,
        _ => return value.to_string(),
    };
    value.trim().parse().ok().and_then(|id| categories.name_of(kind, id)).unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_offers_every_criterion_the_field_table_allows_exactly_once() {
        let offered: Vec<Criterion> = panel_groups().into_iter().flat_map(|(_, c)| c).collect();
        for spec in account_model::fields::FIELDS {
            for bound in [Bound::Match, Bound::From, Bound::To] {
                let criterion = Criterion { field: spec.field, bound };
                let allowed = Criterion::parse(&criterion.key()) == Some(criterion);
                let times = offered.iter().filter(|c| **c == criterion).count();
                let wanted = usize::from(allowed && !(spec.field == Field::AnnualRevenue && bound == Bound::Match));
                assert_eq!(times, wanted, "{} is offered {times} times", criterion.key());
            }
        }
    }
}
