//! The preview: the rows a page at a time with their problems, one
//! delegated listener for the table, and the dialog that fixes a row.

use account_model::session::Permission;
use leptos::{ev, html, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use crate::{
    components::{
        modal::{Modal, ModalRole},
        role,
    },
    domain::format::thousands,
    pages::import::{
        model::mapping::Target,
        model::plan::{Context, Outcome, Row},
    },
    platform::browser,
};

use super::{Existence, Filter, PAGE_ROWS, State, check_numbers, row_count, send};
use crate::pages::import::model::{existing, plan};

/// One preview row, as the table shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RowView {
    /// Which file's row: a row of the next file may have the same index and rev.
    file: u32,
    index: usize,
    rev: u32,
    line: u32,
    status: &'static str,
    style: &'static str,
    name: String,
    number: String,
    details: String,
    excluded: bool,
    editable: bool,
}

impl RowView {
    fn of(file: u32, index: usize, row: &Row) -> RowView {
        let (status, style) = row.status();
        let details = match (&row.outcome, row.existence) {
            (Outcome::Pending, Existence::Existing) if row.problems.is_empty() => {
                "Updates the account with this number.".into()
            }
            (Outcome::Pending, Existence::Undecided) if row.problems.is_empty() => {
                if row.input.name.trim().is_empty() {
                    "Not looked up: updates the account with this number if there is one; else the API refuses \
                     it, for a new account needs a name."
                } else {
                    "Not looked up: updates the account with this number if there is one, else creates one."
                }
                .into()
            }
            (Outcome::Imported, _) => "Created or updated: its number was not looked up.".into(),
            (Outcome::Created | Outcome::Updated, _) => String::new(),
            _ => row.reason(),
        };
        RowView {
            file,
            index,
            rev: row.rev,
            line: row.line,
            status,
            style,
            name: row.input.name.clone(),
            number: row.number().unwrap_or_default().to_string(),
            details,
            excluded: row.excluded,
            editable: row.outcome == Outcome::Pending,
        }
    }
}

/// The rows, a page at a time, with their problems; exclude, fix, send.
#[component]
pub(super) fn Preview(state: State) -> impl IntoView {
    let denied = role::denied(Permission::WriteAccounts);
    let (rows, filter, page) = (state.rows, state.filter, state.page);
    let shown = Memo::new(move |_| {
        let filter = filter.get();
        rows.with(|rows| rows.iter().enumerate().filter(|(_, r)| filter.keeps(r)).map(|(i, _)| i).collect::<Vec<_>>())
    });
    let pages = move || shown.with(Vec::len).div_ceil(PAGE_ROWS).max(1);
    // The page asked for, within the pages there are (rows may have left the filter).
    let current = move || page.get().min(pages() - 1);
    let at_end = move || current() + 1 >= pages();
    let visible = Memo::new(move |_| {
        let start = current() * PAGE_ROWS;
        let file = state.files_read.get_value();
        shown.with(|shown| {
            rows.with(|rows| {
                shown.iter().skip(start).take(PAGE_ROWS).map(|&i| RowView::of(file, i, &rows[i])).collect::<Vec<_>>()
            })
        })
    });
    let counts = Memo::new(move |_| state.counts());
    let summary = move || {
        let c = counts.get();
        let mut parts = vec![
            format!("{} new", thousands(c.new as i64)),
            format!("{} updating an existing account", thousands(c.updates as i64)),
        ];
        if c.with_problems > 0 {
            parts.push(format!("{} with problems (not sent unless fixed)", thousands(c.with_problems as i64)));
        }
        if c.excluded > 0 {
            parts.push(format!("{} excluded", thousands(c.excluded as i64)));
        }
        if c.undecided > 0 {
            parts.push(format!("{} not looked up (the API creates or updates)", thousands(c.undecided as i64)));
        }
        if c.unchecked > 0 {
            parts.push(format!("{} not checked yet", thousands(c.unchecked as i64)));
        }
        format!("{}: {}.", row_count(c.rows), parts.join(", "))
    };
    let range = move || {
        let total = shown.with(Vec::len);
        let start = (current() * PAGE_ROWS).min(total);
        let end = (start + PAGE_ROWS).min(total);
        if total == 0 {
            "No rows to show.".to_string()
        } else {
            format!("Rows {}–{} of {}", thousands(start as i64 + 1), thousands(end as i64), thousands(total as i64))
        }
    };
    let on_filter = move |ev: ev::Event| {
        let value = event_target_value(&ev);
        if let Some((chosen, _, _)) = Filter::ALL.iter().find(|(_, key, _)| *key == value) {
            filter.set(*chosen);
            page.set(0);
        }
    };
    let on_click = move |ev: ev::MouseEvent| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Some(row) = target.closest("tr[data-row]").ok().flatten() else { return };
        let Some(index) = row.get_attribute("data-row").and_then(|i| i.parse::<usize>().ok()) else { return };
        if target.class_list().contains("include") {
            let include = target.dyn_ref::<HtmlInputElement>().is_some_and(HtmlInputElement::checked);
            rows.update(|rows| {
                if let Some(row) = rows.get_mut(index) {
                    row.excluded = !include;
                    row.rev += 1;
                }
                plan::mark_repeats(rows);
            });
            browser::focus_when_ready(format!("tr[data-row='{index}'] input.include"));
        } else if target.closest("button.fix").ok().flatten().is_some() {
            state.fixing.set(Some(index));
        }
    };
    let sendable = move || counts.get().sendable();
    let can_send = move || !denied() && !state.is_working() && sendable() > 0 && counts.get().unchecked == 0;
    let send_label = move || match sendable() {
        1 => "Import 1 row".to_string(),
        n => format!("Import {} rows", thousands(n as i64)),
    };
    let filters =
        Filter::ALL.iter().map(|(_, key, label)| view! { <option value=*key>{*label}</option> }).collect_view();
    view! {
        <section class="card import-preview" aria-labelledby="import-preview-title">
            <h2 id="import-preview-title">"Preview"</h2>
            <p class="preview-counts" aria-live="polite">{summary}</p>
            <Show when=move || counts.get().undecided != 0>
                <p class="hint import-undecided">{undecided_hint()}</p>
            </Show>
            <p class="hint">
                "Bulk create checks no agent, agent team or campaign ID: they are stored as given, unchecked. Empty cells leave a field as it is."
            </p>
            <div class="toolbar">
                <label>"Show " <select on:change=on_filter prop:value=move || Filter::ALL.iter().find(|(f, _, _)| *f == filter.get()).map_or("all", |(_, k, _)| *k)>{filters}</select></label>
                <nav class="paging" aria-label="Preview pages">
                    <span class="showing">{range}</span>
                    <button type="button" class="secondary" prop:disabled=move || current() == 0 on:click=move |_| page.set(current().saturating_sub(1))>"‹ Previous"</button>
                    <button type="button" class="secondary" prop:disabled=at_end on:click=move |_| page.set(current() + 1)>"Next ›"</button>
                </nav>
            </div>
            <div class="table-scroll">
                <table class="data import-table" on:click=on_click>
                    <thead><tr>
                        <th scope="col">"Import"</th><th scope="col">"Line"</th><th scope="col">"Status"</th><th scope="col">"Name"</th>
                        <th scope="col">"Account number"</th><th scope="col">"Details"</th><th scope="col"><span class="offscreen">"Fix"</span></th>
                    </tr></thead>
                    <tbody>
                        <For each=move || visible.get() key=|r: &RowView| (r.file, r.index, r.rev) children=preview_row />
                    </tbody>
                </table>
            </div>
            <div class="form-actions">
                <button
                    type="button"
                    class="secondary"
                    hidden=move || counts.get().unchecked == 0 || state.is_working()
                    on:click=move |_| {
                        let generation = state.next_generation();
                        spawn_local(check_numbers(state, generation));
                    }
                >
                    "Check account numbers again"
                </button>
                <button type="button" id="import-send" prop:disabled=move || !can_send() title=role::reason(Permission::WriteAccounts) on:click=move |_| send(state)>
                    {send_label}
                </button>
            </div>
        </section>
    }
}

/// What the preview says when the lookup's bound left rows to the API.
fn undecided_hint() -> String {
    format!(
        "Not every account number was looked up: before sending, the console reads at most {} accounts in {} \
         searches, and this file's numbers need more. Rows marked “Creates or updates” update the account with \
         their number where there is one and create one otherwise; the report counts both as the API answers.",
        thousands(existing::LOOKUP_ACCOUNTS as i64),
        existing::LOOKUP_CALLS
    )
}

/// One row of the preview: no handler of its own (the table's serves all).
pub(super) fn preview_row(row: RowView) -> impl IntoView {
    let include = ["Import line ", &row.line.to_string()].concat();
    let fix = ["Fix line ", &row.line.to_string()].concat();
    view! {
        <tr data-row=row.index.to_string() class=row.style>
            <td><input type="checkbox" class="include" aria-label=include checked=!row.excluded disabled=!row.editable /></td>
            <td class="line">{row.line}</td>
            <td class="status">{row.status}</td>
            <td>{row.name}</td>
            <td>{row.number}</td>
            <td class="details">{row.details}</td>
            <td>{row.editable.then(|| view! { <button type="button" class="secondary fix" aria-label=fix>"Fix"</button> })}</td>
        </tr>
    }
}

/// Edits one row's cells (the mapped columns), then checks it again.
#[component]
pub(super) fn FixRow(state: State, index: usize) -> impl IntoView {
    let Some(row) = state.rows.with_untracked(|rows| rows.get(index).cloned()) else { return ().into_any() };
    let columns = state.columns.get_untracked();
    let form = NodeRef::<html::Form>::new();
    let close = move || state.fixing.set(None);
    let save = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = form.get_untracked() else { return };
        let Ok(inputs) = form.query_selector_all("input[data-column]") else { return };
        let mut edits = Vec::new();
        for i in 0..inputs.length() {
            let Some(input) = inputs.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) else { continue };
            if let Some(column) = input.get_attribute("data-column").and_then(|c| c.parse::<usize>().ok()) {
                edits.push((column, input.value()));
            }
        }
        let columns = state.columns.get_untracked();
        let lookup = state.lookup.get_value();
        let context = Context::new(&columns, &lookup, state.unescape());
        state.rows.update(|rows| {
            if let Some(row) = rows.get_mut(index) {
                for (column, value) in edits {
                    if row.cells.len() <= column {
                        row.cells.resize(column + 1, String::new());
                    }
                    row.cells[column] = value;
                }
                row.rebuild(&context);
            }
            plan::mark_repeats(rows);
        });
        close();
        browser::focus_when_ready(format!("tr[data-row='{index}'] button.fix"));
        let generation = state.next_generation();
        spawn_local(check_numbers(state, generation));
    };
    let fields = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.target != Target::Skip)
        .map(|(at, column)| {
            let id = format!("fix-{at}");
            let value = row.cells.get(at).cloned().unwrap_or_default();
            view! {
                <div class="field">
                    <label for=id.clone()>{column.header.clone()}</label>
                    <input id=id data-column=at.to_string() value=value />
                </div>
            }
        })
        .collect_view();
    let problems = row.reason();
    let no_problems = problems.is_empty();
    view! {
        <Modal role=ModalRole::Dialog labelled_by="fix-title" on_escape=Callback::new(move |()| close()) class="fix-dialog">
            <form node_ref=form on:submit=save novalidate>
                <h2 id="fix-title">{format!("Fix line {}", row.line)}</h2>
                <p class="form-error" hidden=no_problems>{problems}</p>
                <div class="fix-fields">{fields}</div>
                <div class="form-actions">
                    <button type="submit">"Check again"</button>
                    <button type="button" class="secondary" on:click=move |_| close()>"Cancel"</button>
                </div>
            </form>
        </Modal>
    }
    .into_any()
}
