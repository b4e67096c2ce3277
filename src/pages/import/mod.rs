//! `/import`: bulk import of accounts from a CSV or JSON file (chosen,
//! dropped or pasted), safe for thousands of rows.
//!
//! The file is read and checked in slices that give the browser back its
//! event loop, with progress; the columns are mapped to fields (the user may
//! change any); the preview pages through the rows with their problems and
//! whether each creates an account or updates the one with its account
//! number; rows are sent 500 per Create Multiple Accounts call through the
//! write runner (progress, Stop between calls, 429 waited out); a call with
//! no clear answer is offered again, after looking up which of its rows
//! landed; the report gives the API's counts, each failure with its line, and
//! the failed rows as a CSV to fix and import again.
//!
//! - `parse.rs`: CSV and JSON into rows of cells (pure);
//! - `mapping.rs`: columns to fields (pure);
//! - `plan.rs`: rows to create inputs, problems, chunks, outcomes, the
//!   failed-rows CSV (pure).

mod mapping;
mod parse;
mod plan;

use std::{
    collections::{HashMap, HashSet},
    rc::Rc,
    time::Duration,
};

use account_model::{MAX_PAGE_SIZE, PageQuery, SearchCriteria, SearchRequest, session::Permission};
use leptos::{ev, html, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use crate::{
    api::{
        ApiClient, ApiError, Cancel,
        runner::{self, BrowserPacing},
    },
    browser,
    categories::{Categories, CategoryKind},
    components::{
        RoleNote, Toasts,
        modal::{Modal, ModalRole},
        role,
    },
    format::thousands,
    pages::import::{
        mapping::{Column, Target},
        parse::{CsvReader, Format, JsonReader, ParseError, SourceRow},
        plan::{Context, Counts, Lookup, NumberLookup, Outcome, Row, Tally},
    },
    timer::sleep,
};

/// Rows the preview shows at a time.
const PAGE_ROWS: usize = 50;
/// Failures the report lists (the download has them all).
const LISTED_FAILURES: usize = 100;
/// At most this many rows, or this much time, between breaths.
const SLICE_ROWS: usize = 500;
const SLICE_MS: f64 = 10.0;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Work in slices: [`Slicer::due`] says when to give the browser a turn.
struct Slicer {
    started: f64,
    count: usize,
}

impl Slicer {
    fn new() -> Slicer {
        Slicer { started: now(), count: 0 }
    }

    fn due(&mut self) -> bool {
        self.count += 1;
        self.count >= SLICE_ROWS || (self.count.is_multiple_of(20) && now() - self.started > SLICE_MS)
    }

    /// Lets the browser paint and answer the user, then starts a new slice.
    async fn breathe(&mut self) {
        sleep(Duration::ZERO).await;
        *self = Slicer::new();
    }
}

/// The file being imported, as the mapping step shows it.
#[derive(Clone, Debug, PartialEq)]
struct FileInfo {
    name: String,
    format: Format,
    header: Vec<String>,
    /// The first non-empty cell of each column.
    samples: Vec<String>,
    /// "Read 3 rows from accounts.csv (semicolon-separated)."
    about: String,
}

/// Where the page is.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Idle,
    /// Reading, checking or looking up, with how far.
    Busy {
        what: String,
        done: usize,
        total: usize,
    },
    Ready,
    Sending {
        rows_done: usize,
        rows_total: usize,
        paused_for: Option<Duration>,
        stopping: bool,
    },
    Done,
}

/// Which rows the preview shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filter {
    All,
    Problems,
    New,
    Updates,
    Excluded,
    Failed,
    Imported,
}

impl Filter {
    const ALL: [(Filter, &'static str, &'static str); 7] = [
        (Filter::All, "all", "All rows"),
        (Filter::Problems, "problems", "With problems"),
        (Filter::New, "new", "New accounts"),
        (Filter::Updates, "updates", "Updates"),
        (Filter::Excluded, "excluded", "Excluded"),
        (Filter::Failed, "failed", "Failed or not sent"),
        (Filter::Imported, "imported", "Imported"),
    ];

    fn keeps(self, row: &Row) -> bool {
        let pending = row.outcome == Outcome::Pending && !row.excluded;
        match self {
            Filter::All => true,
            Filter::Problems => pending && !row.problems.is_empty(),
            Filter::New => row.sendable() && row.exists == Some(false),
            Filter::Updates => row.sendable() && row.exists == Some(true),
            Filter::Excluded => row.excluded,
            Filter::Failed => row.failed(),
            Filter::Imported => matches!(row.outcome, Outcome::Created | Outcome::Updated),
        }
    }
}

/// The page's state: signals, so `Copy`.
#[derive(Clone, Copy)]
struct State {
    file: RwSignal<Option<FileInfo>>,
    columns: RwSignal<Vec<Column>>,
    rows: RwSignal<Vec<Row>>,
    /// Account number → whether it exists, as looked up.
    known: StoredValue<HashMap<String, bool>>,
    lookup: StoredValue<Lookup>,
    tally: RwSignal<Tally>,
    stage: RwSignal<Stage>,
    /// Why the file could not be read, or a lookup failed.
    error: RwSignal<Option<String>>,
    filter: RwSignal<Filter>,
    page: RwSignal<usize>,
    fixing: RwSignal<Option<usize>>,
    /// Whether the mapping step is open (its table is drawn only then).
    mapping_open: RwSignal<bool>,
    resend_unnumbered: RwSignal<bool>,
    /// Bumped by each new piece of work; older work stops when it sees it.
    generation: StoredValue<u32>,
    cancel: StoredValue<Option<Cancel>, LocalStorage>,
    api: StoredValue<ApiClient, LocalStorage>,
    categories: Categories,
}

impl State {
    fn new(api: ApiClient, categories: Categories) -> State {
        State {
            file: RwSignal::new(None),
            columns: RwSignal::new(Vec::new()),
            rows: RwSignal::new(Vec::new()),
            known: StoredValue::new(HashMap::new()),
            lookup: StoredValue::new(Lookup::default()),
            tally: RwSignal::new(Tally::default()),
            stage: RwSignal::new(Stage::Idle),
            error: RwSignal::new(None),
            filter: RwSignal::new(Filter::All),
            page: RwSignal::new(0),
            fixing: RwSignal::new(None),
            mapping_open: RwSignal::new(false),
            resend_unnumbered: RwSignal::new(false),
            generation: StoredValue::new(0),
            cancel: StoredValue::new_local(None),
            api: StoredValue::new_local(api),
            categories,
        }
    }

    /// Starts a new piece of work; answers its number.
    fn next_generation(self) -> u32 {
        let next = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(next);
        next
    }

    /// Whether work `generation` is still the latest (and the page still there).
    fn current(self, generation: u32) -> bool {
        self.generation.try_get_value() == Some(generation)
    }

    fn busy(self, what: impl Into<String>, done: usize, total: usize) {
        let _ = self.stage.try_set(Stage::Busy { what: what.into(), done, total });
    }

    fn is_working(self) -> bool {
        matches!(self.stage.get(), Stage::Busy { .. } | Stage::Sending { .. })
    }

    fn unescape(self) -> bool {
        self.file.with_untracked(|f| f.as_ref().is_none_or(|f| f.format == Format::Csv))
    }

    fn counts(self) -> Counts {
        self.rows.with(|rows| plan::counts(rows))
    }
}

/// Reads `text` (from a file named `name`, or pasted) and checks every row.
fn start(state: State, name: Option<String>, text: String) {
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
        match read(state, generation, &name, format, &text).await {
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
async fn read(
    state: State,
    generation: u32,
    name: &str,
    format: Format,
    text: &str,
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
    let mut about = format!("Read {} rows from {name}", thousands(rows.len() as i64));
    match separator {
        Some(separator) => about.push_str(&format!(" ({}-separated).", separator.name())),
        None => about.push_str(" (JSON)."),
    }
    if text.contains('\u{fffd}') {
        about.push_str(" Some characters could not be read (shown as �): save the file as UTF-8 and choose it again.");
    }
    Ok(Some((FileInfo { name: name.to_string(), format, header, samples, about }, rows)))
}

fn unreadable(name: &str, error: &ParseError) -> String {
    format!("{name} cannot be read. {error}")
}

/// Waits (up to ten seconds) for the classification and type lists, and
/// makes the lookup of their names.
async fn category_lookup(categories: Categories) -> Lookup {
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
async fn build_rows(state: State, generation: u32, source: Vec<SourceRow>) {
    state.busy("Checking rows", 0, source.len());
    let lookup = category_lookup(state.categories).await;
    if !state.current(generation) {
        return;
    }
    state.lookup.set_value(lookup.clone());
    let columns = state.columns.get_untracked();
    let context = Context {
        columns: &columns,
        lookup: &lookup,
        unescape: state.unescape(),
        id_column: mapping::id_column(&columns),
    };
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
    let numbers = plan::numbers_to_look_up(&rows, &HashMap::new());
    match look_up(state, &numbers).await {
        _ if !state.current(generation) => return,
        Ok(found) => state.known.update_value(|known| plan::learn_numbers(&mut rows, known, &numbers, &found)),
        Err(error) => lookup_failed(state, &error),
    }
    sleep(Duration::ZERO).await;
    if !state.current(generation) {
        return;
    }
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
fn replan(state: State) {
    let generation = state.next_generation();
    spawn_local(async move {
        let total = state.rows.with_untracked(Vec::len);
        state.busy("Checking rows", 0, total);
        let columns = state.columns.get_untracked();
        let lookup = state.lookup.get_value();
        let context = Context {
            columns: &columns,
            lookup: &lookup,
            unescape: state.unescape(),
            id_column: mapping::id_column(&columns),
        };
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
async fn check_numbers(state: State, generation: u32) {
    let numbers =
        state.rows.with_untracked(|rows| state.known.with_value(|known| plan::numbers_to_look_up(rows, known)));
    let found = look_up(state, &numbers).await;
    if !state.current(generation) {
        return;
    }
    match found {
        Ok(found) => {
            let _ = state.rows.try_update(|rows| {
                state.known.update_value(|known| plan::learn_numbers(rows, known, &numbers, &found));
            });
        }
        Err(error) => lookup_failed(state, &error),
    }
    let _ =
        state.stage.try_set(if state.tally.get_untracked() == Tally::default() { Stage::Ready } else { Stage::Done });
}

/// Which of `numbers` exist, with progress.
async fn look_up(state: State, numbers: &[String]) -> Result<HashSet<String>, ApiError> {
    if numbers.is_empty() {
        return Ok(HashSet::new());
    }
    let what = format!("Checking which of {} account numbers exist", thousands(numbers.len() as i64));
    state.busy(what.as_str(), 0, 0);
    let progress = |read: usize| state.busy(format!("{what}: read {} accounts", thousands(read as i64)), 0, 0);
    existing_numbers(&state.api.get_value(), numbers, progress).await
}

fn lookup_failed(state: State, error: &ApiError) {
    let _ = state.error.try_set(Some(format!(
        "Could not check which account numbers exist already, so nothing can be sent yet: {error}"
    )));
}

/// Which of `numbers` some account has (Find Matching Accounts matches
/// substrings: the answers are compared exactly).
async fn existing_numbers(
    api: &ApiClient,
    numbers: &[String],
    progress: impl Fn(usize),
) -> Result<HashSet<String>, ApiError> {
    let wanted: HashSet<&str> = numbers.iter().map(String::as_str).collect();
    // Each search, and the number it is for (when it is for one).
    let searches: Vec<(Option<String>, Option<String>)> = match plan::number_lookup(numbers) {
        NumberLookup::EachNumber(each) => each.into_iter().map(|n| (Some(n.clone()), Some(n))).collect(),
        NumberLookup::Sweep(contains) => vec![(contains, None)],
    };
    let mut found = HashSet::new();
    let mut read = 0;
    for (criterion, one) in searches {
        let request = SearchRequest {
            search: Some(SearchCriteria { account_number: criterion.clone(), ..SearchCriteria::default() }),
            sort: None,
        };
        let mut offset = 0;
        loop {
            let page = PageQuery { count: MAX_PAGE_SIZE, offset };
            let answer = match criterion {
                Some(_) => api.search_accounts(&request, page, None).await?,
                None => api.list_accounts(page, None).await?,
            };
            for account in &answer.accounts {
                if let Some(number) = account.fields.account_number.as_deref().map(str::trim)
                    && wanted.contains(number)
                {
                    found.insert(number.to_string());
                }
            }
            read += answer.accounts.len();
            progress(read);
            let done_with_one = one.as_ref().is_some_and(|n| found.contains(n));
            if done_with_one || !answer.has_next() || answer.accounts.is_empty() {
                break;
            }
            offset += answer.accounts.len() as u64;
        }
    }
    Ok(found)
}

/// Sends every sendable row, 500 per call, through the write runner.
fn send(state: State) {
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
            async move {
                let answer = api.bulk_create_accounts(&inputs).await?;
                // Settled at once, so the counts grow while the rest is sent.
                let _ = state.rows.try_update(|rows| {
                    let _ = state.tally.try_update(|tally| plan::settle_answer(rows, &chunk, &answer, tally));
                });
                // The table redraws before the next chunk is encoded.
                sleep(Duration::ZERO).await;
                Ok(())
            }
        };
        let report = runner::run(chunks, 1, &BrowserPacing(&cancel), progress, write).await;
        let _ = state.rows.try_update(|rows| {
            for (chunk, failure) in &report.failed {
                plan::settle_failure(rows, chunk, failure);
            }
            for chunk in &report.not_sent {
                plan::settle_not_sent(rows, chunk);
            }
        });
        let _ = state.cancel.try_set_value(None);
        if state.current(generation) {
            let _ = state.stage.try_set(Stage::Done);
            browser::focus_when_ready("#import-report-title");
        }
    });
}

/// Looks up which unclear rows landed, then sends what did not (rows without
/// an account number only if the user said so).
fn retry(state: State) {
    let generation = state.next_generation();
    let numbers = state.rows.with_untracked(|rows| plan::numbers_to_recheck(rows));
    state.error.set(None);
    spawn_local(async move {
        let found = if numbers.is_empty() {
            Ok(HashSet::new())
        } else {
            state.busy("Checking which rows landed", 0, 0);
            existing_numbers(&state.api.get_value(), &numbers, |_| {}).await
        };
        if !state.current(generation) {
            return;
        }
        match found {
            Ok(found) => {
                let resend = state.resend_unnumbered.get_untracked();
                let landed = state.rows.try_update(|rows| plan::prepare_retry(rows, &found, resend).1).unwrap_or(0);
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

#[component]
pub fn ImportPage() -> impl IntoView {
    browser::set_title(&["Import"]);
    let categories = expect_context::<Categories>();
    categories.load();
    let state = State::new(expect_context::<ApiClient>(), categories);
    on_cleanup(move || {
        // Leaving stops the import between calls, and any reading.
        if let Some(Some(cancel)) = state.cancel.try_get_value() {
            cancel.cancel();
        }
    });
    let has_file = move || state.file.with(Option::is_some);
    view! {
        <section class="import">
            <h1>"Import accounts"</h1>
            <RoleNote permission=Permission::WriteAccounts />
            <Source state />
            <p class="form-error" role="alert" hidden=move || state.error.with(Option::is_none)>{move || state.error.get()}</p>
            <Working state />
            {move || state.file.get().map(|file| view! { <Mapping state file /> })}
            // Drawn with the page, so that reading a file draws only rows.
            <div hidden=move || !has_file()>
                <Preview state />
                <Report state />
            </div>
            {move || state.fixing.get().map(|index| view! { <FixRow state index /> })}
        </section>
    }
}

/// Choose, drop or paste.
#[component]
fn Source(state: State) -> impl IntoView {
    let denied = role::denied(Permission::WriteAccounts);
    let disabled = move || denied() || state.is_working();
    let pasted = RwSignal::new(String::new());
    let dragging = RwSignal::new(false);
    let read_file = move |file: web_sys::File| {
        let name = file.name();
        spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()) {
                Some(text) => start(state, Some(name), text),
                None => state.error.set(Some(format!("{name} could not be read."))),
            }
        });
    };
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
            start(state, None, text);
        }
    };
    view! {
        <div class="card import-source">
            <p class="hint">
                "A CSV file with a header row (the console's export imports as it is; a spreadsheet's own column names are matched to fields), or a JSON array of accounts as the API takes them. Rows whose account number exists update that account. Empty cells leave a field as it is."
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
fn Working(state: State) -> impl IntoView {
    let stage = state.stage;
    let text = move || match stage.get() {
        Stage::Busy { what, done, total } if total > 0 => {
            Some(format!("{what}: {}%…", (done * 100 / total.max(1)).min(100)))
        }
        Stage::Busy { what, .. } => Some(format!("{what}…")),
        Stage::Sending { rows_done, rows_total, paused_for, stopping } => {
            let sent = format!("Sent {} of {} rows", thousands(rows_done as i64), thousands(rows_total as i64));
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
    view! {
        <div class="import-progress runner-progress" hidden=move || text().is_none()>
            <progress
                aria-label="Import progress"
                max=move || value().map(|(_, total)| total.to_string())
                value=move || value().map(|(done, _)| done.to_string())
            ></progress>
            <span role="status">{text}</span>
            <button type="button" id="import-stop" class="secondary" hidden=move || !sending() on:click=stop>"Stop"</button>
        </div>
    }
}

/// Which field each column fills; the user may change any.
#[component]
fn Mapping(state: State, file: FileInfo) -> impl IntoView {
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
    let FileInfo { header, samples, about, .. } = file;
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
        <p class="hint import-skipped">{skipped}</p>
        <details class="card import-mapping" prop:open=move || open.get() on:toggle=on_toggle>
            <summary>{summary}</summary>
            {table}
        </details>
    }
}

fn mapping_row(state: State, index: usize, header: &str, sample: &str) -> impl IntoView + use<> {
    let columns = state.columns;
    let target = move || columns.with(|c| c.get(index).map_or(Target::Skip, |c| c.target));
    let initial = target();
    let numbered = move || matches!(target(), Target::Custom(_) | Target::Secure(_));
    let note = move || columns.with(|c| mapping::note_text(c, index));
    let attention = move || columns.with(|c| c.get(index).is_some_and(mapping::needs_look));
    let select_id = format!("map-{index}");
    let options = std::iter::once(("skip", "Skip".to_string()))
        .chain(mapping::field_choices().map(|f| (f.name(), mapping::field_choice_label(f))))
        .chain([("custom", "Custom field (COL…)".to_string()), ("secure", "Secure field (SECURE…)".to_string())])
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

/// One preview row, as the table shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct RowView {
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
    fn of(index: usize, row: &Row) -> RowView {
        let (status, style) = row.status();
        let details = match (&row.outcome, row.exists) {
            (Outcome::Pending, Some(true)) if row.problems.is_empty() => "Updates the account with this number.".into(),
            (Outcome::Created | Outcome::Updated, _) => String::new(),
            _ => row.reason(),
        };
        RowView {
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
fn Preview(state: State) -> impl IntoView {
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
        shown.with(|shown| {
            rows.with(|rows| {
                shown.iter().skip(start).take(PAGE_ROWS).map(|&i| RowView::of(i, &rows[i])).collect::<Vec<_>>()
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
        if c.unchecked > 0 {
            parts.push(format!("{} not checked yet", thousands(c.unchecked as i64)));
        }
        format!("{} rows: {}.", thousands(c.rows as i64), parts.join(", "))
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
                        <For each=move || visible.get() key=|r: &RowView| (r.index, r.rev) children=preview_row />
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

/// One row of the preview: no handler of its own (the table's serves all).
fn preview_row(row: RowView) -> impl IntoView {
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
fn FixRow(state: State, index: usize) -> impl IntoView {
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
        let context = Context {
            columns: &columns,
            lookup: &lookup,
            unescape: state.unescape(),
            id_column: mapping::id_column(&columns),
        };
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

/// What the import did: the API's counts, each failure with its line, the
/// failed rows to download, and sending again what did not land.
#[component]
fn Report(state: State) -> impl IntoView {
    let tally = state.tally;
    let counts = Memo::new(move |_| state.counts());
    let shown = move || matches!(state.stage.get(), Stage::Done | Stage::Sending { .. }) || counts.get().settled > 0;
    let failures = Memo::new(move |_| state.rows.with(|rows| plan::failures(rows).collect::<Vec<_>>()));
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
            said.push(format!("{} rows with problems were not sent.", thousands(problems as i64)));
        }
        if open > 0 {
            said.push(format!("{} rows did not surely land: see below.", thousands(open as i64)));
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
        let csv = state.rows.with_untracked(|rows| plan::failed_rows_csv(&file.header, rows));
        let name = plan::failed_file_name(&file.name);
        match browser::download(&name, &csv, "text/csv;charset=utf-8") {
            Ok(()) => toasts.success(format!("Saved the failed rows as {name}.")),
            Err(error) => toasts.failure(format!("Could not save the failed rows: {error}")),
        }
    };
    let retry_text = move || {
        let c = counts.get();
        format!(
            "{} rows got no clear answer or were not sent. Sending again first looks up which of them landed, so none is created twice.",
            thousands(c.to_retry as i64)
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
                <div class="field checkbox-field" hidden=move || unnumbered() == 0>
                    <input id="import-resend-unnumbered" type="checkbox" prop:checked=state.resend_unnumbered on:change=move |ev| state.resend_unnumbered.set(event_target_checked(&ev)) />
                    <label for="import-resend-unnumbered">{move || format!("Also send the {} rows without an account number", unnumbered())}</label>
                    <p class="hint">"Possible duplicates: without an account number the console cannot tell whether they were created. Left unchecked, they are listed with the failed rows."</p>
                </div>
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
