//! What an import did: each chunk's answer settled into its rows' outcomes
//! (the API's ordinals pointing back to file lines), the API's counts, what
//! to send again after an unclear answer, and the failed rows as a CSV in
//! the import's own columns, to fix and import again.

use std::collections::{HashMap, HashSet};

use account_model::{BulkCreateResult, session::Permission};

use crate::{
    api::{ApiError, runner::Failure},
    domain::access::Allowed,
    domain::csv::{BYTE_ORDER_MARK, escape},
    domain::messages::explain,
    pages::import::{
        model::existing::Existence,
        model::mapping::normalise,
        model::plan::{Outcome, Row, row_of},
    },
};

/// The API's counts, summed over the chunks that answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub created: i64,
    pub updated: i64,
    pub failed: i64,
}

/// Settles a chunk's rows from its answer: the failed ordinals failed with
/// the API's cause, the others created or updated as their numbers said (a
/// row the lookup left undecided: imported, the API's counts saying how
/// many of each). Answers how many failures pointed at no row of the chunk.
pub fn settle_answer(rows: &mut [Row], chunk: &[usize], answer: &BulkCreateResult, tally: &mut Tally) -> usize {
    tally.created += answer.success_count;
    tally.updated += answer.update_count;
    tally.failed += answer.fail_count.max(answer.failed_data.len() as i64);
    let mut failed: HashMap<usize, &str> = HashMap::new();
    let mut stray = 0;
    for failure in &answer.failed_data {
        match row_of(chunk, failure.ordinal) {
            Some(row) => {
                failed.insert(row, failure.status.as_str());
            }
            None => stray += 1,
        }
    }
    for &index in chunk {
        let Some(row) = rows.get_mut(index) else { continue };
        row.outcome = match failed.get(&index) {
            Some(status) if status.trim().is_empty() => Outcome::Failed("Refused; the API gave no reason.".into()),
            Some(status) => Outcome::Failed(explain(status).text),
            None => match row.existence {
                Existence::Existing => Outcome::Updated,
                Existence::New => Outcome::Created,
                Existence::Undecided | Existence::Unchecked => Outcome::Imported,
            },
        };
        row.rev += 1;
    }
    stray
}

/// Settles a chunk the API refused as a whole, or answered unclearly.
pub fn settle_failure(rows: &mut [Row], chunk: &[usize], failure: &Failure) {
    let outcome = match failure {
        Failure::MayHaveLanded(error) => Outcome::Unsure(error.to_string()),
        Failure::Refused(error) => Outcome::Failed(refusal_text(error)),
    };
    for &index in chunk {
        if let Some(row) = rows.get_mut(index) {
            row.outcome = outcome.clone();
            row.rev += 1;
        }
    }
}

/// A refusal of a whole call, in the user's words.
pub fn refusal_text(error: &ApiError) -> String {
    match error {
        ApiError::Validation(message) | ApiError::Conflict(message) | ApiError::NotFound(message) => {
            explain(message).text
        }
        ApiError::Forbidden(_) => Allowed::No { needs: Permission::WriteAccounts }.reason(),
        other => other.to_string(),
    }
}

/// Settles the rows of a chunk that was never sent (the user stopped).
pub fn settle_not_sent(rows: &mut [Row], chunk: &[usize]) {
    for &index in chunk {
        if let Some(row) = rows.get_mut(index) {
            row.outcome = Outcome::NotSent;
            row.rev += 1;
        }
    }
}

/// What a retry does with unclear rows that have no account number (which
/// no lookup can find): the user chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unnumbered {
    Resend,
    LeaveOut,
}

/// Makes the rows that did not land sendable again. An unclear row whose
/// (new) account number now exists landed: it is created. A row that
/// updates, or that the API decides, is simply sent again: once or twice, it
/// ends the same. One without an account number is sent again or left out,
/// as `unnumbered` says.
/// Answers how many rows will be sent, and how many were found landed.
pub fn prepare_retry(rows: &mut [Row], now_existing: &HashSet<String>, unnumbered: Unnumbered) -> (usize, usize) {
    let (mut to_send, mut landed) = (0, 0);
    for row in rows.iter_mut() {
        let next = match &row.outcome {
            Outcome::NotSent => Outcome::Pending,
            Outcome::Unsure(_) => match row.number() {
                Some(number) if row.existence == Existence::New && now_existing.contains(number) => Outcome::Created,
                Some(_) => Outcome::Pending,
                None => match unnumbered {
                    Unnumbered::Resend => Outcome::Pending,
                    Unnumbered::LeaveOut => Outcome::LeftOut,
                },
            },
            _ => continue,
        };
        match next {
            Outcome::Pending => to_send += 1,
            Outcome::Created => landed += 1,
            _ => {}
        }
        row.outcome = next;
        row.rev += 1;
    }
    (to_send, landed)
}

/// Each row that failed or was not sent, by line, with why.
pub fn failures(rows: &[Row]) -> impl Iterator<Item = (u32, String)> + '_ {
    rows.iter().filter(|r| r.failed()).map(|r| (r.line, r.reason()))
}

/// The failed rows as a CSV in the import's own columns, with a `reason`
/// column (the file's own, when it has one) saying the line and why: to fix
/// and import again.
pub fn failed_rows_csv(header: &[String], rows: &[Row]) -> String {
    let reason_column = header.iter().position(|h| normalise(h) == "reason");
    let width = header.len() + usize::from(reason_column.is_none());
    let mut out = String::from(BYTE_ORDER_MARK);
    let mut line: Vec<String> = header.iter().map(|h| escape(h)).collect();
    if reason_column.is_none() {
        line.push("reason".into());
    }
    push_line(&mut out, &line);
    for row in rows.iter().filter(|r| r.failed()) {
        let mut cells: Vec<String> =
            (0..width).map(|i| row.cells.get(i).map(|c| escape(c)).unwrap_or_default()).collect();
        let reason = escape(&format!("Line {}: {}", row.line, row.reason()));
        cells[reason_column.unwrap_or(width - 1)] = reason;
        push_line(&mut out, &cells);
    }
    out
}

/// The name of the failed rows' file: `accounts.csv` → `accounts-failed-rows.csv`.
pub fn failed_file_name(source: &str) -> String {
    let stem = source.rsplit_once('.').map_or(source, |(stem, _)| stem).trim();
    let stem: String = stem.chars().map(|c| if c.is_alphanumeric() || "-_".contains(c) { c } else { '-' }).collect();
    let stem = if stem.trim_matches('-').is_empty() { "import".to_string() } else { stem };
    format!("{stem}-failed-rows.csv")
}

fn push_line(out: &mut String, cells: &[String]) {
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use account_model::{BulkCreateFailure, EchoedRow};

    use super::*;
    use crate::pages::import::{
        model::existing::{Found, learn_numbers, numbers_to_recheck},
        model::mapping::{Target, propose},
        model::parse::{Format, read_all},
        model::plan::{CHUNK_ROWS, checked_rows_of, chunks, counts, rows_of},
    };

    #[test]
    fn an_answers_ordinals_point_back_to_file_lines() {
        let (_, mut rows) =
            checked_rows_of("name,accountNumber\nA,N-1\n\n\"B\nsecond line\",N-2\nC,N-3\nD,N-4\n", &["N-3"]);
        let chunk = vec![0, 1, 2];
        assert_eq!(row_of(&chunk, 2).map(|i| rows[i].line), Some(4), "ordinal 2 is the row on line 4");
        assert_eq!(row_of(&chunk, 0), None);
        assert_eq!(row_of(&chunk, 4), None);
        let answer = BulkCreateResult {
            success_count: 1,
            update_count: 1,
            fail_count: 1,
            failed_data: vec![BulkCreateFailure {
                data: EchoedRow::default(),
                ordinal: 2,
                status: "numOfEmployees cannot be negative.".into(),
            }],
        };
        let mut tally = Tally::default();
        assert_eq!(settle_answer(&mut rows, &chunk, &answer, &mut tally), 0);
        assert_eq!(tally, Tally { created: 1, updated: 1, failed: 1 });
        assert_eq!(rows[0].outcome, Outcome::Created);
        assert_eq!(rows[1].outcome, Outcome::Failed("Employees cannot be negative.".into()));
        assert_eq!(rows[2].outcome, Outcome::Updated);
        assert_eq!(rows[3].outcome, Outcome::Pending);
        let listed: Vec<(u32, String)> = failures(&rows).collect();
        assert_eq!(listed, [(4, "Employees cannot be negative.".to_string())]);
    }

    #[test]
    fn after_an_unclear_answer_only_what_did_not_land_is_sent_again() {
        let (_, mut rows) = checked_rows_of("name,accountNumber\nA,N-1\nB,N-2\nC,\nD,OLD\nE,N-5\n", &["OLD"]);
        settle_failure(&mut rows, &[0, 1, 2, 3], &Failure::MayHaveLanded(ApiError::Timeout));
        settle_not_sent(&mut rows, &[4]);
        let counts = counts(&rows);
        assert_eq!((counts.to_retry, counts.unnumbered_unsure), (5, 1));
        assert_eq!(numbers_to_recheck(&rows), ["N-1", "N-2"], "updates are safe to send twice");
        let landed = HashSet::from(["N-1".to_string()]);
        assert_eq!(prepare_retry(&mut rows.clone(), &landed, Unnumbered::Resend), (4, 1));
        assert_eq!(prepare_retry(&mut rows, &landed, Unnumbered::LeaveOut), (3, 1));
        let outcomes: Vec<&Outcome> = rows.iter().map(|r| &r.outcome).collect();
        assert_eq!(
            outcomes,
            [&Outcome::Created, &Outcome::Pending, &Outcome::LeftOut, &Outcome::Pending, &Outcome::Pending]
        );
        assert_eq!(chunks(&rows, CHUNK_ROWS), [vec![1, 3, 4]]);
        assert!(rows[2].reason().contains("without an account number"));
    }

    #[test]
    fn rows_the_lookup_left_to_the_api_are_imported_and_sent_again_after_an_unclear_answer() {
        let (_, mut rows) = rows_of("Account Number,Rating\nU-1,Hot\nU-2,Cold\n");
        let asked = vec!["U-1".to_string(), "U-2".to_string()];
        let found = Found { undecided: asked.iter().cloned().collect(), ..Found::default() };
        learn_numbers(&mut rows, &mut HashMap::new(), &asked, &found);
        let answer = BulkCreateResult { update_count: 1, ..BulkCreateResult::default() };
        let mut tally = Tally::default();
        settle_answer(&mut rows, &[0], &answer, &mut tally);
        assert_eq!(rows[0].outcome, Outcome::Imported);
        assert_eq!(rows[0].status(), ("Imported", "done"));
        assert!(!rows[0].failed());
        assert_eq!(tally.updated, 1, "the report counts what the API says it did");
        settle_failure(&mut rows, &[1], &Failure::MayHaveLanded(ApiError::Timeout));
        assert_eq!(numbers_to_recheck(&rows), Vec::<String>::new(), "nothing to look up: it is sent again");
        assert_eq!(prepare_retry(&mut rows, &HashSet::from(["U-2".to_string()]), Unnumbered::LeaveOut), (1, 0));
        assert_eq!(rows[1].outcome, Outcome::Pending);
    }

    #[test]
    fn a_call_refused_as_a_whole_fails_its_rows_in_the_users_words() {
        let (_, mut rows) = rows_of("name\nA\nB\n");
        settle_failure(&mut rows, &[0, 1], &Failure::Refused(ApiError::Forbidden("nope".into())));
        assert_eq!(rows[1].reason(), "Needs the Sysadmin or Superuser role.");
        assert_eq!(counts(&rows).to_retry, 0, "a refusal is not offered again");
    }

    #[test]
    fn failed_rows_come_back_as_csv_in_the_import_format_with_a_reason() {
        let (header, mut rows) =
            checked_rows_of("name,accountNumber,description\n,N-1,\"has, comma\"\nOK,N-2,\nBad,N-3,'=formula\n", &[]);
        settle_answer(
            &mut rows,
            &[1, 2],
            &BulkCreateResult {
                success_count: 1,
                failed_data: vec![BulkCreateFailure {
                    data: EchoedRow::default(),
                    ordinal: 2,
                    status: "Cannot create account. Unique account number already exists in system.".into(),
                }],
                ..BulkCreateResult::default()
            },
            &mut Tally::default(),
        );
        let csv = failed_rows_csv(&header, &rows);
        assert_eq!(
            csv,
            "\u{feff}name,accountNumber,description,reason\r\n\
             ,N-1,\"has, comma\",Line 2: Name is required.\r\n\
             Bad,N-3,'=formula,Line 4: Another account already has this account number.\r\n"
        );
        let again = read_all(&csv, Format::Csv).unwrap();
        let columns = propose(&again.header);
        assert_eq!(columns[3].target, Target::Skip, "the reason column is not imported");
        let (_, rows) = rows_of(&csv);
        assert_eq!(rows[1].input.description.as_deref(), Some("=formula"), "the apostrophe round-trips");
        assert_eq!(failed_file_name("accounts.csv"), "accounts-failed-rows.csv");
        assert_eq!(failed_file_name("pasted text"), "pasted-text-failed-rows.csv");
        assert_eq!(failed_file_name("../x y.json"), "---x-y-failed-rows.csv");
        assert_eq!(failed_file_name(".csv"), "import-failed-rows.csv");
        let twice = failed_rows_csv(&again.header, &rows);
        assert!(twice.starts_with("\u{feff}name,accountNumber,description,reason\r\n"), "one reason column");
    }
}
