//! What the API says, in the user's words: one wording per failure,
//! everywhere (forms, bulk reports, toasts), and the field a message is
//! about, so that forms can show it there.
//!
//! The API speaks its wire names ("contactId X does not exist.", "Cannot
//! create account. Unique account number already exists in system."); the
//! console never shows those raw when it knows what they mean.

use account_model::{
    Field,
    error::{ALREADY_ASSOCIATED, ASSOCIATION_EXISTS},
};

use crate::{
    api::{ApiError, outcome::Settled},
    domain::fields::label,
};

/// A message from the API, explained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    /// The account field it is about, when it names one.
    pub field: Option<Field>,
    pub text: String,
}

/// The reference's duplicate-number messages start like this (create and
/// update).
const DUPLICATE_NUMBER: &str = "unique account number already exists";

/// Explains an API message. Unknown messages are kept as they are.
pub fn explain(message: &str) -> Explained {
    let trimmed = message.trim();
    let lower = trimmed.to_lowercase();
    if lower.contains(DUPLICATE_NUMBER) {
        return Explained {
            field: Some(Field::AccountNumber),
            text: "Another account already has this account number.".into(),
        };
    }
    // "agentId 5 does not exist.", "contactId X does not exist."
    if let Some(rest) = trimmed.strip_suffix(" does not exist.")
        && let Some((name, value)) = rest.split_once(' ')
    {
        let value = value.trim();
        if name == "contactId" {
            return Explained { field: None, text: no_such_contact(value) };
        }
        if let Some(field) = Field::named(name) {
            let thing = match field {
                Field::AgentId => "agent",
                Field::AgentTeamId => "agent team",
                Field::CampaignId => "campaign",
                Field::ClassificationId => "classification",
                Field::TypeId => "account type",
                _ => label(field),
            };
            return Explained { field: Some(field), text: format!("There is no {thing} with ID {value}.") };
        }
    }
    // "name is mandatory.", "annualRevenue cannot be negative."
    if let Some((name, rest)) = trimmed.split_once(' ')
        && let Some(field) = Field::named(name)
    {
        let text = match rest.trim_end_matches('.') {
            "is mandatory" | "is mandatory: it cannot be null" => format!("{} is required.", label(field)),
            "cannot be negative" => format!("{} cannot be negative.", label(field)),
            other => format!("{}: {other}.", label(field)),
        };
        return Explained { field: Some(field), text };
    }
    Explained { field: None, text: trimmed.to_string() }
}

/// "There is no contact X in Contact Manager."
pub fn no_such_contact(contact: &str) -> String {
    format!("There is no contact {contact} in Contact Manager.")
}

/// "CT-0009 is already linked to this account."
pub fn already_linked(contact: &str) -> String {
    format!("{contact} is already linked to this account.")
}

/// Why one contact was not linked, from a single link's refusal or a bulk
/// link's cause: the same words either way.
pub fn link_failure(contact: &str, message: &str) -> String {
    let message = message.trim();
    if message == ASSOCIATION_EXISTS || message == ALREADY_ASSOCIATED {
        return already_linked(contact);
    }
    if message.is_empty() {
        return format!("{contact} was not linked; the API gave no reason.");
    }
    explain(message).text
}

/// While a write without a clear answer is being looked for: "Note “Call”
/// may have been saved: The Account API did not answer in time. Looking…".
/// `subject` names what was written, `past` what the write does ("saved",
/// "linked", "deleted").
pub fn looking(subject: &str, past: &str, error: &ApiError) -> String {
    format!("{subject} may have been {past}: {} Looking…", sentence(error))
}

/// Where a single write ended, when that is not plainly done or refused
/// (whose words belong to the page): `None` for those two. After
/// `Unknown` the page adds what trying again does (looks first, or is safe).
pub fn settled<T>(subject: &str, past: &str, settled: &Settled<T>) -> Option<String> {
    Some(match settled {
        Settled::Done(_) | Settled::Refused(_) => return None,
        Settled::AlreadyDone(_) => format!("{subject} was already {past}."),
        Settled::LandedAfterAll => format!("{subject} was {past}: its answer was lost, but a look shows it was."),
        Settled::NotLanded(error) => {
            format!("{subject} was not {past} (a look shows it was not): {} Try again when ready.", sentence(error))
        }
        Settled::Unknown { error, look } => {
            format!("{subject} may have been {past}: {} Looking failed too: {}", sentence(error), sentence(look))
        }
    })
}

/// An error's text as a sentence, with its full stop.
pub fn sentence(error: &ApiError) -> String {
    let mut text = error.to_string().trim().to_string();
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_messages_read_in_the_users_words_and_name_their_field() {
        let cases = [
            ("agentId 5 does not exist.", Some(Field::AgentId), "There is no agent with ID 5."),
            ("agentTeamId 7 does not exist.", Some(Field::AgentTeamId), "There is no agent team with ID 7."),
            ("campaignId X1 does not exist.", Some(Field::CampaignId), "There is no campaign with ID X1."),
            (
                "classificationId 9 does not exist.",
                Some(Field::ClassificationId),
                "There is no classification with ID 9.",
            ),
            ("typeId 9 does not exist.", Some(Field::TypeId), "There is no account type with ID 9."),
            ("contactId hello does not exist.", None, "There is no contact hello in Contact Manager."),
            (
                "Cannot create account. Unique account number already exists in system.",
                Some(Field::AccountNumber),
                "Another account already has this account number.",
            ),
            (
                "Cannot update account. Unique account number already exists in system.",
                Some(Field::AccountNumber),
                "Another account already has this account number.",
            ),
            ("name is mandatory.", Some(Field::Name), "Name is required."),
            ("numOfEmployees cannot be negative.", Some(Field::NumOfEmployees), "Employees cannot be negative."),
            ("Something else entirely.", None, "Something else entirely."),
        ];
        for (message, field, text) in cases {
            assert_eq!(explain(message), Explained { field, text: text.into() }, "{message}");
        }
    }

    #[test]
    fn a_write_without_a_clear_answer_says_only_what_is_known() {
        let timeout = ApiError::Timeout;
        let failed = ApiError::Server { status: 500, message: "injected fault".into(), retry_after: None };
        let note = "Note “Call”";
        assert_eq!(
            looking(note, "saved", &timeout),
            "Note “Call” may have been saved: The Account API did not answer in time. Looking…"
        );
        let cases: [(Settled<()>, Option<&str>); 6] = [
            (Settled::Done(()), None),
            (Settled::Refused(ApiError::Forbidden("no".into())), None),
            (
                Settled::AlreadyDone(ApiError::NotFound("No Record Found".into())),
                Some("Note “Call” was already saved."),
            ),
            (Settled::LandedAfterAll, Some("Note “Call” was saved: its answer was lost, but a look shows it was.")),
            (
                Settled::NotLanded(failed),
                Some(
                    "Note “Call” was not saved (a look shows it was not): The Account API failed (HTTP 500): \
                     injected fault. Try again when ready.",
                ),
            ),
            (
                Settled::Unknown { error: timeout, look: ApiError::Network("offline".into()) },
                Some(
                    "Note “Call” may have been saved: The Account API did not answer in time. Looking failed too: \
                     Cannot reach the Account API: offline.",
                ),
            ),
        ];
        for (outcome, words) in cases {
            assert_eq!(settled(note, "saved", &outcome).as_deref(), words, "{outcome:?}");
        }
    }

    #[test]
    fn single_and_bulk_link_word_the_same_failure_the_same_way() {
        assert_eq!(link_failure("CT-1", ASSOCIATION_EXISTS), link_failure("CT-1", ALREADY_ASSOCIATED));
        assert_eq!(link_failure("CT-1", ASSOCIATION_EXISTS), "CT-1 is already linked to this account.");
        assert_eq!(
            link_failure("bogus", "contactId bogus does not exist."),
            "There is no contact bogus in Contact Manager."
        );
    }
}
