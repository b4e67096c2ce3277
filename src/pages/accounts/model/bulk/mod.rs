//! What the bulk actions do, as data (pure): the Set the user chose (a value,
//! or clearing as a choice of its own: nothing is chosen by default), the
//! question asked before it (naming the criteria and the count when the
//! selection is every account a search matched), what each account held
//! before (to undo it), the undo that puts back only what nobody changed
//! since, and the report.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::Arc,
};

use account_model::{
    Account, AccountPatch, Field,
    fields::{Kind, Value, parse_whole},
    session::Permission,
};

use crate::{
    api::{
        ApiError,
        outcome::already_linked,
        runner::{Failure, Report},
    },
    domain::fields::label,
    domain::format,
    domain::messages,
};

/// The fields a bulk "Set" can change.
pub const SETTABLE: [Field; 5] =
    [Field::ClassificationId, Field::TypeId, Field::AgentId, Field::AgentTeamId, Field::CampaignId];

/// Why Apply waits: no value is chosen for `field` yet.
pub fn nothing_chosen(field: Field) -> &'static str {
    match field {
        Field::ClassificationId => "Choose a classification to set, or clear it.",
        Field::TypeId => "Choose a type to set, or clear it.",
        Field::AgentId => "Enter an agent ID to set, or clear it.",
        Field::AgentTeamId => "Enter an agent team ID to set, or clear it.",
        _ => "Enter a campaign ID to set, or clear it.",
    }
}

/// "1 account", "1,200 accounts".
pub fn accounts(count: usize) -> String {
    let noun = if count == 1 { "account" } else { "accounts" };
    format!("{} {noun}", format::thousands(count as i64))
}

/// What a bulk delete warns of: "1 account will be deleted with its notes …".
pub fn delete_warning(count: usize) -> String {
    let its = if count == 1 { "its" } else { "their" };
    format!("{} will be deleted with {its} notes and contact links. This cannot be undone.", accounts(count))
}

/// Which accounts a bulk action is about, as its confirmation names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Ticked by the user: how many.
    Picked(usize),
    /// Collected by "Select all matching": `count` of the `of` that matched
    /// the `criteria` (each in words: "Name “acme”"; none: every account).
    Matching { count: usize, of: usize, criteria: Vec<String> },
}

impl Target {
    pub fn count(&self) -> usize {
        match self {
            Target::Picked(count) | Target::Matching { count, .. } => *count,
        }
    }

    /// "2 accounts", "all 120 accounts matching Name “acme”", "119 of the
    /// 120 accounts matching Name “acme”", "all 12,345 accounts".
    pub fn accounts(&self) -> String {
        let Target::Matching { count, of, criteria } = self else { return accounts(self.count()) };
        let matching = match criteria.is_empty() {
            true => String::new(),
            false => format!(" matching {}", criteria.join(", ")),
        };
        match count == of {
            true => format!("all {}{matching}", accounts(*of)),
            false => format!("{} of the {}{matching}", format::thousands(*count as i64), accounts(*of)),
        }
    }

    /// The title of a delete's confirmation.
    pub fn delete_question(&self) -> String {
        match self {
            Target::Picked(_) => "Delete the selected accounts?".into(),
            Target::Matching { .. } => format!("Delete {}?", self.accounts()),
        }
    }

    /// Whether linking a contact asks first: to every account a search
    /// matched, yes; rows ticked by hand are linked at once, as before.
    pub fn link_asks_first(&self) -> bool {
        matches!(self, Target::Matching { .. })
    }

    /// "Link CT-0007 to all 120 accounts matching Name “acme”?"
    pub fn link_question(&self, contact: &str) -> String {
        format!("Link {contact} to {}?", self.accounts())
    }

    /// What a delete asks to be typed before its button works: the count,
    /// for everything a search matched; nothing for rows ticked by hand.
    pub fn delete_asks_to_type(&self) -> Option<String> {
        match self {
            Target::Picked(_) => None,
            Target::Matching { count, .. } => Some(format::thousands(*count as i64)),
        }
    }
}

/// Whether `typed` is `count`, written with or without separators
/// ("12,345", "12 345", "12.345", "12345").
pub fn typed_count_matches(typed: &str, count: usize) -> bool {
    let digits: String = typed.chars().filter(|c| !matches!(c, ',' | '.' | '\'' | '_') && !c.is_whitespace()).collect();
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && digits.parse() == Ok(count)
}

/// A field's value on an account as text, as the API stores it (`None`: empty).
pub fn value_of(account: &Account, field: Field) -> Option<String> {
    match field.read_input(&account.fields)? {
        Value::Int(n) => Some(n.to_string()),
        Value::Text(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
    }
}

/// A bulk Set the user chose: one field, and the value it gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetChoice {
    pub field: Field,
    /// As the API stores it; `None` clears the field.
    value: Option<String>,
    /// How the value reads: a classification's or type's name.
    shown: String,
}

impl SetChoice {
    /// Sets `field` to `typed` (an id or text as typed or picked), named by
    /// `name_of` where it has a name. A blank value is no choice: clearing
    /// is [`SetChoice::clear`], never a default.
    pub fn value(field: Field, typed: &str, name_of: impl Fn(&str) -> Option<String>) -> Result<SetChoice, String> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Err(nothing_chosen(field).into());
        }
        AccountPatch::default().set(field, Some(typed)).map_err(|e| e.to_string())?;
        let value = match field.kind() {
            Kind::Id => parse_whole(typed).map_err(|e| e.to_string())?.to_string(),
            _ => typed.to_string(),
        };
        let shown = name_of(&value).unwrap_or_else(|| value.clone());
        Ok(SetChoice { field, value: Some(value), shown })
    }

    /// Clears `field`: chosen as such.
    pub fn clear(field: Field) -> SetChoice {
        SetChoice { field, value: None, shown: String::new() }
    }

    /// "Set Classification to Gold", "Clear Campaign ID".
    pub fn describe(&self) -> String {
        match &self.value {
            Some(_) => format!("Set {} to {}", label(self.field), self.shown),
            None => format!("Clear {}", label(self.field)),
        }
    }

    /// What the confirmation asks: "Set Classification to Gold on 2
    /// accounts?", "… on all 120 accounts matching Name “acme”?"
    pub fn question(&self, target: &Target) -> String {
        format!("{} on {}?", self.describe(), target.accounts())
    }

    /// The button that confirms it: "Set Classification", "Clear Campaign ID".
    pub fn verb(&self) -> String {
        let verb = if self.value.is_some() { "Set" } else { "Clear" };
        format!("{verb} {}", label(self.field))
    }

    /// The update for an account that holds `current`: that field alone;
    /// nothing when it already holds the value.
    pub fn write_for(&self, current: Option<&str>) -> Option<AccountPatch> {
        (current != self.value.as_deref()).then(|| patch(self.field, self.value.as_deref()))
    }
}

/// The update that gives `field` the stored `value` (`None`: `null`).
fn patch(field: Field, value: Option<&str>) -> AccountPatch {
    let mut patch = AccountPatch::default();
    // The value came from the API or passed the same check: it is valid.
    let _ = patch.set(field, value);
    patch
}

/// What a bulk Set changed: the value each account held before, for the
/// accounts it changed, so that Undo can put them back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetUndo {
    pub set: SetChoice,
    /// By id: an undo of thousands looks each one up.
    before: BTreeMap<i64, Option<String>>,
}

impl SetUndo {
    /// The undo of a Set's run, or `None` when it changed nothing.
    /// A write without a clear answer is in it too, with what its look
    /// read (`looked`): it may have landed, and `restore` writes only where
    /// the account holds the Set's value.
    pub fn of(set: &SetChoice, report: &Report<i64, Outcome>, looked: &Looked) -> Option<SetUndo> {
        let done = report.done.iter().filter_map(|(id, outcome)| match outcome {
            Outcome::Set { before, .. } => Some((*id, before.clone())),
            _ => None,
        });
        let unsure = report
            .failed
            .iter()
            .filter(|(_, failure)| matches!(failure, Failure::MayHaveLanded(_)))
            .filter_map(|(id, _)| Some((*id, looked.get(id)?.clone())));
        let before: BTreeMap<i64, Option<String>> =
            done.chain(unsure).filter(|(_, before)| before.as_deref() != set.value.as_deref()).collect();
        (!before.is_empty()).then(|| SetUndo { set: set.clone(), before })
    }

    /// One undo for two runs of the same Set (a retry of the failed): what
    /// an account held first is what goes back.
    pub fn merge(mut self, later: SetUndo) -> SetUndo {
        for (id, before) in later.before {
            self.before.entry(id).or_insert(before);
        }
        self
    }

    /// The accounts it would write.
    pub fn ids(&self) -> Vec<i64> {
        self.before.keys().copied().collect()
    }

    /// "Undo Set Classification to Gold".
    pub fn describe(&self) -> String {
        format!("Undo {}", self.set.describe())
    }

    /// The update that puts back what account `id` held, when it still
    /// holds what the Set wrote (`current`); `None` when someone changed it
    /// since: then it is left as it is.
    pub fn restore(&self, id: i64, current: Option<&str>) -> Option<AccountPatch> {
        let before = self.before.get(&id).and_then(Option::as_deref);
        (current == self.set.value.as_deref()).then(|| patch(self.set.field, before))
    }
}

/// What a Set's look read on each account before writing it, kept apart
/// from the report, whose failures carry only the error.
pub type Looked = BTreeMap<i64, Option<String>>;

/// Which run of a bulk action this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    First,
    /// "Retry the failed": an earlier run may have done some of them.
    Retry,
}

/// What to do to every selected account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkAction {
    Set(SetChoice),
    Undo(Arc<SetUndo>),
    LinkContact(String),
    Delete,
    /// Read it again, for "Export selected".
    Export,
}

impl BulkAction {
    fn permission(&self) -> Permission {
        match self {
            BulkAction::LinkContact(_) => Permission::LinkContacts,
            BulkAction::Set(_) | BulkAction::Undo(_) | BulkAction::Delete => Permission::WriteAccounts,
            BulkAction::Export => Permission::ReadAccounts,
        }
    }

    /// Whether `error`, met by a write on `attempt`, says the account is as
    /// the action wants it: a delete answered "no longer exists" (404), and
    /// on a retry a link answered "already linked" (409), which an earlier
    /// attempt landed. (On a first run "already linked" is listed: the
    /// contact may not be the one meant. A Set looks first, and skips an
    /// account that holds the value.)
    pub fn done_already(&self, attempt: Attempt, error: &ApiError) -> bool {
        match (self, error) {
            (BulkAction::LinkContact(_), error) => attempt == Attempt::Retry && already_linked(error),
            (BulkAction::Delete, ApiError::NotFound(_)) => true,
            _ => false,
        }
    }

    /// "Set Classification to Gold", "Link CT-0001", "Delete".
    pub fn describe(&self) -> String {
        match self {
            BulkAction::Set(set) => set.describe(),
            BulkAction::Undo(undo) => undo.describe(),
            BulkAction::LinkContact(contact) => format!("Link {contact}"),
            BulkAction::Delete => "Delete".into(),
            BulkAction::Export => "Export selected".into(),
        }
    }
}

/// What became of one account the action did not fail on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Linked or deleted.
    Done,
    /// Found linked or deleted on a retry: an earlier attempt did it.
    DoneAlready,
    /// Set, after a look that read its name and the value it held.
    Set { name: String, before: Option<String> },
    /// Undone: its old value is back.
    Restored { name: String },
    /// Not undone: someone changed it since the Set.
    ChangedSince { name: String },
    /// Read, as it is now.
    Read(Box<Account>),
}

impl Outcome {
    fn name(&self) -> Option<&str> {
        match self {
            Outcome::Done | Outcome::DoneAlready | Outcome::Read(_) => None,
            Outcome::Set { name, .. } | Outcome::Restored { name } | Outcome::ChangedSince { name } => Some(name),
        }
    }
}

/// What the button that sends a report's `retry` again says it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resend {
    Failed,
    Rest,
    FailedAndRest,
}

impl Resend {
    pub fn label(self) -> &'static str {
        match self {
            Resend::Failed => "Retry the failed",
            Resend::Rest => "Send the rest",
            Resend::FailedAndRest => "Retry the failed and send the rest",
        }
    }
}

/// The report after a bulk action, in the user's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkReport {
    pub summary: String,
    /// Each account that did not get it: "Acme (ID 7): why".
    pub failures: Vec<String>,
    /// The accounts worth sending again: failed without a refusal, and
    /// not sent.
    pub retry: Vec<i64>,
    /// What sending them again is, in words on its button.
    pub resend: Resend,
    /// The accounts that got it.
    pub done: Vec<i64>,
    /// Every account's outcome as CSV, for "Download the report".
    pub csv: Arc<str>,
}

/// How many failures the bar lists; the report's file has them all.
pub const FAILURES_SHOWN: usize = 50;

impl BulkReport {
    /// The failures the bar lists, and what it says of the rest: "… and
    /// 9,950 more: download the report to see them all."
    pub fn failures_shown(&self) -> (&[String], Option<String>) {
        let shown = &self.failures[..self.failures.len().min(FAILURES_SHOWN)];
        let more = self.failures.len() - shown.len();
        let rest = (more > 0)
            .then(|| format!("… and {} more: download the report to see them all.", format::thousands(more as i64)));
        (shown, rest)
    }
}

/// "Acme (ID 7)", or "Account 7" without a name.
fn named(name: &str, id: i64) -> String {
    let name = name.trim();
    if name.is_empty() { format!("Account {id}") } else { format!("{name} (ID {id})") }
}

/// The report of a run over accounts (by id); accounts the run did not read
/// are named by `name_of` (the rows on screen) where it knows them. On a
/// retry, accounts found done already count as done, and the summary says
/// how many.
pub fn bulk_report(
    action: &BulkAction,
    attempt: Attempt,
    report: &Report<i64, Outcome>,
    name_of: impl Fn(i64) -> Option<String>,
) -> BulkReport {
    let label_of = |id: i64| named(&name_of(id).unwrap_or_default(), id);
    let total = report.total();
    let left: Vec<String> = report
        .done
        .iter()
        .filter_map(|(id, outcome)| match outcome {
            Outcome::ChangedSince { name } => {
                Some(format!("{}: changed since, so it was left as it is.", named(name, *id)))
            }
            _ => None,
        })
        .collect();
    let done: Vec<i64> = report
        .done
        .iter()
        .filter(|(_, outcome)| !matches!(outcome, Outcome::ChangedSince { .. }))
        .map(|(id, _)| *id)
        .collect();
    // Accounts that held the value before this attempt's write: on a retry,
    // the earlier attempt wrote it; on a first attempt, they held it before.
    let held = |(_, outcome): &&(i64, Outcome)| match (action, outcome) {
        (BulkAction::Set(set), Outcome::Set { before, .. }) => before.as_deref() == set.value.as_deref(),
        _ => false,
    };
    let already = report.done.iter().filter(|d| matches!(d.1, Outcome::DoneAlready) || held(d)).count();
    let n = |count: usize| format::thousands(count as i64);
    let mut summary = match action {
        BulkAction::Undo(_) => format!("{}: put back on {} of {}.", action.describe(), n(done.len()), accounts(total)),
        _ => format!("{}: done for {} of {}.", action.describe(), n(done.len()), accounts(total)),
    };
    if already > 0 {
        let how = match (attempt, action) {
            (Attempt::Retry, _) => "had been done already, by the earlier attempt",
            (Attempt::First, BulkAction::Delete) => "had been deleted already",
            (Attempt::First, BulkAction::Set(set)) if set.value.is_none() => "had no value already",
            (Attempt::First, _) => "held it already",
        };
        summary.push_str(&format!(" {} of them {how}.", n(already)));
    }
    if !left.is_empty() {
        summary.push_str(&format!(" {} changed since, left as it is.", n(left.len())));
    }
    if !report.failed.is_empty() {
        summary.push_str(&format!(" {} failed.", n(report.failed.len())));
    }
    if !report.not_sent.is_empty() {
        summary.push_str(&format!(" {} not sent (stopped).", n(report.not_sent.len())));
    }
    let failures = report.failed.iter().map(|(id, failure)| format!("{}: {}", label_of(*id), why(action, failure)));
    // A refusal of what the user chose (no such contact, no such agent)
    // would come back for every account: nothing not sent is offered either.
    let input_refused = report.failed.iter().any(|(_, failure)| matches!(failure.error(), ApiError::Validation(_)));
    let mut retry = report.to_retry();
    // A set: a run of thousands stopped early looks each one up.
    let not_sent: BTreeSet<i64> = report.not_sent.iter().copied().collect();
    if input_refused {
        retry.retain(|id| !not_sent.contains(id));
    }
    let resend = match retry.iter().any(|id| not_sent.contains(id)) {
        false => Resend::Failed,
        true if retry.len() == report.not_sent.len() => Resend::Rest,
        true => Resend::FailedAndRest,
    };
    let csv = csv::report_csv(action, report, &name_of).into();
    BulkReport { summary, failures: failures.chain(left).collect(), retry, resend, done, csv }
}

/// Why one account did not get the action, in the user's words.
fn why(action: &BulkAction, failure: &Failure) -> String {
    match failure {
        Failure::MayHaveLanded(error) => {
            format!("{} It may have been done: check the account.", messages::sentence(error))
        }
        Failure::Refused(ApiError::Validation(m) | ApiError::Conflict(m)) => match action {
            BulkAction::LinkContact(contact) => messages::link_failure(contact, m),
            _ => messages::explain(m).text,
        },
        Failure::Refused(ApiError::NotFound(_)) => "The account no longer exists.".into(),
        Failure::Refused(ApiError::Forbidden(_)) => format!("Needs the {} role.", action.permission().roles_text()),
        // Stopped while the API asked to wait: it did not act.
        Failure::Refused(error) if error.asks_to_wait().is_some() => format!("{error} Nothing was changed."),
        // A write's timeout or 5xx may have landed; refused, it was the look before it.
        Failure::Refused(
            error @ (ApiError::Timeout | ApiError::Network(_) | ApiError::Server { .. } | ApiError::Decode(_)),
        ) => format!("It could not be read first, so nothing was changed: {error}"),
        Failure::Refused(error) => error.to_string(),
    }
}

/// The name each account had when the run read it.
pub fn names_read(report: &Report<i64, Outcome>) -> impl Iterator<Item = (i64, &str)> {
    report.done.iter().filter_map(|(id, outcome)| outcome.name().map(|name| (*id, name)))
}

mod csv;
pub mod refusals;
pub use csv::report_file_name;

#[cfg(test)]
mod tests;
