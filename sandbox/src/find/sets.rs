//! Exact sets of the accounts a criterion matches, read from an index
//! rather than by testing every account ([`read`]), and the SQL that tests
//! an account's membership ([`IdSet::test`]).
//!
//! A substring of three characters or more is an FTS5 phrase of trigrams,
//! which matches exactly the texts that hold it. One or two characters make
//! no trigram: the accounts holding them are those with a trigram that
//! starts with them (every character of an indexed text starts one, see
//! `index::TEXT_END`), which the index's vocabulary lists in one range.
//! A needle with a character no indexed text holds (`index::UNINDEXED`)
//! is tested on each account instead.

use rusqlite::{Connection, OptionalExtension, functions::FunctionFlags, params, types::Value};

use crate::{
    db::contains_folded,
    error::ApiError,
    find::{
        Limits,
        criteria::Source,
        index::{UNINDEXED, terms_table},
    },
};

/// Account ids, ascending and distinct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdSet {
    ids: Vec<i64>,
    /// True when it may hold accounts of other clients (a text index holds
    /// every client's): its size is then only an upper bound for this one.
    pub other_clients: bool,
}

impl IdSet {
    fn new(mut ids: Vec<i64>, other_clients: bool) -> IdSet {
        if !ids.is_sorted() {
            match (ids.iter().min(), ids.iter().max()) {
                // Through a bitmap: linear, where sorting is not.
                (Some(&first), Some(&last)) if last - first < BITMAP_SPAN => {
                    let words = bitmap(&ids, first, last);
                    ids.clear();
                    for (at, &word) in words.iter().enumerate() {
                        let mut rest = word;
                        while rest != 0 {
                            ids.push(first + (at as i64) * 64 + i64::from(rest.trailing_zeros()));
                            rest &= rest - 1;
                        }
                    }
                }
                _ => ids.sort_unstable(),
            }
        }
        ids.dedup();
        IdSet { ids, other_clients }
    }

    /// No account: what a criterion that matches no more than the offset
    /// gives, since the page is then empty whatever the rest match.
    fn none() -> IdSet {
        IdSet { ids: Vec::new(), other_clients: false }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    /// The ids in both sets.
    pub fn intersect(&self, other: &IdSet) -> IdSet {
        let (small, large) = if self.len() <= other.len() { (self, other) } else { (other, self) };
        let mut rest = large.ids.as_slice();
        let mut ids = Vec::with_capacity(small.len());
        for &id in &small.ids {
            let at = rest.partition_point(|&other| other < id);
            rest = &rest[at..];
            if rest.first() == Some(&id) {
                ids.push(id);
            }
        }
        IdSet { ids, other_clients: self.other_clients && other.other_clients }
    }

    /// The test that an account is in the set, as SQL on the row `a` and
    /// its arguments: [`IN_IDS`] with a bitmap over the set's span of ids
    /// (a sorted list where that would be wide).
    pub fn test(&self) -> (String, Vec<Value>) {
        let (blob, first) = match (self.ids.first(), self.ids.last()) {
            (Some(&first), Some(&last)) if last - first < BITMAP_SPAN => {
                let words = bitmap(&self.ids, first, last);
                (words.iter().flat_map(|word| word.to_le_bytes()).collect(), Value::Integer(first))
            }
            _ => (self.ids.iter().flat_map(|id| id.to_le_bytes()).collect::<Vec<u8>>(), Value::Null),
        };
        (format!("{IN_IDS}(?, ?, a.id)"), vec![Value::Blob(blob), first])
    }
}

/// The SQL function [`IdSet::test`] calls: `in_ids(set, first, id)` is true
/// when `id` is in `set`, a bitmap of little-endian words whose first bit is
/// `first`, or when `first` is NULL a sorted list of little-endian ids.
pub const IN_IDS: &str = "in_ids";

/// The widest span of ids a bitmap covers (32 MB).
const BITMAP_SPAN: i64 = 1 << 28;

/// The bits of `ids`, all from `first` to `last`.
fn bitmap(ids: &[i64], first: i64, last: i64) -> Vec<u64> {
    let mut words = vec![0_u64; ((last - first) as usize >> 6) + 1];
    for &id in ids {
        let at = (id - first) as usize;
        words[at >> 6] |= 1 << (at & 63);
    }
    words
}

/// Registers [`IN_IDS`] on a connection.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function(IN_IDS, 3, flags, |ctx| {
        let set = ctx.get_raw(0).as_blob().map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
        let id: i64 = ctx.get(2)?;
        let word =
            |at: usize| set.get(at * 8..at * 8 + 8).map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()));
        Ok(match ctx.get::<Option<i64>>(1)? {
            Some(first) => usize::try_from(id - first)
                .ok()
                .and_then(|at| word(at >> 6).map(|bits| bits & (1 << (at & 63)) != 0))
                .unwrap_or(false),
            None => {
                let count = set.len() / 8;
                let (mut low, mut high) = (0, count);
                while low < high {
                    let middle = (low + high) / 2;
                    match word(middle).map_or(i64::MAX, |w| w as i64).cmp(&id) {
                        std::cmp::Ordering::Less => low = middle + 1,
                        std::cmp::Ordering::Equal => return Ok(true),
                        std::cmp::Ordering::Greater => high = middle,
                    }
                }
                false
            }
        })
    })
}

/// The accounts of `client_id` that match `source` (a text index's may hold
/// other clients' too), or `None` when there are more than the limits allow
/// or the source cannot say: the criterion is then tested on each account
/// a plan reads.
/// `offset` is the page's: a criterion known to match no more accounts
/// answers an empty set, since the page is empty whatever the rest match.
pub fn read(
    conn: &Connection,
    client_id: i64,
    source: &Source,
    limits: &Limits,
    offset: usize,
) -> Result<Option<IdSet>, ApiError> {
    match source {
        Source::Id(id) => {
            let mut statement = conn.prepare_cached("SELECT id FROM accounts WHERE id = ? AND clientId = ?")?;
            let ids = statement.query_map([*id, client_id], |row| row.get(0))?.collect::<Result<_, _>>()?;
            Ok(Some(IdSet::new(ids, false)))
        }
        Source::Text { needle, .. } if needle.contains(UNINDEXED) => Ok(None),
        Source::Text { table, needle } if needle.chars().count() >= 3 => {
            let ids = capped(
                conn,
                &format!("SELECT rowid FROM {table} WHERE {table} MATCH ?"),
                params![phrase(needle)],
                limits,
            )?;
            Ok(ids.map(|ids| IdSet::new(ids, true)))
        }
        Source::Text { table, needle } => short_text(conn, table, needle, limits),
        Source::Range { column, index, low, high } => {
            let sql = format!(
                "SELECT id FROM accounts INDEXED BY {index} WHERE clientId = ? AND {column} >= ? AND {column} <= ?"
            );
            let ends = (low.unwrap_or(i64::MIN), high.unwrap_or(i64::MAX));
            // SQLite skips through the index faster than it hands rows over:
            // a range no larger than the offset, or past the limit, is known
            // before any is read.
            let mut beyond = conn.prepare_cached(&format!("SELECT EXISTS ({sql} LIMIT 1 OFFSET ?)"))?;
            let mut beyond =
                |at: usize| beyond.query_row(params![client_id, ends.0, ends.1, at as i64], |row| row.get(0));
            if offset > 0 && !beyond(offset)? {
                return Ok(Some(IdSet::none()));
            }
            if beyond(limits.set)? {
                return Ok(None);
            }
            let ids = capped(conn, &sql, params![client_id, ends.0, ends.1], limits)?;
            Ok(ids.map(|ids| IdSet::new(ids, false)))
        }
        Source::Values { column, index, needle } => {
            let first = format!(
                "SELECT {column} FROM accounts INDEXED BY {index} WHERE clientId = ?1 AND {column} IS NOT NULL
                    ORDER BY {column} COLLATE NOCASE LIMIT 1"
            );
            let next = format!(
                "SELECT {column} FROM accounts INDEXED BY {index} WHERE clientId = ?1 AND {column} > ?2 COLLATE NOCASE
                    ORDER BY {column} COLLATE NOCASE LIMIT 1"
            );
            let accounts = format!(
                "SELECT id FROM accounts INDEXED BY {index} WHERE clientId = ?1 AND {column} = ?2 COLLATE NOCASE"
            );
            let list = ValueList { first: &first, next: &next, accounts: &accounts, field: "" };
            values(conn, client_id, &list, needle, limits)
        }
        Source::CustomField { field, needle } => {
            let list = ValueList {
                first: "SELECT value FROM customFieldValues WHERE clientId = ?1 AND field = ?3 ORDER BY value LIMIT 1",
                next: "SELECT value FROM customFieldValues WHERE clientId = ?1 AND field = ?3 AND value > ?2
                    ORDER BY value LIMIT 1",
                accounts: "SELECT accountId FROM customFieldValues WHERE clientId = ?1 AND field = ?3 AND value = ?2",
                field,
            };
            values(conn, client_id, &list, needle, limits)
        }
        Source::Scan => Ok(None),
    }
}

/// The ids a query answers, or `None` past the limit.
fn capped(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
    limits: &Limits,
) -> Result<Option<Vec<i64>>, ApiError> {
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = statement.query(args)?;
    let mut ids = Vec::new();
    while let Some(row) = rows.next()? {
        if ids.len() == limits.set {
            return Ok(None);
        }
        ids.push(row.get(0)?);
    }
    Ok(Some(ids))
}

/// An FTS5 phrase: the text in double quotes, its own doubled.
fn phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The accounts whose text holds a needle of one or two characters: those
/// with a trigram that starts with it.
fn short_text(conn: &Connection, table: &str, needle: &str, limits: &Limits) -> Result<Option<IdSet>, ApiError> {
    let terms = terms_table(table);
    // The trigrams that start with the needle sort from it up to the needle
    // with its last character raised by one (UTF-8 keeps code point order).
    let mut chars: Vec<char> = needle.chars().collect();
    let last = chars.pop().unwrap_or_default();
    let above = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32).map(|raised| {
        chars.push(raised);
        chars.iter().collect::<String>()
    });
    let mut statement = match above {
        Some(_) => conn.prepare_cached(&format!("SELECT term, doc FROM {terms} WHERE term >= ?1 AND term < ?2"))?,
        None => conn.prepare_cached(&format!("SELECT term, doc FROM {terms} WHERE term >= ?1"))?,
    };
    let mut rows = match &above {
        Some(above) => statement.query(params![needle, above])?,
        None => statement.query(params![needle])?,
    };
    let (mut found, mut accounts) = (Vec::new(), 0_usize);
    while let Some(row) = rows.next()? {
        let term: String = row.get(0)?;
        accounts += row.get::<_, i64>(1)? as usize;
        if accounts > limits.set || found.len() == limits.terms {
            return Ok(None);
        }
        found.push(phrase(&term));
    }
    if found.is_empty() {
        return Ok(Some(IdSet::new(Vec::new(), false)));
    }
    let query = found.join(" OR ");
    let ids = capped(conn, &format!("SELECT rowid FROM {table} WHERE {table} MATCH ?"), params![query], limits)?;
    Ok(ids.map(|ids| IdSet::new(ids, true)))
}

/// How to read a field's distinct values and the accounts that hold one,
/// through an index of them. Each query takes the client as `?1`, a value
/// as `?2` (`next` and `accounts`) and a custom field's name as `?3`.
struct ValueList<'a> {
    first: &'a str,
    next: &'a str,
    accounts: &'a str,
    field: &'a str,
}

/// The accounts whose value of a field holds the needle: each distinct value
/// is tested once, then the accounts of those that hold it are read. `None`
/// when there are more distinct values, or accounts, than the limits allow.
fn values(
    conn: &Connection,
    client_id: i64,
    list: &ValueList,
    needle: &str,
    limits: &Limits,
) -> Result<Option<IdSet>, ApiError> {
    // Each statement takes as many of these as it names.
    let args = |statement: &rusqlite::Statement, value: &str| {
        let all: [rusqlite::types::Value; 3] =
            [client_id.into(), value.to_string().into(), list.field.to_string().into()];
        all.into_iter().take(statement.parameter_count()).collect::<Vec<_>>()
    };
    let one = |sql: &str, value: &str| -> Result<Option<String>, ApiError> {
        let mut statement = conn.prepare_cached(sql)?;
        let args = args(&statement, value);
        Ok(statement.query_row(rusqlite::params_from_iter(args), |row| row.get(0)).optional()?)
    };
    let mut matching = Vec::new();
    let mut value = one(list.first, "")?;
    let mut seen = 0;
    while let Some(current) = value {
        seen += 1;
        if seen > limits.values {
            return Ok(None);
        }
        value = one(list.next, &current)?;
        if contains_folded(&current, needle) {
            matching.push(current);
        }
    }
    let mut ids = Vec::new();
    let mut statement = conn.prepare_cached(list.accounts)?;
    for value in matching {
        let args = args(&statement, &value);
        let mut rows = statement.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            if ids.len() == limits.set {
                return Ok(None);
            }
            ids.push(row.get(0)?);
        }
    }
    Ok(Some(IdSet::new(ids, false)))
}
