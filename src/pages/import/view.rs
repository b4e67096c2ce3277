//! The steps of the page around the preview: choose, drop or paste; the
//! progress and Stop; the column mapping; the report.

use account_model::session::Permission;
use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use crate::{
    components::{Toasts, role},
    domain::format::thousands,
    pages::import::{model::encoding::Encoding, model::mapping::Target},
    platform::browser,
};

use super::{FileInfo, LISTED_FAILURES, Stage, State, read_file, replan, retry, row_count, start};
use crate::pages::import::model::{mapping, outcome};

/// Choose, drop or paste.
#[component]
pub(super) fn Source(state: State) -> impl IntoView {
    let denied = role::denied(Permission::WriteAccounts);
    let disabled = move || denied() || state.is_working();
    let pasted = RwSignal::new(String::new());
    let dragging = RwSignal::new(false);
    let read_file = move |file: web_sys::File| read_file(state, file, None);
    let on_change = move |ev: ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            read_file(file);
        }
        // The same file may be chosen again after a fix.
        input.set_value("");
    };
    let on_drop = move |ev: ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if disabled() {
            return;
        }
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|files| files.get(0)) {
            read_file(file);
        }
    };
    let on_dragover = move |ev: ev::DragEvent| {
        ev.prevent_default();
        dragging.set(true);
    };
    let read_pasted = move |_| {
        let text = pasted.get_untracked();
        if text.trim().is_empty() {
            state.error.set(Some("Paste CSV or JSON text first.".into()));
        } else {
            state.chosen.set_value(None);
            start(state, None, text, None);
        }
    };
    view! {
        <div class="card import-source">
            <p class="hint">
                "A CSV file with a header row (the console's export imports as it is; a spreadsheet's own column names are matched to fields), or a JSON array of accounts as the API takes them. Rows whose account number exists update that account and need no name; empty cells leave a field as it is."
            </p>
            <div class="drop-zone" class:dragging=dragging on:dragover=on_dragover on:dragleave=move |_| dragging.set(false) on:drop=on_drop>
                <label for="import-file">"Choose a .csv or .json file"</label>
                <input id="import-file" type="file" accept=".csv,.json,.txt,text/csv,application/json" prop:disabled=disabled on:change=on_change />
                <span class="hint">"or drop it here."</span>
            </div>
            <label for="import-paste">"Or paste CSV or JSON"</label>
            <textarea id="import-paste" rows="4" prop:disabled=disabled prop:value=pasted on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            <button type="button" id="import-read-paste" class="secondary" prop:disabled=disabled title=role::reason(Permission::WriteAccounts) on:click=read_pasted>
                "Read pasted text"
            </button>
        </div>
    }
}

/// Progress of reading, checking or sending, and Stop.
#[component]
pub(super) fn Working(state: State) -> impl IntoView {
    let stage = state.stage;
    let text = move || match stage.get() {
        Stage::Busy { what, done, total } if total > 0 => {
            Some(format!("{what}: {}%…", (done * 100 / total.max(1)).min(100)))
        }
        Stage::Busy { what, .. } => Some(format!("{what}…")),
        Stage::Sending { rows_done, rows_total, paused_for, stopping } => {
            let sent = format!("Sent {} of {}", thousands(rows_done as i64), row_count(rows_total));
            Some(match (paused_for, stopping) {
                (Some(wait), _) => format!("{sent}; the API asked to wait {} s…", wait.as_secs().max(1)),
                (None, true) => format!("{sent}; stopping after this call…"),
                (None, false) => format!("{sent}…"),
            })
        }
        _ => None,
    };
    let value = move || match stage.get() {
        Stage::Busy { done, total, .. } if total > 0 => Some((done, total)),
        Stage::Sending { rows_done, rows_total, .. } => Some((rows_done, rows_total)),
        _ => None,
    };
    let stop = move |_| {
        if let Some(Some(cancel)) = state.cancel.try_get_value() {
            cancel.cancel();
        }
        stage.update(|s| {
            if let Stage::Sending { stopping, .. } = s {
                *stopping = true;
            }
        });
    };
    let sending = move || matches!(stage.get(), Stage::Sending { .. });
    // Drawn only while work runs: an idle progress bar would animate.
    view! {
        <Show when=move || text().is_some()>
            <div class="import-progress runner-progress">
                <progress
                    aria-label="Import progress"
                    max=move || value().map(|(_, total)| total.to_string())
                    value=move || value().map(|(done, _)| done.to_string())
                ></progress>
                <span role="status">{text}</span>
                <Show when=sending>
                    <button type="button" id="import-stop" class="secondary" on:click=stop>"Stop"</button>
                </Show>
            </div>
        </Show>
    }
}

/// Which field each column fills; the user may change any.
#[component]
pub(super) fn Mapping(state: State, file: FileInfo) -> impl IntoView {
    let placed = move || state.columns.with(|c| c.iter().filter(|c| c.target != Target::Skip).count());
    let summary = move || {
        let total = state.columns.with(Vec::len);
        format!("Columns: {} of {total} imported", placed())
    };
    let open = state.mapping_open;
    let on_toggle = move |ev: ev::Event| {
        if let Some(details) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) {
            open.set(details.has_attribute("open"));
        }
    };
    let on_change = move |ev: ev::Event| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Some(row) = target.closest("tr[data-column]").ok().flatten() else { return };
        let Some(index) = row.get_attribute("data-column").and_then(|i| i.parse::<usize>().ok()) else { return };
        let key = row
            .query_selector("select")
            .ok()
            .flatten()
            .and_then(|s| s.dyn_into::<HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        let number = row
            .query_selector("input")
            .ok()
            .flatten()
            .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
            .and_then(|i| i.value().trim().parse().ok())
            .unwrap_or(1);
        let target = mapping::target_of_choice(&key, number);
        state.columns.update(|columns| {
            if let Some(column) = columns.get_mut(index) {
                column.target = target;
                column.note = None;
            }
        });
        replan(state);
    };
    let FileInfo { header, samples, about, encoding, .. } = file;
    let reread = move |ev: ev::Event| {
        let chosen = Encoding::named(&event_target_value(&ev));
        if let (Some(file), Some(chosen)) = (state.chosen.get_value(), chosen) {
            read_file(state, file, Some(chosen));
        }
    };
    let encoding = encoding.map(|used| {
        let options = Encoding::ALL.map(|e| view! { <option selected=e == used>{e.name()}</option> });
        view! {
            <p class="import-encoding">
                <label for="import-encoding">"Read the file as "</label>
                <select id="import-encoding" prop:disabled=move || state.is_working() on:change=reread>{options}</select>
            </p>
        }
    });
    // A select of every field per column is costly to draw: only when open.
    let table = move || {
        open.get().then(|| {
            let rows = header
                .iter()
                .enumerate()
                .map(|(index, header)| mapping_row(state, index, header, samples.get(index).map_or("", String::as_str)))
                .collect_view();
            view! {
                <div class="table-scroll">
                    <table class="data mapping-table" on:change=on_change>
                        <thead><tr><th scope="col">"Column"</th><th scope="col">"First value"</th><th scope="col">"Imports into"</th><th scope="col">"Note"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })
    };
    let skipped = move || state.columns.with(|c| mapping::skipped_summary(c));
    view! {
        <p class="hint import-about">{about}</p>
        {encoding}
        <p class="hint import-skipped">{skipped}</p>
        <details class="card import-mapping" prop:open=move || open.get() on:toggle=on_toggle>
            <summary>{summary}</summary>
            {table}
        </details>
    }
}

pub(super) fn mapping_row(state: State, index: usize, header: &str, sample: &str) -> impl IntoView + use<> {
    let columns = state.columns;
    let target = move || columns.with(|c| c.get(index).map_or(Target::Skip, |c| c.target));
    let initial = target();
    let numbered = move || matches!(target(), Target::Custom(_) | Target::Secure(_));
    let note = move || columns.with(|c| mapping::note_text(c, index));
    let attention = move || columns.with(|c| c.get(index).is_some_and(mapping::needs_look));
    let select_id = format!("map-{index}");
    let options = std::iter::once(("skip", "Skip".to_string()))
        .chain(mapping::field_choices().map(|f| (f.name(), mapping::field_choice_label(f))))
        .chain(mapping::list_choices())
        .map(|(key, label)| {
            let selected = key == mapping::choice_key(initial);
            view! { <option value=key selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <tr data-column=index.to_string() class:attention=attention>
            <th scope="row"><label for=select_id.clone()>{header.to_string()}</label></th>
            <td class="sample">{sample.to_string()}</td>
            <td class="target">
                <select id=select_id prop:value=move || mapping::choice_key(target())>{options}</select>
                <input
                    type="number"
                    min="1"
                    aria-label=format!("Field number for {header}")
                    hidden=move || !numbered()
                    prop:value=move || mapping::target_number(target()).to_string()
                />
            </td>
            <td class="note">{note}</td>
        </tr>
    }
}

/// What the import did: the API's counts, each failure with its line, the
/// failed rows to download, and sending again what did not land.
#[component]
pub(super) fn Report(state: State) -> impl IntoView {
    let tally = state.tally;
    let counts = Memo::new(move |_| state.counts());
    let shown = move || matches!(state.stage.get(), Stage::Done | Stage::Sending { .. }) || counts.get().settled > 0;
    let failures = Memo::new(move |_| state.rows.with(|rows| outcome::failures(rows).collect::<Vec<_>>()));
    let summary = move || {
        let t = tally.get();
        format!("Created {} · Updated {} · Failed {}", thousands(t.created), thousands(t.updated), thousands(t.failed))
    };
    let not_sent = move || {
        let c = counts.get();
        let problems = c.with_problems;
        let open = c.to_retry;
        let mut said = Vec::new();
        if problems > 0 {
            let were = if problems == 1 { "was" } else { "were" };
            said.push(format!("{} with problems {were} not sent.", row_count(problems)));
        }
        if open > 0 {
            said.push(format!("{} did not surely land: see below.", row_count(open)));
        }
        said.join(" ")
    };
    let listed = move || {
        failures.with(|all| {
            all.iter()
                .take(LISTED_FAILURES)
                .map(|(line, reason)| view! { <li>{format!("Line {line}: {reason}")}</li> })
                .collect_view()
        })
    };
    let more = move || {
        let total = failures.with(Vec::len);
        (total > LISTED_FAILURES).then(|| {
            format!(
                "…and {} more: download the failed rows to see them all.",
                thousands((total - LISTED_FAILURES) as i64)
            )
        })
    };
    let toasts = expect_context::<Toasts>();
    let download = move |_| {
        let Some(file) = state.file.get_untracked() else { return };
        let csv = state.rows.with_untracked(|rows| outcome::failed_rows_csv(&file.header, rows));
        let name = outcome::failed_file_name(&file.name);
        match browser::download(&name, &csv, "text/csv;charset=utf-8") {
            Ok(()) => toasts.success(format!("Saved the failed rows as {name}.")),
            Err(error) => toasts.failure(format!("Could not save the failed rows: {error}")),
        }
    };
    let retry_text = move || {
        let c = counts.get();
        let were = if c.to_retry == 1 { "was" } else { "were" };
        format!(
            "{} got no clear answer or {were} not sent. Sending again first looks up which of them landed, so none is created twice.",
            row_count(c.to_retry)
        )
    };
    let unnumbered = move || counts.get().unnumbered_unsure;
    let denied = role::denied(Permission::WriteAccounts);
    view! {
        <section class="card import-report" hidden=move || !shown() aria-labelledby="import-report-title">
            <h2 id="import-report-title" tabindex="-1">"Report"</h2>
            <p class="report-summary" role="status">{summary}</p>
            <p class="report-not-sent">{not_sent}</p>
            <div class="import-retry" hidden=move || counts.get().to_retry == 0>
                <p>{retry_text}</p>
                // Drawn only when there are such rows (the field's grid display would override `hidden`).
                <Show when=move || unnumbered() != 0>
                    <div class="field checkbox-field">
                        <input id="import-resend-unnumbered" type="checkbox" prop:checked=state.resend_unnumbered on:change=move |ev| state.resend_unnumbered.set(event_target_checked(&ev)) />
                        <label for="import-resend-unnumbered">{move || format!("Also send the {} without an account number", row_count(unnumbered()))}</label>
                        <p class="hint">"Possible duplicates: without an account number the console cannot tell whether they were created. Left unchecked, they are listed with the failed rows."</p>
                    </div>
                </Show>
                <button type="button" id="import-retry" prop:disabled=move || denied() || state.is_working() on:click=move |_| retry(state)>"Check and send the rest"</button>
            </div>
            <ul class="import-failures bulk-failures">{listed}</ul>
            <p class="hint">{more}</p>
            <button type="button" id="import-download-failed" class="secondary" hidden=move || failures.with(Vec::is_empty) on:click=download>
                "Download failed rows"
            </button>
        </section>
    }
}
