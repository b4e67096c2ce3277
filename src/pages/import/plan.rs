//! What an import will do, worked out before anything is sent, and what it
//! did: each row built into the API's create input through the mapping, with
//! the problems that keep it from being sent (no name, not a whole number,
//! an unknown classification or type, a custom field that does not exist,
//! an account number twice in the file); whether its account number already
//! exists (bulk create then updates that account); the chunks it is sent in;
//! and, from the answers, each row's outcome with the file line the API's
//! ordinal points to, the report and the failed rows as a CSV to fix.

use std::collections::{HashMap, HashSet};

use account_model::{
    AccountInput, BulkCreateResult, Category, FieldValue,
    account::{CUSTOM_FIELD_NAMES, SECURE_FIELD_NAMES},
    fields::{Field, WriteError},
    session::Permission,
};

use crate::{
    access::Allowed,
    api::{ApiError, categories::CategoryKind, runner::Failure},
    csv::{BYTE_ORDER_MARK, escape},
    fields::label,
    messages::explain,
    pages::import::mapping::{self, Column, Target, normalise, unescape},
};

/// Rows per Create Multiple Accounts call (the sandbox takes at most 1000).
pub const CHUNK_ROWS: usize = 500;

/// The classifications and types the names in a file are matched against,
/// folded for comparison; `None` where a list could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lookup {
    classifications: Option<Vec<(i64, String)>>,
    types: Option<Vec<(i64, String)>>,
}

fn folded(list: &[Category]) -> Vec<(i64, String)> {
    list.iter().map(|c| (c.id, c.name.trim().to_lowercase())).collect()
}

impl Lookup {
    pub fn new(classifications: Option<&[Category]>, types: Option<&[Category]>) -> Lookup {
        Lookup { classifications: classifications.map(folded), types: types.map(folded) }
    }

    /// The id `text` names: a name (any case), or an id of the list. An id
    /// column tries the id first, a name column the name.
    pub fn resolve(&self, kind: CategoryKind, text: &str, prefer_id: bool) -> Result<i64, Problem> {
        let text = text.trim();
        let as_id = text.parse::<i32>().ok().map(i64::from);
        let list = match kind {
            CategoryKind::Classification => &self.classifications,
            CategoryKind::Type => &self.types,
        };
        let Some(list) = list else {
            // The API checks no id in bulk, and neither can the console now.
            return as_id.ok_or_else(|| Problem::CategoriesUnreadable { kind, text: text.into() });
        };
        let name = text.to_lowercase();
        let by_name = || list.iter().find(|(_, n)| *n == name).map(|(id, _)| *id);
        let by_id = || as_id.filter(|id| list.iter().any(|(known, _)| known == id));
        let found = if prefer_id { by_id().or_else(by_name) } else { by_name().or_else(by_id) };
        found.ok_or_else(|| Problem::UnknownCategory { kind, text: text.into() })
    }
}

/// Why a row cannot be sent as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    NoName,
    NotWhole {
        field: Field,
        text: String,
    },
    /// A whole number past the API's 32-bit Integer (revenue, employees, ids).
    OutOfRange {
        field: Field,
        text: String,
        error: WriteError,
    },
    TooLong {
        field: Field,
        max: u32,
    },
    UnknownCategory {
        kind: CategoryKind,
        text: String,
    },
    CategoriesUnreadable {
        kind: CategoryKind,
        text: String,
    },
    /// `COL0`, `COL101`, `SECURE6`.
    NoSuchField {
        name: String,
    },
    ExtraCells {
        cells: usize,
        columns: usize,
    },
    /// The same account number as an earlier row (its line).
    RepeatedNumber {
        line: u32,
    },
    /// An account id (the export's) without an account number: bulk create
    /// would make a second account.
    CopyOfExisting,
}

impl Problem {
    /// The problem in the user's words.
    pub fn text(&self) -> String {
        let noun = |kind: CategoryKind| kind.noun();
        match self {
            Problem::NoName => "Name is required.".into(),
            Problem::NotWhole { field, text } => format!("{}: “{text}” is not a whole number.", label(*field)),
            Problem::OutOfRange { field, text, error } => {
                format!("{}: “{text}” is out of range. {error}", label(*field))
            }
            Problem::TooLong { field, max } => format!("{} is longer than {max} characters.", label(*field)),
            Problem::UnknownCategory { kind, text } if text.parse::<i64>().is_ok() => {
                format!("There is no {} with ID {text}.", noun(*kind))
            }
            Problem::UnknownCategory { kind, text } => format!("There is no {} named “{text}”.", noun(*kind)),
            Problem::CategoriesUnreadable { kind, text } => {
                format!("The {} names could not be read, so “{text}” cannot be matched.", noun(*kind))
            }
            Problem::NoSuchField { name } if name.starts_with("COL") => {
                format!("{name} is not a custom field: use COL1 to COL100.")
            }
            Problem::NoSuchField { name } => format!("{name} is not a secure field: use SECURE1 to SECURE5."),
            Problem::ExtraCells { cells, columns } => {
                format!("This line has {cells} cells; the header has {columns}.")
            }
            Problem::RepeatedNumber { line } => {
                format!("Line {line} has the same account number: give each account its own row.")
            }
            Problem::CopyOfExisting => "It has an account ID but no account number: importing it would create a \
                                        second account. Give it an account number, or leave it out."
                .into(),
        }
    }
}

/// How rows are built from their cells.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub columns: &'a [Column],
    pub lookup: &'a Lookup,
    /// CSV cells may carry the export's apostrophe; JSON values never do.
    pub unescape: bool,
    /// The export's `id` column, if the file has one.
    pub id_column: Option<usize>,
}

impl<'a> Context<'a> {
    pub fn new(columns: &'a [Column], lookup: &'a Lookup, unescape: bool) -> Context<'a> {
        Context { columns, lookup, unescape, id_column: mapping::id_column(columns) }
    }
}

/// The create input a row's cells make, and what keeps it from being sent.
/// An empty cell sets nothing: the field keeps what the account has.
pub fn build(cells: &[String], context: &Context<'_>) -> (AccountInput, Vec<Problem>) {
    let mut input = AccountInput::default();
    let mut problems = Vec::new();
    let mut custom = Vec::new();
    let mut secure = Vec::new();
    for (column, raw) in context.columns.iter().zip(cells) {
        let cell = if context.unescape { unescape(raw) } else { raw.as_str() }.trim();
        if cell.is_empty() || column.target == Target::Skip {
            continue;
        }
        match column.target {
            Target::Skip => {}
            Target::Field(field @ (Field::ClassificationId | Field::ClassificationName)) => {
                match context.lookup.resolve(CategoryKind::Classification, cell, field == Field::ClassificationId) {
                    Ok(id) => input.classification_id = Some(id),
                    Err(problem) => problems.push(problem),
                }
            }
            Target::Field(field @ (Field::TypeId | Field::TypeName)) => {
                match context.lookup.resolve(CategoryKind::Type, cell, field == Field::TypeId) {
                    Ok(id) => input.type_id = Some(id),
                    Err(problem) => problems.push(problem),
                }
            }
            Target::Field(field) => match field.write_input(&mut input, Some(cell)) {
                Ok(()) => {}
                Err(WriteError::NotWhole) => problems.push(Problem::NotWhole { field, text: cell.into() }),
                Err(error @ (WriteError::TooLarge | WriteError::TooSmall)) => {
                    problems.push(Problem::OutOfRange { field, text: cell.into(), error })
                }
                Err(WriteError::TooLong(max)) => problems.push(Problem::TooLong { field, max }),
                Err(WriteError::NotWritable) => {}
            },
            Target::Custom(n) => {
                list_value(&mut custom, &mut problems, "COL", n, &CUSTOM_FIELD_NAMES, Field::CustomFields, cell)
            }
            Target::Secure(n) => {
                list_value(&mut secure, &mut problems, "SECURE", n, &SECURE_FIELD_NAMES, Field::SecureFields, cell)
            }
        }
    }
    if !custom.is_empty() {
        input.custom_fields = Some(custom);
    }
    if !secure.is_empty() {
        input.secure_fields = Some(secure);
    }
    if input.name.trim().is_empty() {
        problems.insert(0, Problem::NoName);
    }
    let columns = context.columns.len();
    if cells.len() > columns && cells[columns..].iter().any(|c| !c.trim().is_empty()) {
        problems.push(Problem::ExtraCells { cells: cells.len(), columns });
    }
    let has_id = context.id_column.and_then(|i| cells.get(i)).is_some_and(|c| !c.trim().is_empty());
    if has_id && input.account_number.as_deref().is_none_or(|n| n.trim().is_empty()) {
        problems.push(Problem::CopyOfExisting);
    }
    (input, problems)
}

fn list_value(
    list: &mut Vec<FieldValue>,
    problems: &mut Vec<Problem>,
    prefix: &str,
    n: u32,
    allowed: &std::ops::RangeInclusive<u32>,
    field: Field,
    cell: &str,
) {
    let name = format!("{prefix}{n}");
    if !allowed.contains(&n) {
        problems.push(Problem::NoSuchField { name });
    } else if let Some(max) = field.spec().max_len.filter(|max| cell.chars().count() > *max as usize) {
        problems.push(Problem::TooLong { field, max });
    } else {
        list.retain(|f| f.field != name);
        list.push(FieldValue { field: name, value: Some(cell.into()) });
    }
}

/// What became of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Not sent yet.
    Pending,
    Created,
    Updated,
    /// Refused, and why (in the user's words).
    Failed(String),
    /// No clear answer: it may have landed.
    Unsure(String),
    /// The user stopped the import before its chunk.
    NotSent,
    /// Not sent again after an unclear answer: it has no account number to
    /// check, and the user chose not to risk a second copy.
    LeftOut,
}

/// One row of the import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The line of the file the row starts on.
    pub line: u32,
    /// As read (fixes change them).
    pub cells: Vec<String>,
    pub input: AccountInput,
    pub problems: Vec<Problem>,
    /// Left out by the user.
    pub excluded: bool,
    /// Whether its account number exists already (`None`: not known yet).
    pub exists: Option<bool>,
    pub outcome: Outcome,
    /// Bumped on every change, so the table redraws just this row.
    pub rev: u32,
}

impl Row {
    pub fn new(line: u32, cells: Vec<String>, context: &Context<'_>) -> Row {
        let (input, problems) = build(&cells, context);
        Row { line, cells, input, problems, excluded: false, exists: None, outcome: Outcome::Pending, rev: 0 }
    }

    /// Builds the input again (after a fix or a new mapping).
    pub fn rebuild(&mut self, context: &Context<'_>) {
        let (input, problems) = build(&self.cells, context);
        if input.account_number != self.input.account_number {
            self.exists = None;
        }
        self.input = input;
        self.problems = problems;
        self.rev += 1;
    }

    /// The account number as stored (trimmed), if any.
    pub fn number(&self) -> Option<&str> {
        self.input.account_number.as_deref().map(str::trim).filter(|n| !n.is_empty())
    }

    /// Whether the row goes out with the next send.
    pub fn sendable(&self) -> bool {
        !self.excluded && self.problems.is_empty() && self.outcome == Outcome::Pending
    }

    /// Whether the row belongs in the failed rows: it has problems, was
    /// refused, or did not (surely) land.
    pub fn failed(&self) -> bool {
        !self.excluded
            && match self.outcome {
                Outcome::Pending => !self.problems.is_empty(),
                Outcome::Created | Outcome::Updated => false,
                Outcome::Failed(_) | Outcome::Unsure(_) | Outcome::NotSent | Outcome::LeftOut => true,
            }
    }

    /// Why the row failed, or what is wrong with it, in a sentence.
    pub fn reason(&self) -> String {
        match &self.outcome {
            Outcome::Failed(reason) => reason.clone(),
            Outcome::Unsure(error) if self.number().is_none() => format!(
                "No clear answer ({error}) It may have been imported. Possible duplicate: it has no account \
                 number, so the console cannot check; sending it again may create a second account."
            ),
            Outcome::Unsure(error) => format!("No clear answer ({error}) It may have been imported."),
            Outcome::NotSent => "Not sent: the import was stopped.".into(),
            Outcome::LeftOut => "Not sent again: it may have been created already, and without an account number \
                                 the console cannot check."
                .into(),
            Outcome::Pending | Outcome::Created | Outcome::Updated => {
                self.problems.iter().map(Problem::text).collect::<Vec<_>>().join(" ")
            }
        }
    }

    /// The short status the preview shows, and its style.
    pub fn status(&self) -> (&'static str, &'static str) {
        match &self.outcome {
            Outcome::Created => ("Created", "done"),
            Outcome::Updated => ("Updated", "done"),
            Outcome::Failed(_) => ("Failed", "bad"),
            Outcome::Unsure(_) => ("Unsure", "bad"),
            Outcome::NotSent => ("Not sent", "bad"),
            Outcome::LeftOut => ("Left out", "bad"),
            Outcome::Pending if self.excluded => ("Excluded", "muted"),
            Outcome::Pending if !self.problems.is_empty() => ("Problem", "bad"),
            Outcome::Pending => match self.exists {
                Some(true) => ("Update", "update"),
                Some(false) => ("New", "new"),
                None => ("…", "muted"),
            },
        }
    }
}

/// Marks each row whose account number an earlier included row has.
pub fn mark_repeats(rows: &mut [Row]) {
    let mut first: HashMap<String, u32> = HashMap::new();
    for row in rows.iter_mut() {
        let had = row.problems.len();
        row.problems.retain(|p| !matches!(p, Problem::RepeatedNumber { .. }));
        let mut changed = had != row.problems.len();
        if !row.excluded
            && row.outcome == Outcome::Pending
            && let Some(number) = row.number()
        {
            match first.get(number) {
                Some(line) => {
                    row.problems.push(Problem::RepeatedNumber { line: *line });
                    changed = !changed;
                }
                None => {
                    first.insert(number.to_string(), row.line);
                }
            }
        }
        if changed {
            row.rev += 1;
        }
    }
}

/// The preview's counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows: usize,
    pub excluded: usize,
    pub with_problems: usize,
    /// Sendable rows that create an account.
    pub new: usize,
    /// Sendable rows whose account number exists: they update that account.
    pub updates: usize,
    /// Sendable rows whose account number was not looked up yet.
    pub unchecked: usize,
    /// Rows with an outcome.
    pub settled: usize,
    /// Rows that may have landed (an unclear answer) or were not sent.
    pub to_retry: usize,
    /// Of those, rows with no account number to check.
    pub unnumbered_unsure: usize,
}

impl Counts {
    pub fn sendable(&self) -> usize {
        self.new + self.updates + self.unchecked
    }
}

pub fn counts(rows: &[Row]) -> Counts {
    let mut counts = Counts { rows: rows.len(), ..Counts::default() };
    for row in rows {
        if row.excluded {
            counts.excluded += 1;
            continue;
        }
        match &row.outcome {
            Outcome::Pending if !row.problems.is_empty() => counts.with_problems += 1,
            Outcome::Pending => match row.exists {
                Some(true) => counts.updates += 1,
                Some(false) => counts.new += 1,
                None => counts.unchecked += 1,
            },
            Outcome::Unsure(_) => {
                counts.settled += 1;
                counts.to_retry += 1;
                if row.number().is_none() {
                    counts.unnumbered_unsure += 1;
                }
            }
            Outcome::NotSent => {
                counts.settled += 1;
                counts.to_retry += 1;
            }
            _ => counts.settled += 1,
        }
    }
    counts
}

/// The account numbers of `rows` not looked up yet, each once.
pub fn numbers_to_look_up(rows: &[Row], known: &HashMap<String, bool>) -> Vec<String> {
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
    /// A few numbers: one search each.
    EachNumber(Vec<String>),
    /// Many: every account whose number contains their common start (every
    /// account when they share none), read page by page.
    Sweep(Option<String>),
}

/// Up to this many numbers are searched one by one.
pub const SEARCH_EACH_UP_TO: usize = 20;

pub fn number_lookup(numbers: &[String]) -> NumberLookup {
    if numbers.len() <= SEARCH_EACH_UP_TO {
        return NumberLookup::EachNumber(numbers.to_vec());
    }
    let mut prefix: &str = numbers.first().map_or("", String::as_str);
    for number in numbers {
        let common = prefix.char_indices().zip(number.chars()).find(|((_, a), b)| a != b).map(|((i, _), _)| i);
        if let Some(end) = common {
            prefix = &prefix[..end];
        } else if number.len() < prefix.len() {
            prefix = &prefix[..number.len()];
        }
    }
    NumberLookup::Sweep(Some(prefix.trim().to_string()).filter(|p| !p.is_empty()))
}

/// Records which numbers exist (`found` among `asked`) and tells the rows.
pub fn learn_numbers(rows: &mut [Row], known: &mut HashMap<String, bool>, asked: &[String], found: &HashSet<String>) {
    for number in asked {
        known.insert(number.clone(), found.contains(number));
    }
    for row in rows.iter_mut() {
        let exists = match row.number() {
            Some(number) => known.get(number).copied(),
            None => Some(false),
        };
        if exists != row.exists {
            row.exists = exists;
            row.rev += 1;
        }
    }
}

/// The indexes of the rows to send, in chunks of `size`.
pub fn chunks(rows: &[Row], size: usize) -> Vec<Vec<usize>> {
    let sendable: Vec<usize> = rows.iter().enumerate().filter(|(_, r)| r.sendable()).map(|(i, _)| i).collect();
    sendable.chunks(size.max(1)).map(<[usize]>::to_vec).collect()
}

/// The row a 1-based `ordinal` of a chunk's answer points to.
pub fn row_of(chunk: &[usize], ordinal: i64) -> Option<usize> {
    usize::try_from(ordinal).ok()?.checked_sub(1).and_then(|at| chunk.get(at)).copied()
}

/// The API's counts, summed over the chunks that answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub created: i64,
    pub updated: i64,
    pub failed: i64,
}

/// Settles a chunk's rows from its answer: the failed ordinals failed with
/// the API's cause, the others created or updated. Answers how many
/// failures pointed at no row of the chunk.
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
            None if row.exists == Some(true) => Outcome::Updated,
            None => Outcome::Created,
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

/// The numbers to look up before sending unclear rows again: those of rows
/// that were new (an update is the same whether sent once or twice).
pub fn numbers_to_recheck(rows: &[Row]) -> Vec<String> {
    let mut seen = HashSet::new();
    rows.iter()
        .filter(|r| matches!(r.outcome, Outcome::Unsure(_)) && r.exists != Some(true))
        .filter_map(Row::number)
        .filter(|n| seen.insert(*n))
        .map(str::to_string)
        .collect()
}

/// Makes the rows that did not land sendable again. An unclear row whose
/// (new) account number now exists landed: it is created. One without an
/// account number is sent again only if the user says so, else left out.
/// Answers how many rows will be sent, and how many were found landed.
pub fn prepare_retry(rows: &mut [Row], now_existing: &HashSet<String>, resend_unnumbered: bool) -> (usize, usize) {
    let (mut to_send, mut landed) = (0, 0);
    for row in rows.iter_mut() {
        let next = match &row.outcome {
            Outcome::NotSent => Outcome::Pending,
            Outcome::Unsure(_) => match row.number() {
                Some(number) if row.exists != Some(true) && now_existing.contains(number) => Outcome::Created,
                Some(_) => Outcome::Pending,
                None if resend_unnumbered => Outcome::Pending,
                None => Outcome::LeftOut,
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
        mapping::propose,
        parse::{Format, read_all},
    };

    fn category(id: i64, name: &str) -> Category {
        Category { id, name: name.into(), level: None }
    }

    fn lookup() -> Lookup {
        Lookup::new(
            Some(&[category(3, "Gold"), category(4, "Émeraude"), category(12, "2024")]),
            Some(&[category(7, "Bank")]),
        )
    }

    /// The rows of a CSV text, built through the proposed mapping.
    fn rows_of(text: &str) -> (Vec<String>, Vec<Row>) {
        let table = read_all(text, Format::Csv).unwrap();
        let columns = propose(&table.header);
        let lookup = lookup();
        let context = Context::new(&columns, &lookup, true);
        let mut rows: Vec<Row> = table.rows.into_iter().map(|r| Row::new(r.line, r.cells, &context)).collect();
        mark_repeats(&mut rows);
        (table.header, rows)
    }

    fn problems(row: &Row) -> Vec<String> {
        row.problems.iter().map(Problem::text).collect()
    }

    #[test]
    fn names_resolve_to_ids_in_any_case_and_ids_stay_ids() {
        let lookup = lookup();
        let classification = |text, prefer_id| lookup.resolve(CategoryKind::Classification, text, prefer_id);
        assert_eq!(classification("gold", false), Ok(3));
        assert_eq!(classification(" ÉMERAUDE ", false), Ok(4));
        assert_eq!(classification("3", true), Ok(3), "an id column takes ids");
        assert_eq!(classification("Gold", true), Ok(3), "and names");
        assert_eq!(classification("2024", false), Ok(12), "a name column prefers the name");
        assert_eq!(classification("12", false), Ok(12), "and takes an id it knows");
        assert_eq!(lookup.resolve(CategoryKind::Type, "bank", false), Ok(7));
        let unknown = classification("Titanium", false).unwrap_err();
        assert_eq!(unknown.text(), "There is no classification named “Titanium”.");
        assert_eq!(classification("99", true).unwrap_err().text(), "There is no classification with ID 99.");
        let unread = Lookup::new(None, None);
        assert_eq!(
            unread.resolve(CategoryKind::Type, "5", true),
            Ok(5),
            "an id passes unchecked, as bulk create would"
        );
        assert_eq!(
            unread.resolve(CategoryKind::Type, "Bank", false).unwrap_err().text(),
            "The account type names could not be read, so “Bank” cannot be matched."
        );
    }

    #[test]
    fn rows_become_create_inputs_and_empty_cells_send_nothing() {
        let (_, rows) = rows_of(
            "name,accountNumber,annualRevenue,classification,Type,billingCity,shippingCity,COL7,rating\n\
             Acme,A-1,\"1,250,000\",gold,7,Lyon,,'=x,\n",
        );
        let row = &rows[0];
        assert_eq!(row.problems, []);
        let json = serde_json::to_value(&row.input).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "name": "Acme", "accountNumber": "A-1", "annualRevenue": 1_250_000, "classificationId": 3,
                "typeId": 7, "billingAddress": {"city": "Lyon"}, "customFields": [{"field": "COL7", "value": "=x"}],
            }),
            "no key for an empty cell, the export's apostrophe removed"
        );
        assert_eq!(row.number(), Some("A-1"));
    }

    #[test]
    fn problems_are_found_before_sending() {
        let (_, rows) = rows_of(
            "name,accountNumber,numOfEmployees,classificationName,agentId,COL101,COL3\n\
             ,N-1,,,,,\n\
             Acme,N-2,many,,,,\n\
             Acme,N-3,,Titanium,,,\n\
             Acme,N-4,3000000000,,99999999999,,\n\
             Acme,N-5,,,,x,\n\
             Acme,N-6,,,,,ok,extra\n\
             Acme,N-2,,,,,\n",
        );
        let found: Vec<Vec<String>> = rows.iter().map(problems).collect();
        assert_eq!(found[0], ["Name is required."]);
        assert_eq!(found[1], ["Employees: “many” is not a whole number."]);
        assert_eq!(found[2], ["There is no classification named “Titanium”."]);
        let too_large = |text| format!("{text} is out of range. Enter a whole number of at most 2,147,483,647.");
        assert_eq!(found[3], [too_large("Employees: “3000000000”"), too_large("Agent ID: “99999999999”")]);
        assert_eq!(found[4], ["COL101 is not a custom field: use COL1 to COL100."]);
        assert_eq!(found[5], ["This line has 8 cells; the header has 7."]);
        assert_eq!(found[6], ["Line 3 has the same account number: give each account its own row."]);
        assert!(rows.iter().all(|r| !r.sendable()));
    }

    #[test]
    fn a_repeat_clears_when_the_first_row_is_left_out() {
        let (_, mut rows) = rows_of("name,accountNumber\nA,N-1\nB,N-1\n");
        assert!(!rows[1].sendable());
        let rev = rows[1].rev;
        rows[0].excluded = true;
        mark_repeats(&mut rows);
        assert!(rows[1].sendable());
        assert!(rows[1].rev > rev, "the row redraws");
    }

    #[test]
    fn an_exported_account_without_a_number_would_be_copied_and_is_held_back() {
        let (_, rows) = rows_of("id,name,accountNumber\n5,Acme,\n6,Beta,B-1\n,New,\n");
        assert_eq!(rows[0].problems, [Problem::CopyOfExisting]);
        assert_eq!(rows[1].problems, []);
        assert_eq!(rows[2].problems, [], "a row without an id is simply new");
    }

    #[test]
    fn counts_tell_new_rows_from_updates_once_numbers_are_known() {
        let (_, mut rows) = rows_of("name,accountNumber\nA,N-1\nB,N-2\nC,\n,N-4\n");
        rows.push(Row { excluded: true, ..rows[0].clone() });
        let mut known = HashMap::new();
        let asked = numbers_to_look_up(&rows, &known);
        assert_eq!(asked, ["N-1", "N-2", "N-4"]);
        learn_numbers(&mut rows, &mut known, &asked, &HashSet::from(["N-2".to_string()]));
        let counts = counts(&rows);
        assert_eq!((counts.new, counts.updates, counts.with_problems, counts.excluded), (2, 1, 1, 1));
        assert_eq!(counts.sendable(), 3);
        assert_eq!(numbers_to_look_up(&rows, &known), Vec::<String>::new(), "each number is asked once");
    }

    #[test]
    fn few_numbers_are_searched_one_by_one_and_many_by_their_common_start() {
        let few: Vec<String> = (1..=3).map(|n| format!("N-{n}")).collect();
        assert_eq!(number_lookup(&few), NumberLookup::EachNumber(few.clone()));
        let many: Vec<String> = (1..=200).map(|n| format!("IMP-2024-{n:04}")).collect();
        assert_eq!(number_lookup(&many), NumberLookup::Sweep(Some("IMP-2024-0".into())));
        let mixed: Vec<String> = (1..=30).map(|n| if n % 2 == 0 { format!("A{n}") } else { format!("B{n}") }).collect();
        assert_eq!(number_lookup(&mixed), NumberLookup::Sweep(None));
        let short: Vec<String> = (1..=30).map(|n| if n == 7 { "Ü".into() } else { format!("Üx{n}") }).collect();
        assert_eq!(number_lookup(&short), NumberLookup::Sweep(Some("Ü".into())));
    }

    #[test]
    fn rows_are_sent_in_chunks_of_sendable_rows() {
        let text: String = std::iter::once("name\n".to_string())
            .chain((0..1203).map(|n| if n == 5 { "\n,x\n".into() } else { format!("R{n}\n") }))
            .collect();
        let (_, rows) = rows_of(&text);
        assert_eq!(rows.len(), 1203);
        let chunks = chunks(&rows, CHUNK_ROWS);
        assert_eq!(chunks.iter().map(Vec::len).collect::<Vec<_>>(), [500, 500, 202]);
        assert!(!chunks[0].contains(&5), "the row without a name is not sent");
        assert_eq!(chunks[1][0], 501);
    }

    #[test]
    fn an_answers_ordinals_point_back_to_file_lines() {
        let (_, mut rows) = rows_of("name,accountNumber\nA,N-1\n\n\"B\nsecond line\",N-2\nC,N-3\nD,N-4\n");
        learn_numbers(&mut rows, &mut HashMap::new(), &["N-3".to_string()], &HashSet::from(["N-3".to_string()]));
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
        let (_, mut rows) = rows_of("name,accountNumber\nA,N-1\nB,N-2\nC,\nD,OLD\nE,N-5\n");
        let old = ["OLD".to_string()];
        learn_numbers(&mut rows, &mut HashMap::new(), &old, &HashSet::from(old.clone()));
        settle_failure(&mut rows, &[0, 1, 2, 3], &Failure::MayHaveLanded(ApiError::Timeout));
        settle_not_sent(&mut rows, &[4]);
        let counts = counts(&rows);
        assert_eq!((counts.to_retry, counts.unnumbered_unsure), (5, 1));
        assert_eq!(numbers_to_recheck(&rows), ["N-1", "N-2"], "updates are safe to send twice");
        let landed = HashSet::from(["N-1".to_string()]);
        assert_eq!(prepare_retry(&mut rows.clone(), &landed, true), (4, 1));
        assert_eq!(prepare_retry(&mut rows, &landed, false), (3, 1));
        let outcomes: Vec<&Outcome> = rows.iter().map(|r| &r.outcome).collect();
        assert_eq!(
            outcomes,
            [&Outcome::Created, &Outcome::Pending, &Outcome::LeftOut, &Outcome::Pending, &Outcome::Pending]
        );
        assert_eq!(chunks(&rows, CHUNK_ROWS), [vec![1, 3, 4]]);
        assert!(rows[2].reason().contains("without an account number"));
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
            rows_of("name,accountNumber,description\n,N-1,\"has, comma\"\nOK,N-2,\nBad,N-3,'=formula\n");
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
