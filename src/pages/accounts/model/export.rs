//! The export of every result as a stream: each page of the walk becomes
//! the CSV text of its rows as it arrives, and the caller hands that text
//! to the browser and drops it, so memory stays flat however many accounts
//! the search matches. What is kept is the set of ids written (so that a
//! row seen twice, moved across a page boundary by an insert made during
//! the export, is written once) and the custom columns.
//!
//! The file is the same, byte for byte, as `csv::accounts_csv` of the
//! accounts read: its header names every custom field any exported account
//! has. A walk learns them as it goes; when a page brings a custom field
//! the rows already written lack, what was written is dropped
//! ([`Step::Discard`]), the walk reads on only to learn the columns, and
//! then starts again from the first page knowing them all
//! ([`Ending::Again`]). The columns only grow (at most 100), so this ends.

use std::{collections::BTreeSet, time::Duration};

use account_model::Account;

use crate::domain::{csv, format::thousands};

/// What to do with one page's answer.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// Append this text to the file (the header comes with the first page).
    Write(String),
    /// Drop everything written so far: a custom column appeared late.
    Discard,
    /// Nothing to write: the walk only learns the columns now.
    Learn,
}

/// What to do once a walk reached its last page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The file is complete.
    Done,
    /// Walk again from the first page: the columns are all known now.
    Again,
}

/// One export of every result, across the walks it takes.
#[derive(Debug, Default)]
pub struct StreamExport {
    /// The custom columns (their numbers), in order.
    columns: Vec<u32>,
    /// Ids written in this walk. A `BTreeSet` of `i64` (about 16 bytes an id,
    /// 16 MB for a million) is already in the console for the selection.
    written: BTreeSet<i64>,
    header_written: bool,
    /// Whether this walk only learns the columns.
    learning: bool,
    /// Rows skipped because their id was written already.
    seen_twice: u64,
    /// Rows read by the walks that came before this one.
    read_before: u64,
    read: u64,
}

impl StreamExport {
    pub fn new() -> StreamExport {
        StreamExport::default()
    }

    /// Takes the next page the walk read.
    pub fn page(&mut self, accounts: &[Account]) -> Step {
        self.read += accounts.len() as u64;
        let added = csv::add_custom_columns(&mut self.columns, accounts);
        if self.learning {
            return Step::Learn;
        }
        if added && self.header_written {
            self.learning = true;
            return Step::Discard;
        }
        let mut text = if self.header_written { String::new() } else { csv::header(&self.columns) };
        self.header_written = true;
        let (written, seen_twice) = (&mut self.written, &mut self.seen_twice);
        let fresh = accounts.iter().filter(|a| {
            let fresh = written.insert(a.id);
            *seen_twice += u64::from(!fresh);
            fresh
        });
        csv::push_rows(&mut text, fresh, &self.columns);
        Step::Write(text)
    }

    /// The walk reached its last page: done, or once more from the start.
    pub fn end(&mut self) -> Ending {
        if !self.learning {
            return Ending::Done;
        }
        *self = StreamExport {
            columns: std::mem::take(&mut self.columns),
            read_before: self.read_before + self.read,
            ..StreamExport::default()
        };
        Ending::Again
    }

    /// The rows in the file so far.
    pub fn rows(&self) -> u64 {
        self.written.len() as u64
    }

    /// Rows read twice (moved across a page boundary) and written once.
    pub fn seen_twice(&self) -> u64 {
        self.seen_twice
    }

    /// Rows read by every walk of this export, for the rate.
    pub fn read(&self) -> u64 {
        self.read_before + self.read
    }

    /// "Read 12,000 accounts, 3,400 a second…": how far, and how fast once
    /// it can be told (after a second).
    pub fn progress_text(&self, elapsed: Duration) -> String {
        let mut text = match (self.learning, self.read_before > 0) {
            (true, _) => format!(
                "A custom field column turned up late: reading on to learn every column ({} read), then writing again",
                thousands(self.read as i64)
            ),
            (false, true) => format!("Writing again with every column: {} accounts", thousands(self.rows() as i64)),
            (false, false) => format!("Read {} accounts", thousands(self.rows() as i64)),
        };
        if elapsed >= Duration::from_secs(1) {
            let rate = self.read() as f64 / elapsed.as_secs_f64();
            text.push_str(&format!(", {} a second", thousands(rate.round() as i64)));
        }
        text.push('…');
        text
    }

    /// What the toast says once the file is offered.
    pub fn report(&self, file: &str) -> String {
        let noun = if self.rows() == 1 { "account" } else { "accounts" };
        let mut text = format!("Exported {} {noun} to {file}.", thousands(self.rows() as i64));
        match self.seen_twice {
            0 => {}
            1 => text.push_str(
                " 1 account moved between pages while the export ran: it was seen twice and is in the file once.",
            ),
            n => text.push_str(&format!(
                " {} accounts moved between pages while the export ran: each was seen twice and is in the file once.",
                thousands(n as i64)
            )),
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use account_model::{AccountInput, FieldValue};

    use super::*;

    fn account(id: i64, custom: &[&str]) -> Account {
        let custom_fields =
            custom.iter().map(|f| FieldValue { field: (*f).into(), value: Some(format!("{f}-{id}")) }).collect();
        let fields =
            AccountInput { name: format!("Name {id}"), custom_fields: Some(custom_fields), ..AccountInput::default() };
        Account { id, fields, ..Account::default() }
    }

    /// Runs an export over `walks` (each walk's pages, as the API answers
    /// them); returns the file and the export, and how many walks it took.
    fn run(walks: &[Vec<Vec<Account>>]) -> (String, StreamExport, usize) {
        let mut export = StreamExport::new();
        let mut file = String::new();
        for (walk, pages) in walks.iter().enumerate() {
            for page in pages {
                match export.page(page) {
                    Step::Write(text) => file.push_str(&text),
                    Step::Discard => file.clear(),
                    Step::Learn => {}
                }
            }
            if export.end() == Ending::Done {
                return (file, export, walk + 1);
            }
        }
        panic!("the export asked for more walks than given");
    }

    #[test]
    fn pages_streamed_make_the_same_bytes_as_the_file_of_all_accounts() {
        let all: Vec<Account> = (1..=7).map(|id| account(id, &["COL3", "COL10"][..(id as usize % 3)])).collect();
        let pages: Vec<Vec<Account>> = all.chunks(3).map(<[Account]>::to_vec).collect();
        let (file, export, walks) = run(&[pages]);
        assert_eq!(file, csv::accounts_csv(&all));
        assert_eq!((export.rows(), export.seen_twice(), walks), (7, 0, 1));
    }

    #[test]
    fn a_custom_column_that_turns_up_late_makes_the_export_walk_again_with_every_column() {
        let all = [account(1, &[]), account(2, &["COL5"]), account(3, &["COL2"]), account(4, &[])];
        let pages = || vec![all[..2].to_vec(), all[2..].to_vec()];
        let mut export = StreamExport::new();
        assert!(matches!(export.page(&all[..2]), Step::Write(_)));
        assert_eq!(export.page(&all[2..]), Step::Discard, "COL2 belongs before COL5 in every row");
        assert_eq!(export.page(&[account(5, &["COL7"])]), Step::Learn);
        assert!(export.progress_text(Duration::ZERO).starts_with("A custom field column turned up late"));
        assert_eq!(export.end(), Ending::Again);
        assert_eq!((export.rows(), export.read()), (0, 5), "the new walk starts an empty file");

        let (file, export, walks) = run(&[pages(), pages()]);
        assert_eq!(file, csv::accounts_csv(&all));
        assert_eq!((export.rows(), walks), (4, 2));
    }

    #[test]
    fn a_row_moved_across_a_page_boundary_is_written_once_and_counted() {
        // An insert before the second page shifts account 3 into it again.
        let pages = vec![
            vec![account(1, &[]), account(2, &[]), account(3, &[])],
            vec![account(3, &[]), account(4, &[]), account(5, &[])],
        ];
        let (file, export, _) = run(&[pages]);
        let expected: Vec<Account> = (1..=5).map(|id| account(id, &[])).collect();
        assert_eq!(file, csv::accounts_csv(&expected));
        assert_eq!((export.rows(), export.seen_twice()), (5, 1));
        assert_eq!(
            export.report("a.csv"),
            "Exported 5 accounts to a.csv. 1 account moved between pages while the export ran: it was seen twice and \
             is in the file once."
        );
    }

    #[test]
    fn progress_names_the_rows_and_the_rate_once_a_second_passed() {
        let mut export = StreamExport::new();
        let page: Vec<Account> = (1..=1000).map(|id| account(id, &[])).collect();
        let _ = export.page(&page);
        assert_eq!(export.progress_text(Duration::from_millis(500)), "Read 1,000 accounts…");
        assert_eq!(export.progress_text(Duration::from_millis(2000)), "Read 1,000 accounts, 500 a second…");
        assert_eq!(export.report("b.csv"), "Exported 1,000 accounts to b.csv.");
    }
}
