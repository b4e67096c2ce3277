//! The order of a search's answer: text ignoring ASCII case (SQLite's
//! NOCASE), empty values last either way, ties by id in the same direction.
//! [`Order::plain`] is that order as one `ORDER BY`; for the sort orders with
//! an index, [`Order::walk`] reads the same order from it as segments, the
//! values first and the empty ones after, which SQLite can read straight
//! from the index in either direction.

use account_model::{
    SortDirection,
    fields::{Field, Kind},
    search::Sort,
};
use rusqlite::{Connection, types::Value};

use crate::error::ApiError;

/// The sort orders with an index: `(field, index, nullable)`. Walking the
/// index gives the order without sorting, and stops at the page.
const INDEXED: [(Field, &str, bool); 7] = [
    (Field::Name, "accountsInNameOrder", false),
    (Field::AccountNumber, "accountsByNumberIgnoringCase", true),
    (Field::AnnualRevenue, "accountsByRevenue", true),
    (Field::NumOfEmployees, "accountsByEmployees", true),
    (Field::Industry, "accountsByIndustry", true),
    (Field::CreatedDate, "accountsByCreatedDate", false),
    (Field::ModifiedDate, "accountsByModifiedDate", false),
];

/// The SQL expression that holds a field (names of linked records come
/// from the joins); `None` for the lists, which are no column.
pub fn column(field: Field) -> Option<String> {
    Some(match field {
        Field::ClassificationName => "c.name".into(),
        Field::TypeName => "t.name".into(),
        Field::AgentName => "ag.name".into(),
        Field::AgentTeamName => "tm.name".into(),
        Field::CustomFields | Field::SecureFields => return None,
        // Every other field is stored in the column of its flat name.
        other => format!("a.{}", other.name()),
    })
}

fn is_text(field: Field) -> bool {
    matches!(field.kind(), Kind::Text | Kind::TextId | Kind::AddressPart(..))
}

/// The order of one search.
#[derive(Debug)]
pub struct Order {
    /// The whole order as one `ORDER BY` (the definition).
    pub plain: String,
    /// Whether [`Order::plain`] needs the joins that name linked records.
    pub joins: bool,
    /// Its index, when it has one.
    pub walk: Option<Walk>,
}

/// A sort order read from its index.
#[derive(Debug)]
pub struct Walk {
    index: &'static str,
    column: String,
    collate: &'static str,
    descending: bool,
    nullable: bool,
}

/// Part of an order that one index range gives: accounts with a value, or
/// those without, each in order.
#[derive(Debug)]
struct Segment {
    condition: String,
    order: String,
}

impl Order {
    /// The order a request asks for (by name when it says none); 400 for a
    /// property that is no sortable field.
    pub fn of(sort: Option<&Sort>) -> Result<Order, ApiError> {
        let (field, descending) = match sort {
            None => (Field::Name, false),
            Some(sort) => {
                // The field table says what may be sorted by.
                let field = Field::sort_property(sort.property.trim()).ok_or_else(|| {
                    ApiError::bad_request(format!("sort.property \"{}\" is not an account field.", sort.property))
                })?;
                (field, sort.direction == SortDirection::Descending)
            }
        };
        let column = column(field).ok_or_else(|| ApiError::Internal(format!("no column for {field:?}")))?;
        let direction = if descending { "DESC" } else { "ASC" };
        let collate = if is_text(field) { " COLLATE NOCASE" } else { "" };
        // Empty values sort last either way; the id breaks ties so pages never overlap.
        let plain = format!("{column} IS NULL, {column}{collate} {direction}, a.id {direction}");
        let walk = INDEXED.iter().find(|(f, _, _)| *f == field).map(|&(_, index, nullable)| Walk {
            index,
            column: column.clone(),
            collate,
            descending,
            nullable,
        });
        Ok(Order { joins: !column.starts_with("a."), plain, walk })
    }
}

/// Criteria tested on each account a walk reads: SQL on the row `a`, and
/// their arguments.
#[derive(Debug, Default)]
pub struct Tests {
    pub clauses: Vec<String>,
    pub args: Vec<Value>,
}

impl Tests {
    fn sql(&self) -> String {
        self.clauses.iter().map(|clause| format!(" AND ({clause})")).collect()
    }
}

impl Walk {
    /// The segments of the order, or of its reverse.
    fn segments(&self, reverse: bool) -> Vec<Segment> {
        let Walk { column, collate, .. } = self;
        let direction = if self.descending != reverse { "DESC" } else { "ASC" };
        let with_value = Segment {
            condition: format!("{column} IS NOT NULL"),
            order: format!("{column}{collate} {direction}, a.id {direction}"),
        };
        if !self.nullable {
            return vec![with_value];
        }
        let empty = Segment { condition: format!("{column} IS NULL"), order: format!("a.id {direction}") };
        if reverse { vec![empty, with_value] } else { vec![with_value, empty] }
    }

    fn select(&self, segment: &Segment, tests: &Tests, what: &str, tail: &str) -> String {
        format!(
            "SELECT {what} FROM accounts a INDEXED BY {} WHERE a.clientId = ? AND {}{} {tail}",
            self.index,
            segment.condition,
            tests.sql()
        )
    }

    /// Up to `want` ids of the accounts that pass `tests`, after the first
    /// `offset` of them, in the order or its reverse: SQLite walks the index,
    /// tests each account in the order `tests` lists (the cheapest first),
    /// skips and stops.
    pub fn page(
        &self,
        conn: &Connection,
        client_id: i64,
        tests: &Tests,
        (offset, want): (usize, usize),
        reverse: bool,
    ) -> Result<Vec<i64>, ApiError> {
        let segments = self.segments(reverse);
        let mut ids: Vec<i64> = Vec::with_capacity(want);
        let mut offset = offset;
        for (at, segment) in segments.iter().enumerate() {
            if at > 0 {
                // The page starts in this segment: at its start when the one
                // before gave rows, else past what that one held.
                offset = if ids.is_empty() {
                    offset.saturating_sub(self.count(conn, client_id, tests, &segments[0])?)
                } else {
                    0
                };
            }
            let sql = self.select(segment, tests, "a.id", &format!("ORDER BY {} LIMIT ? OFFSET ?", segment.order));
            let mut args = vec![Value::from(client_id)];
            args.extend(tests.args.iter().cloned());
            args.extend(super::limit_args(offset, want - ids.len()));
            let mut statement = conn.prepare_cached(&sql)?;
            let found = statement.query_map(rusqlite::params_from_iter(args), |row| row.get::<_, i64>(0))?;
            for id in found {
                ids.push(id?);
            }
            if ids.len() == want {
                break;
            }
        }
        Ok(ids)
    }

    fn count(&self, conn: &Connection, client_id: i64, tests: &Tests, segment: &Segment) -> Result<usize, ApiError> {
        let sql = self.select(segment, tests, "COUNT(*)", "");
        let mut args = vec![Value::from(client_id)];
        args.extend(tests.args.iter().cloned());
        let count: i64 = conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(args), |row| row.get(0))?;
        Ok(count as usize)
    }
}
