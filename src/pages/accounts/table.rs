//! The results: a table of one page (keyed rows, no handler per row: the
//! table's listeners handle clicks, arrow keys and the tooltips of clipped
//! cells), and the paging bar shown above and below it.

use account_model::{Account, Field, SortDirection, fields::Value};
use leptos::{ev, prelude::*};
use leptos_router::{NavigateOptions, hooks::use_navigate};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::{
    api::ApiError,
    components::Menu,
    domain::format,
    pages::accounts::{
        History, LastList, ListContext, Loaded,
        bulk::BulkActions,
        count::CountOf,
        model::selection::{PageSelection, Selection, Tick},
        search::criteria_words,
        select_all::SelectAllMatching,
    },
    platform::browser,
    routes::{
        Page,
        list::{ListState, PAGE_SIZES},
    },
};

/// The columns after the name, in order.
pub const COLUMNS: [Field; 8] = [
    Field::AccountNumber,
    Field::Industry,
    Field::Rating,
    Field::PhoneOffice,
    Field::ClassificationName,
    Field::TypeName,
    Field::AgentTeamName,
    Field::ModifiedDate,
];

/// The columns the user chose to hide (kept in `localStorage`: a display
/// preference, no account data).
#[derive(Clone, Copy, Debug)]
pub struct HiddenColumns(RwSignal<Vec<Field>>);

const HIDDEN_COLUMNS_KEY: &str = "account-admin.hidden-columns";

impl HiddenColumns {
    pub fn load() -> HiddenColumns {
        let stored =
            browser::local_storage().and_then(|s| s.get_item(HIDDEN_COLUMNS_KEY).ok().flatten()).unwrap_or_default();
        HiddenColumns(RwSignal::new(parse_hidden(&stored)))
    }

    fn toggle(self, field: Field, hide: bool) {
        self.0.update(|hidden| {
            hidden.retain(|f| *f != field);
            if hide {
                hidden.push(field);
            }
        });
        let text = self.0.with_untracked(|hidden| hidden.iter().map(|f| f.name()).collect::<Vec<_>>().join(","));
        if let Some(storage) = browser::local_storage() {
            // Without storage the choice lasts until the page closes.
            let _ = storage.set_item(HIDDEN_COLUMNS_KEY, &text);
        }
    }

    /// The table's classes: `hide-N` for each hidden column's position.
    fn table_class(self) -> String {
        let mut class = String::from("data accounts-table");
        self.0.with(|hidden| {
            for field in hidden {
                if let Some(at) = COLUMNS.iter().position(|c| c == field) {
                    // After the selection box and the name.
                    class.push_str(&format!(" hide-{}", at + 3));
                }
            }
        });
        class
    }
}

/// The stored list of hidden columns; unknown names are dropped.
pub fn parse_hidden(stored: &str) -> Vec<Field> {
    stored.split(',').filter_map(|name| Field::named(name.trim())).filter(|f| COLUMNS.contains(f)).collect()
}

/// "Columns": which of the optional columns show.
#[component]
pub fn ColumnChooser(hidden: HiddenColumns) -> impl IntoView {
    let boxes = COLUMNS
        .iter()
        .map(|field| {
            let field = *field;
            let shown = move || hidden.0.with(|h| !h.contains(&field));
            view! {
                <label>
                    <input type="checkbox" prop:checked=shown on:change=move |ev| hidden.toggle(field, !event_target_checked(&ev)) />
                    " " {crate::domain::fields::label(field)}
                </label>
            }
        })
        .collect_view();
    view! {
        <Menu label="Columns" panel="columns-panel" class="columns-menu">
            <fieldset class="plain column-boxes">
                <legend class="offscreen">"Columns to show"</legend>
                {boxes}
            </fieldset>
        </Menu>
    }
}

/// A cell as the table shows it: text as is, numbers with separators, dates
/// in local time; empty when the account has no value.
pub fn cell_text(account: &Account, field: Field) -> String {
    match field.read(account) {
        None => String::new(),
        Some(Value::Text(text)) => text.to_string(),
        Some(Value::Int(ms)) if field.kind() == account_model::fields::Kind::Date => format::local_date_time(ms),
        Some(Value::Int(n)) => format::thousands(n),
    }
}

/// "Previous / Next", the page size and what is shown.
#[component]
pub fn Paging(list: ListContext, page: LocalResource<Result<Loaded, ApiError>>) -> impl IntoView {
    let shown = move || page.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).map(|l| (l.accounts.len(), l.has_next)));
    let has_next = move || shown().is_some_and(|(_, next)| next);
    let at_start = move || list.state.with(|s| s.offset == 0);
    let size = move || list.state.with(|s| s.count);
    let change_size = move |ev: ev::Event| {
        if let Ok(count) = event_target_value(&ev).parse() {
            list.go(list.state.get_untracked().with_count(count), History::Push);
        }
    };
    view! {
        <nav class="paging" aria-label="Pages">
            <label>
                "Per page "
                <select on:change=change_size prop:value=move || size().to_string()>
                    {PAGE_SIZES.iter().map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                </select>
            </label>
            <button type="button" class="secondary" prop:disabled=at_start on:click=move |_| list.go(list.state.get_untracked().previous_page(), History::Push)>
                "‹ Previous"
            </button>
            <button type="button" class="secondary" prop:disabled=move || !has_next() on:click=move |_| list.go(list.state.get_untracked().next_page(), History::Push)>
                "Next ›"
            </button>
        </nav>
    }
}

/// "Showing 51–100": what the table shows, outside the part that reloads,
/// so that focus can rest on it while the next results load; and, once a
/// page is shown, the count on demand (" of 1,234", "Count").
#[component]
pub fn ResultsSummary(list: ListContext, page: LocalResource<Result<Loaded, ApiError>>) -> impl IntoView {
    let said = move || {
        page.with(|p| match p {
            Some(Ok(loaded)) => loaded.state.showing(loaded.accounts.len()),
            _ => String::new(),
        })
    };
    let shown = move || page.with(|p| matches!(p, Some(Ok(_))));
    view! {
        <p id="results-summary" class="showing" tabindex="-1" aria-live="polite">
            {said}
            <Show when=shown>
                <CountOf list />
            </Show>
        </p>
    }
}

/// How many rows are selected, a way to clear them, and "Select all
/// matching". The bulk actions act on this selection.
#[component]
pub fn SelectionBar(
    list: ListContext,
    page: LocalResource<Result<Loaded, ApiError>>,
    /// Called after a bulk action, to show the list as it now is.
    on_done: Callback<()>,
) -> impl IntoView {
    let summary = move || {
        let shown = page.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).map(|l| l.accounts.clone()));
        list.selection.with(|s| s.summary(shown.as_deref().unwrap_or_default()))
    };
    // Always mounted, so that a bulk action's report stays after its rows
    // are gone (deleted); the controls show while something is selected.
    view! {
        <div class="selection-bar" class:idle=move || summary().is_none() role="region" aria-label="Selected accounts">
            <Show when=move || summary().is_some()>
                <span class="selection-count" tabindex="-1" aria-live="polite">{summary}</span>
                <button type="button" class="secondary" on:click=move |_| list.selection.update(|s| s.clear())>"Clear selection"</button>
            </Show>
            <SelectAllMatching list page />
            <BulkActions list page on_done />
        </div>
    }
}

/// The table of one loaded page, or why it is empty.
#[component]
pub fn Results(loaded: Loaded, list: ListContext) -> impl IntoView {
    let Loaded { state, accounts, .. } = loaded;
    if accounts.is_empty() {
        return view! { <Empty state list /> }.into_any();
    }
    expect_context::<LastList>().restore_scroll(&state);
    let navigate = use_navigate();
    let hidden = expect_context::<HiddenColumns>();
    let table = NodeRef::<leptos::html::Table>::new();
    // The checkboxes follow the selection, whoever changes it (a click here,
    // Clear, a bulk action), without re-rendering any row. The rows are built
    // checked as the selection was, so the first run sets the page's box alone.
    {
        let accounts = accounts.clone();
        Effect::new(move |ran_before: Option<()>| {
            list.selection.with(|selection| {
                if let Some(table) = table.get() {
                    if ran_before.is_some() {
                        sync_row_checkboxes(&table, selection);
                    }
                    sync_page_checkbox(&table, selection, &accounts);
                }
            })
        });
    }
    let (order_field, order_direction) = state.order();
    let headers = std::iter::once(Field::Name)
        .chain(COLUMNS)
        .map(|field| {
            let direction = (field == order_field).then_some(order_direction);
            let (aria, arrow) = match direction {
                Some(SortDirection::Ascending) => ("ascending", " ▲"),
                Some(SortDirection::Descending) => ("descending", " ▼"),
                None => ("none", ""),
            };
            view! {
                <th scope="col" aria-sort=aria>
                    <button type="button" class="sort" data-sort=field.name()>{crate::domain::fields::label(field)}<span aria-hidden="true">{arrow}</span></button>
                </th>
            }
        })
        .collect_view();
    let page = accounts.clone();
    let on_click = move |ev: ev::MouseEvent| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Some(checkbox) = target.dyn_ref::<HtmlInputElement>().filter(|i| i.type_() == "checkbox") {
            let tick = Tick::of(checkbox.checked());
            if checkbox.class_list().contains("select-page") {
                list.selection.update(|s| s.set_page(&page, tick));
            } else if let Some(id) = row_id(&target) {
                if ev.shift_key() {
                    list.selection.update(|s| s.shift_click(&page, id, tick));
                } else {
                    list.selection.update(|s| s.click(&page, id, tick));
                }
            }
            return;
        }
        if let Some(sort) = target.closest("button[data-sort]").ok().flatten() {
            if let Some(field) = sort.get_attribute("data-sort").and_then(|name| Field::named(&name)) {
                list.go(list.state.get_untracked().sorted_by(field), History::Push);
            }
            return;
        }
        // Links and form controls do their own thing; a click elsewhere in a
        // row opens it, unless the user was selecting text (to copy it).
        if target.closest("a,input,button,label").ok().flatten().is_some() || crate::platform::browser::has_selection()
        {
            return;
        }
        if let Some(id) = row_id(&target) {
            navigate(&Page::Account(id).href(), NavigateOptions::default());
        }
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        let up = match ev.key().as_str() {
            "ArrowDown" => false,
            "ArrowUp" => true,
            _ => return,
        };
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Some(next) = neighbour_control(&target, up) {
            ev.prevent_default();
            let _ = next.focus();
        }
    };
    let rows = accounts.clone();
    let each = move || 0..rows.len();
    let keys = accounts.clone();
    let key = move |index: &usize| keys[*index].id;
    let selected = list.selection.with_untracked(|s| accounts.iter().map(|a| s.contains(a.id)).collect::<Vec<_>>());
    let children = move |index: usize| row(&accounts[index], selected[index]);
    view! {
        <div class="table-scroll">
            <table class=move || hidden.table_class() node_ref=table aria-labelledby="accounts-title" aria-describedby="results-summary"
                on:click=on_click on:keydown=on_keydown on:mouseover=title_if_clipped>
                <thead><tr><th class="select" scope="col"><input type="checkbox" class="select-page" aria-label="Select all on this page" /></th>{headers}</tr></thead>
                <tbody>
                    <For each key children />
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// One row: no handler of its own (the table's listener serves every row).
fn row(account: &Account, selected: bool) -> impl IntoView + use<> {
    let id = account.id;
    let name = account.fields.name.clone();
    let select = ["Select ", name.as_str()].concat();
    let [number, industry, rating, phone, classification, kind, team, modified] =
        COLUMNS.map(|field| cell_text(account, field));
    view! {
        <tr data-id=id.to_string()>
            <td class="select"><input type="checkbox" aria-label=select checked=selected /></td>
            <td class="name"><a href=Page::Account(id).href()>{name}</a></td>
            <td>{number}</td>
            <td>{industry}</td>
            <td>{rating}</td>
            <td>{phone}</td>
            <td>{classification}</td>
            <td>{kind}</td>
            <td>{team}</td>
            <td>{modified}</td>
        </tr>
    }
}

/// Gives a cell that shows only part of its text (the columns keep their
/// widths: see the stylesheet) its full text as a tooltip, when the pointer
/// comes to it: so no row carries a title it does not need.
fn title_if_clipped(ev: ev::MouseEvent) {
    let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
    let Some(cell) = target.and_then(|t| t.closest("td").ok().flatten()) else { return };
    if cell.scroll_width() > cell.client_width() {
        if !cell.has_attribute("title") {
            let _ = cell.set_attribute("title", &cell.text_content().unwrap_or_default());
        }
    } else {
        let _ = cell.remove_attribute("title");
    }
}

/// Sets every row's checkbox as the selection says.
fn sync_row_checkboxes(table: &web_sys::HtmlTableElement, selection: &Selection) {
    let Ok(boxes) = table.query_selector_all("tbody tr[data-id] input[type=checkbox]") else { return };
    for index in 0..boxes.length() {
        let Some(checkbox) = boxes.item(index).and_then(|b| b.dyn_into::<HtmlInputElement>().ok()) else { continue };
        if let Some(id) = row_id(&checkbox) {
            checkbox.set_checked(selection.contains(id));
        }
    }
}

/// The page's box: checked when all rows are selected, mixed when some are.
fn sync_page_checkbox(table: &web_sys::HtmlTableElement, selection: &Selection, page: &[Account]) {
    if let Some(all) =
        table.query_selector("input.select-page").ok().flatten().and_then(|b| b.dyn_into::<HtmlInputElement>().ok())
    {
        let state = selection.page(page);
        all.set_checked(state == PageSelection::All);
        all.set_indeterminate(state == PageSelection::Some);
    }
}

/// The account id of the row an element sits in.
fn row_id(element: &Element) -> Option<i64> {
    element.closest("tr[data-id]").ok().flatten()?.get_attribute("data-id")?.parse().ok()
}

/// The same control (link or checkbox) in the row above or below.
fn neighbour_control(control: &Element, up: bool) -> Option<HtmlElement> {
    let cell = control.closest("td").ok().flatten()?;
    let row = cell.parent_element()?;
    let column = row.children().length();
    let index = (0..column).find(|i| row.children().item(*i).is_some_and(|c| c == cell))?;
    let other = if up { row.previous_element_sibling()? } else { row.next_element_sibling()? };
    let other_cell = other.children().item(index)?;
    other_cell.query_selector("a,input").ok().flatten()?.dyn_into::<HtmlElement>().ok()
}

/// An empty page: nothing matches, nothing exists yet, or the offset is past
/// the end (with a way back to the first page).
#[component]
fn Empty(state: ListState, list: ListContext) -> impl IntoView {
    let categories = expect_context::<crate::domain::categories::Categories>();
    if state.offset > 0 {
        let first = move |_| list.go(list.state.get_untracked().first_page(), History::Push);
        return view! {
            <div class="empty">
                <p>{format!("There are no accounts past number {} here.", format::thousands(state.offset as i64))}</p>
                <button type="button" on:click=first>"Go to the first page"</button>
            </div>
        }
        .into_any();
    }
    let criteria = criteria_words(&state, categories);
    let said = if criteria.is_empty() {
        "No accounts yet.".to_string()
    } else {
        format!("No accounts match {}.", criteria.join(", "))
    };
    view! { <p class="empty">{said}</p> }.into_any()
}

#[cfg(test)]
mod tests {
    use account_model::AccountInput;

    use super::*;

    #[test]
    fn stored_hidden_columns_keep_known_optional_columns_only() {
        assert_eq!(parse_hidden("rating, typeName,name,shoeSize,"), [Field::Rating, Field::TypeName]);
        assert!(parse_hidden("").is_empty());
    }

    #[test]
    fn cells_show_text_as_is_numbers_with_separators_and_nothing_for_missing_values() {
        let account = Account {
            id: 3,
            modified_date: Some(0),
            fields: AccountInput { name: "A".into(), rating: Some("Hot".into()), ..AccountInput::default() },
            ..Account::default()
        };
        assert_eq!(cell_text(&account, Field::Rating), "Hot");
        assert_eq!(cell_text(&account, Field::Industry), "");
        assert_eq!(cell_text(&account, Field::ModifiedDate), "1970-01-01 00:00");
        assert_eq!(cell_text(&Account { id: 1_234_567, ..Account::default() }, Field::Id), "1,234,567");
    }
}
