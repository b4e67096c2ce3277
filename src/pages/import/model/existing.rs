//! Which rows of an import update an account rather than create one. Bulk
//! create upserts by account number (NOTES.md): a row whose number an
//! account has updates that account, so it needs no name and its empty cells
//! leave fields as they are; any other row creates an account and needs one.
//!
//! The numbers are looked up with Find Matching Accounts before anything is
//! sent, within a bound: a few numbers one search each, many by the start
//! they share, and never more than [`LOOKUP_CALLS`] calls or
//! [`LOOKUP_ACCOUNTS`] accounts read, so that a large file against a large
//! portfolio never reads the whole portfolio. A number the bound leaves out
//! is [`Existence::Undecided`]: its row is sent all the same, the API
//! creates or updates as it finds, and the preview says so.

use std::{
    collections::{HashMap, HashSet},
    future::Future,
};

use account_model::{AccountPage, PageQuery};

use crate::{
    api::{ApiError, walk::Walk},
    pages::import::model::plan::{Outcome, Row},
};

/// Whether an account has a row's account number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Existence {
    /// Not looked up yet.
    Unchecked,
    /// No account has it, or the row has none: the row creates an account.
    New,
    /// An account has it: the row updates that account.
    Existing,
    /// Past the lookup's bound: the API decides.
    Undecided,
}

/// The most Find Matching Accounts calls one lookup makes.
pub const LOOKUP_CALLS: usize = 40;
/// The most accounts one lookup reads (20 pages of 1000).
pub const LOOKUP_ACCOUNTS: usize = 20_000;
/// Up to this many numbers are searched one by one, whatever they share.
pub const SEARCH_EACH_UP_TO: usize = 20;

/// The account numbers of `rows` not looked up yet, each once.
pub fn numbers_to_look_up(rows: &[Row], known: &HashMap<String, Existence>) -> Vec<String> {
    let mut seen = HashSet::new();
    rows.iter()
        .filter_map(Row::number)
        .filter(|n| !known.contains_key(*n) && seen.insert(*n))
        .map(str::to_string)
        .collect()
}

/// How to find which of some account numbers exist with Find Matching
/// Accounts, whose text criteria match substrings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberLookup {
    /// One search each, in the file's order, as far as the bound goes.
    EachNumber(Vec<String>),
    /// Every account whose number contains the start they share.
    Sweep(String),
}

pub fn number_lookup(numbers: &[String]) -> NumberLookup {
    if numbers.len() > SEARCH_EACH_UP_TO
        && let Some(start) = common_start(numbers)
    {
        return NumberLookup::Sweep(start);
    }
    NumberLookup::EachNumber(numbers.to_vec())
}

/// The start every number shares (trimmed), if any.
fn common_start(numbers: &[String]) -> Option<String> {
    let mut prefix: &str = numbers.first().map_or("", String::as_str);
    for number in numbers {
        let differs = prefix.char_indices().zip(number.chars()).find(|((_, a), b)| a != b).map(|((i, _), _)| i);
        if let Some(end) = differs {
            prefix = &prefix[..end];
        } else if number.len() < prefix.len() {
            prefix = &prefix[..number.len()];
        }
    }
    Some(prefix.trim().to_string()).filter(|p| !p.is_empty())
}

/// What a lookup learned about the numbers it was asked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Numbers an account has.
    pub existing: HashSet<String>,
    /// Numbers the bound left unchecked (the others are new).
    pub undecided: HashSet<String>,
}

/// Which of `numbers` some account has, within the bound: `search` is one
/// Find Matching Accounts call (account number contains the text), whose
/// answers are compared exactly; `progress` hears how many accounts were
/// read so far.
pub async fn look_up<F, Answer>(numbers: &[String], mut search: F, progress: impl Fn(usize)) -> Result<Found, ApiError>
where
    F: FnMut(String, PageQuery) -> Answer,
    Answer: Future<Output = Result<AccountPage, ApiError>>,
{
    let wanted: HashSet<&str> = numbers.iter().map(String::as_str).collect();
    let (each, sweep) = match number_lookup(numbers) {
        NumberLookup::EachNumber(each) => (each, None),
        NumberLookup::Sweep(start) => (Vec::new(), Some(start)),
    };
    // Each search: the text, and the number it is for (none for a sweep).
    let searches = each.into_iter().map(|n| (n.clone(), Some(n))).chain(sweep.map(|s| (s, None)));
    let mut found = Found::default();
    let mut settled: HashSet<String> = HashSet::new();
    let (mut calls, mut read) = (0, 0);
    for (contains, one) in searches {
        if one.as_ref().is_some_and(|n| found.existing.contains(n)) {
            continue;
        }
        let mut pages = Walk::new(|page| search(contains.clone(), page));
        let complete = loop {
            if calls >= LOOKUP_CALLS || read >= LOOKUP_ACCOUNTS {
                break false;
            }
            let Some(answer) = pages.next().await else { break true };
            let accounts = answer?;
            calls += 1;
            read += accounts.len();
            for account in &accounts {
                if let Some(number) = account.fields.account_number.as_deref().map(str::trim)
                    && wanted.contains(number)
                {
                    found.existing.insert(number.to_string());
                }
            }
            progress(read);
            let found_it = one.as_ref().is_some_and(|n| found.existing.contains(n));
            if found_it || pages.is_complete() {
                break true;
            }
        };
        match (complete, one) {
            (false, _) => break,
            (true, Some(number)) => {
                settled.insert(number);
            }
            (true, None) => settled.extend(numbers.iter().cloned()),
        }
    }
    found.undecided =
        numbers.iter().filter(|n| !found.existing.contains(*n) && !settled.contains(*n)).cloned().collect();
    Ok(found)
}

/// Records what a lookup of `asked` learned and tells the rows: a row
/// without a number creates an account; one whose number is not known yet
/// stays unchecked.
pub fn learn_numbers(rows: &mut [Row], known: &mut HashMap<String, Existence>, asked: &[String], found: &Found) {
    for number in asked {
        let existence = if found.existing.contains(number) {
            Existence::Existing
        } else if found.undecided.contains(number) {
            Existence::Undecided
        } else {
            Existence::New
        };
        known.insert(number.clone(), existence);
    }
    for row in rows.iter_mut() {
        let existence = match row.number() {
            Some(number) => known.get(number).copied().unwrap_or(Existence::Unchecked),
            None => Existence::New,
        };
        row.set_existence(existence);
    }
}

/// The numbers to look up before sending unclear rows again: those of rows
/// known to be new (an update, or a row the API decides, is the same
/// whether it lands once or twice: it is simply sent again).
pub fn numbers_to_recheck(rows: &[Row]) -> Vec<String> {
    let mut seen = HashSet::new();
    rows.iter()
        .filter(|r| matches!(r.outcome, Outcome::Unsure(_)) && r.existence == Existence::New)
        .filter_map(Row::number)
        .filter(|n| seen.insert(*n))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use account_model::{Account, AccountInput};
    use futures::executor::block_on;

    use super::*;
    use crate::pages::import::model::plan::{Problem, counts, rows_of};

    #[test]
    fn counts_tell_new_rows_from_updates_once_numbers_are_known() {
        let (_, mut rows) = rows_of("name,accountNumber\nA,N-1\nB,N-2\nC,\n,N-4\n");
        rows.push(Row { excluded: true, ..rows[0].clone() });
        let mut known = HashMap::new();
        let asked = numbers_to_look_up(&rows, &known);
        assert_eq!(asked, ["N-1", "N-2", "N-4"]);
        let found = Found { existing: HashSet::from(["N-2".to_string()]), ..Found::default() };
        learn_numbers(&mut rows, &mut known, &asked, &found);
        let counts = counts(&rows);
        assert_eq!((counts.new, counts.updates, counts.with_problems, counts.excluded), (2, 1, 1, 1));
        assert_eq!(counts.sendable(), 3);
        assert_eq!(numbers_to_look_up(&rows, &known), Vec::<String>::new(), "each number is asked once");
    }

    #[test]
    fn a_row_whose_number_exists_needs_no_name_and_sends_only_its_cells() {
        let (_, mut rows) = rows_of("Account Number,COL9,Rating\nU-1,nine,\nU-2,,Hot\nU-3,x,\n");
        assert!(rows.iter().all(|r| r.problems.is_empty()), "nothing is said before the numbers are known");
        let asked = numbers_to_look_up(&rows, &HashMap::new());
        let found =
            Found { existing: HashSet::from(["U-1".to_string()]), undecided: HashSet::from(["U-2".to_string()]) };
        learn_numbers(&mut rows, &mut HashMap::new(), &asked, &found);
        assert_eq!(rows[0].problems, [], "an update needs no name");
        assert_eq!(rows[0].status(), ("Updates", "update"));
        assert_eq!(
            serde_json::to_value(&rows[0].input).unwrap(),
            serde_json::json!({"accountNumber": "U-1", "customFields": [{"field": "COL9", "value": "nine"}]}),
            "no name and no empty cell is sent"
        );
        assert_eq!(rows[1].problems, [], "the API decides: it may update");
        assert_eq!(rows[1].status(), ("Creates or updates", "muted"));
        assert_eq!(rows[2].problems, [Problem::NoName], "a row that creates needs a name");
        let counts = counts(&rows);
        assert_eq!((counts.updates, counts.undecided, counts.with_problems), (1, 1, 1));
        assert_eq!(counts.sendable(), 2);
    }

    #[test]
    fn few_numbers_are_searched_one_by_one_and_many_by_their_common_start() {
        let few: Vec<String> = (1..=3).map(|n| format!("N-{n}")).collect();
        assert_eq!(number_lookup(&few), NumberLookup::EachNumber(few.clone()));
        let many: Vec<String> = (1..=200).map(|n| format!("IMP-2024-{n:04}")).collect();
        assert_eq!(number_lookup(&many), NumberLookup::Sweep("IMP-2024-0".into()));
        let mixed: Vec<String> = (1..=30).map(|n| if n % 2 == 0 { format!("A{n}") } else { format!("B{n}") }).collect();
        assert_eq!(number_lookup(&mixed), NumberLookup::EachNumber(mixed.clone()), "never the whole portfolio");
        let short: Vec<String> = (1..=30).map(|n| if n == 7 { "Ü".into() } else { format!("Üx{n}") }).collect();
        assert_eq!(number_lookup(&short), NumberLookup::Sweep("Ü".into()));
    }

    /// A portfolio of `size` accounts numbered `ACC-0000000` upwards, read as
    /// Find Matching Accounts reads it (account number contains the text),
    /// for a whole number or a start of one; counts the calls and accounts.
    struct Portfolio {
        size: u64,
        calls: Cell<usize>,
        read: Cell<usize>,
    }

    impl Portfolio {
        fn new(size: u64) -> Portfolio {
            Portfolio { size, calls: Cell::new(0), read: Cell::new(0) }
        }

        fn search(&self, contains: &str, page: PageQuery) -> AccountPage {
            let digits = contains.strip_prefix("ACC-").filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
            let (first, end) = match digits {
                Some(d) if d.len() <= 7 => {
                    let scale = 10u64.pow(7 - d.len() as u32);
                    let start = d.parse::<u64>().unwrap_or(0) * scale;
                    (start, (start + scale).min(self.size))
                }
                _ => (0, 0),
            };
            let from = first + page.offset;
            let to = (from + u64::from(page.count)).min(end);
            let accounts: Vec<Account> = (from..to)
                .map(|n| Account {
                    id: n as i64 + 1,
                    fields: AccountInput { account_number: Some(format!("ACC-{n:07}")), ..AccountInput::default() },
                    ..Account::default()
                })
                .collect();
            self.calls.set(self.calls.get() + 1);
            self.read.set(self.read.get() + accounts.len());
            AccountPage { next: (to < end).then(|| "next".into()), accounts }
        }

        fn look_up(&self, numbers: &[String]) -> Found {
            let search = |contains: String, page| {
                let answer = self.search(&contains, page);
                async move { Ok(answer) }
            };
            block_on(look_up(numbers, search, |_| {})).expect("answers")
        }
    }

    fn numbered(range: std::ops::Range<u64>) -> Vec<String> {
        range.map(|n| format!("ACC-{n:07}")).collect()
    }

    #[test]
    fn a_large_file_on_a_large_portfolio_reads_within_the_bound_and_never_calls_an_existing_number_new() {
        for numbers in [numbered(0..100_000), numbered(950_000..1_050_000)] {
            let portfolio = Portfolio::new(1_000_000);
            let found = portfolio.look_up(&numbers);
            assert!(portfolio.calls.get() <= LOOKUP_CALLS, "{} calls", portfolio.calls.get());
            assert!(portfolio.read.get() <= LOOKUP_ACCOUNTS, "{} accounts read", portfolio.read.get());
            for number in numbers.iter().filter(|n| n.as_str() < "ACC-1000000") {
                assert!(found.existing.contains(number) || found.undecided.contains(number), "{number} exists");
            }
            assert_eq!(found.existing.len() + found.undecided.len(), 100_000, "none is called new");
        }
        let portfolio = Portfolio::new(1_000_000);
        let found = portfolio.look_up(&numbered(0..100_000));
        assert_eq!((found.existing.len(), found.undecided.len()), (LOOKUP_ACCOUNTS, 100_000 - LOOKUP_ACCOUNTS));
    }

    #[test]
    fn a_lookup_within_the_bound_decides_every_number() {
        let portfolio = Portfolio::new(1_000_000);
        let few = vec!["ACC-0000007".to_string(), "ACC-9999999".to_string(), "ACC-0000042".to_string()];
        let found = portfolio.look_up(&few);
        assert_eq!(found.existing, HashSet::from(["ACC-0000007".to_string(), "ACC-0000042".to_string()]));
        assert!(found.undecided.is_empty(), "ACC-9999999 is new");
        assert_eq!(portfolio.calls.get(), 3, "one search each");

        let portfolio = Portfolio::new(1_500);
        let found = portfolio.look_up(&numbered(1_480..1_520));
        assert_eq!(found.existing, numbered(1_480..1_500).into_iter().collect());
        assert!(found.undecided.is_empty(), "the sweep read every account of the start they share");
        assert_eq!(portfolio.calls.get(), 1);
    }

    #[test]
    fn numbers_sharing_no_start_are_searched_one_by_one_up_to_the_bound() {
        let portfolio = Portfolio::new(1_000_000);
        let numbers: Vec<String> =
            (0..60).map(|n| if n % 2 == 0 { format!("ACC-{n:07}") } else { format!("X-{n}") }).collect();
        let found = portfolio.look_up(&numbers);
        assert_eq!(portfolio.calls.get(), LOOKUP_CALLS);
        assert_eq!(found.existing.len(), LOOKUP_CALLS / 2);
        assert_eq!(found.undecided.len(), 60 - LOOKUP_CALLS);
    }
}
