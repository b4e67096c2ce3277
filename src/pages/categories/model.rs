//! What the category pages work out before and after calling the API (pure):
//! a name that can be saved; the order a list is shown in and the levels a
//! change writes (always a dense 1..n in that order, only the levels that
//! change); and how use, runs and their reports are said.

use account_model::Category;

use crate::{
    api::{
        ApiError,
        runner::{Failure, Report},
    },
    domain::format::thousands,
    domain::messages,
};

/// The name to save: trimmed, not empty, not another one's in any case.
pub fn check_name(name: &str, existing: &[Category], except: Option<i64>) -> Result<String, &'static str> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Enter a name.");
    }
    let folded = name.to_lowercase();
    if existing.iter().any(|c| Some(c.id) != except && c.name.trim().to_lowercase() == folded) {
        return Err("That name is taken: names are unique whatever their case.");
    }
    Ok(name.to_string())
}

/// The level typed for a new one: empty for "last", else 1 to `count + 1`
/// (the place it takes among `count` others).
pub fn check_level(text: &str, count: usize) -> Result<Option<usize>, String> {
    let last = count + 1;
    match text.trim() {
        "" => Ok(None),
        text => match text.parse::<usize>() {
            Ok(level) if (1..=last).contains(&level) => Ok(Some(level)),
            _ => Err(format!("The level is a whole number from 1 to {last}.")),
        },
    }
}

/// The list as the page shows it: by level, then name (ignoring case), then
/// id; those without a level last. The API orders by level only, so ties
/// would otherwise come in any order.
pub fn shown_order(mut list: Vec<Category>) -> Vec<Category> {
    crate::domain::sort::by_key(&mut list, |c| (c.level.is_none(), c.level, c.name.to_lowercase(), c.id));
    list
}

/// Whether the levels of `shown` (in [`shown_order`]) are exactly 1, 2, ..., n.
pub fn is_dense(shown: &[Category]) -> bool {
    shown.iter().zip(1..).all(|(c, level)| c.level == Some(level))
}

/// The order with `id` moved by `delta` places (clamped to the ends).
pub fn moved(order: &[i64], id: i64, delta: isize) -> Vec<i64> {
    let mut order = order.to_vec();
    if let Some(from) = order.iter().position(|x| *x == id) {
        let to = (from as isize + delta).clamp(0, order.len() as isize - 1) as usize;
        let item = order.remove(from);
        order.insert(to, item);
    }
    order
}

/// The order with `id` put where `before` is (drag and drop).
pub fn dropped(order: &[i64], id: i64, before: i64) -> Vec<i64> {
    let (Some(from), Some(to)) = (order.iter().position(|x| *x == id), order.iter().position(|x| *x == before)) else {
        return order.to_vec();
    };
    moved(order, id, to as isize - from as isize)
}

/// The order with `id` at `level` (1-based), wherever it was: a new one
/// created at a level, the later ones one place down.
pub fn inserted(order: &[i64], id: i64, level: usize) -> Vec<i64> {
    let mut order: Vec<i64> = order.iter().copied().filter(|x| *x != id).collect();
    order.insert(level.clamp(1, order.len() + 1) - 1, id);
    order
}

/// The level writes that give the items of `order` the levels 1, 2, ..., n
/// in that order: only those whose level changes. On a dense list a move is
/// a swap of two, an insertion moves the later ones down, and a deletion
/// closes its gap; a list with ties or gaps is renumbered.
pub fn dense_updates(items: &[Category], order: &[i64]) -> Vec<(i64, i64)> {
    order
        .iter()
        .zip(1..)
        .filter(|(id, level)| items.iter().find(|c| c.id == **id).is_none_or(|c| c.level != Some(*level)))
        .map(|(id, level)| (*id, level))
        .collect()
}

/// "12 accounts use it", "1000 or more accounts use it".
pub fn usage_text(count: usize, capped: bool) -> String {
    match (count, capped) {
        (_, true) => format!("{} or more accounts use it", thousands(count as i64)),
        (0, _) => "No account uses it".into(),
        (1, _) => "1 account uses it".into(),
        (n, _) => format!("{} accounts use it", thousands(n as i64)),
    }
}

/// "1 account", "2,500 accounts".
pub fn accounts(count: usize) -> String {
    match count {
        1 => "1 account".into(),
        n => format!("{} accounts", thousands(n as i64)),
    }
}

/// Why one write of a run did not land, in the user's words.
fn why(failure: &Failure) -> String {
    match failure {
        Failure::MayHaveLanded(error) => format!("{error} It may have been done."),
        Failure::Refused(ApiError::Validation(m) | ApiError::Conflict(m)) => messages::explain(m).text,
        Failure::Refused(ApiError::NotFound(_)) => "It no longer exists.".into(),
        Failure::Refused(error) => error.to_string(),
    }
}

/// How many failures a run keeps to name; the rest are counted.
pub const NAMED_FAILURES: usize = 50;

/// What became of a run of writes, kept small however long the run: the
/// counts, and the first [`NAMED_FAILURES`] failures with their items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally<I> {
    pub done: usize,
    pub failed: usize,
    pub not_sent: usize,
    pub named: Vec<(I, Failure)>,
}

impl<I> Default for Tally<I> {
    fn default() -> Self {
        Tally { done: 0, failed: 0, not_sent: 0, named: Vec::new() }
    }
}

impl<I> Tally<I> {
    /// Counts one batch's report in.
    pub fn add(&mut self, report: Report<I, ()>) {
        self.done += report.done.len();
        self.failed += report.failed.len();
        self.not_sent += report.not_sent.len();
        let room = NAMED_FAILURES.saturating_sub(self.named.len());
        self.named.extend(report.failed.into_iter().take(room));
    }

    pub fn total(&self) -> usize {
        self.done + self.failed + self.not_sent
    }

    /// Every write landed.
    pub fn all_done(&self) -> bool {
        self.failed == 0 && self.not_sent == 0
    }

    /// One line per named failure (`line(item, why)`), then how many more
    /// failed.
    fn failure_lines(&self, line: impl Fn(&I, String) -> String) -> Vec<String> {
        let mut lines: Vec<String> = self.named.iter().map(|(item, f)| line(item, why(f))).collect();
        if self.failed > self.named.len() {
            lines.push(format!("{} more failed.", thousands((self.failed - self.named.len()) as i64)));
        }
        lines
    }
}

/// What did not land of a run of level writes, one line per item ("Bank to
/// level 2: why"), and what was not sent; empty when all landed.
pub fn level_failures(tally: &Tally<(i64, i64)>, name_of: impl Fn(i64) -> String) -> Vec<String> {
    let mut lines = tally.failure_lines(|(id, level), why| format!("{} to level {level}: {why}", name_of(*id)));
    if tally.not_sent > 0 {
        lines.push(format!("{} not written (stopped).", levels(tally.not_sent)));
    }
    lines
}

/// "1 level", "3 levels".
pub fn levels(count: usize) -> String {
    if count == 1 { "1 level".into() } else { format!("{count} levels") }
}

/// The summary of moving accounts off a category before deleting it ("Moved
/// 48 of 51 accounts to Silver.", or "Cleared Type on ..." when `to` is
/// `None`), and one line per account that did not move ("Account 7: why").
pub fn move_report(tally: &Tally<i64>, to: Option<&str>, field: &str) -> (String, Vec<String>) {
    let (done, total) = (thousands(tally.done as i64), accounts(tally.total()));
    let mut summary = match to {
        Some(name) => format!("Moved {done} of {total} to {name}."),
        None => format!("Cleared {field} on {done} of {total}."),
    };
    if tally.failed > 0 {
        summary.push_str(&format!(" {} failed.", thousands(tally.failed as i64)));
    }
    if tally.not_sent > 0 {
        summary.push_str(&format!(" {} not sent (stopped).", thousands(tally.not_sent as i64)));
    }
    (summary, tally.failure_lines(|id, why| format!("Account {id}: {why}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(id: i64, name: &str, level: Option<i64>) -> Category {
        Category { id, name: name.into(), level }
    }

    fn ids(list: &[Category]) -> Vec<i64> {
        list.iter().map(|c| c.id).collect()
    }

    #[test]
    fn names_are_trimmed_required_and_unique_in_any_case() {
        let existing = [category(1, "Gold", Some(1)), category(2, "Émeraude", Some(2))];
        assert_eq!(check_name("  Silver ", &existing, None), Ok("Silver".into()));
        assert_eq!(check_name(" ", &existing, None), Err("Enter a name."));
        assert!(check_name("gold", &existing, None).is_err());
        assert!(check_name("ÉMERAUDE", &existing, None).is_err());
        assert_eq!(check_name("GOLD", &existing, Some(1)), Ok("GOLD".into()), "renaming itself");
    }

    #[test]
    fn a_new_level_is_empty_or_a_place_from_first_to_just_after_the_last() {
        for (typed, expected) in [
            ("", Ok(None)),
            (" 1 ", Ok(Some(1))),
            ("4", Ok(Some(4))),
            ("0", Err(())),
            ("5", Err(())),
            ("-1", Err(())),
            ("2.5", Err(())),
            ("two", Err(())),
        ] {
            assert_eq!(check_level(typed, 3).map_err(|_| ()), expected, "{typed:?}");
        }
        assert_eq!(check_level("9", 3), Err("The level is a whole number from 1 to 4.".into()));
    }

    #[test]
    fn the_list_shows_by_level_then_name_with_levelless_ones_last() {
        let list = vec![
            category(1, "bank", Some(2)),
            category(2, "Zeta", None),
            category(3, "Agency", Some(2)),
            category(4, "Retail", Some(1)),
            category(5, "Alpha", None),
        ];
        assert_eq!(ids(&shown_order(list)), [4, 3, 1, 5, 2]);
    }

    #[test]
    fn only_levels_one_to_n_are_dense() {
        for (levels, dense) in [
            (vec![], true),
            (vec![Some(1), Some(2), Some(3)], true),
            (vec![Some(1), Some(2), Some(2)], false),
            (vec![Some(1), Some(3)], false),
            (vec![Some(2), Some(3)], false),
            (vec![Some(1), None], false),
        ] {
            let list: Vec<Category> =
                levels.iter().enumerate().map(|(i, level)| category(i as i64, "x", *level)).collect();
            assert_eq!(is_dense(&list), dense, "{levels:?}");
        }
    }

    #[test]
    fn moving_up_and_down_stops_at_the_ends() {
        assert_eq!(moved(&[1, 2, 3], 3, -1), [1, 3, 2]);
        assert_eq!(moved(&[1, 2, 3], 1, -1), [1, 2, 3]);
        assert_eq!(moved(&[1, 2, 3], 2, 5), [1, 3, 2]);
        assert_eq!(dropped(&[1, 2, 3, 4], 4, 2), [1, 4, 2, 3]);
        assert_eq!(dropped(&[1, 2, 3, 4], 1, 3), [2, 3, 1, 4]);
    }

    #[test]
    fn a_new_one_is_inserted_at_its_level_clamped_to_the_ends() {
        assert_eq!(inserted(&[1, 2, 3, 9], 9, 2), [1, 9, 2, 3]);
        assert_eq!(inserted(&[1, 2, 3], 9, 1), [9, 1, 2, 3]);
        assert_eq!(inserted(&[1, 2, 3], 9, 4), [1, 2, 3, 9]);
        assert_eq!(inserted(&[1, 2, 3], 9, 40), [1, 2, 3, 9]);
    }

    /// The levels each change writes on a dense list of Retail 1, Bank 2,
    /// Agency 3, Other 4 (ids 1 to 4), and on lists with ties and gaps.
    #[test]
    fn every_change_writes_a_dense_order_and_only_the_levels_that_change() {
        let dense = [
            category(1, "Retail", Some(1)),
            category(2, "Bank", Some(2)),
            category(3, "Agency", Some(3)),
            category(4, "Other", Some(4)),
        ];
        let order = ids(&dense);
        // Created at level 2 (the API put it last, at 5): the later ones move down.
        let with_new = [&dense[..], &[category(9, "New", Some(5))]].concat();
        let created = inserted(&ids(&with_new), 9, 2);
        let tied = [category(1, "A", Some(1)), category(2, "B", Some(2)), category(3, "C", Some(2))];
        let gaps = [category(1, "A", Some(2)), category(2, "B", Some(5)), category(3, "C", None)];
        for (case, items, new_order, expected) in [
            ("nothing moves", &dense[..], order.clone(), vec![]),
            ("move up swaps two", &dense[..], moved(&order, 3, -1), vec![(3, 2), (2, 3)]),
            ("move down swaps two", &dense[..], moved(&order, 1, 1), vec![(2, 1), (1, 2)]),
            ("a drop shifts those between", &dense[..], dropped(&order, 4, 1), vec![(4, 1), (1, 2), (2, 3), (3, 4)]),
            ("create at level 2", &with_new[..], created, vec![(9, 2), (2, 3), (3, 4), (4, 5)]),
            ("delete Bank closes the gap", &dense[..], vec![1, 3, 4], vec![(3, 2), (4, 3)]),
            ("delete the last leaves the rest", &dense[..], vec![1, 2, 3], vec![]),
            ("ties are renumbered", &tied[..], vec![1, 2, 3], vec![(3, 3)]),
            ("gaps and no level are renumbered", &gaps[..], vec![1, 2, 3], vec![(1, 1), (2, 2), (3, 3)]),
        ] {
            assert_eq!(dense_updates(items, &new_order), expected, "{case}");
        }
    }

    #[test]
    fn use_is_said_with_a_cap() {
        assert_eq!(usage_text(0, false), "No account uses it");
        assert_eq!(usage_text(1, false), "1 account uses it");
        assert_eq!(usage_text(1200, false), "1,200 accounts use it");
        assert_eq!(usage_text(1000, true), "1,000 or more accounts use it");
    }

    #[test]
    fn a_tally_counts_every_batch_and_keeps_the_first_failures_to_name() {
        let mut tally = Tally::default();
        for batch in 0..3 {
            let first = batch * 100;
            let failed = (first..first + 30).map(|id| (id, Failure::MayHaveLanded(ApiError::Timeout))).collect();
            tally.add(Report { done: (first + 30..first + 90).map(|id| (id, ())).collect(), failed, not_sent: vec![] });
        }
        tally.add(Report { done: vec![], failed: vec![], not_sent: (300..310).collect() });
        assert_eq!((tally.done, tally.failed, tally.not_sent, tally.total()), (180, 90, 10, 280));
        assert_eq!(tally.named.len(), NAMED_FAILURES);
        assert_eq!(tally.named.last().map(|(id, _)| *id), Some(119), "the first ones, in order");
        assert!(!tally.all_done());
    }

    #[test]
    fn failed_level_writes_name_each_item_and_what_was_not_sent() {
        let mut tally = Tally::default();
        tally.add(Report {
            done: vec![((1, 1), ())],
            failed: vec![
                ((2, 2), Failure::MayHaveLanded(ApiError::Timeout)),
                ((3, 3), Failure::Refused(ApiError::NotFound("No Record Found".into()))),
            ],
            not_sent: vec![(4, 4)],
        });
        let names = |id| ["", "Retail", "Bank", "Agency", "Other"][id as usize].to_string();
        assert_eq!(
            level_failures(&tally, names),
            [
                "Bank to level 2: The Account API did not answer in time. It may have been done.",
                "Agency to level 3: It no longer exists.",
                "1 level not written (stopped).",
            ]
        );
        let mut all_done = Tally::default();
        all_done.add(Report { done: vec![((1, 1), ())], failed: vec![], not_sent: vec![] });
        assert!(level_failures(&all_done, names).is_empty() && all_done.all_done());
    }

    #[test]
    fn a_move_report_counts_and_names_each_account_that_did_not_move() {
        let mut tally = Tally::default();
        tally.add(Report {
            done: (1..=1200).map(|id| (id, ())).collect(),
            failed: (1201..=1260)
                .map(|id| (id, Failure::Refused(ApiError::Validation("classificationId 99 does not exist.".into()))))
                .collect(),
            not_sent: vec![1261, 1262],
        });
        let (summary, failures) = move_report(&tally, Some("Silver"), "Classification");
        assert_eq!(summary, "Moved 1,200 of 1,262 accounts to Silver. 60 failed. 2 not sent (stopped).");
        assert_eq!(failures.len(), NAMED_FAILURES + 1);
        assert_eq!(failures[0], "Account 1201: There is no classification with ID 99.");
        assert_eq!(failures.last().map(String::as_str), Some("10 more failed."));
        let mut cleared = Tally::default();
        cleared.add(Report { done: vec![(7, ())], failed: vec![], not_sent: vec![] });
        assert_eq!(move_report(&cleared, None, "Type"), ("Cleared Type on 1 of 1 account.".into(), vec![]));
    }
}
