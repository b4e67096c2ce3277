//! Which account field each column of an import fills: proposed from the
//! header through the model's field table (by wire name, JSON path or label,
//! ignoring case, spaces, `_` and `-`), so that the export's own header
//! (`billingCity`, `COL7`) maps one to one, or by the names common CRM
//! exports use (`aliases.rs`); the user may change any column.
//!
//! Read-only columns the export writes (`id`, dates, names of linked records)
//! are skipped and said so; a classification or type name column fills the
//! classification or type (resolved to its id) unless the file also has the
//! id column; a column no field answers to is skipped until the user places
//! it. Cells the export defused with an apostrophe get it removed here.

use account_model::{
    ListField, ListKind,
    fields::{FIELDS, Field, Kind},
};

use crate::{
    domain::fields::{label, list_noun},
    pages::import::model::aliases::aliased,
};

/// Where a column's cells go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Skip,
    /// A writable scalar field, or `ClassificationName` / `TypeName`: the
    /// classification or type by name.
    Field(Field),
    /// `COL<n>` (a number outside 1..=100 is kept so that rows with a value
    /// there can be told why they cannot be sent).
    Custom(u32),
    /// `SECURE<n>`.
    Secure(u32),
}

impl Target {
    /// The custom or secure field it fills, allowed or not.
    pub fn list_field(self) -> Option<ListField> {
        match self {
            Target::Custom(n) => Some(ListField::Col(n)),
            Target::Secure(n) => Some(ListField::Secure(n)),
            Target::Skip | Target::Field(_) => None,
        }
    }
}

/// Why a proposed column is skipped (or needs a look).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// The API sets this field; the export writes it for reading only.
    ReadOnly(Field),
    /// The name of a classification or type whose id column is also there.
    NameOfId(Field),
    /// Another column (its index) already fills the same field.
    Repeated(usize),
    /// No field answers to this header.
    Unknown,
    /// The `reason` column of a failed-rows file.
    Reason,
}

/// One column of the file and where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub target: Target,
    /// Why the proposal skipped it; cleared when the user chooses.
    pub note: Option<Note>,
}

/// What a header names, before looking at the other columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Guess {
    Target(Target),
    ReadOnly(Field),
    Reason,
    Unknown,
}

/// A header as compared: lower case, without spaces, `_`, `-` or `.`.
pub fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The number after `prefix` in a normalised header (`col7` → 7).
fn numbered(key: &str, prefix: &str) -> Option<u32> {
    let digits = key.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(u32::MAX))
}

/// The JSON path of an address part, normalised (`billingaddresscity`).
fn path_key(kind: Kind) -> Option<String> {
    match kind {
        Kind::AddressPart(address, part) => Some(normalise(&format!("{}{}", address.json_name(), part.json_name()))),
        _ => None,
    }
}

fn guess(header: &str) -> Guess {
    let key = normalise(header);
    if key.is_empty() {
        return Guess::Unknown;
    }
    if key == "reason" {
        return Guess::Reason;
    }
    let prefix = |kind: ListKind| kind.prefix().to_ascii_lowercase();
    if let Some(n) = numbered(&key, &prefix(ListKind::Custom)).or_else(|| numbered(&key, "customfield")) {
        return Guess::Target(Target::Custom(n));
    }
    if let Some(n) = numbered(&key, &prefix(ListKind::Secure)).or_else(|| numbered(&key, "securefield")) {
        return Guess::Target(Target::Secure(n));
    }
    let by_name = FIELDS.iter().find(|s| normalise(s.name) == key);
    let by_path = || FIELDS.iter().find(|s| path_key(s.kind).as_deref() == Some(key.as_str()));
    let by_alias = || aliased(&key).map(Field::spec);
    // From the end: a label an id shares with its name ("Classification")
    // means the name, as people write names in sheets.
    let by_label = || FIELDS.iter().rev().find(|s| normalise(label(s.field)) == key);
    let Some(spec) = by_name.or_else(by_path).or_else(by_alias).or_else(by_label) else { return Guess::Unknown };
    match spec.field {
        Field::ClassificationName | Field::TypeName => Guess::Target(Target::Field(spec.field)),
        Field::CustomFields | Field::SecureFields => Guess::Unknown,
        field if spec.writable => Guess::Target(Target::Field(field)),
        field => Guess::ReadOnly(field),
    }
}

/// Where a classification or type ends up, whichever column names it.
fn destination(target: Target) -> Target {
    match target {
        Target::Field(Field::ClassificationName) => Target::Field(Field::ClassificationId),
        Target::Field(Field::TypeName) => Target::Field(Field::TypeId),
        other => other,
    }
}

/// The proposed mapping of a header row.
pub fn propose(header: &[String]) -> Vec<Column> {
    let guesses: Vec<Guess> = header.iter().map(|h| guess(h)).collect();
    let has = |field| guesses.contains(&Guess::Target(Target::Field(field)));
    let mut columns: Vec<Column> = Vec::with_capacity(header.len());
    for (header, guess) in header.iter().zip(guesses.iter().copied()) {
        let (target, note) = match guess {
            Guess::Target(Target::Field(Field::ClassificationName)) if has(Field::ClassificationId) => {
                (Target::Skip, Some(Note::NameOfId(Field::ClassificationId)))
            }
            Guess::Target(Target::Field(Field::TypeName)) if has(Field::TypeId) => {
                (Target::Skip, Some(Note::NameOfId(Field::TypeId)))
            }
            Guess::Target(target) => match columns.iter().position(|c| destination(c.target) == destination(target)) {
                Some(first) => (Target::Skip, Some(Note::Repeated(first))),
                None => (target, None),
            },
            Guess::ReadOnly(field) => (Target::Skip, Some(Note::ReadOnly(field))),
            Guess::Reason => (Target::Skip, Some(Note::Reason)),
            Guess::Unknown => (Target::Skip, Some(Note::Unknown)),
        };
        columns.push(Column { header: header.clone(), target, note });
    }
    columns
}

/// The column holding account ids (the export's `id`), if any: a row with
/// an id and no account number would be created again.
pub fn id_column(columns: &[Column]) -> Option<usize> {
    columns.iter().position(|c| c.note == Some(Note::ReadOnly(Field::Id)))
}

/// What the mapping step says about a column ("" when there is nothing to say).
pub fn note_text(columns: &[Column], index: usize) -> String {
    let Some(column) = columns.get(index) else { return String::new() };
    match (column.note, column.target) {
        (Some(Note::ReadOnly(Field::Id)), Target::Skip) => {
            "Skipped: read-only. Accounts are matched by account number.".into()
        }
        (Some(Note::ReadOnly(_)), Target::Skip) => "Skipped: read-only, set by the API.".into(),
        (Some(Note::NameOfId(field)), Target::Skip) => {
            let id_column =
                columns.iter().find(|c| c.target == Target::Field(field)).map_or(field.name(), |c| &c.header);
            format!("Skipped: the {id_column} column sets the {}.", label(field).to_lowercase())
        }
        (Some(Note::Repeated(first)), Target::Skip) => {
            let first = columns.get(first).map_or("", |c| c.header.as_str());
            format!("Skipped: column {first} already fills this field.")
        }
        (Some(Note::Reason), Target::Skip) => "Skipped: why an earlier import refused the row.".into(),
        (Some(Note::Unknown), Target::Skip) => "Not placed: choose a field, or it is skipped.".into(),
        (_, Target::Custom(n)) if !ListField::Col(n).is_allowed() => no_such_field(ListField::Col(n)),
        (_, Target::Secure(n)) if !ListField::Secure(n).is_allowed() => no_such_field(ListField::Secure(n)),
        _ => String::new(),
    }
}

fn no_such_field(field: ListField) -> String {
    let (first, last) = field.kind().bounds();
    let list = list_noun(field.kind());
    format!("There is no {list} field {field} ({first} to {last}): rows with a value here cannot be sent.")
}

/// Which notes a reason covers, what became of their columns, and why.
type SkipReason = (fn(Note) -> bool, &'static str, &'static str);

/// What the proposal left out, one sentence per reason, so the user reads
/// it without opening the mapping step ("Skipped id: accounts are matched by
/// account number.").
pub fn skipped_summary(columns: &[Column]) -> String {
    let reasons: [SkipReason; 6] = [
        (|n| n == Note::ReadOnly(Field::Id), "Skipped", "accounts are matched by account number."),
        (|n| matches!(n, Note::ReadOnly(f) if f != Field::Id), "Skipped", "read-only, set by the API."),
        (|n| matches!(n, Note::NameOfId(_)), "Skipped", "their ID columns are imported."),
        (|n| matches!(n, Note::Repeated(_)), "Skipped", "another column fills the same field."),
        (|n| n == Note::Reason, "Skipped", "why an earlier import refused the row."),
        (|n| n == Note::Unknown, "Not placed", "choose their fields in the columns, or they are skipped."),
    ];
    let mut sentences = Vec::new();
    for (matches, what, why) in reasons {
        let names: Vec<String> = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.target == Target::Skip && c.note.is_some_and(matches))
            .map(|(i, c)| if c.header.trim().is_empty() { format!("(column {})", i + 1) } else { c.header.clone() })
            .collect();
        if !names.is_empty() {
            sentences.push(format!("{what} {}: {why}", names.join(", ")));
        }
    }
    sentences.join(" ")
}

/// Whether the mapping step should draw the eye to this column.
pub fn needs_look(column: &Column) -> bool {
    column.note == Some(Note::Unknown) || column.target.list_field().is_some_and(|f| !f.is_allowed())
}

/// The fields a column may be set to, in the order the field table lists
/// them: every writable scalar, and the classification and type by name.
pub fn field_choices() -> impl Iterator<Item = Field> {
    FIELDS
        .iter()
        .filter(|s| {
            (s.writable && !matches!(s.kind, Kind::Custom | Kind::Secure))
                || matches!(s.field, Field::ClassificationName | Field::TypeName)
        })
        .map(|s| s.field)
}

/// What a choice reads as in the mapping step.
pub fn field_choice_label(field: Field) -> String {
    match field {
        Field::ClassificationId => "Classification (ID or name)".into(),
        Field::ClassificationName => "Classification (name)".into(),
        Field::TypeId => "Type (ID or name)".into(),
        Field::TypeName => "Type (name)".into(),
        other => label(other).into(),
    }
}

/// The value of a target in the mapping step's select: `skip`, a field's
/// name, `custom` or `secure` (the number is chosen beside it).
pub fn choice_key(target: Target) -> &'static str {
    match target {
        Target::Skip => "skip",
        Target::Field(field) => field.name(),
        Target::Custom(_) => "custom",
        Target::Secure(_) => "secure",
    }
}

/// The mapping step's choices of a list, its number chosen beside it:
/// (`custom`, "Custom field (COL…)") and the secure one.
pub fn list_choices() -> [(&'static str, String); 2] {
    [
        (choice_key(Target::Custom(1)), format!("Custom field ({}…)", ListKind::Custom.prefix())),
        (choice_key(Target::Secure(1)), format!("Secure field ({}…)", ListKind::Secure.prefix())),
    ]
}

/// The target a select value and the number beside it stand for.
pub fn target_of_choice(key: &str, number: u32) -> Target {
    match key {
        "custom" => Target::Custom(number),
        "secure" => Target::Secure(number),
        _ => match Field::named(key) {
            Some(field) if field_choices().any(|f| f == field) => Target::Field(field),
            _ => Target::Skip,
        },
    }
}

/// The number of a custom or secure target (1 otherwise, as the first
/// offered).
pub fn target_number(target: Target) -> u32 {
    match target {
        Target::Custom(n) | Target::Secure(n) => n,
        _ => 1,
    }
}

/// A cell as the export wrote it, with the apostrophe it puts before a
/// formula-like value (`'=SUM(A1)`) removed: the inverse of
/// [`crate::domain::csv::escape`]'s defusing.
pub fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) && rest.parse::<f64>().is_err() => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::csv::{escape, exported_fields};

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    fn targets(columns: &[Column]) -> Vec<Target> {
        columns.iter().map(|c| c.target).collect()
    }

    #[test]
    fn headers_map_by_name_path_or_label_ignoring_case_and_spaces() {
        let cases = [
            ("name", Target::Field(Field::Name)),
            ("  NAME ", Target::Field(Field::Name)),
            ("Account Number", Target::Field(Field::AccountNumber)),
            ("account_number", Target::Field(Field::AccountNumber)),
            ("billingAddress.city", Target::Field(Field::BillingCity)),
            ("Billing city", Target::Field(Field::BillingCity)),
            ("Office phone", Target::Field(Field::PhoneOffice)),
            ("Employees", Target::Field(Field::NumOfEmployees)),
            ("Classification", Target::Field(Field::ClassificationName)),
            ("Type", Target::Field(Field::TypeName)),
            ("Agent ID", Target::Field(Field::AgentId)),
            ("COL7", Target::Custom(7)),
            ("col 12", Target::Custom(12)),
            ("COL101", Target::Custom(101)),
            ("Secure2", Target::Secure(2)),
        ];
        for (header, target) in cases {
            assert_eq!(targets(&propose(&headers(&[header]))), [target], "{header:?}");
        }
    }

    #[test]
    fn a_crm_exports_header_maps_every_column() {
        let header = headers(&[
            "Account Name",
            "Account Number",
            "Account Source",
            "Annual Revenue",
            "Employees",
            "Industry",
            "Rating",
            "Type",
            "Ownership",
            "SIC Code",
            "SIC Description",
            "Phone",
            "Fax",
            "Website",
            "Description",
            "Billing Street",
            "Billing City",
            "Billing State/Province",
            "Billing Zip/Postal Code",
            "Billing Country",
            "Shipping Street",
            "Shipping City",
            "Shipping State/Province",
            "Shipping Zip/Postal Code",
            "Shipping Country",
        ]);
        let fields = [
            Field::Name,
            Field::AccountNumber,
            Field::AccountSource,
            Field::AnnualRevenue,
            Field::NumOfEmployees,
            Field::Industry,
            Field::Rating,
            Field::TypeName,
            Field::OwnershipType,
            Field::SicCode,
            Field::SicDesc,
            Field::PhoneOffice,
            Field::PhoneFax,
            Field::Website,
            Field::Description,
            Field::BillingStreet,
            Field::BillingCity,
            Field::BillingState,
            Field::BillingPostalCode,
            Field::BillingCountry,
            Field::ShippingStreet,
            Field::ShippingCity,
            Field::ShippingState,
            Field::ShippingPostalCode,
            Field::ShippingCountry,
        ];
        let columns = propose(&header);
        assert_eq!(targets(&columns), fields.map(Target::Field), "every column is placed");
        assert!(columns.iter().all(|c| c.note.is_none()));
        assert_eq!(
            targets(&propose(&headers(&["account_name", "BILLING ZIP/POSTAL CODE"]))),
            [Target::Field(Field::Name), Target::Field(Field::BillingPostalCode)]
        );
    }

    #[test]
    fn the_exports_own_header_maps_one_to_one_and_its_read_only_columns_are_skipped_and_said_so() {
        let header: Vec<String> =
            exported_fields().map(|s| s.name.to_string()).chain(["COL2".into(), "COL10".into()]).collect();
        let columns = propose(&header);
        for (spec, column) in exported_fields().zip(&columns) {
            if spec.writable {
                assert_eq!(column.target, Target::Field(spec.field), "{} maps to itself", spec.name);
                assert_eq!(column.note, None);
            } else {
                assert_eq!(column.target, Target::Skip, "{} is read-only", spec.name);
                let index = columns.iter().position(|c| c.header == spec.name).unwrap();
                assert!(note_text(&columns, index).starts_with("Skipped: "), "{}", spec.name);
            }
        }
        assert_eq!(targets(&columns[columns.len() - 2..]), [Target::Custom(2), Target::Custom(10)]);
        let at = |name: &str| columns.iter().position(|c| c.header == name).unwrap();
        assert_eq!(note_text(&columns, at("id")), "Skipped: read-only. Accounts are matched by account number.");
        assert_eq!(
            note_text(&columns, at("classificationName")),
            "Skipped: the classificationId column sets the classification."
        );
        assert_eq!(note_text(&columns, at("createdDate")), "Skipped: read-only, set by the API.");
        assert_eq!(id_column(&columns), Some(at("id")));
        assert_eq!(
            skipped_summary(&columns),
            "Skipped id: accounts are matched by account number. Skipped agentName, agentTeamName, createdDate, \
             createdBy, modifiedDate, modifiedBy: read-only, set by the API. Skipped classificationName, typeName: \
             their ID columns are imported."
        );
    }

    #[test]
    fn a_name_column_alone_fills_the_classification_and_repeats_and_unknowns_are_skipped() {
        let columns = propose(&headers(&["Name", "classificationName", "name", "Shoe size", "", "reason"]));
        assert_eq!(
            targets(&columns),
            [
                Target::Field(Field::Name),
                Target::Field(Field::ClassificationName),
                Target::Skip,
                Target::Skip,
                Target::Skip,
                Target::Skip
            ]
        );
        assert_eq!(note_text(&columns, 2), "Skipped: column Name already fills this field.");
        assert_eq!(note_text(&columns, 3), "Not placed: choose a field, or it is skipped.");
        assert!(needs_look(&columns[3]) && needs_look(&columns[4]) && !needs_look(&columns[5]));
        assert_eq!(note_text(&columns, 5), "Skipped: why an earlier import refused the row.");
        assert_eq!(note_text(&columns, 0), "");
        assert_eq!(
            skipped_summary(&columns),
            "Skipped name: another column fills the same field. Skipped reason: why an earlier import refused the \
             row. Not placed Shoe size, (column 5): choose their fields in the columns, or they are skipped."
        );
        let out_of_range = propose(&headers(&["COL0", "COL101"]));
        assert!(note_text(&out_of_range, 1).starts_with("There is no custom field COL101"));
        assert!(needs_look(&out_of_range[0]));
    }

    #[test]
    fn choices_round_trip_through_the_select() {
        for field in field_choices() {
            let target = Target::Field(field);
            assert_eq!(target_of_choice(choice_key(target), 1), target, "{field:?}");
        }
        assert_eq!(target_of_choice("custom", 7), Target::Custom(7));
        assert_eq!(target_of_choice("secure", 2), Target::Secure(2));
        let lists = list_choices();
        assert_eq!(lists.clone().map(|(key, _)| target_of_choice(key, 3)), [Target::Custom(3), Target::Secure(3)]);
        assert_eq!(lists.map(|(_, label)| label), ["Custom field (COL…)", "Secure field (SECURE…)"]);
        assert_eq!(target_of_choice("skip", 1), Target::Skip);
        assert_eq!(target_of_choice("createdDate", 1), Target::Skip, "read-only fields are no choice");
        assert!(!field_choices().any(|f| f == Field::Id || f == Field::AgentName));
    }

    #[test]
    fn the_exports_apostrophe_is_removed_and_everything_else_kept() {
        for value in ["=SUM(A1)", "+1 650 351", "@home", "-dash", "-42", "plain", "'quoted", "", "'"] {
            let written = escape(value);
            let read = crate::pages::import::model::parse::read_all(
                &format!("x\n{written}\n"),
                crate::pages::import::model::parse::Format::Csv,
            )
            .unwrap();
            let cell = read.rows.first().map_or("", |r| r.cells[0].as_str());
            assert_eq!(unescape(cell), value, "{value:?} written as {written:?}");
        }
        assert_eq!(unescape("'=x"), "=x");
        assert_eq!(unescape("'-42"), "'-42", "a number was never defused");
        assert_eq!(unescape("'hello"), "'hello");
    }
}
