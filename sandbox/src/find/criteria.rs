//! The criteria of a search, each as the SQL predicate that defines it (what
//! a plain scan tests, and what every faster plan must agree with) and where
//! an exact set of the accounts it matches can be read instead
//! ([`Source`], read by `sets.rs`).

use account_model::{
    ListKind, SearchRequest,
    fields::Field,
    search::{Bound, ExactValue},
};
use rusqlite::types::Value;

use crate::{
    db::fold_case,
    error::ApiError,
    find::{index::TEXT_INDEXES, order::column},
    routes::accounts::check_field_names,
};

/// Text fields with few distinct values, whose criteria are answered from
/// the distinct values of their sort index: `(column, index)`. The index
/// ignores ASCII case, as the criteria do.
const VALUE_LISTS: [(&str, &str); 1] = [("industry", "accountsByIndustry")];

/// Integer columns with an index, whose ranges and exact values are read
/// from it: `(column, index)`.
const INTEGER_INDEXES: [(&str, &str); 4] = [
    ("annualRevenue", "accountsByRevenue"),
    ("numOfEmployees", "accountsByEmployees"),
    ("createdDate", "accountsByCreatedDate"),
    ("modifiedDate", "accountsByModifiedDate"),
];

/// One criterion of a search.
#[derive(Clone, Debug)]
pub struct Criterion {
    /// A predicate on the row `a` of accounts (and the joins that name its
    /// links), with its arguments: the definition.
    pub clause: String,
    pub args: Vec<Value>,
    pub source: Source,
}

/// Where the accounts a criterion matches can be read from without testing
/// each account. The needles are folded ([`fold_case`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// One account, by id.
    Id(i64),
    /// Accounts whose custom field holds the needle.
    CustomField { field: String, needle: String },
    /// A substring of a field with a trigram index (its table).
    Text { table: &'static str, needle: String },
    /// A range of an indexed integer column, ends included.
    Range { column: &'static str, index: &'static str, low: Option<i64>, high: Option<i64> },
    /// A substring of a field with few distinct values, through its index.
    Values { column: &'static str, index: &'static str, needle: String },
    /// Nothing but testing each account.
    Scan,
}

impl Source {
    /// The order sets are read in: the cheapest and usually smallest first,
    /// so that the candidates are few early and later criteria are tested on
    /// them rather than read (`mod.rs`).
    fn rank(&self) -> u8 {
        match self {
            Source::Id(_) => 0,
            Source::CustomField { .. } => 1,
            Source::Text { needle, .. } if needle.chars().count() >= 3 => 2,
            Source::Range { .. } => 3,
            Source::Values { .. } => 4,
            Source::Text { .. } => 5,
            Source::Scan => 6,
        }
    }
}

/// The criteria of a request, cheapest source first. Refuses (400) a custom
/// field name that is none.
pub fn of(request: &SearchRequest, client_id: i64) -> Result<Vec<Criterion>, ApiError> {
    let Some(criteria) = &request.search else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for (path, text) in criteria.text_criteria() {
        let field = Field::at_path(&path).ok_or_else(|| ApiError::Internal(format!("no field at {path}")))?;
        let column = column(field).ok_or_else(|| ApiError::Internal(format!("no column for search field {path}")))?;
        let needle = fold_case(text);
        let name = field.name();
        let source = if let Some(&(_, table)) = TEXT_INDEXES.iter().find(|(c, _)| *c == name) {
            Source::Text { table, needle: needle.clone() }
        } else if let Some(&(column, index)) = VALUE_LISTS.iter().find(|(c, _)| *c == name) {
            Source::Values { column, index, needle: needle.clone() }
        } else {
            Source::Scan
        };
        out.push(Criterion { clause: format!("contains_folded({column}, ?)"), args: vec![needle.into()], source });
    }
    if let Some(pairs) = &criteria.custom_fields {
        check_field_names("search.customFields", ListKind::Custom, pairs)?;
    }
    for (field, text) in criteria.custom_criteria() {
        let needle = fold_case(text);
        out.push(Criterion {
            // Not correlated: SQLite runs it once per search.
            clause: "a.id IN (SELECT accountId FROM customFieldValues
                WHERE clientId = ? AND field = ? AND contains_folded(value, ?))"
                .into(),
            args: vec![client_id.into(), field.to_string().into(), needle.clone().into()],
            source: Source::CustomField { field: field.to_string(), needle },
        });
    }
    for (path, value) in criteria.exact_criteria() {
        let column = criterion_column(path)?;
        let (arg, source) = match value {
            ExactValue::Int(n) if path == "id" => (n.into(), Source::Id(n)),
            ExactValue::Int(n) => (n.into(), range_source(path, Some(n), Some(n))),
            ExactValue::Text(t) => (t.to_string().into(), Source::Scan),
        };
        out.push(Criterion { clause: format!("{column} = ?"), args: vec![arg], source });
    }
    // Both ends of a range make one criterion.
    let ranges = criteria.range_criteria();
    let mut paths: Vec<&str> = ranges.iter().map(|(path, _, _)| *path).collect();
    paths.dedup();
    for path in paths {
        let column = criterion_column(path)?;
        let end = |bound| ranges.iter().find(|(p, b, _)| *p == path && *b == bound).map(|(_, _, v)| *v);
        let (low, high) = (end(Bound::AtLeast), end(Bound::AtMost));
        let mut clauses = Vec::new();
        let mut args = Vec::new();
        for (op, value) in [(">=", low), ("<=", high)] {
            if let Some(value) = value {
                clauses.push(format!("{column} {op} ?"));
                args.push(value.into());
            }
        }
        out.push(Criterion { clause: clauses.join(" AND "), args, source: range_source(path, low, high) });
    }
    out.sort_by_key(|criterion| criterion.source.rank());
    Ok(out)
}

fn range_source(path: &str, low: Option<i64>, high: Option<i64>) -> Source {
    match INTEGER_INDEXES.iter().find(|(column, _)| *column == path) {
        Some(&(column, index)) => Source::Range { column, index, low, high },
        None => Source::Scan,
    }
}

/// The column of a search criterion the model names by its JSON path.
fn criterion_column(path: &str) -> Result<String, ApiError> {
    Field::at_path(path)
        .and_then(column)
        .ok_or_else(|| ApiError::Internal(format!("no column for search field {path}")))
}
