//! The account form's save protocol, without a browser: what a save sends,
//! in which order, and where it ends. The API comes in as [`Accounts`], so
//! the protocol is tested natively against accounts held in memory.
//!
//! - An edit reads the account first and merges what the user changed into
//!   it (`model.rs`), then sends only the difference. A 404 on either call
//!   means someone else deleted the account. A read that fails has sent
//!   nothing. An update without a clear answer is `Unsure`: saving again
//!   reads and merges again, which sends only what is still missing.
//! - A create follows `api::outcome`'s rule with a look of its own: after an
//!   answer that was lost, it looks before sending: by the account number
//!   when one was typed (found: created after all), else for accounts that
//!   hold every value typed (found: the user decides; sending again is an
//!   explicit "Create another", [`Order::SendFirst`]). [`Creates`] keeps
//!   what such a try sent, for the next one to look for.
//! - A refusal shows at the field it names ([`refusal`]); what was typed
//!   stays in the form whatever the outcome.
//!
//! The 401 and 429 of every call are the client's (`api::retry::resend`):
//! signed in again, or the wait out, the same call goes again and the
//! protocol sees only its last answer. The tests run the protocol through
//! that same rule against a vendor in memory whose answers they script
//! (`fake.rs`).

use std::future::Future;

use account_model::{
    Account, AccountInput, AccountPatch, PageQuery, SearchCriteria, SearchRequest, Sort, SortDirection,
    fields::{Search, Value},
};

use crate::{
    api::{
        ApiClient, ApiError,
        outcome::{Order, Outcome},
    },
    pages::account_form::model::{Key, Merge, Problem, Target, Values, merge, patch_between, problem_of, saved_values},
};

/// What the protocol needs of the Account API.
pub trait Accounts {
    fn read(&self, id: i64) -> impl Future<Output = Result<Account, ApiError>>;
    fn update(&self, id: i64, patch: &AccountPatch) -> impl Future<Output = Result<(), ApiError>>;
    /// Answers the new account's id.
    fn create(&self, input: &AccountInput) -> impl Future<Output = Result<i64, ApiError>>;
    /// The first accounts that match, newest first.
    fn search(&self, criteria: SearchCriteria) -> impl Future<Output = Result<Vec<Account>, ApiError>>;
}

/// How many accounts a look reads: the one just created is the newest.
const LOOK_COUNT: u32 = 50;

impl Accounts for ApiClient {
    async fn read(&self, id: i64) -> Result<Account, ApiError> {
        self.read_account(id, None).await
    }

    async fn update(&self, id: i64, patch: &AccountPatch) -> Result<(), ApiError> {
        self.update_account(id, patch).await
    }

    async fn create(&self, input: &AccountInput) -> Result<i64, ApiError> {
        self.create_account(input).await.map(|created| created.id)
    }

    async fn search(&self, criteria: SearchCriteria) -> Result<Vec<Account>, ApiError> {
        let newest = Sort { property: "createdDate".into(), direction: SortDirection::Descending };
        let request = SearchRequest { search: Some(criteria), sort: Some(newest) };
        let page = self.search_accounts(&request, PageQuery { count: LOOK_COUNT, offset: 0 }, None).await?;
        Ok(page.accounts)
    }
}

/// Where an edit's save ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditSave {
    /// Saved: the account held `before` and holds `after` now (for undo).
    Saved { before: Values, after: Values },
    /// The account holds these values already.
    NothingToSave,
    /// Someone else changed what the user changed: `theirs` is what the
    /// account holds now.
    Conflicts(Merge, Values),
    /// Someone else deleted the account.
    Deleted,
    /// The account could not be read before saving: nothing was sent.
    NotRead(ApiError),
    /// The update was refused: nothing changed.
    Refused(ApiError),
    /// No clear answer: the update may have landed.
    Unsure(ApiError),
}

/// Saves an edit: reads the account, merges `base` → `mine` into it, and
/// sends the difference unless both sides changed a field.
pub async fn save_edit(api: &impl Accounts, id: i64, base: &Values, mine: &Values) -> EditSave {
    let theirs = match api.read(id).await {
        Ok(account) => saved_values(&account),
        Err(ApiError::NotFound(_)) => return EditSave::Deleted,
        Err(error) => return EditSave::NotRead(error),
    };
    let outcome = merge(base, mine, &theirs);
    if outcome.conflicts.is_empty() {
        finish_edit(api, id, theirs, outcome.merged).await
    } else {
        EditSave::Conflicts(outcome, theirs)
    }
}

/// Sends what turns `theirs` (what the account holds) into `merged`.
pub async fn finish_edit(api: &impl Accounts, id: i64, theirs: Values, merged: Values) -> EditSave {
    let Some(patch) = patch_between(&theirs, &merged) else { return EditSave::NothingToSave };
    match Outcome::of(api.update(id, &patch).await) {
        Outcome::Done(()) => EditSave::Saved { before: theirs, after: merged },
        Outcome::Refused(ApiError::NotFound(_)) => EditSave::Deleted,
        Outcome::Refused(error) => EditSave::Refused(error),
        Outcome::Unsure(error) => EditSave::Unsure(error),
    }
}

/// Where a create ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreateSave {
    Created(i64),
    /// The look found the account number typed: an earlier try created it.
    FoundAfterAll(Box<Account>),
    /// As `FoundAfterAll`, and what the user changed since the try that
    /// created it was written to it.
    FoundAndUpdated(Box<Account>),
    /// As `FoundAfterAll`, but writing what the user changed since failed:
    /// it is still in the form, and creating again finds it and writes it.
    FoundNotUpdated(Box<Account>, ApiError),
    /// The look found accounts holding every value typed (without a number
    /// nothing says which is the one): nothing was sent; `ApiError` is what
    /// the earlier try met.
    Lookalikes(Vec<Account>, ApiError),
    /// Refused: nothing was created.
    Refused(ApiError),
    /// No clear answer: the account may have been created.
    Unsure(ApiError),
    /// An earlier try met `error`, and the look failed: nothing was sent.
    Unknown {
        error: ApiError,
        look: ApiError,
    },
}

/// The creates of one new account's form: the last try that had no clear
/// answer (what it sent, and what it met) until a later try settles it.
#[derive(Clone, Debug, Default)]
pub struct Creates {
    unsettled: Option<(AccountInput, ApiError)>,
}

impl Creates {
    /// How the next save starts: with a look while a try is unsettled.
    pub fn next(&self) -> Order {
        self.unsettled.as_ref().map_or(Order::SendFirst, |(_, error)| Order::LookFirst(error.clone()))
    }

    /// Saves `input`, starting as `order` says: [`Creates::next`], or
    /// [`Order::SendFirst`] when the user chose to send without a look.
    pub async fn save(&mut self, api: &impl Accounts, input: &AccountInput, order: Order) -> CreateSave {
        let sent = self.unsettled.as_ref().map(|(sent, _)| sent);
        let result = save_create(api, input, order, sent).await;
        match &result {
            CreateSave::Unsure(error) => self.unsettled = Some((input.clone(), error.clone())),
            // Nobody has seen the try land, or what changed since is not
            // written yet: the next save looks again.
            CreateSave::Unknown { .. } | CreateSave::Lookalikes(..) | CreateSave::FoundNotUpdated(..) => {}
            _ => self.unsettled = None,
        }
        result
    }
}

/// Creates the account `input` describes; after a try without a clear
/// answer ([`Order::LookFirst`]) it looks first for what that try sent
/// (`sent`, else `input`), so that a field changed since does not hide it.
/// Found by its number, what changed since is written to it.
async fn save_create(
    api: &impl Accounts,
    input: &AccountInput,
    order: Order,
    sent: Option<&AccountInput>,
) -> CreateSave {
    if let Order::LookFirst(error) = order {
        let sent = sent.unwrap_or(input);
        match look_for(api, sent).await {
            Ok(Found::Number(account)) => {
                let Some(patch) = patch_between(&typed_values(sent), &typed_values(input)) else {
                    return CreateSave::FoundAfterAll(account);
                };
                return match api.update(account.id, &patch).await {
                    Ok(()) => CreateSave::FoundAndUpdated(account),
                    Err(error) => CreateSave::FoundNotUpdated(account, error),
                };
            }
            Ok(Found::Alike(accounts)) => return CreateSave::Lookalikes(accounts, error),
            Ok(Found::Nothing) => {}
            Err(look) => return CreateSave::Unknown { error, look },
        }
    }
    match Outcome::of(api.create(input).await) {
        Outcome::Done(id) => CreateSave::Created(id),
        Outcome::Refused(error) => CreateSave::Refused(error),
        Outcome::Unsure(error) => CreateSave::Unsure(error),
    }
}

/// What a look for an account about to be created found.
enum Found {
    /// The account with the number typed.
    Number(Box<Account>),
    /// Accounts holding every value typed.
    Alike(Vec<Account>),
    Nothing,
}

async fn look_for(api: &impl Accounts, input: &AccountInput) -> Result<Found, ApiError> {
    let number = input.account_number.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if let Some(number) = number {
        let criteria = SearchCriteria { account_number: Some(number.to_string()), ..SearchCriteria::default() };
        // The criterion matches as a substring: keep the exact one.
        let found = api
            .search(criteria)
            .await?
            .into_iter()
            .find(|a| a.fields.account_number.as_deref().map(str::trim) == Some(number));
        return Ok(found.map_or(Found::Nothing, |account| Found::Number(Box::new(account))));
    }
    let typed = typed_values(input);
    let alike: Vec<Account> =
        api.search(criteria_of(&typed)).await?.into_iter().filter(|account| holds_all(account, &typed)).collect();
    Ok(if alike.is_empty() { Found::Nothing } else { Found::Alike(alike) })
}

/// The values a create sends, as an account read back shows them (numbers
/// as plain digits, text trimmed).
pub fn typed_values(input: &AccountInput) -> Values {
    saved_values(&Account { fields: input.clone(), ..Account::default() })
}

/// Search criteria for accounts like the one typed: every field typed that
/// is a criterion (text as a substring, ids and numbers exactly).
pub fn criteria_of(typed: &Values) -> SearchCriteria {
    let mut criteria = SearchCriteria::default();
    for (key, value) in typed {
        if let Key::Field(field) = key
            && matches!(field.spec().search, Search::Contains | Search::Exact | Search::ExactAndRange)
        {
            criteria.set_exact(*field, Some(Value::Text(value)));
        }
    }
    criteria
}

/// Whether `account` holds every field value typed, exactly. Custom and
/// secure fields are left out: the rows of a search need not carry them.
pub fn holds_all(account: &Account, typed: &Values) -> bool {
    let saved = saved_values(account);
    typed.iter().filter(|(key, _)| matches!(key, Key::Field(_))).all(|(key, value)| saved.get(key) == Some(value))
}

/// Where a refused save shows: at the field the refusal names (or the top).
pub fn refusal(error: ApiError) -> Problem {
    let message = match error {
        ApiError::Validation(message) | ApiError::Conflict(message) | ApiError::NotFound(message) => {
            return problem_of(&message);
        }
        ApiError::Forbidden(_) => "Saving accounts needs the Sysadmin or Superuser role.".to_string(),
        other => other.to_string(),
    };
    Problem { at: Target::Form, message }
}

/// What an edit whose account could not be read first says.
pub fn not_read(error: &ApiError) -> Problem {
    let message = format!("Nothing was saved: the account could not be read first. {error}");
    Problem { at: Target::Form, message }
}

/// What the user typed as text to paste elsewhere, one "Label: value" line
/// each; secure values are left out (the clipboard is shared with every
/// other program).
pub fn typed_text(values: &Values) -> String {
    let lines = values.iter().filter(|(key, _)| !matches!(key, Key::Secure(_)));
    lines.map(|(key, value)| format!("{}: {value}\n", key.label())).collect()
}

#[cfg(test)]
mod fake;
#[cfg(test)]
mod tests;
