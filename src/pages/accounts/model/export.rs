//! The export of every result as a stream: each page of the walk becomes
//! the CSV text of its rows as it arrives, and the caller hands that text
//! to the browser and drops it, so memory stays flat however many accounts
//! the search matches. What is kept is the set of ids written and the
//! custom columns.
//!
//! Rows move while an export walks, since offsets count rows: an insert
//! before the walk's place pushes a row already written onto the next page
//! (it is read twice, written once: the ids written say so), and a delete
//! pulls a row not yet read back behind it, where the next page would miss
//! it. So every page after the first starts one row early, on the last row
//! of the page before: when that row is not one already written, rows moved
//! back, and the walk steps back a page and reads it again, keeping what it
//! had not written ([`StreamExport::stepped_back`]). Nothing that existed
//! throughout the export is lost or doubled; a row inserted behind the
//! walk's place after it passed is not in the file, as in any export made a
//! moment earlier.
//!
//! The file is the same, byte for byte, as `csv::accounts_csv` of the
//! accounts read: its header names every custom field any exported account
//! has. A walk learns them as it goes; when a page brings a custom field
//! the rows already written lack, what was written is dropped
//! ([`Take::Discard`]), the walk reads on only to learn the columns, and
//! then starts again from the first page knowing them all. The columns
//! only grow (at most 100), so this ends.

use std::{collections::BTreeSet, ops::Range, time::Duration};

use account_model::{Account, PageQuery};

use crate::domain::{
    csv,
    format::{thousands, time_left},
};

/// What [`StreamExport::take`] makes of a page.
#[derive(Debug, PartialEq)]
pub enum Take {
    /// Write these rows of the page ([`StreamExport::write`]).
    Write(Range<usize>),
    /// Drop everything written so far: a custom column appeared late.
    Discard,
    /// Nothing to write.
    Nothing,
}

/// One export of every result, across the walks it takes.
#[derive(Debug, Default)]
pub struct StreamExport {
    /// Rows a page asks for, the one read again included.
    page_size: u32,
    /// Where the rows not read yet start.
    offset: u64,
    /// The last page was read.
    finished: bool,
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
    /// Times rows moved back behind the walk's place and it stepped back.
    stepped_back: u64,
    /// Rows before this position were read before a step back: met again
    /// there, they were not moved by an insert.
    reread_end: u64,
    /// How many of the rows [`StreamExport::write`] takes next are such.
    rereads: usize,
    /// Rows read by the walks that came before this one.
    read_before: u64,
    read: u64,
}

impl StreamExport {
    /// An export asking for pages of `page_size` rows (2 to the API's 1000):
    /// one of them is the row read again.
    pub fn new(page_size: u32) -> StreamExport {
        StreamExport { page_size: page_size.clamp(2, account_model::MAX_PAGE_SIZE), ..StreamExport::default() }
    }

    /// The page to read next; `None` once the file is complete.
    pub fn next(&self) -> Option<PageQuery> {
        let query = match self.offset {
            0 => PageQuery { count: self.page_size, offset: 0 },
            offset => PageQuery { count: self.page_size, offset: offset - 1 },
        };
        (!self.finished).then_some(query)
    }

    /// Takes the answer to the page [`StreamExport::next`] named and says
    /// what to do with it, which rows to write; the page to read next is
    /// known from here on, so that it can be asked for while these rows
    /// become text.
    pub fn take(&mut self, accounts: &[Account], has_next: bool) -> Take {
        self.read += accounts.len() as u64;
        let added = csv::add_custom_columns(&mut self.columns, accounts);
        // The rows written lack the new column: they go, and the walk reads
        // on only to learn the others.
        let discard = added && self.header_written && !self.learning;
        self.learning |= discard;
        let rows = match self.offset {
            0 => 0..accounts.len(),
            _ => {
                // The row read again must be one written, unless rows moved back.
                let held = accounts.first().is_some_and(|a| self.written.contains(&a.id));
                if !held && !self.learning {
                    self.stepped_back += 1;
                    self.reread_end = self.reread_end.max(self.offset);
                    self.offset = self.offset.saturating_sub(u64::from(self.page_size - 1));
                    return Take::Nothing;
                }
                1.min(accounts.len())..accounts.len()
            }
        };
        let start = self.offset;
        self.rereads = usize::try_from(self.reread_end.saturating_sub(start)).unwrap_or(usize::MAX).min(rows.len());
        self.offset += rows.len() as u64;
        // A walk that learnt the columns ends by making way for one that
        // writes: nothing of its last page is written.
        let learning = self.learning;
        if rows.is_empty() || !has_next {
            self.walk_ended();
        }
        match (discard, learning) {
            (true, _) => Take::Discard,
            (false, true) => Take::Nothing,
            (false, false) => Take::Write(rows),
        }
    }

    /// The CSV text of `rows` (the header first, the first time), leaving
    /// out ids already written.
    pub fn write(&mut self, rows: &[Account]) -> String {
        let mut text = if self.header_written { String::new() } else { csv::header(&self.columns) };
        self.header_written = true;
        let (written, seen_twice, rereads) = (&mut self.written, &mut self.seen_twice, self.rereads);
        let fresh = rows.iter().enumerate().filter(|(at, a)| {
            let fresh = written.insert(a.id);
            *seen_twice += u64::from(!fresh && *at >= rereads);
            fresh
        });
        let fresh = fresh.map(|(_, a)| a);
        csv::push_rows(&mut text, fresh, &self.columns);
        text
    }

    /// The walk read its last page: the file is complete, or a walk that
    /// learnt the columns is followed by one that writes them all.
    fn walk_ended(&mut self) {
        if !self.learning {
            self.finished = true;
            return;
        }
        *self = StreamExport {
            page_size: self.page_size,
            columns: std::mem::take(&mut self.columns),
            read_before: self.read_before + self.read,
            ..StreamExport::default()
        };
    }

    /// The rows in the file so far.
    pub fn rows(&self) -> u64 {
        self.written.len() as u64
    }

    /// Rows read twice (moved across a page boundary) and written once.
    pub fn seen_twice(&self) -> u64 {
        self.seen_twice
    }

    /// Times rows moved back behind the walk (deleted before it) and a page
    /// was read again so that none was missed.
    pub fn stepped_back(&self) -> u64 {
        self.stepped_back
    }

    /// Rows read by every walk of this export, for the rate.
    pub fn read(&self) -> u64 {
        self.read_before + self.read
    }

    /// "Read 12,000 of 1,000,000 accounts, 3,400 a second, about 5 min
    /// left…": how far, how fast once it can be told (after a second), and
    /// the time left once the count (`total`, when known) allows.
    pub fn progress_text(&self, elapsed: Duration, total: Option<u64>) -> String {
        let rows = thousands(self.rows() as i64);
        let of = total.map(|t| [" of ", &thousands(t as i64)].concat()).unwrap_or_default();
        let mut text = match (self.learning, self.read_before > 0) {
            (true, _) => format!(
                "A custom field column turned up late: reading on to learn every column ({} read), then writing again",
                thousands(self.read as i64)
            ),
            (false, true) => format!("Writing again with every column: {rows}{of} accounts"),
            (false, false) => format!("Read {rows}{of} accounts"),
        };
        if elapsed >= Duration::from_secs(1) {
            let rate = self.read() as f64 / elapsed.as_secs_f64();
            text.push_str(&format!(", {} a second", thousands(rate.round() as i64)));
            // Rows still to read at that rate; a walk that learns the
            // columns is followed by one that reads every row again.
            if let Some(total) = total {
                let left = match self.learning {
                    true => total.saturating_sub(self.read) + total,
                    false => total.saturating_sub(self.rows()),
                };
                text.extend(time_left(self.read(), self.read() + left, elapsed));
            }
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
                " 1 account moved onto the next page while the export ran (an account was added before it): it is in \
                 the file once.",
            ),
            n => text.push_str(&format!(
                " {} accounts moved onto the next page while the export ran (accounts were added before them): each \
                 is in the file once.",
                thousands(n as i64)
            )),
        }
        if self.stepped_back > 0 {
            text.push_str(
                " Accounts were deleted while the export ran: the pages after them were read again, so that none was \
                 missed.",
            );
        }
        if self.seen_twice > 0 || self.stepped_back > 0 {
            text.push_str(
                " The file holds each account as its page was read: one added behind the export is not in it.",
            );
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use account_model::{AccountInput, FieldValue};

    use super::*;

    fn account(id: i64, custom: &[&str]) -> Account {
        let custom_fields =
            custom.iter().map(|f| FieldValue { field: (*f).into(), value: Some(format!("{f}-{id}")) }).collect();
        let fields =
            AccountInput { name: format!("Name {id}"), custom_fields: Some(custom_fields), ..AccountInput::default() };
        Account { id, fields, ..Account::default() }
    }

    fn plain(ids: impl IntoIterator<Item = i64>) -> Vec<Account> {
        ids.into_iter().map(|id| account(id, &[])).collect()
    }

    /// Exports `rows` as the API would answer them, in pages of
    /// `page_size`; `change` may alter the rows before each page (its
    /// number given) is answered. Returns the file and the export.
    fn export(
        mut rows: Vec<Account>,
        page_size: u32,
        mut change: impl FnMut(usize, &mut Vec<Account>),
    ) -> (String, StreamExport) {
        let mut export = StreamExport::new(page_size);
        let mut file = String::new();
        let mut pages = 0;
        while let Some(query) = export.next() {
            change(pages, &mut rows);
            pages += 1;
            assert!(pages < 10_000, "the export ends");
            let start = (query.offset as usize).min(rows.len());
            let end = (start + query.count as usize).min(rows.len());
            feed(&mut export, &rows[start..end], end < rows.len(), &mut file);
        }
        (file, export)
    }

    /// Takes `page` as `export_every` does, its rows written into `file`.
    fn feed(export: &mut StreamExport, page: &[Account], has_next: bool, file: &mut String) -> Take {
        let take = export.take(page, has_next);
        match &take {
            Take::Write(rows) => file.push_str(&export.write(&page[rows.clone()])),
            Take::Discard => file.clear(),
            Take::Nothing => {}
        }
        take
    }

    fn unchanged(_: usize, _: &mut Vec<Account>) {}

    #[test]
    fn pages_streamed_make_the_same_bytes_as_the_file_of_all_accounts() {
        let all: Vec<Account> = (1..=7).map(|id| account(id, &["COL3", "COL10"][..(id as usize % 3)])).collect();
        for page_size in [2, 3, 4, 7, 8, 1000] {
            let (file, export) = export(all.clone(), page_size, unchanged);
            assert_eq!(file, csv::accounts_csv(&all), "pages of {page_size}");
            assert_eq!((export.rows(), export.seen_twice(), export.stepped_back()), (7, 0, 0));
        }
        let (_, export) = export(Vec::new(), 3, unchanged);
        assert_eq!(export.rows(), 0, "no match: nothing to offer");
    }

    #[test]
    fn a_custom_column_that_turns_up_late_makes_the_export_walk_again_with_every_column() {
        let all = vec![account(1, &[]), account(2, &["COL5"]), account(3, &["COL2"]), account(4, &[]), account(5, &[])];
        for page_size in [2, 3, 4] {
            let (file, export) = export(all.clone(), page_size, unchanged);
            assert_eq!(file, csv::accounts_csv(&all), "pages of {page_size}");
            assert_eq!(export.rows(), 5);
            assert!(export.read() > 5, "pages of {page_size}: the walk went again");
        }
        let (mut learning, mut file) = (StreamExport::new(3), String::new());
        assert_eq!(feed(&mut learning, &all[..2], true, &mut file), Take::Write(0..2));
        assert_eq!(
            feed(&mut learning, &all[1..4], true, &mut file),
            Take::Discard,
            "COL2 comes after COL5 was written"
        );
        assert!(learning.progress_text(Duration::ZERO, None).starts_with("A custom field column turned up late"));
    }

    #[test]
    fn a_row_pushed_onto_the_next_page_by_an_insert_is_written_once_and_counted() {
        let all = plain(10..=17);
        // A new account sorts first while the second page is on its way.
        let (file, export) = export(all.clone(), 4, |page, rows| {
            if page == 1 {
                rows.insert(0, account(1, &[]));
            }
        });
        assert_eq!(file, csv::accounts_csv(&all), "the account inserted behind the walk is not in the file");
        assert_eq!((export.rows(), export.seen_twice(), export.stepped_back()), (8, 1, 0));
        assert_eq!(
            export.report("a.csv"),
            "Exported 8 accounts to a.csv. 1 account moved onto the next page while the export ran (an account was \
             added before it): it is in the file once. The file holds each account as its page was read: one added \
             behind the export is not in it."
        );
    }

    #[test]
    fn rows_pulled_behind_the_walk_by_deletes_are_read_again_and_none_is_missed() {
        let all = plain(1..=20);
        // Each: the page before which accounts are deleted, and which.
        for (page, deleted) in [(1, vec![1]), (2, vec![2, 3]), (2, vec![1, 2, 3, 4, 5, 6, 7]), (3, vec![9])] {
            let (file, export) = export(all.clone(), 4, |at, rows| {
                if at == page {
                    rows.retain(|a| !deleted.contains(&a.id));
                }
            });
            assert_eq!(file, csv::accounts_csv(&all), "deleted {deleted:?} before page {page}: every account once");
            assert!(export.stepped_back() > 0);
            assert_eq!(export.seen_twice(), 0, "deleted {deleted:?}: pages read again are not rows moved");
            assert!(export.report("b.csv").contains("read again, so that none was missed."));
        }
    }

    /// A small deterministic generator for the changes below.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        *seed >> 33
    }

    #[test]
    fn under_any_inserts_and_deletes_every_account_there_throughout_is_in_the_file_once() {
        for mut seed in 0..300_u64 {
            let all = plain((0..40).map(|i| i * 10));
            let mut next_id = 1_000;
            let mut deleted = BTreeMap::new();
            let page_size = 2 + (lcg(&mut seed) % 6) as u32;
            let (file, _) = export(all.clone(), page_size, |_, rows| {
                for _ in 0..lcg(&mut seed) % 4 {
                    if lcg(&mut seed).is_multiple_of(2) && !rows.is_empty() {
                        let at = (lcg(&mut seed) as usize) % rows.len();
                        let gone = rows.remove(at);
                        deleted.insert(gone.id, ());
                    } else {
                        let at = (lcg(&mut seed) as usize) % (rows.len() + 1);
                        rows.insert(at, account(next_id, &[]));
                        next_id += 1;
                    }
                }
            });
            let lines: Vec<&str> = file.lines().skip(1).collect();
            let mut ids: Vec<i64> = lines.iter().map(|l| l.split(',').next().unwrap().parse().unwrap()).collect();
            let count = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), count, "seed {seed}: no account twice");
            for kept in all.iter().filter(|a| !deleted.contains_key(&a.id)) {
                assert!(ids.binary_search(&kept.id).is_ok(), "seed {seed}: account {} is in the file", kept.id);
            }
        }
    }

    #[test]
    fn progress_names_the_rows_the_count_the_rate_and_the_time_left_once_they_can_be_told() {
        let mut export = StreamExport::new(1000);
        let _ = feed(&mut export, &plain(1..=1000), true, &mut String::new());
        let secs = Duration::from_secs;
        assert_eq!(export.progress_text(Duration::from_millis(500), None), "Read 1,000 accounts…");
        assert_eq!(export.progress_text(secs(2), None), "Read 1,000 accounts, 500 a second…");
        assert_eq!(
            export.progress_text(secs(2), Some(61_000)),
            "Read 1,000 of 61,000 accounts, 500 a second, about 2 min left…"
        );
        assert_eq!(export.report("b.csv"), "Exported 1,000 accounts to b.csv.");
    }
}
