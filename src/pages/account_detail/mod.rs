//! `/accounts/{id}`: everything Read Account answers about one account, in
//! sections; its notes (newest first, with a form to add one), its contacts
//! (link one, link many, unlink) and its history; copy, edit and delete.
//!
//! - `sections.rs`: the fields as sections, masked secure values (pure, and
//!   their views);
//! - `notes.rs`, `contacts.rs` (+ `bulk_link.rs`), `history.rs`: each part
//!   of the activity; `model.rs` reads what a history entry says changed
//!   (pure).
//!
//! After a write the page updates the part that changed at once and re-reads
//! the account in the background (a newer re-read supersedes an older one),
//! so forms keep their state and nothing reloads. A write without a clear
//! answer follows `api::outcome`'s rule: said to be unsure, looked for by
//! reading the account, and never claimed done or failed before the look.

pub mod bulk_link;
pub mod contacts;
pub mod history;
pub mod model;
pub mod notes;
pub mod sections;

use account_model::{Account, session::Permission};
use leptos::{either::Either, prelude::*, task::spawn_local};
use leptos_router::{NavigateOptions, hooks::use_navigate};

use crate::{
    api::{
        ApiClient, ApiError, Cancel,
        outcome::{Look, Looking, Order, Settled, gone, write_once},
        start_now,
    },
    components::{ConfirmDialog, ErrorPanel, Loading, RoleNote, Toasts, first_api_error, role},
    domain::format::now_ms,
    domain::messages,
    pages::{
        account_detail::{
            contacts::Contacts,
            history::History,
            notes::Notes,
            sections::{FieldSection, SecureFields, sections},
        },
        accounts::LastList,
    },
    platform::browser,
    routes::{self, Page, Screen, account_id},
};

/// Sorts records newest first by `(date, id)`; the API sends them oldest
/// first, so among records alike in both the later one comes first.
pub fn newest_first<T: Clone>(items: &[T], key: impl Fn(&T) -> (Option<i64>, Option<i64>)) -> Vec<T> {
    // Reversed first, the API's order is nearly the one wanted.
    let mut indexed: Vec<(usize, &T)> = items.iter().enumerate().rev().collect();
    crate::domain::sort::by_key(&mut indexed, |(index, item)| {
        let (date, id) = key(item);
        std::cmp::Reverse((date, id, *index))
    });
    indexed.into_iter().map(|(_, item)| item.clone()).collect()
}

/// The account whose id the address holds on `screen`, read again when the
/// id changes; an id that is no number is a `Validation` error saying so.
pub fn account_at_address(screen: Screen) -> LocalResource<Result<Account, ApiError>> {
    let api = expect_context::<ApiClient>();
    let raw_id = routes::while_shown(screen, |id, _| id.unwrap_or_default().to_owned());
    LocalResource::new(move || {
        let (api, raw) = (api.clone(), raw_id.get());
        start_now(async move {
            match account_id(&raw) {
                Some(id) => api.read_account(id, None).await,
                None => Err(ApiError::Validation(format!("“{raw}” is not an account ID."))),
            }
        })
    })
}

#[component]
pub fn AccountDetailPage() -> impl IntoView {
    let account = account_at_address(Screen::Account);
    let fallback = move |errors: ArcRwSignal<leptos::error::Errors>| match first_api_error(&errors.get()) {
        ApiError::NotFound(_) => view! { <AccountGone /> }.into_any(),
        ApiError::Validation(message) => view! { <NotAnAccount message /> }.into_any(),
        error @ ApiError::Forbidden(_) => {
            let error = ApiError::Forbidden(failure_text(DetailAction::Read, &error, None));
            view! { <ErrorPanel error on_retry=move |()| account.refetch() /> }.into_any()
        }
        error => view! { <ErrorPanel error on_retry=move |()| account.refetch() /> }.into_any(),
    };
    view! {
        <section class="account-detail">
            <Transition fallback=|| view! { <Loading label="Loading the account…" /> }>
                <ErrorBoundary fallback>
                    {move || Suspend::new(async move {
                        account.await.map(|account| view! { <AccountView account /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// What a 404 shows: no "Try again", which cannot bring a deleted account
/// back.
#[component]
fn AccountGone() -> impl IntoView {
    browser::set_title(&["Account not found", "Accounts"]);
    let back = expect_context::<LastList>().href();
    view! {
        <section class="not-found account-gone" role="alert">
            <h1>"This account no longer exists"</h1>
            <p>"It has been deleted, or the link that led here is wrong."</p>
            <a href=back>"Back to the accounts list"</a>
        </section>
    }
}

/// What an address that cannot hold an account id shows.
#[component]
fn NotAnAccount(message: String) -> impl IntoView {
    browser::set_title(&["Not an account", "Accounts"]);
    let back = expect_context::<LastList>().href();
    view! {
        <section class="not-found" role="alert">
            <h1>"Not an account"</h1>
            <p>{message} " Account IDs are whole numbers, as in " <code>{Page::Account(607260).href()}</code> "."</p>
            <a href=back>"Back to the accounts list"</a>
        </section>
    }
}

/// The account on screen, shared by the parts of the page: the latest read,
/// updated after each write, and what it takes to read it again.
#[derive(Clone, Copy, Debug)]
pub struct Shown {
    pub id: i64,
    pub account: RwSignal<Account>,
    api: StoredValue<ApiClient, LocalStorage>,
    toasts: StoredValue<Toasts>,
    /// The re-read in flight, cancelled when a newer one starts.
    reading: StoredValue<Option<Cancel>, LocalStorage>,
}

impl Shown {
    fn new(account: Account) -> Shown {
        let reading = StoredValue::new_local(None::<Cancel>);
        on_cleanup(move || {
            if let Some(Some(cancel)) = reading.try_get_value() {
                cancel.cancel();
            }
        });
        Shown {
            id: account.id,
            account: RwSignal::new(account),
            api: StoredValue::new_local(expect_context::<ApiClient>()),
            toasts: StoredValue::new(expect_context::<Toasts>()),
            reading,
        }
    }

    /// Re-reads the account in the background. A newer re-read cancels this
    /// one, so an older answer never lands after a newer one; a failure is
    /// shown as a toast and leaves what is on screen.
    pub fn refresh(self) {
        // Nothing to refresh once the page is gone.
        let (Some(api), Some(toasts)) = (self.api.try_get_value(), self.toasts.try_get_value()) else { return };
        let cancel = Cancel::new();
        if let Some(Some(superseded)) = self.reading.try_update_value(|slot| slot.replace(cancel.clone())) {
            superseded.cancel();
        }
        spawn_local(async move {
            match api.read_account(self.id, Some(&cancel)).await {
                Ok(account) => {
                    let _ = self.account.try_set(account);
                }
                Err(ApiError::Aborted) => {}
                Err(error) => toasts.failure(format!(
                    "The account could not be read again: {}",
                    failure_text(DetailAction::Read, &error, None)
                )),
            }
        });
    }

    /// The user signed in now, to credit a note added before the re-read.
    pub fn user_name(self) -> Option<String> {
        self.api.try_with_value(|api| api.session_untracked().map(|s| s.user_name)).flatten()
    }
}

#[component]
fn AccountView(account: Account) -> impl IntoView {
    let shown = Shown::new(account);
    let warning = Memo::new(move |_| shown.account.with(|a| (non_blank(&a.error_msg), non_blank(&a.log_id))));
    let field_sections = Memo::new(move |_| shown.account.with(|a| sections(a, now_ms())));
    Effect::new(move |_| shown.account.with(|a| browser::set_title(&[&title_of(a), "Accounts"])));
    view! {
        <Header shown />
        {move || {
            let (message, log_id) = warning.get();
            (message.is_some() || log_id.is_some()).then(|| view! { <ApiWarning message log_id /> })
        }}
        <div class="detail-layout">
            <div class="detail-sections">
                {move || field_sections.get().into_iter().map(|section| view! { <FieldSection section /> }).collect_view()}
                <SecureFields shown />
            </div>
            <div class="detail-activity">
                <Notes shown />
                <Contacts shown />
                <History shown />
            </div>
        </div>
    }
}

/// The text, unless it is missing or blank.
fn non_blank(text: &Option<String>) -> Option<String> {
    text.as_ref().map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// The account's name, or "Account 7" when it has none.
fn title_of(account: &Account) -> String {
    match account.fields.name.trim() {
        "" => format!("Account {}", account.id),
        name => name.to_string(),
    }
}

/// The title, the account number, and the actions.
#[component]
fn Header(shown: Shown) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let navigate = StoredValue::new_local(use_navigate());
    let last_list = expect_context::<LastList>();
    let title = Memo::new(move |_| shown.account.with(title_of));
    let number =
        Memo::new(move |_| shown.account.with(|a| a.fields.account_number.clone().filter(|n| !n.trim().is_empty())));
    let confirming = RwSignal::new(false);
    // While a delete is under way, what its button says.
    let deleting = RwSignal::new(None::<&'static str>);
    let cannot_write = role::denied(Permission::WriteAccounts);
    let why_not = role::reason(Permission::WriteAccounts);

    let delete = {
        let toasts = toasts.clone();
        move |()| {
            confirming.set(false);
            deleting.set(Some("Deleting…"));
            let (api, toasts) = (api.clone(), toasts.clone());
            let label = account_label(shown.id, &title.get_untracked());
            spawn_local(async move {
                // The account is gone (a 404): the delete landed.
                let look = || -> Looking<'_> {
                    Box::pin(async {
                        match api.read_account(shown.id, None).await {
                            Ok(_) => Ok(Look::Missing),
                            Err(ApiError::NotFound(_)) => Ok(Look::Landed),
                            Err(error) => Err(error),
                        }
                    })
                };
                let say_looking = |_: &ApiError| {
                    let _ = deleting.try_set(Some("Looking…"));
                };
                let settled =
                    write_once(Order::SendFirst, Box::pin(api.delete_account(shown.id)), gone, &say_looking, &look)
                        .await;
                let back = || {
                    let back = last_list.href();
                    navigate.with_value(|navigate| navigate(&back, NavigateOptions::default()));
                };
                match settled {
                    Settled::Done(()) => {
                        toasts.success(format!("Deleted {label}."));
                        back();
                    }
                    Settled::Refused(error) => {
                        let _ = deleting.try_set(None);
                        toasts.failure(format!(
                            "{label} was not deleted: {}",
                            failure_text(DetailAction::Delete, &error, None)
                        ));
                    }
                    held if held.holds() => {
                        toasts.success(messages::settled(&label, "deleted", &held).unwrap_or_default());
                        back();
                    }
                    // Deleting again is safe: a 404 then says it is gone.
                    not_landed @ Settled::NotLanded(_) => {
                        let _ = deleting.try_set(None);
                        toasts.failure(messages::settled(&label, "deleted", &not_landed).unwrap_or_default());
                    }
                    unknown => {
                        let _ = deleting.try_set(None);
                        toasts.warning(messages::settled(&label, "deleted", &unknown).unwrap_or_default());
                    }
                }
            });
        }
    };
    let copy = move |text: String, what: &'static str| {
        let toasts = toasts.clone();
        move |_| copy_to_clipboard(text.clone(), what, toasts.clone())
    };
    let copy_id = copy(shown.id.to_string(), "Account ID");
    let copy_number = {
        let copy = copy.clone();
        move |ev| {
            if let Some(number) = number.get_untracked() {
                copy(number, "Account number")(ev);
            }
        }
    };

    view! {
        <header class="detail-head">
            <div class="detail-title">
                <p class="breadcrumb"><a href=move || last_list.href()>"Accounts"</a></p>
                <h1>{title}</h1>
                <p class="detail-ids">
                    <span>"ID " <span class="account-id">{shown.id}</span></span>
                    {move || number.get().map(|number| view! {
                        <span>" · Number " <span class="account-number">{number}</span></span>
                    })}
                </p>
            </div>
            <div class="detail-actions">
                <button type="button" class="secondary copy-id" on:click=copy_id>"Copy ID"</button>
                <Show when=move || number.get().is_some()>
                    <button type="button" class="secondary copy-number" on:click=copy_number.clone()>"Copy account number"</button>
                </Show>
                {move || if cannot_write() {
                    Either::Left(view! { <button type="button" class="secondary edit" disabled title=why_not()>"Edit"</button> })
                } else {
                    Either::Right(view! { <a href=Page::EditAccount(shown.id).href() class="button secondary edit">"Edit"</a> })
                }}
                <button type="button" class="danger delete" prop:disabled=move || deleting.get().is_some() || cannot_write() title=why_not on:click=move |_| confirming.set(true)>
                    {move || deleting.get().unwrap_or("Delete")}
                </button>
                <RoleNote permission=Permission::WriteAccounts />
            </div>
        </header>
        <Show when=move || confirming.get()>
            <ConfirmDialog
                title="Delete this account?"
                message=format!("{} will be deleted with its notes and contact links. This cannot be undone.", account_label(shown.id, &title.get_untracked()))
                confirm_label="Delete account"
                on_confirm=delete.clone()
                on_cancel=move |()| confirming.set(false)
            />
        </Show>
    }
}

/// "Acme (ID 7)".
fn account_label(id: i64, title: &str) -> String {
    format!("{title} (ID {id})")
}

/// Copies `text` and says so in a toast (or says why not).
pub fn copy_to_clipboard(text: String, what: &'static str, toasts: Toasts) {
    spawn_local(async move {
        match browser::copy_text(&text).await {
            Ok(()) => toasts.success(format!("{what} {text} copied.")),
            Err(reason) => {
                toasts.failure(format!("{what} {text} could not be copied ({reason}); select it and copy it by hand."))
            }
        }
    });
}

/// `errorMsg` and `logId`: the API could not give everything.
#[component]
fn ApiWarning(message: Option<String>, log_id: Option<String>) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <section class="api-warning" role="alert">
            <h2>"The Account API could not send everything"</h2>
            <p class="api-warning-message">{message.unwrap_or_else(|| "It gave no reason.".into())}</p>
            {log_id.map(|log_id| {
                let copy = {
                    let log_id = log_id.clone();
                    move |_| copy_to_clipboard(log_id.clone(), "Log ID", toasts.clone())
                };
                view! {
                    <p>
                        "Quote this log ID to the vendor: "
                        <code class="log-id">{log_id}</code>
                        " "
                        <button type="button" class="secondary copy-log-id" on:click=copy>"Copy log ID"</button>
                    </p>
                }
            })}
        </section>
    }
}

/// The actions of the page, for their failure messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailAction {
    AddNote,
    LinkContact,
    BulkLink,
    Unlink,
    Delete,
    Read,
}

impl DetailAction {
    fn permission(self) -> Permission {
        match self {
            DetailAction::AddNote | DetailAction::Delete => Permission::WriteAccounts,
            DetailAction::LinkContact | DetailAction::BulkLink | DetailAction::Unlink => Permission::LinkContacts,
            DetailAction::Read => Permission::ReadAccounts,
        }
    }

    fn doing(self) -> &'static str {
        match self {
            DetailAction::AddNote => "Adding a note",
            DetailAction::LinkContact | DetailAction::BulkLink => "Linking contacts",
            DetailAction::Unlink => "Unlinking contacts",
            DetailAction::Delete => "Deleting an account",
            DetailAction::Read => "Reading accounts",
        }
    }
}

/// A look's failure in the page's words: a 404 means the account is gone.
pub fn look_error(error: ApiError) -> ApiError {
    match error {
        ApiError::NotFound(_) => ApiError::NotFound(failure_text(DetailAction::Read, &error, None)),
        other => other,
    }
}

/// What to tell the user when `action` was refused with `error`: a 403 names
/// the role needed, a 409 on linking says the contact is already linked, a
/// 404 that the account no longer exists (a delete's or an unlink's 404 is
/// no refusal: they were done already); anything else is the error's own text.
pub fn failure_text(action: DetailAction, error: &ApiError, contact_id: Option<&str>) -> String {
    match error {
        ApiError::Forbidden(_) => {
            format!("{} needs the {} role.", action.doing(), action.permission().roles_text())
        }
        ApiError::Conflict(message) | ApiError::Validation(message)
            if matches!(action, DetailAction::LinkContact | DetailAction::BulkLink) =>
        {
            messages::link_failure(contact_id.unwrap_or("That contact"), message)
        }
        ApiError::Validation(message) => messages::explain(message).text,
        ApiError::NotFound(_) => "This account no longer exists.".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_name_the_role_needed_or_the_clash() {
        let forbidden = ApiError::Forbidden("nope".into());
        assert_eq!(
            failure_text(DetailAction::AddNote, &forbidden, None),
            "Adding a note needs the Sysadmin or Superuser role."
        );
        assert_eq!(
            failure_text(DetailAction::Read, &forbidden, None),
            "Reading accounts needs the Sysadmin, Superuser or Manager role."
        );
        let conflict = ApiError::Conflict("Association already exists.".into());
        assert_eq!(
            failure_text(DetailAction::LinkContact, &conflict, Some("CT-0009")),
            "CT-0009 is already linked to this account."
        );
        let gone = ApiError::NotFound("No Record Found".into());
        assert_eq!(failure_text(DetailAction::AddNote, &gone, None), "This account no longer exists.");
    }

    #[test]
    fn records_come_newest_first_by_date_then_id_then_the_apis_order() {
        let items =
            [(Some(100), Some(1), "a"), (Some(200), Some(2), "b"), (Some(200), Some(3), "c"), (None, None, "d")];
        let sorted: Vec<&str> = newest_first(&items, |(date, id, _)| (*date, *id)).into_iter().map(|i| i.2).collect();
        assert_eq!(sorted, ["c", "b", "a", "d"]);
        let undated = [(None, None, "old"), (None, None, "new")];
        let sorted: Vec<&str> = newest_first(&undated, |(date, id, _)| (*date, *id)).into_iter().map(|i| i.2).collect();
        assert_eq!(sorted, ["new", "old"]);
    }
}
