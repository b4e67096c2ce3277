//! Counting a list's matches on demand: the API gives no total, so the
//! count is found by asking for one row (`count=1`) at chosen offsets.
//!
//! [`CountPlan`] is the search, pure: it doubles the offset until a probe
//! finds no row (or the API's largest offset), then halves the interval
//! between the last row seen and the first offset without one, so a count
//! of N takes about 2·log2 N probes. A probe's `next` says whether a row
//! follows, which both raises the lower bound by one more and ends the
//! search at once when a row is the last. Once found, the count is checked
//! again at its boundary (the last row is still the last) and at the first
//! row (still the same account): when either moved, or two answers
//! disagreed during the search, the data changed while counting and the
//! count is "about". [`count`] drives it over a walk's [`Source`].

use account_model::PageQuery;

use crate::{
    api::{ApiError, walk::Source},
    domain::format,
};

/// The largest offset the API takes: `offset` is an Integer of the
/// reference, which NOTES.md reads as 32-bit signed.
pub const MAX_OFFSET: u64 = i32::MAX as u64;

/// What a count found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Total {
    Exactly(u64),
    /// More rows than the API lets a client reach.
    MoreThan(u64),
}

/// A finished count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    pub total: Total,
    /// The data changed while counting: the total is approximate.
    pub about: bool,
}

impl Count {
    /// How many rows there are (about, when the data changed while
    /// counting); `None` past the offsets the API takes.
    pub fn rows(self) -> Option<u64> {
        match self.total {
            Total::Exactly(n) => Some(n),
            Total::MoreThan(_) => None,
        }
    }

    /// What follows "Showing 1–50": " of 1,234", " of about 1,234", " of
    /// more than 2,147,483,647"; a count of none says so in words.
    pub fn said(self) -> String {
        let about = if self.about { "about " } else { "" };
        match self.total {
            Total::Exactly(0) if self.about => " · counted: about none".into(),
            Total::Exactly(0) => " · counted: none".into(),
            Total::Exactly(n) => [" of ", about, &thousands(n)].concat(),
            Total::MoreThan(n) => [" of more than ", &thousands(n)].concat(),
        }
    }
}

fn thousands(n: u64) -> String {
    format::thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The answer to one probe: the id of the row at the offset asked (`None`:
/// no row there) and whether the API named a next page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probe {
    pub id: Option<i64>,
    pub more: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Search,
    /// The count `n` is found; its last row is asked again.
    CheckLast(u64),
    /// The first row is asked again.
    CheckFirst(u64),
    Done(Count),
}

/// The search for a count: which offset to ask next, and when it is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountPlan {
    /// There are at least this many rows.
    low: u64,
    /// There are at most this many rows, once a probe found none.
    high: Option<u64>,
    /// The smallest offset the API refuses.
    limit: u64,
    /// The id of the first row, and of the row at the highest offset seen.
    first: Option<i64>,
    last: Option<(u64, i64)>,
    changed: bool,
    stage: Stage,
}

impl CountPlan {
    /// A count over offsets up to `max_offset` ([`MAX_OFFSET`] for the API).
    pub fn new(max_offset: u64) -> CountPlan {
        CountPlan {
            low: 0,
            high: None,
            limit: max_offset.saturating_add(1),
            first: None,
            last: None,
            changed: false,
            stage: Stage::Search,
        }
    }

    /// The offset to probe next; `None` once the count is found.
    pub fn next(&self) -> Option<u64> {
        match self.stage {
            Stage::Search => Some(self.next_offset()),
            Stage::CheckLast(n) => Some(n - 1),
            Stage::CheckFirst(_) => Some(0),
            Stage::Done(_) => None,
        }
    }

    fn next_offset(&self) -> u64 {
        let (low, limit) = (self.low, self.limit);
        match self.high {
            Some(high) if high <= limit => split(low, high),
            _ => {
                // 0, then 2·low − 1: doubling, never below `low`.
                let reach = low.saturating_mul(2).saturating_sub(1);
                if reach < limit { reach } else { split(low, limit) }
            }
        }
    }

    /// The count, once found.
    pub fn result(&self) -> Option<Count> {
        match self.stage {
            Stage::Done(count) => Some(count),
            _ => None,
        }
    }

    /// Takes the answer to the probe at `offset` (the one [`CountPlan::next`] named).
    pub fn answer(&mut self, offset: u64, probe: Probe) {
        match self.stage {
            Stage::Search => self.search(offset, probe),
            Stage::CheckLast(n) => {
                // The row before the boundary is still there, still the same
                // one where it was seen, and still the last.
                let seen = self.last.filter(|(at, _)| *at == n - 1).map(|(_, id)| id);
                let same = probe.id.is_some() && seen.is_none_or(|id| probe.id == Some(id));
                self.changed |= !same || probe.more;
                self.check_first(n);
            }
            Stage::CheckFirst(n) => {
                self.changed |= probe.id != self.first;
                self.done(Total::Exactly(n));
            }
            Stage::Done(_) => {}
        }
    }

    /// Whether the probes still look for the count (the checks after it
    /// ask offsets the API already took).
    pub fn is_searching(&self) -> bool {
        self.stage == Stage::Search
    }

    /// The API refused the probe at `offset` (past the offsets it takes):
    /// the count goes on below it.
    pub fn refused(&mut self, offset: u64) {
        if self.is_searching() {
            self.limit = self.limit.min(offset);
            self.settle();
        }
    }

    fn search(&mut self, offset: u64, probe: Probe) {
        if offset == 0 {
            self.first = probe.id;
        }
        match probe.id {
            Some(id) => {
                if self.last.is_none_or(|(at, _)| at <= offset) {
                    self.last = Some((offset, id));
                }
                if probe.more {
                    self.at_least(offset + 2);
                } else {
                    // The last row: the count is known from this answer alone.
                    let n = offset + 1;
                    self.changed |= self.low > n || self.high.is_some_and(|high| high < n);
                    if offset == 0 {
                        return self.done(Total::Exactly(1));
                    }
                    return self.check_first(n);
                }
            }
            None => {
                self.changed |= offset < self.low;
                self.high = Some(self.high.map_or(offset, |high| high.min(offset)));
            }
        }
        if let Some(high) = self.high
            && self.low > high
        {
            // Answers that disagree: rows came or went while counting.
            self.changed = true;
            self.low = high;
        }
        self.settle();
    }

    fn at_least(&mut self, rows: u64) {
        self.low = self.low.max(rows);
    }

    fn settle(&mut self) {
        match self.high {
            Some(high) if self.low >= high => {
                if high == 0 {
                    self.done(Total::Exactly(0));
                } else {
                    self.stage = Stage::CheckLast(high);
                }
            }
            // Past the last offset the API takes.
            _ if self.low > self.limit => self.done(Total::MoreThan(self.low - 1)),
            _ => {}
        }
    }

    fn check_first(&mut self, n: u64) {
        if n == 0 {
            self.done(Total::Exactly(0));
        } else {
            self.stage = Stage::CheckFirst(n);
        }
    }

    fn done(&mut self, total: Total) {
        self.stage = Stage::Done(Count { total, about: self.changed });
    }
}

/// The offset to ask when there are `low` to `high` rows: its answer says
/// there are at most that many (no row), one more (a row, the last) or at
/// least two more (a row and a next page), so the middle of the range is
/// the row before it.
fn split(low: u64, high: u64) -> u64 {
    ((low + high) / 2).saturating_sub(1).max(low.saturating_sub(1))
}

/// Counts the rows of `source` with probes of one row, up to `max_offset`;
/// [`ApiError::Aborted`] when the source is cancelled (asked before each
/// probe), the first other error as it came. A refusal (400) of an offset
/// past the first marks the API's largest offset.
pub async fn count(source: &mut impl Source, max_offset: u64) -> Result<Count, ApiError> {
    let mut plan = CountPlan::new(max_offset);
    while let Some(offset) = plan.next() {
        if source.cancelled() {
            return Err(ApiError::Aborted);
        }
        match source.page(PageQuery { count: 1, offset }).await {
            Ok(page) => plan.answer(offset, Probe { id: page.accounts.first().map(|a| a.id), more: page.has_next() }),
            Err(ApiError::Validation(_)) if offset > 0 && plan.is_searching() => plan.refused(offset),
            Err(error) => return Err(error),
        }
    }
    plan.result().ok_or(ApiError::Aborted)
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use account_model::{Account, AccountPage};
    use futures::executor::block_on;

    use super::*;

    /// A list of `total` rows whose ids start at `first_id`; it can refuse
    /// offsets from `refuse_from`, be cancelled once `cancel_after` probes
    /// were asked, and change (`change_after` probes: the new total and
    /// first id, as rows inserted before the first) while counted.
    struct Rows {
        total: Cell<u64>,
        first_id: Cell<i64>,
        refuse_from: u64,
        cancel_after: usize,
        change_after: Option<(usize, u64, i64)>,
        asked: RefCell<Vec<u64>>,
    }

    fn rows(total: u64) -> Rows {
        Rows {
            total: Cell::new(total),
            first_id: Cell::new(1_000),
            refuse_from: u64::MAX,
            cancel_after: usize::MAX,
            change_after: None,
            asked: RefCell::new(Vec::new()),
        }
    }

    impl Rows {
        fn answer(&self, query: PageQuery) -> Result<AccountPage, ApiError> {
            assert_eq!(query.count, 1, "a probe asks for one row");
            let mut asked = self.asked.borrow_mut();
            asked.push(query.offset);
            if let Some((after, total, first_id)) = self.change_after
                && asked.len() > after
            {
                self.total.set(total);
                self.first_id.set(first_id);
            }
            if query.offset >= self.refuse_from {
                return Err(ApiError::Validation("offset is too large.".into()));
            }
            let total = self.total.get();
            let accounts = (query.offset < total)
                .then(|| Account { id: self.first_id.get() + query.offset as i64, ..Account::default() })
                .into_iter()
                .collect();
            Ok(AccountPage { next: (query.offset + 1 < total).then(|| "next".into()), accounts })
        }

        fn asked(&self) -> usize {
            self.asked.borrow().len()
        }
    }

    impl Source for &Rows {
        fn page(&mut self, query: PageQuery) -> impl Future<Output = Result<AccountPage, ApiError>> {
            std::future::ready(self.answer(query))
        }

        fn cancelled(&self) -> bool {
            self.asked() >= self.cancel_after
        }
    }

    use std::future::Future;

    fn counted(rows: &Rows, max_offset: u64) -> Result<Count, ApiError> {
        block_on(count(&mut &*rows, max_offset))
    }

    fn exactly(n: u64) -> Result<Count, ApiError> {
        Ok(Count { total: Total::Exactly(n), about: false })
    }

    /// About 2·log2 N probes, and the two checks.
    fn bound(n: u64) -> usize {
        2 * (u64::BITS - n.leading_zeros()) as usize + 2
    }

    #[test]
    fn a_count_is_exact_within_about_two_log2_n_probes() {
        // Each: the rows, and the probes at most (None: about 2·log2 N).
        let cases: [(u64, Option<usize>); 11] = [
            (0, Some(1)),
            (1, Some(1)),
            (2, None),
            (5, None),
            (3, None),
            (63, None),
            (64, None),
            (65, None),
            (1_000, None),
            (1_048_576, None),
            (1_000_000, Some(42)),
        ];
        for (total, most) in cases {
            let rows = rows(total);
            assert_eq!(counted(&rows, MAX_OFFSET), exactly(total), "{total} rows");
            let most = most.unwrap_or_else(|| bound(total));
            assert!(rows.asked() <= most, "{total} rows: {} probes, {most} at most", rows.asked());
            let asked = rows.asked.borrow();
            assert!(
                asked.iter().all(|offset| *offset <= 2 * total),
                "{total} rows: no probe past twice the end: {asked:?}"
            );
        }
    }

    #[test]
    fn offsets_past_the_largest_the_api_takes_are_not_asked_and_the_count_says_more_than() {
        let rows = rows(1_000_000);
        assert_eq!(counted(&rows, 999), Ok(Count { total: Total::MoreThan(1_000), about: false }));
        assert!(rows.asked.borrow().iter().all(|offset| *offset <= 999));
        assert!(rows.asked() <= bound(1_000), "{} probes", rows.asked());

        // The API's own bound, NOTES.md's 32-bit offset: never asked past it.
        let mut plan = CountPlan::new(MAX_OFFSET);
        while let Some(offset) = plan.next() {
            assert!(offset <= MAX_OFFSET);
            plan.answer(offset, Probe { id: Some(1), more: true });
        }
        assert_eq!(plan.result(), Some(Count { total: Total::MoreThan(MAX_OFFSET + 1), about: false }));
    }

    #[test]
    fn when_the_api_refuses_large_offsets_the_count_goes_on_below_them() {
        let mut rows = rows(1_000_000);
        rows.refuse_from = 5_000;
        assert_eq!(counted(&rows, MAX_OFFSET), Ok(Count { total: Total::MoreThan(5_000), about: false }));
        assert!(rows.asked() <= bound(5_000) + 13, "{} probes", rows.asked());

        let mut rows = self::rows(3_000);
        rows.refuse_from = 5_000;
        assert_eq!(counted(&rows, MAX_OFFSET), exactly(3_000), "fewer rows than the bound: exact");

        let mut rows = self::rows(10);
        rows.refuse_from = 0;
        assert!(matches!(counted(&rows, MAX_OFFSET), Err(ApiError::Validation(_))), "a refused first probe fails");
    }

    #[test]
    fn a_count_cancelled_midway_asks_nothing_more() {
        let mut rows = rows(1_000_000);
        rows.cancel_after = 5;
        assert_eq!(counted(&rows, MAX_OFFSET), Err(ApiError::Aborted));
        assert_eq!(rows.asked(), 5);
    }

    #[test]
    fn rows_that_come_or_go_while_counting_make_the_count_about() {
        // Each: the rows, after how many probes they change, to how many, and
        // the first row's id after.
        let cases = [
            (1_000, 5, 1_010, 990),  // ten inserted before the first
            (1_000, 15, 990, 1_010), // ten deleted, late in the search
            (1_000, 3, 1_000, 990),  // as many inserted as deleted: the first row moved
            (64, 6, 70, 994),
        ];
        for (total, after, changed, first_id) in cases {
            let mut rows = rows(total);
            rows.change_after = Some((after, changed, first_id));
            let count = counted(&rows, MAX_OFFSET).expect("counted");
            assert!(count.about, "{total} → {changed} after {after} probes: {count:?}");
            let Total::Exactly(n) = count.total else { panic!("{count:?}") };
            assert!(n.abs_diff(changed) <= 10, "{total} → {changed}: {n}");
        }
        let mut rows = rows(1_000);
        rows.change_after = Some((100, 1_010, 990));
        assert_eq!(counted(&rows, MAX_OFFSET), exactly(1_000), "a change after the count is not seen");
    }

    #[test]
    fn an_error_stops_the_count_as_it_came() {
        let failing = |_: PageQuery| std::future::ready(Err::<AccountPage, _>(ApiError::Timeout));
        assert_eq!(block_on(count(&mut { failing }, MAX_OFFSET)), Err(ApiError::Timeout));
    }

    #[test]
    fn a_count_reads_as_of_n_about_more_than_or_none() {
        let said = |total, about| Count { total, about }.said();
        assert_eq!(said(Total::Exactly(1_234), false), " of 1,234");
        assert_eq!(said(Total::Exactly(1_234), true), " of about 1,234");
        assert_eq!(said(Total::MoreThan(2_147_483_648), false), " of more than 2,147,483,648");
        assert_eq!(said(Total::Exactly(0), false), " · counted: none");
    }
}
