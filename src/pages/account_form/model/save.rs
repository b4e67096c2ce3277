//! The account form's save protocol, without a browser: what a save sends,
//! in which order, and where it ends. The API comes in as [`Accounts`], so
//! the protocol is tested natively against accounts held in memory.
//!
//! - An edit reads the account first and merges what the user changed into
//!   it (`model/mod.rs`), then sends only the difference. A 404 on either call
//!   means someone else deleted the account. A read that fails has sent
//!   nothing. An update without a clear answer is `Unsure`: saving again
//!   reads and merges again, which sends only what is still missing.
//! - A create follows `api::outcome`'s rule with a look of its own: after an
//!   answer that was lost, it looks before sending: by the account number
//!   when one was typed (found: created after all), else for accounts that
//!   hold every value typed (found: the user decides; sending again is an
//!   explicit "Create another", [`Order::SendFirst`]).

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
    pages::account_form::model::{Key, Merge, Values, merge, patch_between, saved_values},
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

/// Creates the account `input` describes; after a try without a clear
/// answer ([`Order::LookFirst`]) it looks first for what that try sent
/// (`sent`, else `input`), so that a field changed since does not hide it.
/// Found by its number, what changed since is written to it.
pub async fn save_create(
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

/// What the user typed as text to paste elsewhere, one "Label: value" line
/// each; secure values are left out (the clipboard is shared with every
/// other program).
pub fn typed_text(values: &Values) -> String {
    let lines = values.iter().filter(|(key, _)| !matches!(key, Key::Secure(_)));
    lines.map(|(key, value)| format!("{}: {value}\n", key.label())).collect()
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use account_model::{Field, FieldValue};
    use futures::executor::block_on;

    use super::*;
    use crate::pages::account_form::model::FormState;

    /// Accounts in memory. A write can be made to land with its answer lost,
    /// or to fail without landing; a read or a search to fail.
    #[derive(Default)]
    struct Memory {
        accounts: RefCell<Vec<Account>>,
        next_id: Cell<i64>,
        lose_answer: RefCell<Option<ApiError>>,
        fail_write: RefCell<Option<ApiError>>,
        fail_read: RefCell<Option<ApiError>>,
        writes: Cell<usize>,
        searches: RefCell<Vec<SearchCriteria>>,
    }

    impl Memory {
        fn with(accounts: Vec<Account>) -> Memory {
            let memory = Memory { accounts: RefCell::new(accounts), ..Memory::default() };
            memory.next_id.set(100);
            memory
        }

        fn written(&self) -> Result<(), ApiError> {
            self.writes.set(self.writes.get() + 1);
            self.fail_write.take().map_or(Ok(()), Err)
        }

        fn answer<T>(&self, value: T) -> Result<T, ApiError> {
            self.lose_answer.take().map_or(Ok(value), Err)
        }

        fn named(&self, name: &str) -> usize {
            self.accounts.borrow().iter().filter(|a| a.fields.name == name).count()
        }
    }

    impl Accounts for Memory {
        async fn read(&self, id: i64) -> Result<Account, ApiError> {
            if let Some(error) = self.fail_read.take() {
                return Err(error);
            }
            let found = self.accounts.borrow().iter().find(|a| a.id == id).cloned();
            found.ok_or_else(|| ApiError::NotFound("No Record Found".into()))
        }

        async fn update(&self, id: i64, patch: &AccountPatch) -> Result<(), ApiError> {
            self.written()?;
            let mut accounts = self.accounts.borrow_mut();
            let account = accounts.iter_mut().find(|a| a.id == id).ok_or(ApiError::NotFound("gone".into()))?;
            if let account_model::Patch::Value(rating) = &patch.rating {
                account.fields.rating = Some(rating.clone());
            }
            drop(accounts);
            self.answer(())
        }

        async fn create(&self, input: &AccountInput) -> Result<i64, ApiError> {
            self.written()?;
            let id = self.next_id.get();
            self.next_id.set(id + 1);
            self.accounts.borrow_mut().push(Account { id, fields: input.clone(), ..Account::default() });
            self.answer(id)
        }

        async fn search(&self, criteria: SearchCriteria) -> Result<Vec<Account>, ApiError> {
            if let Some(error) = self.fail_read.take() {
                return Err(error);
            }
            self.searches.borrow_mut().push(criteria.clone());
            let contains = |have: &Option<String>, want: &Option<String>| {
                want.as_ref().is_none_or(|w| have.as_ref().is_some_and(|h| h.contains(w.as_str())))
            };
            let mut found: Vec<Account> = self
                .accounts
                .borrow()
                .iter()
                .filter(|a| {
                    contains(&Some(a.fields.name.clone()), &criteria.name)
                        && contains(&a.fields.account_number, &criteria.account_number)
                        && contains(&a.fields.industry, &criteria.industry)
                })
                .cloned()
                .collect();
            found.reverse();
            Ok(found)
        }
    }

    fn input(name: &str, number: Option<&str>) -> AccountInput {
        AccountInput {
            name: name.into(),
            industry: Some("Anvils".into()),
            annual_revenue: Some(1_250_000),
            account_number: number.map(str::to_string),
            ..AccountInput::default()
        }
    }

    fn stored(id: i64, input: AccountInput) -> Account {
        Account { id, fields: input, ..Account::default() }
    }

    #[test]
    fn a_create_whose_answer_is_lost_is_unsure_and_the_next_try_finds_it_by_its_number() {
        let memory = Memory::with(vec![]);
        *memory.lose_answer.borrow_mut() = Some(ApiError::Timeout);
        let typed = input("Acme", Some("N-1"));
        assert_eq!(
            block_on(save_create(&memory, &typed, Order::SendFirst, None)),
            CreateSave::Unsure(ApiError::Timeout)
        );
        match block_on(save_create(&memory, &typed, Order::LookFirst(ApiError::Timeout), None)) {
            CreateSave::FoundAfterAll(account) => assert_eq!(account.id, 100),
            other => panic!("{other:?}"),
        }
        assert_eq!((memory.writes.get(), memory.named("Acme")), (1, 1), "sent once");
    }

    #[test]
    fn a_field_changed_after_a_lost_answer_does_not_hide_the_account_and_is_written_to_it() {
        let memory = Memory::with(vec![]);
        *memory.lose_answer.borrow_mut() = Some(ApiError::Timeout);
        let sent = input("Acme", Some("N-1"));
        assert_eq!(
            block_on(save_create(&memory, &sent, Order::SendFirst, None)),
            CreateSave::Unsure(ApiError::Timeout)
        );
        let now = AccountInput { rating: Some("Hot".into()), ..sent.clone() };
        match block_on(save_create(&memory, &now, Order::LookFirst(ApiError::Timeout), Some(&sent))) {
            CreateSave::FoundAndUpdated(account) => assert_eq!(account.id, 100),
            other => panic!("{other:?}"),
        }
        assert_eq!(memory.named("Acme"), 1, "created once");
        assert_eq!(
            block_on(memory.read(100)).expect("held").fields.rating.as_deref(),
            Some("Hot"),
            "the change landed"
        );
        // Without a number: the look is for what was sent, so the account shows.
        let memory = Memory::with(vec![]);
        *memory.lose_answer.borrow_mut() = Some(ApiError::Timeout);
        let sent = input("Bolt", None);
        assert!(matches!(block_on(save_create(&memory, &sent, Order::SendFirst, None)), CreateSave::Unsure(_)));
        let now = AccountInput { rating: Some("Hot".into()), ..sent.clone() };
        match block_on(save_create(&memory, &now, Order::LookFirst(ApiError::Timeout), Some(&sent))) {
            CreateSave::Lookalikes(found, _) => assert_eq!(found.iter().map(|a| a.id).collect::<Vec<_>>(), [100]),
            other => panic!("{other:?}"),
        }
        assert_eq!(memory.named("Bolt"), 1, "nothing sent again");
    }

    #[test]
    fn without_a_number_the_next_try_shows_accounts_holding_everything_typed_and_sends_nothing() {
        // An older account with the same name but another industry is no match.
        let other = AccountInput { industry: Some("Tools".into()), ..input("Acme", None) };
        let memory = Memory::with(vec![stored(7, other)]);
        *memory.lose_answer.borrow_mut() = Some(ApiError::Timeout);
        let typed = input("Acme", None);
        assert_eq!(
            block_on(save_create(&memory, &typed, Order::SendFirst, None)),
            CreateSave::Unsure(ApiError::Timeout)
        );
        match block_on(save_create(&memory, &typed, Order::LookFirst(ApiError::Timeout), None)) {
            CreateSave::Lookalikes(found, _) => assert_eq!(found.iter().map(|a| a.id).collect::<Vec<_>>(), [100]),
            other => panic!("{other:?}"),
        }
        assert_eq!(memory.writes.get(), 1, "nothing sent again");
        let criteria = memory.searches.borrow().last().cloned().expect("a search");
        assert_eq!(
            (criteria.name.as_deref(), criteria.industry.as_deref(), criteria.annual_revenue),
            (Some("Acme"), Some("Anvils"), Some(1_250_000)),
            "every field typed is a criterion"
        );
        // "Create another" is the explicit choice to send again.
        assert_eq!(block_on(save_create(&memory, &typed, Order::SendFirst, None)), CreateSave::Created(101));
        assert_eq!(memory.named("Acme"), 3);
    }

    #[test]
    fn a_look_that_finds_nothing_sends_and_a_look_that_fails_sends_nothing() {
        let memory = Memory::with(vec![]);
        *memory.fail_write.borrow_mut() =
            Some(ApiError::Server { status: 502, message: "x".into(), retry_after: None });
        let typed = input("Acme", None);
        assert!(matches!(block_on(save_create(&memory, &typed, Order::SendFirst, None)), CreateSave::Unsure(_)));
        assert_eq!(
            block_on(save_create(&memory, &typed, Order::LookFirst(ApiError::Timeout), None)),
            CreateSave::Created(100)
        );
        *memory.fail_read.borrow_mut() = Some(ApiError::Network("offline".into()));
        assert_eq!(
            block_on(save_create(&memory, &typed, Order::LookFirst(ApiError::Timeout), None)),
            CreateSave::Unknown { error: ApiError::Timeout, look: ApiError::Network("offline".into()) }
        );
        assert_eq!(memory.writes.get(), 2, "the failed look sent nothing");
        let refused = Memory::with(vec![]);
        *refused.fail_write.borrow_mut() = Some(ApiError::Conflict("taken".into()));
        assert_eq!(
            block_on(save_create(&refused, &typed, Order::SendFirst, None)),
            CreateSave::Refused(ApiError::Conflict("taken".into()))
        );
    }

    fn rated(rating: &str) -> Values {
        let form = FormState::of(&stored(7, AccountInput { rating: Some(rating.into()), ..input("Acme", None) }));
        form.values()
    }

    #[test]
    fn an_edit_of_an_account_deleted_meanwhile_is_deleted_whether_the_read_or_the_update_meets_the_404() {
        let memory = Memory::with(vec![]);
        assert_eq!(block_on(save_edit(&memory, 7, &rated("Warm"), &rated("Hot"))), EditSave::Deleted);
        assert_eq!(memory.writes.get(), 0);
        assert_eq!(block_on(finish_edit(&memory, 7, rated("Warm"), rated("Hot"))), EditSave::Deleted);
    }

    #[test]
    fn an_edit_saves_the_difference_and_a_failed_read_sends_nothing() {
        let account = stored(7, AccountInput { rating: Some("Warm".into()), ..input("Acme", None) });
        let memory = Memory::with(vec![account]);
        *memory.fail_read.borrow_mut() = Some(ApiError::Timeout);
        assert_eq!(
            block_on(save_edit(&memory, 7, &rated("Warm"), &rated("Hot"))),
            EditSave::NotRead(ApiError::Timeout)
        );
        assert_eq!(memory.writes.get(), 0);
        assert_eq!(
            block_on(save_edit(&memory, 7, &rated("Warm"), &rated("Hot"))),
            EditSave::Saved { before: rated("Warm"), after: rated("Hot") }
        );
        assert_eq!(block_on(save_edit(&memory, 7, &rated("Warm"), &rated("Hot"))), EditSave::NothingToSave);
        *memory.lose_answer.borrow_mut() = Some(ApiError::Timeout);
        assert_eq!(block_on(save_edit(&memory, 7, &rated("Hot"), &rated("Cold"))), EditSave::Unsure(ApiError::Timeout));
        assert_eq!(
            block_on(save_edit(&memory, 7, &rated("Hot"), &rated("Cold"))),
            EditSave::NothingToSave,
            "it landed"
        );
    }

    #[test]
    fn an_account_holds_what_was_typed_only_when_every_field_is_equal() {
        let typed = typed_values(&input("Acme", None));
        assert!(holds_all(&stored(1, input("Acme", None)), &typed));
        assert!(
            !holds_all(&stored(1, input("Acme Inc", None)), &typed),
            "a criterion matches substrings; this does not"
        );
        let with_more = AccountInput { rating: Some("Hot".into()), ..input("Acme", None) };
        assert!(holds_all(&stored(1, with_more), &typed), "fields not typed do not count");
        let custom = AccountInput {
            custom_fields: Some(vec![FieldValue { field: "COL1".into(), value: Some("x".into()) }]),
            ..input("Acme", None)
        };
        assert!(holds_all(&stored(1, input("Acme", None)), &typed_values(&custom)), "lists are left out");
        assert_eq!(typed.get(&Key::Field(Field::AnnualRevenue)).map(String::as_str), Some("1250000"));
    }

    #[test]
    fn what_was_typed_is_copied_as_lines_without_secure_values() {
        let mut values = rated("Hot");
        values.insert(Key::Custom(7), "seven".into());
        values.insert(Key::Secure(1), "secret".into());
        let text = typed_text(&values);
        assert!(
            text.contains("Name: Acme\n") && text.contains("Rating: Hot\n") && text.contains("COL7: seven\n"),
            "{text}"
        );
        assert!(!text.contains("secret"), "{text}");
    }
}
