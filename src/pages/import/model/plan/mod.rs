//! What an import will do, worked out before anything is sent: each row
//! built into the API's bulk create input through the mapping, with the
//! problems that keep it from being sent (no name where it creates an
//! account, not a whole number, an unknown classification or type, a custom
//! field that does not exist, an account number twice in the file,
//! characters the file's encoding could not read); whether
//! it creates or updates (`existing.rs`); its outcome once sent
//! (`outcome.rs`); the counts the preview shows and the chunks it is sent in.

use std::collections::HashMap;

use account_model::{
    AccountInput, FieldValue, ListField,
    fields::{Field, WriteError},
};

use crate::{
    api::categories::CategoryKind,
    domain::fields::{label, list_noun},
    pages::import::{
        model::existing::Existence,
        model::mapping::{self, Column, Target, unescape},
        model::names::{Lookup, ReadFirst},
    },
};

/// Rows per Create Multiple Accounts call (the sandbox takes at most 1000).
pub const CHUNK_ROWS: usize = 500;

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
        field: ListField,
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
    /// A cell holds U+FFFD: characters the file's encoding could not read.
    Unreadable {
        column: String,
    },
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
            Problem::NoSuchField { field } => {
                let (first, last) = field.kind().bounds();
                format!("{field} is not a {} field: use {first} to {last}.", list_noun(field.kind()))
            }
            Problem::ExtraCells { cells, columns } => {
                format!("This line has {cells} cells; the header has {columns}.")
            }
            Problem::RepeatedNumber { line } => {
                format!("Line {line} has the same account number: give each account its own row.")
            }
            Problem::CopyOfExisting => "It has an account ID but no account number: importing it would create a \
                                        second account. Give it an account number, or leave it out."
                .into(),
            Problem::Unreadable { column } => format!(
                "Column “{column}” has characters that could not be read (shown as �): choose the file's \
                 encoding above, or fix the cell."
            ),
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

/// The input a row's cells make, and what keeps it from being sent whether
/// it creates or updates (a missing name is the row's to say: see
/// [`Row::settle_name`]). An empty cell sets nothing: the field keeps what
/// the account has.
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
        if cell.contains('\u{fffd}') {
            problems.push(Problem::Unreadable { column: column.header.clone() });
        }
        match column.target {
            Target::Skip => {}
            Target::Field(field @ (Field::ClassificationId | Field::ClassificationName)) => {
                match context.lookup.resolve(CategoryKind::Classification, cell, ReadFirst::column(field)) {
                    Ok(id) => input.classification_id = Some(id),
                    Err(problem) => problems.push(problem),
                }
            }
            Target::Field(field @ (Field::TypeId | Field::TypeName)) => {
                match context.lookup.resolve(CategoryKind::Type, cell, ReadFirst::column(field)) {
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
            Target::Custom(n) => list_value(&mut custom, &mut problems, ListField::Col(n), cell),
            Target::Secure(n) => list_value(&mut secure, &mut problems, ListField::Secure(n), cell),
        }
    }
    if !custom.is_empty() {
        input.custom_fields = Some(custom);
    }
    if !secure.is_empty() {
        input.secure_fields = Some(secure);
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

fn list_value(list: &mut Vec<FieldValue>, problems: &mut Vec<Problem>, list_field: ListField, cell: &str) {
    let name = list_field.to_string();
    let field = list_field.kind().list();
    if !list_field.is_allowed() {
        problems.push(Problem::NoSuchField { field: list_field });
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
    /// Created or updated: the row's number was not looked up, and the API
    /// counts both without saying which row did what.
    Imported,
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
    /// Whether it creates an account or updates the one with its number.
    pub existence: Existence,
    pub outcome: Outcome,
    /// Bumped on every change, so the table redraws just this row.
    pub rev: u32,
}

impl Row {
    pub fn new(line: u32, cells: Vec<String>, context: &Context<'_>) -> Row {
        let (input, problems) = build(&cells, context);
        let existence = Existence::Unchecked;
        let mut row =
            Row { line, cells, input, problems, excluded: false, existence, outcome: Outcome::Pending, rev: 0 };
        row.existence = row.unlooked();
        row.settle_name();
        row
    }

    /// Builds the input again (after a fix or a new mapping).
    pub fn rebuild(&mut self, context: &Context<'_>) {
        let (input, problems) = build(&self.cells, context);
        let renumbered = input.account_number != self.input.account_number;
        self.input = input;
        self.problems = problems;
        if renumbered {
            self.existence = self.unlooked();
        }
        self.settle_name();
        self.rev += 1;
    }

    /// What is known before a lookup: a row without a number creates.
    fn unlooked(&self) -> Existence {
        if self.number().is_some() { Existence::Unchecked } else { Existence::New }
    }

    /// Records what a lookup learned of the row's number.
    pub fn set_existence(&mut self, existence: Existence) {
        if existence != self.existence {
            self.existence = existence;
            self.settle_name();
            self.rev += 1;
        }
    }

    /// A row that creates an account needs a name; one that updates (or may:
    /// the API decides) does not, and leaves the name as it is. A name given
    /// but refused (too long) is said as such, not also as missing.
    fn settle_name(&mut self) {
        self.problems.retain(|p| *p != Problem::NoName);
        let refused = self.problems.iter().any(|p| matches!(p, Problem::TooLong { field: Field::Name, .. }));
        if self.input.name.trim().is_empty() && self.existence == Existence::New && !refused {
            self.problems.insert(0, Problem::NoName);
        }
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
                Outcome::Created | Outcome::Updated | Outcome::Imported => false,
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
            Outcome::Pending | Outcome::Created | Outcome::Updated | Outcome::Imported => {
                self.problems.iter().map(Problem::text).collect::<Vec<_>>().join(" ")
            }
        }
    }

    /// The short status the preview shows, and its style.
    pub fn status(&self) -> (&'static str, &'static str) {
        match &self.outcome {
            Outcome::Created => ("Created", "done"),
            Outcome::Updated => ("Updated", "done"),
            Outcome::Imported => ("Imported", "done"),
            Outcome::Failed(_) => ("Failed", "bad"),
            Outcome::Unsure(_) => ("Unsure", "bad"),
            Outcome::NotSent => ("Not sent", "bad"),
            Outcome::LeftOut => ("Left out", "bad"),
            Outcome::Pending if self.excluded => ("Excluded", "muted"),
            Outcome::Pending if !self.problems.is_empty() => ("Problem", "bad"),
            Outcome::Pending => match self.existence {
                Existence::Existing => ("Updates", "update"),
                Existence::New => ("Creates", "new"),
                Existence::Undecided => ("Creates or updates", "muted"),
                Existence::Unchecked => ("…", "muted"),
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
    /// Sendable rows the lookup's bound left to the API to create or update.
    pub undecided: usize,
    /// Rows with an outcome.
    pub settled: usize,
    /// Rows that may have landed (an unclear answer) or were not sent.
    pub to_retry: usize,
    /// Of those, rows with no account number to check.
    pub unnumbered_unsure: usize,
}

impl Counts {
    pub fn sendable(&self) -> usize {
        self.new + self.updates + self.undecided + self.unchecked
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
            Outcome::Pending => match row.existence {
                Existence::Existing => counts.updates += 1,
                Existence::New => counts.new += 1,
                Existence::Undecided => counts.undecided += 1,
                Existence::Unchecked => counts.unchecked += 1,
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

/// The indexes of the rows to send, in chunks of `size`.
pub fn chunks(rows: &[Row], size: usize) -> Vec<Vec<usize>> {
    let sendable: Vec<usize> = rows.iter().enumerate().filter(|(_, r)| r.sendable()).map(|(i, _)| i).collect();
    sendable.chunks(size.max(1)).map(<[usize]>::to_vec).collect()
}

/// The row a 1-based `ordinal` of a chunk's answer points to.
pub fn row_of(chunk: &[usize], ordinal: i64) -> Option<usize> {
    usize::try_from(ordinal).ok()?.checked_sub(1).and_then(|at| chunk.get(at)).copied()
}

/// The rows of a CSV text as read, built through the proposed mapping
/// against a few classifications and types; their numbers not looked up.
#[cfg(test)]
pub fn rows_of(text: &str) -> (Vec<String>, Vec<Row>) {
    use crate::pages::import::{
        model::mapping::propose,
        model::parse::{Format, read_all},
    };
    let lookup = crate::pages::import::model::names::tests::lookup();
    let table = read_all(text, Format::Csv).unwrap();
    let columns = propose(&table.header);
    let context = Context::new(&columns, &lookup, true);
    let mut rows: Vec<Row> = table.rows.into_iter().map(|r| Row::new(r.line, r.cells, &context)).collect();
    mark_repeats(&mut rows);
    (table.header, rows)
}

/// [`rows_of`], with the numbers looked up: those of `existing` exist.
#[cfg(test)]
pub fn checked_rows_of(text: &str, existing: &[&str]) -> (Vec<String>, Vec<Row>) {
    use crate::pages::import::model::existing::{Found, learn_numbers, numbers_to_look_up};
    let (header, mut rows) = rows_of(text);
    let asked = numbers_to_look_up(&rows, &HashMap::new());
    let found = Found { existing: existing.iter().map(|n| n.to_string()).collect(), ..Found::default() };
    learn_numbers(&mut rows, &mut HashMap::new(), &asked, &found);
    (header, rows)
}

#[cfg(test)]
mod tests;
