//! The Account API in memory, for the save protocol's tests, reached the
//! way the console reaches the real one: every call goes through the
//! client's resend rule (`api::retry::resend`, as `ApiClient::request`
//! sends it), and its answer is decoded from JSON. A test scripts how the
//! next attempts fail, then looks at what reached the vendor.

use std::{
    cell::{Cell, RefCell},
    collections::VecDeque,
    future::Future,
    time::Duration,
};

use account_model::{Account, AccountInput, AccountPatch, Created, SearchCriteria};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{
    api::{
        ApiError, Kind, decode,
        retry::{Line, RetryPolicy, resend},
    },
    pages::account_form::model::save::Accounts,
};

/// How one attempt of a write fails.
#[derive(Clone, Debug)]
pub enum Fail {
    /// Answered without acting: a 401, a 429, a refusal, or a request that
    /// never arrived.
    WithoutActing(ApiError),
    /// Acted on, and the answer lost: a timeout or a 5xx after the write.
    AfterActing(ApiError),
}

/// Whether the user signs in again when a 401 asks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum User {
    #[default]
    SignsInAgain,
    GivesUp,
}

#[derive(Default)]
pub struct Vendor {
    accounts: RefCell<Vec<Account>>,
    next_id: Cell<i64>,
    /// How the next write attempts fail, in order; then they succeed.
    writes: RefCell<VecDeque<Fail>>,
    /// How the next reads and searches fail, in order; then they succeed.
    reads: RefCell<VecDeque<ApiError>>,
    /// Every write attempt that reached the vendor, acted on or not: its
    /// body (an update's patch, a create's input).
    pub sent: RefCell<Vec<Value>>,
    pub searches: RefCell<Vec<SearchCriteria>>,
    /// The client's waits after a 429 (or a 503 with `Retry-After`).
    pub waits: RefCell<Vec<Duration>>,
    /// The times the client asked the user to sign in again.
    pub sign_ins: Cell<usize>,
    pub user: Cell<User>,
}

impl Vendor {
    /// A vendor holding `accounts`; the next one created gets id 100.
    pub fn with(accounts: Vec<Account>) -> Vendor {
        let vendor = Vendor { accounts: RefCell::new(accounts), ..Vendor::default() };
        vendor.next_id.set(100);
        vendor
    }

    /// The next write attempt fails this way (after any scripted before).
    pub fn then_write(&self, fail: Fail) -> &Vendor {
        self.writes.borrow_mut().push_back(fail);
        self
    }

    /// The next read or search attempt fails this way.
    pub fn then_read(&self, error: ApiError) -> &Vendor {
        self.reads.borrow_mut().push_back(error);
        self
    }

    pub fn account(&self, id: i64) -> Option<Account> {
        self.accounts.borrow().iter().find(|a| a.id == id).cloned()
    }

    /// How many accounts bear this name.
    pub fn named(&self, name: &str) -> usize {
        self.accounts.borrow().iter().filter(|a| a.fields.name == name).count()
    }

    /// Someone else edits an account.
    pub fn edit(&self, id: i64, change: impl FnOnce(&mut AccountInput)) {
        let mut accounts = self.accounts.borrow_mut();
        if let Some(account) = accounts.iter_mut().find(|a| a.id == id) {
            change(&mut account.fields);
        }
    }

    fn write(&self, body: Value, act: impl FnOnce() -> Result<String, ApiError>) -> Result<String, ApiError> {
        self.sent.borrow_mut().push(body);
        match self.writes.borrow_mut().pop_front() {
            Some(Fail::WithoutActing(error)) => Err(error),
            Some(Fail::AfterActing(error)) => act().and(Err(error)),
            None => act(),
        }
    }

    fn read(&self) -> Result<(), ApiError> {
        self.reads.borrow_mut().pop_front().map_or(Ok(()), Err)
    }

    /// Sends one call of `kind` whose attempts `attempt` answers, as the
    /// client does, and decodes its answer.
    async fn call<T: DeserializeOwned>(
        &self,
        kind: Kind,
        attempt: impl Fn() -> Result<String, ApiError>,
    ) -> Result<T, ApiError> {
        let body = resend(kind, &RetryPolicy::default(), &Attempts { vendor: self, attempt }).await?;
        decode(&body)
    }
}

/// One call to the vendor, as `api::retry::resend` sees it.
struct Attempts<'v, F> {
    vendor: &'v Vendor,
    attempt: F,
}

impl<F: Fn() -> Result<String, ApiError>> Line for Attempts<'_, F> {
    fn may_send(&self) -> bool {
        true
    }

    fn session_id(&self) -> Option<String> {
        Some(format!("session {}", self.vendor.sign_ins.get()))
    }

    fn attempt(&self) -> impl Future<Output = Result<String, ApiError>> {
        std::future::ready((self.attempt)())
    }

    fn sign_in_again(&self) -> Option<impl Future<Output = bool>> {
        Some(async {
            self.vendor.sign_ins.set(self.vendor.sign_ins.get() + 1);
            self.vendor.user.get() == User::SignsInAgain
        })
    }

    fn forbidden(&self) {}

    async fn sleep(&self, wait: Duration) {
        self.vendor.waits.borrow_mut().push(wait);
    }
}

fn json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// `patch` applied to `fields` as the API's partial update does for the
/// fields these tests change: a key sent replaces, `null` clears.
fn patched(fields: &AccountInput, patch: &Value) -> Result<AccountInput, ApiError> {
    let mut merged = json(fields);
    if let (Some(merged), Some(patch)) = (merged.as_object_mut(), patch.as_object()) {
        for (key, value) in patch {
            if value.is_null() {
                merged.remove(key);
            } else {
                merged.insert(key.clone(), value.clone());
            }
        }
    }
    serde_json::from_value(merged).map_err(|e| ApiError::Validation(e.to_string()))
}

impl Accounts for Vendor {
    async fn read(&self, id: i64) -> Result<Account, ApiError> {
        self.call(Kind::Read, || {
            self.read()?;
            let found = self.account(id).ok_or_else(|| ApiError::NotFound("No Record Found".into()))?;
            Ok(json(&found).to_string())
        })
        .await
    }

    async fn update(&self, id: i64, patch: &AccountPatch) -> Result<(), ApiError> {
        let body = json(patch);
        self.call(Kind::Write, || {
            self.write(body.clone(), || {
                let mut accounts = self.accounts.borrow_mut();
                let account = accounts
                    .iter_mut()
                    .find(|a| a.id == id)
                    .ok_or_else(|| ApiError::NotFound("No Record Found".into()))?;
                account.fields = patched(&account.fields, &body)?;
                Ok(String::new())
            })
        })
        .await
    }

    async fn create(&self, input: &AccountInput) -> Result<i64, ApiError> {
        self.call::<Created>(Kind::Write, || {
            self.write(json(input), || {
                let id = self.next_id.get();
                self.next_id.set(id + 1);
                self.accounts.borrow_mut().push(Account { id, fields: input.clone(), ..Account::default() });
                Ok(format!(r#"{{"id": {id}}}"#))
            })
        })
        .await
        .map(|created| created.id)
    }

    /// Newest first, text criteria as substrings (name, number, industry).
    async fn search(&self, criteria: SearchCriteria) -> Result<Vec<Account>, ApiError> {
        self.call(Kind::Read, || {
            self.read()?;
            self.searches.borrow_mut().push(criteria.clone());
            let contains = |have: Option<&str>, want: &Option<String>| {
                want.as_ref().is_none_or(|w| have.is_some_and(|h| h.contains(w.as_str())))
            };
            let found: Vec<Account> = self
                .accounts
                .borrow()
                .iter()
                .rev()
                .filter(|a| {
                    contains(Some(&a.fields.name), &criteria.name)
                        && contains(a.fields.account_number.as_deref(), &criteria.account_number)
                        && contains(a.fields.industry.as_deref(), &criteria.industry)
                })
                .cloned()
                .collect();
            Ok(json(&found).to_string())
        })
        .await
    }
}
