//! Bulk actions on the selected accounts: set one assignment field, link a
//! contact, export, delete. Each write goes through the write runner, one
//! call per account, a few at a time, with progress, Stop between accounts,
//! and a report that says what failed and why, with "retry the failed".

use account_model::{Account, AccountPatch, Field, session::Permission};
use leptos::{ev, prelude::*, task::spawn_local};

use crate::{
    api::{
        ApiClient, ApiError, Cancel,
        runner::{self, BrowserPacing, Failure, Progress, Report},
    },
    categories::{Categories, CategoryKind},
    components::{ConfirmDialog, Toasts, role},
    fields::label,
    messages,
    pages::accounts::{ListContext, export::download_accounts},
};

/// How many accounts are written at once.
const WRITES_AT_ONCE: usize = 4;

/// The fields a bulk "Set" can change.
pub const SETTABLE: [Field; 5] =
    [Field::ClassificationId, Field::TypeId, Field::AgentId, Field::AgentTeamId, Field::CampaignId];

/// What to do to every selected account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkAction {
    /// Set one field (a blank value clears it).
    Set(Field, String),
    LinkContact(String),
    Delete,
}

impl BulkAction {
    fn permission(&self) -> Permission {
        match self {
            BulkAction::LinkContact(_) => Permission::LinkContacts,
            BulkAction::Set(..) | BulkAction::Delete => Permission::WriteAccounts,
        }
    }

    /// "Set Classification", "Link CT-0001", "Delete".
    pub fn describe(&self) -> String {
        match self {
            BulkAction::Set(field, value) if value.trim().is_empty() => format!("Clear {}", label(*field)),
            BulkAction::Set(field, _) => format!("Set {}", label(*field)),
            BulkAction::LinkContact(contact) => format!("Link {contact}"),
            BulkAction::Delete => "Delete".into(),
        }
    }

    /// The update a Set sends: that field alone, checked as the form checks it.
    pub fn patch(&self) -> Result<Option<AccountPatch>, String> {
        let BulkAction::Set(field, value) = self else { return Ok(None) };
        let mut patch = AccountPatch::default();
        patch.set(*field, Some(value)).map_err(|e| e.to_string())?;
        Ok(Some(patch))
    }
}

/// The report after a bulk action, in the user's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkReport {
    pub summary: String,
    /// Each account that did not get it: "Acme (ID 7): why".
    pub failures: Vec<String>,
    /// The accounts to send again: failed and not sent.
    pub retry: Vec<i64>,
    /// The accounts that got it.
    pub done: Vec<i64>,
}

/// The report of a run over accounts (by id), named from `names`.
pub fn bulk_report(action: &BulkAction, report: &Report<i64, ()>, name_of: impl Fn(i64) -> String) -> BulkReport {
    let done: Vec<i64> = report.done.iter().map(|(id, ())| *id).collect();
    let total = report.total();
    let accounts = if total == 1 { "account" } else { "accounts" };
    let mut summary = format!("{}: done for {} of {total} {accounts}.", action.describe(), done.len());
    if !report.failed.is_empty() {
        summary.push_str(&format!(" {} failed.", report.failed.len()));
    }
    if !report.not_sent.is_empty() {
        summary.push_str(&format!(" {} not sent (stopped).", report.not_sent.len()));
    }
    let failures = report
        .failed
        .iter()
        .map(|(id, failure)| {
            let why = match failure {
                Failure::MayHaveLanded(error) => format!("{error} It may have been done: check the account."),
                Failure::Refused(ApiError::Validation(m) | ApiError::Conflict(m)) => match action {
                    BulkAction::LinkContact(contact) => messages::link_failure(contact, m),
                    _ => messages::explain(m).text,
                },
                Failure::Refused(ApiError::NotFound(_)) => "The account no longer exists.".into(),
                Failure::Refused(ApiError::Forbidden(_)) => {
                    format!("Needs the {} role.", action.permission().roles_text())
                }
                Failure::Refused(error) => error.to_string(),
            };
            format!("{}: {why}", name_of(*id))
        })
        .collect();
    BulkReport { summary, failures, retry: report.to_retry(), done }
}

/// The bulk actions of the selection bar.
#[component]
pub fn BulkActions(list: ListContext, on_done: Callback<()>) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let export_toasts = toasts.clone();
    let categories = expect_context::<Categories>();
    let field = RwSignal::new(Field::ClassificationId);
    let value = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let progress = RwSignal::new(None::<Progress>);
    let report = RwSignal::new(None::<(BulkAction, BulkReport)>);
    let stop = StoredValue::new_local(None::<Cancel>);
    let deleting = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);

    let run = move |action: BulkAction, ids: Vec<i64>| {
        let patch = match action.patch() {
            Ok(patch) => patch,
            Err(message) => return problem.set(Some(message)),
        };
        problem.set(None);
        report.set(None);
        let (api, toasts, cancel) = (api.clone(), toasts.clone(), Cancel::new());
        stop.set_value(Some(cancel.clone()));
        progress.set(Some(Progress { total: ids.len(), ..Progress::default() }));
        spawn_local(async move {
            let write = |id: i64| {
                let (api, action, patch) = (api.clone(), action.clone(), patch.clone());
                async move {
                    match (&action, &patch) {
                        (BulkAction::Delete, _) => api.delete_account(id).await,
                        (BulkAction::LinkContact(contact), _) => api.link_contact(id, contact).await,
                        (BulkAction::Set(..), Some(patch)) => api.update_account(id, patch).await,
                        (BulkAction::Set(..), None) => Ok(()),
                    }
                }
            };
            let shown = |p: Progress| {
                let _ = progress.try_set(Some(p));
            };
            let outcome = runner::run(ids, WRITES_AT_ONCE, &BrowserPacing(&cancel), shown, write).await;
            let names = list
                .selection
                .try_with_untracked(|s| crate::sort::map_of(s.accounts().map(|a| (a.id, a.fields.name.clone()))));
            let names = names.unwrap_or_default();
            let name_of = |id: i64| {
                let name = names.get(&id).map(String::as_str).unwrap_or_default().trim();
                if name.is_empty() { format!("Account {id}") } else { format!("{name} (ID {id})") }
            };
            let done = bulk_report(&action, &outcome, name_of);
            if action == BulkAction::Delete {
                let _ = list.selection.try_update(|s| s.remove(&done.done));
            }
            let _ = progress.try_set(None);
            if done.failures.is_empty() && outcome.not_sent.is_empty() {
                toasts.success(done.summary.clone());
            }
            let _ = report.try_set(Some((action, done)));
            on_done.run(());
        });
    };
    let selected = move || list.selection.with(|s| s.ids());
    let apply_set = {
        let run = run.clone();
        move |ev: ev::SubmitEvent| {
            ev.prevent_default();
            run(BulkAction::Set(field.get_untracked(), value.get_untracked()), selected());
        }
    };
    let apply_link = {
        let run = run.clone();
        move |ev: ev::SubmitEvent| {
            ev.prevent_default();
            let typed = contact.get_untracked().trim().to_string();
            if typed.is_empty() {
                return problem.set(Some("Enter a contact ID.".into()));
            }
            run(BulkAction::LinkContact(typed), selected());
        }
    };
    let confirm_delete = {
        let run = run.clone();
        move |()| {
            deleting.set(false);
            run(BulkAction::Delete, selected());
        }
    };
    let retry = move |_| {
        if let Some((action, done)) = report.get_untracked() {
            run(action, done.retry);
        }
    };
    let export = {
        let toasts = export_toasts;
        move |_| {
            let accounts: Vec<Account> = list.selection.with_untracked(|s| s.accounts().cloned().collect());
            let state = list.state.get_untracked();
            download_accounts(&accounts, &state, &toasts);
        }
    };
    let stop_now = move |_| {
        if let Some(Some(cancel)) = stop.try_get_value() {
            cancel.cancel();
        }
    };
    let busy = move || progress.with(Option::is_some);
    let cannot_write = role::denied(Permission::WriteAccounts);
    let cannot_link = role::denied(Permission::LinkContacts);
    let value_control = move || {
        let kind = match field.get() {
            Field::ClassificationId => CategoryKind::Classification,
            Field::TypeId => CategoryKind::Type,
            _ => {
                return view! {
                    <input id="bulk-value" type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) placeholder="Leave empty to clear" />
                }
                .into_any();
            }
        };
        let options = categories
            .list(kind)
            .into_iter()
            .map(|c| view! { <option value=c.id.to_string()>{c.name}</option> })
            .collect_view();
        view! {
            <select id="bulk-value" on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">"None (clear)"</option>
                {options}
            </select>
        }
        .into_any()
    };
    let count = move || list.selection.with(|s| s.count());
    view! {
        <div class="bulk-actions">
            <Show when=move || count() != 0>
            <form class="bulk-set" on:submit=apply_set.clone()>
                <label for="bulk-field">"Set"</label>
                <select id="bulk-field" prop:disabled=cannot_write title=role::reason(Permission::WriteAccounts) on:change=move |ev| {
                    if let Some(chosen) = Field::named(&event_target_value(&ev)) {
                        field.set(chosen);
                        value.set(String::new());
                    }
                }>
                    {SETTABLE.iter().map(|f| view! { <option value=f.name()>{label(*f)}</option> }).collect_view()}
                </select>
                <label for="bulk-value" class="offscreen">"Value"</label>
                {value_control}
                <button type="submit" prop:disabled=move || busy() || cannot_write() title=role::reason(Permission::WriteAccounts)>"Apply"</button>
            </form>
            <form class="bulk-link-one" on:submit=apply_link.clone()>
                <label for="bulk-contact">"Link contact"</label>
                <input id="bulk-contact" type="text" prop:value=move || contact.get() on:input=move |ev| contact.set(event_target_value(&ev)) />
                <button type="submit" prop:disabled=move || busy() || cannot_link() title=role::reason(Permission::LinkContacts)>"Link"</button>
            </form>
            <button type="button" class="secondary" on:click=export.clone()>"Export selected"</button>
            <button type="button" class="danger bulk-delete" prop:disabled=move || busy() || cannot_write() title=role::reason(Permission::WriteAccounts) on:click=move |_| deleting.set(true)>
                "Delete selected"
            </button>
            </Show>
            {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
            {move || progress.get().map(|p| view! {
                <div class="runner-progress">
                    <progress max=p.total value=p.finished() aria-label="Bulk action progress"></progress>
                    <span role="status">{match p.paused_for {
                        Some(wait) => format!("{} of {}; the API asked to wait {} s…", p.finished(), p.total, wait.as_secs().max(1)),
                        None => format!("{} of {}…", p.finished(), p.total),
                    }}</span>
                    <button type="button" class="secondary" on:click=stop_now>"Stop"</button>
                </div>
            })}
            {move || report.get().map(|(_, done)| {
                let retryable = !done.retry.is_empty();
                view! {
                    <div class="bulk-report" role="status">
                        <p class="bulk-summary">{done.summary}</p>
                        <ul class="bulk-failures">{done.failures.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                        {retryable.then(|| view! { <button type="button" class="secondary retry-failed" on:click=retry.clone()>"Retry the failed"</button> })}
                    </div>
                }
            })}
            <Show when=move || deleting.get()>
                <ConfirmDialog
                    title="Delete the selected accounts?"
                    message=format!("{} accounts will be deleted with their notes and contact links. This cannot be undone.", count())
                    confirm_label="Delete accounts"
                    on_confirm=confirm_delete.clone()
                    on_cancel=move |()| deleting.set(false)
                />
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_sends_that_field_alone_checked_as_the_form_checks_it() {
        let set = BulkAction::Set(Field::AgentId, "595348".into());
        let patch = serde_json::to_value(set.patch().unwrap().unwrap()).unwrap();
        assert_eq!(patch, serde_json::json!({"agentId": 595348}));
        let clear = BulkAction::Set(Field::ClassificationId, " ".into());
        assert_eq!(
            serde_json::to_value(clear.patch().unwrap().unwrap()).unwrap(),
            serde_json::json!({"classificationId": null})
        );
        assert_eq!(clear.describe(), "Clear Classification");
        assert_eq!(BulkAction::Set(Field::AgentId, "lots".into()).patch(), Err("Enter a whole number.".into()));
        assert_eq!(BulkAction::Delete.patch(), Ok(None));
    }

    #[test]
    fn the_report_counts_names_each_failure_and_offers_the_failed_again() {
        let report = Report {
            done: (1..=28).map(|id| (id, ())).collect(),
            failed: vec![
                (29, Failure::MayHaveLanded(ApiError::Server { status: 500, message: "x".into(), retry_after: None })),
                (30, Failure::Refused(ApiError::Validation("classificationId 99 does not exist.".into()))),
            ],
            not_sent: vec![31],
        };
        let action = BulkAction::Set(Field::ClassificationId, "99".into());
        let done = bulk_report(&action, &report, |id| format!("Acme {id}"));
        assert_eq!(done.summary, "Set Classification: done for 28 of 31 accounts. 2 failed. 1 not sent (stopped).");
        assert!(done.failures[0].starts_with("Acme 29: The Account API failed (HTTP 500)"), "{}", done.failures[0]);
        assert!(done.failures[0].ends_with("It may have been done: check the account."));
        assert_eq!(done.failures[1], "Acme 30: There is no classification with ID 99.");
        assert_eq!(done.retry, [29, 30, 31]);
        assert_eq!(done.done.len(), 28);
    }

    #[test]
    fn a_link_failure_reads_as_the_single_link_does() {
        let report = Report {
            done: vec![],
            failed: vec![(4, Failure::Refused(ApiError::Conflict("Association already exists.".into())))],
            not_sent: vec![],
        };
        let done = bulk_report(&BulkAction::LinkContact("CT-1".into()), &report, |id| format!("A{id}"));
        assert_eq!(done.failures, ["A4: CT-1 is already linked to this account."]);
    }
}
