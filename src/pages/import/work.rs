//! Reading, checking and sending: the import's work, in slices that give
//! the browser back its event loop.

use std::{
    collections::{HashMap, HashSet},
    rc::Rc,
    time::Duration,
};

use account_model::{SearchCriteria, SearchRequest};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{
        ApiClient, ApiError, Cancel,
        runner::{self, BrowserPacing},
    },
    domain::categories::{Categories, CategoryKind},
    domain::format::thousands,
    pages::import::{
        model::encoding::Encoding,
        model::json::JsonReader,
        model::names::Lookup,
        model::outcome::Tally,
        model::parse::{CsvReader, Format, ParseError, SourceRow},
        model::plan::{Context, Row},
    },
    platform::browser,
    platform::timer::sleep,
};

use super::{FileInfo, Filter, Found, Slicer, Stage, State};
use crate::pages::import::model::left::LeftImport;
use crate::pages::import::model::{existing, mapping, outcome, parse, plan};

/// Reads a chosen file in the encoding its bytes show, or in `chosen`.
pub(super) fn read_file(state: State, file: web_sys::File, chosen: Option<Encoding>) {
    let name = file.name();
    state.chosen.set_value(Some(file.clone()));
    spawn_local(async move {
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
        let Ok(buffer) = buffer else {
            return state.error.set(Some(format!("{name} could not be read.")));
        };
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        let (encoding, why) = chosen.map_or_else(|| Encoding::detect(&bytes), |e| (e, "as chosen"));
        start(state, Some(name), encoding.decode(bytes), Some((encoding, why)));
    });
}

/// Reads `text` (from a file named `name` in `encoding`, and why that one;
/// or pasted) and checks every row.
pub(super) fn start(state: State, name: Option<String>, text: String, encoding: Option<(Encoding, &'static str)>) {
    if matches!(state.stage.get_untracked(), Stage::Sending { .. }) {
        return;
    }
    let generation = state.next_generation();
    state.error.set(None);
    state.fixing.set(None);
    state.busy("Reading", 0, text.len());
    spawn_local(async move {
        let format = Format::detect(name.as_deref(), &text);
        let name = name.unwrap_or_else(|| "pasted text".into());
        match read(state, generation, &name, format, &text, encoding).await {
            Ok(Some(_)) | Ok(None) if !state.current(generation) => {}
            Ok(Some((info, rows))) => {
                let columns = mapping::propose(&info.header);
                state.known.set_value(HashMap::new());
                state.tally.set(Tally::default());
                state.filter.set(Filter::All);
                state.page.set(0);
                state.mapping_open.set(false);
                state.columns.set(columns);
                state.file.set(Some(info));
                build_rows(state, generation, rows).await;
            }
            Ok(None) => {}
            Err(message) => {
                if state.current(generation) {
                    let _ = state.error.try_set(Some(message));
                    let _ = state.stage.try_set(if state.file.get_untracked().is_some() {
                        Stage::Ready
                    } else {
                        Stage::Idle
                    });
                }
            }
        }
    });
}

/// Reads the whole text in slices; `Ok(None)` when newer work took over.
pub(super) async fn read(
    state: State,
    generation: u32,
    name: &str,
    format: Format,
    text: &str,
    encoding: Option<(Encoding, &'static str)>,
) -> Result<Option<(FileInfo, Vec<SourceRow>)>, String> {
    let what = format!("Reading {name}");
    let mut slicer = Slicer::new();
    let mut rows = Vec::new();
    let (header, separator) = match format {
        Format::Csv => {
            let mut reader = CsvReader::new(text);
            let mut header = None;
            while let Some(record) = reader.next_record() {
                let record = record.map_err(|e| unreadable(name, &e))?;
                if header.is_none() {
                    header = Some(parse::header_of(record.cells));
                } else {
                    rows.push(record);
                }
                if slicer.due() {
                    state.busy(what.as_str(), text.len().saturating_sub(reader.remaining()), text.len());
                    slicer.breathe().await;
                    if !state.current(generation) {
                        return Ok(None);
                    }
                }
            }
            (header.unwrap_or_default(), Some(reader.separator()))
        }
        Format::Json => {
            let mut reader = JsonReader::new(text);
            while let Some(record) = reader.next_record() {
                rows.push(record.map_err(|e| unreadable(name, &e))?);
                if slicer.due() {
                    state.busy(what.as_str(), rows.len(), rows.len() + 1);
                    slicer.breathe().await;
                    if !state.current(generation) {
                        return Ok(None);
                    }
                }
            }
            (reader.header().to_vec(), None)
        }
    };
    if rows.is_empty() {
        return Err(format!("{name} has no accounts to import: it needs a header row and at least one row under it."));
    }
    let mut samples = vec![String::new(); header.len()];
    for row in rows.iter().take(200) {
        for (sample, cell) in samples.iter_mut().zip(&row.cells) {
            if sample.is_empty() {
                sample.clone_from(cell);
            }
        }
    }
    let mut about = format!("Read {} from {name}", super::row_count(rows.len()));
    match separator {
        Some(separator) => about.push_str(&format!(" ({}-separated).", separator.name())),
        None => about.push_str(" (JSON)."),
    }
    if let Some((encoding, why)) = encoding {
        about.push_str(&format!(" Characters read as {} ({why}).", encoding.name()));
    }
    if text.contains('\u{fffd}') {
        about.push_str(" Some could not be read (shown as �): their rows are held back. Choose another encoding if the text looks wrong.");
    }
    let encoding = encoding.map(|(encoding, _)| encoding);
    Ok(Some((FileInfo { name: name.to_string(), format, header, samples, about, encoding }, rows)))
}

pub(super) fn unreadable(name: &str, error: &ParseError) -> String {
    format!("{name} cannot be read. {error}")
}

/// Waits (up to ten seconds) for the classification and type lists, and
/// makes the lookup of their names.
pub(super) async fn category_lookup(categories: Categories) -> Lookup {
    for _ in 0..200 {
        let ready = untrack(|| {
            categories.problem().is_some()
                || (categories.is_loaded(CategoryKind::Classification) && categories.is_loaded(CategoryKind::Type))
        });
        if ready {
            break;
        }
        sleep(Duration::from_millis(50)).await;
    }
    untrack(|| {
        let list = |kind| categories.is_loaded(kind).then(|| categories.list(kind));
        let (classifications, types) = (list(CategoryKind::Classification), list(CategoryKind::Type));
        Lookup::new(classifications.as_deref(), types.as_deref())
    })
}

/// Builds the rows of a freshly read file, then looks their numbers up.
pub(super) async fn build_rows(state: State, generation: u32, source: Vec<SourceRow>) {
    state.busy("Checking rows", 0, source.len());
    let lookup = category_lookup(state.categories).await;
    if !state.current(generation) {
        return;
    }
    state.lookup.set_value(lookup.clone());
    let columns = state.columns.get_untracked();
    let context = Context::new(&columns, &lookup, state.unescape());
    let total = source.len();
    let mut rows = Vec::with_capacity(total);
    let mut slicer = Slicer::new();
    for record in source {
        rows.push(Row::new(record.line, record.cells, &context));
        if slicer.due() {
            state.busy("Checking rows", rows.len(), total);
            slicer.breathe().await;
            if !state.current(generation) {
                return;
            }
        }
    }
    // Each pass over every row gets a task of its own.
    slicer.breathe().await;
    plan::mark_repeats(&mut rows);
    slicer.breathe().await;
    // Looked up before the preview shows, so that it draws once.
    let numbers = existing::numbers_to_look_up(&rows, &HashMap::new());
    match look_up(state, &numbers).await {
        _ if !state.current(generation) => return,
        Ok(found) => state.known.update_value(|known| existing::learn_numbers(&mut rows, known, &numbers, &found)),
        Err(error) => lookup_failed(state, &error),
    }
    sleep(Duration::ZERO).await;
    if !state.current(generation) {
        return;
    }
    // Another file starts over: an import left unfinished is no longer offered.
    state.left.clear();
    // With the rows, so that the preview never draws the last file's rows under the new number.
    state.files_read.update_value(|n| *n = n.wrapping_add(1));
    state.rows.set(rows);
    let _ = state.stage.try_set(Stage::Ready);
    // The mapping opens by itself where a column needs a look, once the
    // preview is drawn (each drawing in a task of its own).
    if state.columns.with_untracked(|c| c.iter().any(mapping::needs_look)) {
        sleep(Duration::ZERO).await;
        let _ = state.mapping_open.try_set(true);
    }
}

/// Builds every row again after a change of the mapping, in place.
pub(super) fn replan(state: State) {
    let generation = state.next_generation();
    spawn_local(async move {
        let total = state.rows.with_untracked(Vec::len);
        state.busy("Checking rows", 0, total);
        let columns = state.columns.get_untracked();
        let lookup = state.lookup.get_value();
        let context = Context::new(&columns, &lookup, state.unescape());
        let mut at = 0;
        while at < total {
            let end = state.rows.try_update_untracked(|rows| {
                let mut slicer = Slicer::new();
                while at < rows.len() {
                    rows[at].rebuild(&context);
                    at += 1;
                    if slicer.due() {
                        break;
                    }
                }
                at
            });
            let Some(end) = end else { return };
            at = end;
            state.busy("Checking rows", at, total);
            sleep(Duration::ZERO).await;
            if !state.current(generation) {
                return;
            }
        }
        state.rows.update(|rows| plan::mark_repeats(rows));
        check_numbers(state, generation).await;
    });
}

/// Looks up the account numbers not known yet, so that the preview can say
/// which rows update an existing account.
pub(super) async fn check_numbers(state: State, generation: u32) {
    let numbers =
        state.rows.with_untracked(|rows| state.known.with_value(|known| existing::numbers_to_look_up(rows, known)));
    let found = look_up(state, &numbers).await;
    if !state.current(generation) {
        return;
    }
    match found {
        Ok(found) => {
            let _ = state.rows.try_update(|rows| {
                state.known.update_value(|known| existing::learn_numbers(rows, known, &numbers, &found));
            });
        }
        Err(error) => lookup_failed(state, &error),
    }
    let _ =
        state.stage.try_set(if state.tally.get_untracked() == Tally::default() { Stage::Ready } else { Stage::Done });
}

/// Which of `numbers` exist, within the lookup's bound, with progress.
pub(super) async fn look_up(state: State, numbers: &[String]) -> Result<Found, ApiError> {
    if numbers.is_empty() {
        return Ok(Found::default());
    }
    let what = format!("Checking which of {} account numbers exist", thousands(numbers.len() as i64));
    state.busy(what.as_str(), 0, 0);
    let progress = |read: usize| state.busy(format!("{what}: read {} accounts", thousands(read as i64)), 0, 0);
    existing_numbers(&state.api.get_value(), numbers, progress).await
}

pub(super) fn lookup_failed(state: State, error: &ApiError) {
    let _ = state.error.try_set(Some(format!(
        "Could not check which account numbers exist already, so nothing can be sent yet: {error}"
    )));
}

/// [`existing::look_up`] through Find Matching Accounts (account number
/// contains).
pub(super) async fn existing_numbers(
    api: &ApiClient,
    numbers: &[String],
    progress: impl Fn(usize),
) -> Result<Found, ApiError> {
    let search = |contains: String, page| {
        let api = api.clone();
        async move {
            let criteria = SearchCriteria { account_number: Some(contains), ..SearchCriteria::default() };
            let request = SearchRequest { search: Some(criteria), sort: None };
            api.search_accounts(&request, page, None).await
        }
    };
    existing::look_up(numbers, search, progress).await
}

/// Sends every sendable row, 500 per call, through the write runner.
pub(super) fn send(state: State) {
    let chunks: Vec<Rc<Vec<usize>>> =
        state.rows.with_untracked(|rows| plan::chunks(rows, plan::CHUNK_ROWS)).into_iter().map(Rc::new).collect();
    if chunks.is_empty() {
        return;
    }
    let generation = state.next_generation();
    let sizes: Vec<usize> = chunks.iter().map(|c| c.len()).collect();
    let rows_total: usize = sizes.iter().sum();
    state.error.set(None);
    state.stage.set(Stage::Sending { rows_done: 0, rows_total, paused_for: None, stopping: false });
    let cancel = Cancel::new();
    state.cancel.set_value(Some(cancel.clone()));
    state.under_way.set_value(HashSet::new());
    spawn_local(async move {
        let api = state.api.get_value();
        let progress = |p: runner::Progress| {
            let rows_done = sizes.iter().take(p.finished()).sum();
            let _ = state.stage.try_update(|stage| {
                if let Stage::Sending { rows_done: done, paused_for, .. } = stage {
                    *done = rows_done;
                    *paused_for = p.paused_for;
                }
            });
        };
        let write = |chunk: Rc<Vec<usize>>| {
            let api = api.clone();
            let inputs: Vec<_> = state
                .rows
                .try_with_untracked(|rows| chunk.iter().filter_map(|&i| rows.get(i)).map(|r| r.input.clone()).collect())
                .unwrap_or_default();
            // Until its answer is settled, the chunk may land unseen. A call
            // that fails stays so until the run settles it.
            let _ = state.under_way.try_update_value(|rows| rows.extend(chunk.iter()));
            async move {
                let answer = api.bulk_create_accounts(&inputs).await?;
                let _ = state.under_way.try_update_value(|rows| chunk.iter().for_each(|i| _ = rows.remove(i)));
                // Settled at once, so the counts grow while the rest is sent.
                let _ = state.rows.try_update(|rows| {
                    let _ = state.tally.try_update(|tally| outcome::settle_answer(rows, &chunk, &answer, tally));
                });
                // The table redraws before the next chunk is encoded.
                sleep(Duration::ZERO).await;
                Ok(())
            }
        };
        let report = runner::run(chunks, 1, &BrowserPacing(&cancel), progress, write).await;
        let _ = state.rows.try_update(|rows| {
            for (chunk, failure) in &report.failed {
                outcome::settle_failure(rows, chunk, failure);
            }
            for chunk in &report.not_sent {
                outcome::settle_not_sent(rows, chunk);
            }
        });
        let _ = state.cancel.try_set_value(None);
        let _ = state.under_way.try_set_value(HashSet::new());
        if state.current(generation) {
            // What was kept of this import (left, or the tab nearly closed)
            // now says how it ended: nothing, when nothing is left to send.
            if state.left.is_kept() {
                keep_left(state);
            }
            let _ = state.stage.try_set(Stage::Done);
            browser::focus_when_ready("#import-report-title");
        }
    });
}

/// Looks up which unclear rows landed, then sends what did not (rows without
/// an account number only if the user said so).
pub(super) fn retry(state: State) {
    let generation = state.next_generation();
    let numbers = state.rows.with_untracked(|rows| existing::numbers_to_recheck(rows));
    state.error.set(None);
    spawn_local(async move {
        let found = if numbers.is_empty() {
            Ok(HashSet::new())
        } else {
            state.busy("Checking which rows landed", 0, 0);
            // A number the bound leaves undecided counts as not landed: the
            // row is sent again and updates what it may have created.
            existing_numbers(&state.api.get_value(), &numbers, |_| {}).await.map(|found| found.existing)
        };
        if !state.current(generation) {
            return;
        }
        match found {
            Ok(found) => {
                let unnumbered = if state.resend_unnumbered.get_untracked() {
                    outcome::Unnumbered::Resend
                } else {
                    outcome::Unnumbered::LeaveOut
                };
                let landed =
                    state.rows.try_update(|rows| outcome::prepare_retry(rows, &found, unnumbered).1).unwrap_or(0);
                // Found in place: the API created them, though its answer was lost.
                state.tally.update(|tally| tally.created += landed as i64);
                let _ = state.stage.try_set(Stage::Done);
                send(state);
            }
            Err(error) => {
                let _ = state.error.try_set(Some(format!("Could not check which rows landed: {error}")));
                let _ = state.stage.try_set(Stage::Done);
            }
        }
    });
}

/// Keeps what is left of the import (its report and the rows not sent or
/// without a clear answer) for this user, or nothing when nothing is left.
pub(super) fn keep_left(state: State) {
    let kept = state.rows.try_with_untracked(|rows| {
        let (columns, lookup) = (state.columns.get_untracked(), state.lookup.get_value());
        let name = state.file.with_untracked(|f| f.as_ref().map(|f| f.name.clone())).unwrap_or_default();
        let context = Context::new(&columns, &lookup, state.unescape());
        let tally = state.tally.get_untracked();
        state.under_way.with_value(|under_way| LeftImport::of(&name, &context, tally, rows, under_way))
    });
    match kept.flatten().and_then(|left| serde_json::to_string(&left).ok()) {
        Some(text) => state.left.keep(text),
        None => state.left.clear(),
    }
}

/// Shows an import this user left unfinished, if any: its report and what
/// was not sent, with "Check and send the rest", which looks up what may
/// have landed before sending.
pub(super) fn restore_left(state: State) {
    let Some(left) = state.left.load().and_then(|text| serde_json::from_str::<LeftImport>(&text).ok()) else {
        return;
    };
    let generation = state.next_generation();
    state.busy("Reading the import left unfinished", 0, 0);
    spawn_local(async move {
        let lookup = category_lookup(state.categories).await;
        if !state.current(generation) {
            return;
        }
        let columns = left.columns();
        let rows = left.rows(&Context::new(&columns, &lookup, left.unescape));
        let about = format!(
            "{} was left unfinished: {} not sent, or sent without a clear answer. Check and send the rest below, \
             or choose a file to start over.",
            left.name,
            super::row_count(left.open())
        );
        let format = if left.unescape { Format::Csv } else { Format::Json };
        let samples = vec![String::new(); left.header.len()];
        state.lookup.set_value(lookup);
        state.tally.set(left.tally());
        state.columns.set(columns);
        state.file.set(Some(FileInfo { name: left.name, format, header: left.header, samples, about, encoding: None }));
        state.files_read.update_value(|n| *n = n.wrapping_add(1));
        state.rows.set(rows);
        state.stage.set(Stage::Done);
    });
}
