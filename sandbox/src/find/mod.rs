//! Find Matching Accounts at a million accounts: one page of the accounts of
//! a client that match a search, in its order, without reading every
//! account where an index can say which match.
//!
//! The definition is [`plain`]: one query testing every criterion on every
//! account and sorting them. Every other plan answers exactly what it
//! would (the tests in `tests.rs` hold them to it):
//!
//! - no criteria, and an indexed order (`order.rs`): the page is read from
//!   the order's index, which SQLite walks to the offset and stops;
//! - criteria: those with a source (`criteria.rs`) give exact sets of
//!   accounts (`sets.rs`), which are intersected, cheapest first; a
//!   criterion whose set would be large (more than [`Limits::set`]), or that
//!   has no source, is tested on each account read instead. Then:
//!   - fewer candidates than the offset: an empty page;
//!   - a few candidates ([`Limits::fetch`]): those accounts are read and
//!     sorted ([`fetch`]), in any order;
//!   - many, in an indexed order: the order's index is walked, keeping the
//!     candidates, until the page is full; from the end of the order when
//!     the page lies in the second half of an exact set;
//!   - no set (every criterion common), in an indexed order: the index is
//!     walked testing each account, which stops early since most match (the
//!     name order's index holds the columns of the usual criteria, so it
//!     needs no other read);
//!   - otherwise [`plain`].

pub mod criteria;
pub mod index;
pub mod order;
pub mod sets;
#[cfg(test)]
mod tests;

use account_model::{PageQuery, SearchRequest};
use rusqlite::{Connection, types::Value};

use crate::{
    error::ApiError,
    find::{
        criteria::Criterion,
        order::{Order, Tests},
        sets::IdSet,
    },
    routes::accounts::NAME_JOINS,
};

/// Where plans change.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The most accounts read into one criterion's set: past it, the
    /// criterion is tested on each account read instead.
    pub set: usize,
    /// The most candidates read and sorted rather than found by a walk.
    pub fetch: usize,
    /// The most distinct values of a field tested one by one.
    pub values: usize,
    /// The most trigrams that start with a short needle.
    pub terms: usize,
}

impl Limits {
    /// At a million accounts each costs tens of milliseconds at most.
    pub const DEFAULT: Limits = Limits { set: 300_000, fetch: 10_000, values: 4_000, terms: 4_000 };
}

/// The ids of one page (plus one row, to learn whether another follows) of
/// the client's accounts that match, in order.
pub fn page_ids(
    conn: &Connection,
    client_id: i64,
    request: &SearchRequest,
    page: PageQuery,
    limits: &Limits,
) -> Result<Vec<i64>, ApiError> {
    let criteria = criteria::of(request, client_id)?;
    let order = Order::of(request.sort.as_ref())?;
    let offset = usize::try_from(page.offset).unwrap_or(usize::MAX);
    let want = page.count as usize + 1;

    let mut candidates: Option<IdSet> = None;
    let mut tested = Vec::new();
    for criterion in &criteria {
        // Few candidates left: testing the rest on them costs less than reading.
        if candidates.as_ref().is_some_and(|set| set.len() <= limits.fetch) {
            tested.push(criterion);
            continue;
        }
        match sets::read(conn, client_id, &criterion.source, limits, offset)? {
            Some(set) => {
                candidates = Some(match candidates {
                    Some(known) => known.intersect(&set),
                    None => set,
                })
            }
            None => tested.push(criterion),
        }
    }
    let mut tests = tests_of(&tested);
    let Some(candidates) = candidates else {
        return match &order.walk {
            Some(walk) => walk.page(conn, client_id, &tests, (offset, want), false),
            None => plain(conn, client_id, &criteria, &order, offset, want),
        };
    };
    if candidates.len() <= offset {
        return Ok(Vec::new());
    }
    if candidates.len() <= limits.fetch {
        return fetch(conn, client_id, &candidates, &tests, &order, offset, want);
    }
    let Some(walk) = &order.walk else {
        return plain(conn, client_id, &criteria, &order, offset, want);
    };
    // An exact count tells where the page lies from the end too.
    let exact = tested.is_empty() && (!candidates.other_clients || only_client(conn, client_id)?);
    let total = candidates.len();
    // Membership first: the other tests run on members only.
    let (clause, args) = candidates.test();
    tests.clauses.insert(0, clause);
    tests.args.splice(0..0, args);
    if exact && offset > total / 2 {
        let end = total.min(offset.saturating_add(want));
        let mut ids = walk.page(conn, client_id, &tests, (total - end, end - offset), true)?;
        ids.reverse();
        return Ok(ids);
    }
    walk.page(conn, client_id, &tests, (offset, want), false)
}

fn tests_of(criteria: &[&Criterion]) -> Tests {
    Tests {
        clauses: criteria.iter().map(|c| c.clause.clone()).collect(),
        args: criteria.iter().flat_map(|c| c.args.iter().cloned()).collect(),
    }
}

/// True when no other client has accounts.
fn only_client(conn: &Connection, client_id: i64) -> Result<bool, ApiError> {
    Ok(conn
        .prepare_cached(
            "SELECT NOT EXISTS (SELECT 1 FROM accounts WHERE clientId < ?1)
            AND NOT EXISTS (SELECT 1 FROM accounts WHERE clientId > ?1)",
        )?
        .query_row([client_id], |row| row.get(0))?)
}

/// `LIMIT ? OFFSET ?`'s arguments.
fn limit_args(offset: usize, want: usize) -> [Value; 2] {
    [Value::from(i64::try_from(want).unwrap_or(i64::MAX)), Value::from(i64::try_from(offset).unwrap_or(i64::MAX))]
}

/// The definition: every criterion tested on every account, all sorted.
pub fn plain(
    conn: &Connection,
    client_id: i64,
    criteria: &[Criterion],
    order: &Order,
    offset: usize,
    want: usize,
) -> Result<Vec<i64>, ApiError> {
    let mut clauses = vec!["a.clientId = ?".to_string()];
    let mut args: Vec<Value> = vec![client_id.into()];
    for criterion in criteria {
        clauses.push(criterion.clause.clone());
        args.extend(criterion.args.iter().cloned());
    }
    args.extend(limit_args(offset, want));
    let joins = if order.joins { NAME_JOINS } else { "" };
    let sql = format!(
        "SELECT a.id FROM accounts a {joins} WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
        clauses.join(" AND "),
        order.plain
    );
    ids(conn, &sql, args)
}

fn ids(conn: &Connection, sql: &str, args: Vec<Value>) -> Result<Vec<i64>, ApiError> {
    let mut statement = conn.prepare_cached(sql)?;
    let ids = statement.query_map(rusqlite::params_from_iter(args), |row| row.get(0))?;
    Ok(ids.collect::<Result<_, _>>()?)
}

/// The page among a few candidates: each is read, tested and sorted.
fn fetch(
    conn: &Connection,
    client_id: i64,
    candidates: &IdSet,
    tests: &Tests,
    order: &Order,
    offset: usize,
    want: usize,
) -> Result<Vec<i64>, ApiError> {
    let mut args: Vec<Value> = vec![serde_json::to_string(candidates.ids())?.into(), client_id.into()];
    args.extend(tests.args.iter().cloned());
    args.extend(limit_args(offset, want));
    let joins = if order.joins { NAME_JOINS } else { "" };
    let tested: String = tests.clauses.iter().map(|clause| format!(" AND ({clause})")).collect();
    let sql = format!(
        // CROSS JOIN keeps SQLite from walking an index of the order
        // instead of reading the few candidates by id.
        "SELECT a.id FROM json_each(?) ids CROSS JOIN accounts a ON a.id = ids.value {joins}
            WHERE a.clientId = ?{tested} ORDER BY {} LIMIT ? OFFSET ?",
        order.plain
    );
    ids(conn, &sql, args)
}
