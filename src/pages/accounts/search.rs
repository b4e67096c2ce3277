//! Finding accounts: the quick search (name contains, as you type), the
//! advanced search over every criterion the field table allows, grouped as
//! the detail page groups fields, plus custom fields (`COL1`..`COL100`, each
//! with the text it must contain), and the chips of the criteria in force.
//!
//! The quick search and the panel's Name field are one criterion: both edit
//! the same text. The panel's other inputs are left to the browser (a date
//! input keeps its half-typed state) and read when the form is submitted:
//! each is named by its URL key, a custom field's value input by the field
//! chosen beside it (`COL5`).

use std::{collections::BTreeMap, time::Duration};

use account_model::{Field, ListKind, fields::Search};
use leptos::{ev, html, prelude::*};
use wasm_bindgen::JsCast;

use crate::{
    domain::categories::{Categories, CategoryKind},
    domain::criterion::{Bound, Criterion, FilterError, Input},
    domain::fields::{GROUPS, known_values},
    pages::accounts::{History, ListContext},
    platform::browser,
    platform::timer::Timeout,
    routes::list::ListState,
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
    let custom = RwSignal::new(Vec::<CustomRow>::new());
    let next_row = StoredValue::new(0u32);
    let toggle_button = NodeRef::<html::Button>::new();
    let form_ref = NodeRef::<html::Form>::new();
    let toggle = move |_| {
        errors.set(Vec::new());
        if !open.get_untracked() {
            custom.set(list.state.with_untracked(|state| custom_rows(state, next_row)));
        }
        open.update(|o| *o = !*o);
    };
    let apply = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
        let (mut filters, mut found) = collect_filters(read_form(&form));
        filters.insert(Criterion::NAME, list.name_text().get_untracked());
        let next = list.state.get_untracked().with_filters(filters);
        if let Err(more) = next.search_request(crate::domain::format::local_offset_minutes) {
            found.extend(more);
        }
        match found.first() {
            Some(first) => {
                browser::focus_first(&form, &control_selector(first.criterion));
                errors.set(found);
            }
            None => {
                errors.set(Vec::new());
                open.set(false);
                list.go(next, History::Push);
                browser::focus_when_ready("#results-summary");
            }
        }
    };
    // Empties the panel and the criteria; the panel stays open to search again.
    let clear = move |_| {
        errors.set(Vec::new());
        if let Some(form) = form_ref.get_untracked() {
            clear_form(&form);
        }
        custom.set(custom_rows(&ListState::default(), next_row));
        list.name_text().set(String::new());
        list.go(list.state.get_untracked().with_filters(BTreeMap::new()), History::Push);
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
                <form id="advanced-search" class="advanced-form" node_ref=form_ref on:submit=apply on:keydown=on_keydown novalidate>
                    {panel_groups().into_iter().map(|(title, criteria)| view! {
                        <fieldset class="filter-group">
                            <legend>{title}</legend>
                            {criteria.into_iter().map(|criterion| view! { <FilterField criterion list errors /> }).collect_view()}
                        </fieldset>
                    }).collect_view()}
                    <CustomCriteria rows=custom next_row errors />
                    <div class="form-actions">
                        <button type="submit">"Search"</button>
                        <button type="button" class="secondary" on:click=clear>"Clear all"</button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

/// The panel's inputs as typed: (name, value), the name a URL key.
fn read_form(form: &web_sys::HtmlFormElement) -> Vec<(String, String)> {
    let elements = form.elements();
    let mut pairs = Vec::new();
    for index in 0..elements.length() {
        let Some(element) = elements.item(index) else { continue };
        if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
            pairs.push((input.name(), input.value()));
        } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
            pairs.push((select.name(), select.value()));
        }
    }
    pairs
}

/// Empties every named input and select of the panel.
fn clear_form(form: &web_sys::HtmlFormElement) {
    let elements = form.elements();
    for index in 0..elements.length() {
        let Some(element) = elements.item(index) else { continue };
        if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>().filter(|i| !i.name().is_empty()) {
            input.set_value("");
        } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>().filter(|s| !s.name().is_empty()) {
            select.set_value("");
        }
    }
}

/// The criteria of the panel's (name, value) pairs; names that are no
/// criterion are passed over. A custom field given two values is an error
/// at the second.
pub fn collect_filters(pairs: Vec<(String, String)>) -> (BTreeMap<Criterion, String>, Vec<FilterError>) {
    let mut filters: BTreeMap<Criterion, String> = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, value) in pairs {
        let Some(criterion) = Criterion::parse(&name) else { continue };
        match filters.get(&criterion) {
            Some(first) if !first.trim().is_empty() && !value.trim().is_empty() => {
                errors.push(FilterError { criterion, message: "This custom field is listed twice: give it one value." })
            }
            Some(first) if !first.trim().is_empty() => {}
            _ => {
                filters.insert(criterion, value);
            }
        }
    }
    (filters, errors)
}

/// Where the control of a criterion is, to put focus on it.
fn control_selector(criterion: Criterion) -> String {
    match criterion.bound {
        // The first value input for that field (it is listed twice).
        Bound::Column(_) => format!(".custom-criteria [name='{}']", criterion.key()),
        _ => format!("#filter-{}", criterion.key()),
    }
}

/// One row of the custom-field criteria: which field, and the text the URL
/// had for it when the panel opened.
#[derive(Clone, Debug)]
struct CustomRow {
    id: u32,
    number: RwSignal<u32>,
    initial: String,
}

/// The rows for the custom-field criteria of `state`, or one empty row.
fn custom_rows(state: &ListState, next_row: StoredValue<u32>) -> Vec<CustomRow> {
    let row = |number: u32, initial: String| {
        let id = next_row.get_value();
        next_row.set_value(id + 1);
        CustomRow { id, number: RwSignal::new(number), initial }
    };
    let mut rows: Vec<CustomRow> = state
        .filters
        .iter()
        .filter_map(|(criterion, value)| match criterion.bound {
            Bound::Column(n) => Some(row(n, value.clone())),
            _ => None,
        })
        .collect();
    if rows.is_empty() {
        rows.push(row(*ListKind::Custom.numbers().start(), String::new()));
    }
    rows
}

/// Custom fields, each with the text it must contain: rows to add and remove.
#[component]
fn CustomCriteria(
    rows: RwSignal<Vec<CustomRow>>,
    next_row: StoredValue<u32>,
    errors: RwSignal<Vec<FilterError>>,
) -> impl IntoView {
    let add = move |_| {
        let used: Vec<u32> = rows.with_untracked(|rows| rows.iter().map(|r| r.number.get_untracked()).collect());
        let numbers = ListKind::Custom.numbers();
        let free = numbers.clone().find(|n| !used.contains(n)).unwrap_or(*numbers.start());
        let id = next_row.get_value();
        next_row.set_value(id + 1);
        rows.update(|rows| rows.push(CustomRow { id, number: RwSignal::new(free), initial: String::new() }));
        browser::focus_when_ready(format!("#custom-{id}-field"));
    };
    let row = move |row: CustomRow| custom_row(row, rows, errors);
    view! {
        <fieldset class="filter-group custom-criteria">
            <legend>"Custom fields"</legend>
            <p class="hint">"Each field listed must contain its text."</p>
            <For each=move || rows.get() key=|row| row.id children=row />
            <div>
                <button type="button" class="secondary add-custom" on:click=add>"Add a custom field"</button>
            </div>
        </fieldset>
    }
}

fn custom_row(row: CustomRow, rows: RwSignal<Vec<CustomRow>>, errors: RwSignal<Vec<FilterError>>) -> impl IntoView {
    let CustomRow { id, number, initial } = row;
    let (field_id, value_id, error_id) =
        (format!("custom-{id}-field"), format!("custom-{id}-value"), format!("custom-{id}-error"));
    let message =
        move || errors.with(|e| e.iter().find(|e| e.criterion == Criterion::custom(number.get())).map(|e| e.message));
    let chosen = number.get_untracked();
    let options = ListKind::Custom
        .numbers()
        .map(|n| view! { <option value=n.to_string() selected=n == chosen>{Criterion::custom(n).key()}</option> })
        .collect_view();
    let choose = move |ev: ev::Event| {
        if let Ok(n) = event_target_value(&ev).parse() {
            number.set(n);
        }
    };
    let remove = move |_| {
        rows.update(|rows| rows.retain(|r| r.id != id));
        browser::focus_when_ready(".custom-criteria .add-custom");
    };
    view! {
        <div class="list-row">
            <div class="field">
                <label for=field_id.clone()>"Field"</label>
                <select id=field_id on:change=choose>{options}</select>
            </div>
            <div class="field">
                <label for=value_id.clone()>"Contains"</label>
                <input id=value_id type="text" name=move || Criterion::custom(number.get()).key() value=initial
                    aria-describedby=error_id.clone() aria-invalid=move || message().is_some().to_string() />
            </div>
            <button type="button" class="secondary remove-row" aria-label=move || format!("Remove the {} row", Criterion::custom(number.get()).key()) on:click=remove>"Remove"</button>
            <p class="field-error" id=error_id>{message}</p>
        </div>
    }
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
/// The criteria of `state`, each in words as the list says them: "Name
/// “acme”", a classification by its name.
pub fn criteria_words(state: &ListState, categories: Categories) -> Vec<String> {
    state
        .filters
        .iter()
        .map(|(criterion, value)| format!("{} “{}”", criterion.label(), display_value(*criterion, value, categories)))
        .collect()
}

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

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_panels_inputs_become_criteria_and_a_custom_field_listed_twice_is_said_at_the_field() {
        let (filters, errors) = collect_filters(pairs(&[
            ("industry", "bank"),
            ("", "unnamed"),
            ("COL5", "x"),
            ("COL9", ""),
            ("COL9", "y"),
        ]));
        let keys: Vec<(String, &str)> = filters.iter().map(|(c, v)| (c.key(), v.as_str())).collect();
        assert_eq!(keys, [("industry".into(), "bank"), ("COL5".into(), "x"), ("COL9".into(), "y")]);
        assert!(errors.is_empty());
        let (_, errors) = collect_filters(pairs(&[("COL5", "x"), ("COL5", "z")]));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].criterion, Criterion::custom(5));
        assert_eq!(control_selector(errors[0].criterion), ".custom-criteria [name='COL5']");
        assert_eq!(control_selector(Criterion::NAME), "#filter-name");
    }

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
