//! An import left before it finished (the page left, the tab reloaded or
//! closed while rows were being sent): what is needed to continue it (pure).
//! The page keeps it per user, in memory and in `sessionStorage`
//! (`session::LeftWork`), and offers to continue it when it opens again
//! (`import/work.rs`).
//!
//! Kept: the report (the API's counts, each failure's line, reason and
//! cells, for "Download failed rows") and the rows not sent, or sent
//! without a clear answer, with their cells and whether they create or
//! update, so that "Check and send the rest" looks up what landed and sends
//! the rest. The rows of the call under way when the page was left are kept
//! as without a clear answer: they may have landed. Never kept: the cells
//! of rows done, and secure values (never stored in the browser, as
//! drafts): their cells are kept blank, the reason says so, and a row to
//! continue that holds one is kept as a failure that says to choose the
//! file again.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::pages::import::{
    model::existing::Existence,
    model::mapping::{Column, Target, choice_key, target_number, target_of_choice},
    model::outcome::Tally,
    model::plan::{Context, Outcome, Row},
};

/// A row to continue: its line, whether it creates or updates, the error of
/// the call that got no clear answer (empty: not sent), and its cells.
type OpenRow = (u32, String, String, Vec<String>);
/// A failed row: its line, why, and its cells (secure ones blank).
type FailedRow = (u32, String, Vec<String>);

/// What is kept of an import left before it finished.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftImport {
    /// The file's name.
    pub name: String,
    pub header: Vec<String>,
    /// The mapping: each column's choice and number.
    columns: Vec<(String, u32)>,
    /// Whether the cells may carry the export's apostrophe (CSV, not JSON).
    pub unescape: bool,
    /// Created, updated and failed, as the API counted.
    tally: (i64, i64, i64),
    open: Vec<OpenRow>,
    failed: Vec<FailedRow>,
}

/// Why the rows of the call under way when the page was left are unsure.
pub const LEFT_UNDER_WAY: &str = "The page was left before the API answered.";

/// Why a row to continue that holds a secure value was not kept.
pub const SECURE_NOT_KEPT: &str = "Not kept when the page was left: it holds a secure field value, which the console \
                                   never stores in the browser. Choose the file again to send it.";

/// Said of a failed row whose secure values were left out.
pub const SECURE_LEFT_OUT: &str = "Its secure field values were not kept: take them from the file.";

impl LeftImport {
    /// What to keep of an import of `rows` (from a file named `name`),
    /// where the rows of `under_way` were being sent: `None` when nothing
    /// is left to send. Rows not sent yet count as not sent.
    pub fn of(
        name: &str,
        context: &Context<'_>,
        tally: Tally,
        rows: &[Row],
        under_way: &HashSet<usize>,
    ) -> Option<LeftImport> {
        let columns = context.columns;
        let mut left = LeftImport {
            name: name.to_string(),
            header: columns.iter().map(|c| c.header.clone()).collect(),
            columns: columns.iter().map(|c| (choice_key(c.target).to_string(), target_number(c.target))).collect(),
            unescape: context.unescape,
            tally: (tally.created, tally.updated, tally.failed),
            open: Vec::new(),
            failed: Vec::new(),
        };
        for (index, row) in rows.iter().enumerate() {
            let unsure = match &row.outcome {
                _ if !row.failed() && !row.sendable() => continue,
                Outcome::Pending if row.sendable() && under_way.contains(&index) => LEFT_UNDER_WAY.to_string(),
                Outcome::Pending if row.sendable() => String::new(),
                Outcome::NotSent => String::new(),
                Outcome::Unsure(error) => error.clone(),
                _ => {
                    left.failed.push(failed_row(row, row.reason(), columns));
                    continue;
                }
            };
            if row.input.secure_fields.is_some() {
                left.failed.push(failed_row(row, SECURE_NOT_KEPT.into(), columns));
            } else {
                left.open.push((row.line, existence_key(row.existence).into(), unsure, row.cells.clone()));
            }
        }
        (!left.open.is_empty()).then_some(left)
    }

    /// The columns as they were mapped.
    pub fn columns(&self) -> Vec<Column> {
        self.header
            .iter()
            .zip(&self.columns)
            .map(|(header, (key, number))| Column {
                header: header.clone(),
                target: target_of_choice(key, *number),
                note: None,
            })
            .collect()
    }

    pub fn tally(&self) -> Tally {
        let (created, updated, failed) = self.tally;
        Tally { created, updated, failed }
    }

    /// How many rows are left to send (or to look up first).
    pub fn open(&self) -> usize {
        self.open.len()
    }

    /// The rows again, in the order of their lines: those to continue not
    /// sent or without a clear answer, the failed ones with their reason.
    /// `context` is built on [`LeftImport::columns`] and [`LeftImport::unescape`].
    pub fn rows(&self, context: &Context<'_>) -> Vec<Row> {
        let mut open = self.open.iter().map(|(line, existence, unsure, cells)| {
            let mut row = Row::new(*line, cells.clone(), context);
            row.set_existence(existence_of(existence));
            row.outcome = if unsure.is_empty() { Outcome::NotSent } else { Outcome::Unsure(unsure.clone()) };
            row
        });
        let mut failed = self.failed.iter().map(|(line, reason, cells)| {
            let mut row = Row::new(*line, cells.clone(), context);
            row.outcome = Outcome::Failed(reason.clone());
            row
        });
        // Both are in the order of their lines: merged, they stay so.
        let mut rows = Vec::with_capacity(self.open.len() + self.failed.len());
        let (mut next_open, mut next_failed) = (open.next(), failed.next());
        loop {
            let take_open = match (&next_open, &next_failed) {
                (Some(a), Some(b)) => a.line < b.line,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => return rows,
            };
            if take_open {
                rows.extend(next_open.take());
                next_open = open.next();
            } else {
                rows.extend(next_failed.take());
                next_failed = failed.next();
            }
        }
    }
}

/// A failed row as kept: its cells of secure columns blank, and the reason
/// saying so when one held a value.
fn failed_row(row: &Row, mut reason: String, columns: &[Column]) -> FailedRow {
    let secure = |i: usize| columns.get(i).is_some_and(|c| matches!(c.target, Target::Secure(_)));
    let mut left_out = false;
    let cells = row
        .cells
        .iter()
        .enumerate()
        .map(|(i, cell)| match secure(i) {
            true if !cell.trim().is_empty() => {
                left_out = true;
                String::new()
            }
            true => String::new(),
            false => cell.clone(),
        })
        .collect();
    if left_out && reason != SECURE_NOT_KEPT {
        reason = format!("{reason} {SECURE_LEFT_OUT}");
    }
    (row.line, reason, cells)
}

fn existence_key(existence: Existence) -> &'static str {
    match existence {
        Existence::New => "new",
        Existence::Existing => "existing",
        Existence::Undecided => "undecided",
        Existence::Unchecked => "unchecked",
    }
}

fn existence_of(key: &str) -> Existence {
    [Existence::New, Existence::Existing, Existence::Undecided]
        .into_iter()
        .find(|e| existence_key(*e) == key)
        .unwrap_or(Existence::Unchecked)
}

#[cfg(test)]
mod tests {
    use account_model::{BulkCreateFailure, BulkCreateResult, EchoedRow};

    use super::*;
    use crate::pages::import::{
        model::existing::numbers_to_recheck,
        model::mapping::propose,
        model::names::tests::lookup,
        model::outcome::{Unnumbered, failed_rows_csv, prepare_retry, settle_answer},
        model::plan::{CHUNK_ROWS, checked_rows_of, chunks, counts},
    };

    /// Lines 2–5 sent and answered (line 3 refused), lines 6–7 under way,
    /// 8–9 not sent yet; line 10 has a problem.
    fn left_mid_run() -> (Vec<String>, Vec<Row>, Tally) {
        let (header, mut rows) = checked_rows_of(
            "name,accountNumber,rating\nA,L-1,\nB,L-2,Hot\nC,OLD,\nD,,\nE,L-5,\nF,,\nG,L-7,\nH,OLD2,\n,L-9,\n",
            &["OLD", "OLD2"],
        );
        let mut tally = Tally::default();
        let answer = BulkCreateResult {
            success_count: 2,
            update_count: 1,
            fail_count: 1,
            failed_data: vec![BulkCreateFailure {
                data: EchoedRow::default(),
                ordinal: 2,
                status: "rating is bad.".into(),
            }],
        };
        settle_answer(&mut rows, &[0, 1, 2, 3], &answer, &mut tally);
        (header, rows, tally)
    }

    #[test]
    fn an_import_left_mid_run_keeps_its_report_and_what_was_not_sent_and_no_more() {
        let (header, rows, tally) = left_mid_run();
        let (lookup, columns) = (lookup(), propose(&header));
        let context = Context::new(&columns, &lookup, true);
        let left = LeftImport::of("accounts.csv", &context, tally, &rows, &HashSet::from([4, 5]))
            .expect("something to continue");
        assert_eq!(left.tally(), tally);
        assert_eq!(left.open(), 4, "two under way, two not sent");
        let json = serde_json::to_string(&left).expect("JSON");
        for done in ["\"A\"", "\"C\"", "\"D\""] {
            assert!(!json.contains(done), "the cells of a row done are not kept: {done} in {json}");
        }
        let again: LeftImport = serde_json::from_str(&json).expect("read back");
        assert_eq!(again, left);

        let columns = again.columns();
        assert_eq!(columns, propose(&header), "the mapping as it was");
        assert!(again.unescape);
        let mut rows = again.rows(&Context::new(&columns, &lookup, again.unescape));
        let said: Vec<(u32, String)> = rows.iter().map(|r| (r.line, r.status().0.to_string())).collect();
        let expected = [(3, "Failed"), (6, "Unsure"), (7, "Unsure"), (8, "Not sent"), (9, "Not sent"), (10, "Failed")];
        assert_eq!(said, expected.map(|(line, status)| (line, status.to_string())));
        assert_eq!(rows[0].reason(), "Rating: is bad.", "as the report said it");
        let download = failed_rows_csv(&again.header, &rows);
        assert!(download.contains("B,L-2,Hot,Line 3: Rating: is bad."), "a failed row's cells, to fix: {download}");
        assert_eq!(rows[5].reason(), "Name is required.");
        assert!(rows[1].reason().contains(LEFT_UNDER_WAY));
        assert_eq!(counts(&rows).to_retry, 4);
        assert_eq!(counts(&rows).unnumbered_unsure, 1, "line 7 has no number to look up");
        // Continuing looks up what may have landed first, then sends the rest.
        assert_eq!(numbers_to_recheck(&rows), ["L-5"]);
        assert_eq!(prepare_retry(&mut rows, &HashSet::from(["L-5".to_string()]), Unnumbered::LeaveOut), (2, 1));
        let rest: Vec<u32> = chunks(&rows, CHUNK_ROWS).concat().iter().map(|&i| rows[i].line).collect();
        assert_eq!(rest, [8, 9]);
        assert_eq!(rows[4].existence, Existence::Existing, "line 9 still updates OLD2");
    }

    #[test]
    fn secure_values_are_never_kept_and_a_finished_import_keeps_nothing() {
        let (header, rows) = checked_rows_of("name,accountNumber,SECURE1\nA,S-1,TRUE\nB,S-2,\n", &[]);
        let (lookup, columns) = (lookup(), propose(&header));
        let context = Context::new(&columns, &lookup, true);
        let left = LeftImport::of("s.csv", &context, Tally::default(), &rows, &HashSet::new()).expect("kept");
        let json = serde_json::to_string(&left).expect("JSON");
        assert!(!json.contains("TRUE"), "{json}");
        assert_eq!(left.open(), 1);
        let columns = left.columns();
        let rows = left.rows(&Context::new(&columns, &lookup, true));
        assert_eq!(rows[0].reason(), SECURE_NOT_KEPT);
        assert_eq!(rows[0].cells, ["A", "S-1", ""], "its secure cell blank");
        assert_eq!(rows[1].outcome, Outcome::NotSent);

        // A failed row that held a secure value says it was left out.
        let (header, rows) = checked_rows_of(
            "name,accountNumber,SECURE1
,S-3,TRUE
B,S-4,
",
            &[],
        );
        let columns = propose(&header);
        let context = Context::new(&columns, &lookup, true);
        let left = LeftImport::of("s.csv", &context, Tally::default(), &rows, &HashSet::new()).expect("kept");
        assert!(!serde_json::to_string(&left).expect("JSON").contains("TRUE"));
        let rows = left.rows(&Context::new(&columns, &lookup, true));
        assert_eq!(rows[0].reason(), format!("Name is required. {SECURE_LEFT_OUT}"));
        assert_eq!(rows[0].cells, ["", "S-3", ""]);

        let (header, mut rows, tally) = left_mid_run();
        rows.truncate(4);
        let columns = propose(&header);
        let context = Context::new(&columns, &lookup, true);
        assert_eq!(LeftImport::of("a.csv", &context, tally, &rows, &HashSet::new()), None, "nothing to continue");
    }
}
