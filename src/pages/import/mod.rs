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
//! - `model/encoding.rs`: a file's bytes into text, its encoding detected or
//!   chosen (pure);
//! - `model/parse.rs`: CSV into rows of cells, with `json.rs` for JSON (pure);
//! - `model/mapping.rs`: columns to fields (pure), with `aliases.rs`, the names
//!   CRM exports give them;
//! - `model/plan.rs`: rows to inputs, problems, counts and chunks (pure), with
//!   `names.rs`, the classification and type names cells are matched against;
//! - `model/existing.rs`: which rows update an account: the bounded lookup of
//!   their account numbers;
//! - `model/outcome.rs`: the answers settled into outcomes, the failed-rows CSV;
//! - `model/left.rs`: what is kept of an import left before it finished, to
//!   continue it (pure);
//! - `work.rs`: reading, checking and sending, with the page's state;
//! - `view.rs` and `preview.rs`: the steps of the page.

mod model;
mod preview;
mod view;
mod work;

use self::{
    model::existing::{Existence, Found},
    preview::{FixRow, Preview},
    view::{Mapping, Report, Source, Working},
    work::{check_numbers, keep_left, read_file, replan, restore_left, retry, send, start},
};

use std::{
    collections::{HashMap, HashSet},
    time::Duration,
};

use account_model::session::Permission;
use leptos::prelude::*;

use crate::{
    api::{ApiClient, Cancel},
    components::{LeaveGuard, RoleNote, Unfinished},
    domain::categories::Categories,
    domain::format::thousands,
    pages::import::{
        model::encoding::Encoding,
        model::mapping::Column,
        model::names::Lookup,
        model::outcome::Tally,
        model::parse::Format,
        model::plan::{Counts, Outcome, Row},
    },
    platform::browser,
    platform::session::LeftWork,
    platform::timer::sleep,
};

/// Rows the preview shows at a time.
const PAGE_ROWS: usize = 50;
/// Failures the report lists (the download has them all).
const LISTED_FAILURES: usize = 100;
/// At most this many rows, or this much time, between breaths.
const SLICE_ROWS: usize = 500;
const SLICE_MS: f64 = 10.0;

/// "1 row", "2,500 rows".
fn row_count(n: usize) -> String {
    match n {
        1 => "1 row".into(),
        n => format!("{} rows", thousands(n as i64)),
    }
}

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
    /// The encoding a chosen file was read in (none for pasted text).
    encoding: Option<Encoding>,
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
    /// Past the lookup's bound: the API creates or updates.
    Undecided,
    Excluded,
    Failed,
    Imported,
}

impl Filter {
    const ALL: [(Filter, &'static str, &'static str); 8] = [
        (Filter::All, "all", "All rows"),
        (Filter::Problems, "problems", "With problems"),
        (Filter::New, "new", "New accounts"),
        (Filter::Updates, "updates", "Updates"),
        (Filter::Undecided, "undecided", "Not looked up"),
        (Filter::Excluded, "excluded", "Excluded"),
        (Filter::Failed, "failed", "Failed or not sent"),
        (Filter::Imported, "imported", "Imported"),
    ];

    fn keeps(self, row: &Row) -> bool {
        let pending = row.outcome == Outcome::Pending && !row.excluded;
        match self {
            Filter::All => true,
            Filter::Problems => pending && !row.problems.is_empty(),
            Filter::New => row.sendable() && row.existence == Existence::New,
            Filter::Updates => row.sendable() && row.existence == Existence::Existing,
            Filter::Undecided => row.sendable() && row.existence == Existence::Undecided,
            Filter::Excluded => row.excluded,
            Filter::Failed => row.failed(),
            Filter::Imported => matches!(row.outcome, Outcome::Created | Outcome::Updated | Outcome::Imported),
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
    known: StoredValue<HashMap<String, Existence>>,
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
    /// The file chosen, to read again in another encoding.
    chosen: StoredValue<Option<web_sys::File>, LocalStorage>,
    /// How many files (or pastes) were read: the preview's rows are keyed by it.
    files_read: StoredValue<u32>,
    /// The rows of calls sent without an answer yet: should the page be
    /// left now, they may have landed.
    under_way: StoredValue<HashSet<usize>>,
    /// Where an import left unfinished is kept for this user.
    left: LeftWork,
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
            chosen: StoredValue::new_local(None),
            files_read: StoredValue::new(0),
            under_way: StoredValue::new(HashSet::new()),
            left: use_context::<LeftWork>().unwrap_or_default(),
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

    fn is_sending(self) -> bool {
        matches!(self.stage.get(), Stage::Sending { .. })
    }

    fn is_working(self) -> bool {
        matches!(self.stage.get(), Stage::Busy { .. } | Stage::Sending { .. })
    }

    fn unescape(self) -> bool {
        self.file.with_untracked(|f| f.as_ref().is_none_or(|f| f.format == Format::Csv))
    }

    fn counts(self) -> Counts {
        self.rows.with(|rows| model::plan::counts(rows))
    }
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
    // An import left unfinished is offered to continue.
    restore_left(state);
    let has_file = move || state.file.with(Option::is_some);
    // Leaving while rows are sent asks first, and keeps what is left.
    let sending = Signal::derive(move || state.is_sending().then_some(Unfinished::Import));
    let keep = Callback::new(move |()| keep_left(state));
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
            <LeaveGuard unfinished=sending keep />
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_row_is_a_row() {
        assert_eq!(super::row_count(1), "1 row");
        assert_eq!((super::row_count(0), super::row_count(2500)), ("0 rows".to_string(), "2,500 rows".to_string()));
    }
}
