//! Linking many contacts at once, by pasting their ids: one Link call each
//! through the write runner (the API checks each contact), or one Link
//! Multiple call when the user chooses to skip that check; then a report of
//! what linked and why the rest did not. Links without a clear answer are
//! settled by one read of the account. Leaving while links are sent asks
//! first; left anyway, the run stops after the calls under way and its
//! report comes as a toast.

use std::collections::HashSet;

use account_model::{Account, BulkLinkResult};
use leptos::prelude::*;

use crate::{
    api::{
        ApiClient, ApiError, Cancel,
        outcome::{Outcome, Settled},
        runner::{self, BrowserPacing, Failure, Progress, Report},
    },
    components::{LeaveGuard, Toasts, Unfinished},
    domain::messages::{self, link_failure},
    pages::account_detail::{
        DetailAction, Shown,
        contacts::{LinkMessages, is_linked},
        failure_text,
    },
};

/// Contact ids as pasted: split on newlines, commas, semicolons and
/// whitespace, trimmed, empties dropped, repeats dropped (the first kept).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PastedIds {
    pub ids: Vec<String>,
    /// How many repeats were dropped.
    pub repeats: usize,
}

pub fn parse_contact_ids(text: &str) -> PastedIds {
    let mut seen = HashSet::new();
    let mut pasted = PastedIds::default();
    for id in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).map(str::trim).filter(|s| !s.is_empty()) {
        if seen.insert(id) {
            pasted.ids.push(id.to_string());
        } else {
            pasted.repeats += 1;
        }
    }
    pasted
}

/// How pasted contacts are linked: the caller's choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkMode {
    /// One Link call each, a few at a time: the API checks that each contact
    /// exists (the default).
    Checked,
    /// One Link Multiple call: fast, but the API checks neither the account
    /// nor the contacts, so an unknown ID is linked anyway.
    Unchecked,
}

/// What became of one pasted contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkOutcome {
    Linked,
    /// Not linked, and why, in the user's words.
    Failed(String),
    /// No clear answer: it may have been linked.
    Unsure(ApiError),
    /// Not sent: the user stopped first.
    NotSent,
}

/// The report after linking many: a summary line and each contact that did
/// not link, with its cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkLinkReport {
    pub summary: String,
    pub failures: Vec<String>,
    /// The ids to leave in the box, to correct or send again.
    pub remaining: Vec<String>,
}

/// `repeats` is how many repeated ids the paste held (and were left out).
pub fn bulk_link_report(outcomes: &[(String, LinkOutcome)], repeats: usize) -> BulkLinkReport {
    let sent = outcomes.len();
    let linked = outcomes.iter().filter(|(_, o)| *o == LinkOutcome::Linked).count();
    let contacts = if sent == 1 { "contact" } else { "contacts" };
    let mut summary = format!("Linked {linked} of {sent} {contacts}.");
    if repeats > 0 {
        let ids = if repeats == 1 { "ID was" } else { "IDs were" };
        summary.push_str(&format!(" {repeats} repeated {ids} left out."));
    }
    let mut failures = Vec::new();
    let mut remaining = Vec::new();
    for (id, outcome) in outcomes {
        let said = match outcome {
            LinkOutcome::Linked => continue,
            LinkOutcome::Failed(reason) => reason.clone(),
            LinkOutcome::Unsure(error) => format!("{id}: {error} It may have been linked: reload to see."),
            LinkOutcome::NotSent => format!("{id}: not sent (stopped)."),
        };
        failures.push(said);
        remaining.push(id.clone());
    }
    if !failures.is_empty() {
        summary.push_str(&format!(" {} did not:", failures.len()));
    }
    BulkLinkReport { summary, failures, remaining }
}

/// The outcomes of a Link Multiple answer for the ids sent.
pub fn outcomes_of_bulk(ids: &[String], result: &BulkLinkResult) -> Vec<(String, LinkOutcome)> {
    ids.iter()
        .map(|id| {
            let failed = result.failed_data.iter().find(|f| f.item_name == *id);
            let outcome = match failed {
                Some(failure) => LinkOutcome::Failed(link_failure(id, &failure.cause)),
                None => LinkOutcome::Linked,
            };
            (id.clone(), outcome)
        })
        .collect()
}

/// The outcomes of single Link calls, as the write runner reports them.
pub fn outcomes_of_runner(report: &Report<String, ()>) -> Vec<(String, LinkOutcome)> {
    let mut outcomes: Vec<(String, LinkOutcome)> =
        report.done.iter().map(|(id, ())| (id.clone(), LinkOutcome::Linked)).collect();
    for (id, failure) in &report.failed {
        let outcome = match failure {
            Failure::MayHaveLanded(error) => LinkOutcome::Unsure(error.clone()),
            Failure::Refused(
                ApiError::Conflict(message) | ApiError::Validation(message) | ApiError::NotFound(message),
            ) => LinkOutcome::Failed(link_failure(id, message)),
            Failure::Refused(error) => LinkOutcome::Failed(format!("{id}: {error}")),
        };
        outcomes.push((id.clone(), outcome));
    }
    outcomes.extend(report.not_sent.iter().map(|id| (id.clone(), LinkOutcome::NotSent)));
    outcomes
}

/// Settles each link without a clear answer by what the account, read
/// again, shows: linked, or not (and then safe to send again).
pub fn settle_unsure(outcomes: &mut [(String, LinkOutcome)], account: &Account) {
    for (id, outcome) in outcomes {
        if let LinkOutcome::Unsure(error) = outcome {
            *outcome = if is_linked(account, id) {
                LinkOutcome::Linked
            } else {
                let not_linked = Settled::<()>::NotLanded(error.clone());
                LinkOutcome::Failed(messages::settled(id, "linked", &not_linked).unwrap_or_default())
            };
        }
    }
}

/// How many single Link calls run at once.
const LINKS_AT_ONCE: usize = 4;

/// Link many contacts by pasting their ids; reports what linked and what not.
#[component]
pub fn BulkLinkForm(shown: Shown, said: LinkMessages) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let pasted = RwSignal::new(String::new());
    let (error, report) = (said.many, said.report);
    let mode = RwSignal::new(LinkMode::Checked);
    let progress = RwSignal::new(None::<Progress>);
    let stop = StoredValue::new_local(None::<Cancel>);
    let toasts = expect_context::<Toasts>();
    let link_all = Action::new_local(move |(ids, repeats): &(Vec<String>, usize)| {
        let (api, ids, repeats, mode) = (api.clone(), ids.clone(), *repeats, mode.get_untracked());
        let toasts = toasts.clone();
        async move {
            let mut outcomes = match mode {
                LinkMode::Unchecked => match Outcome::of(api.bulk_link_contacts(shown.id, &ids).await) {
                    Outcome::Done(result) => outcomes_of_bulk(&ids, &result),
                    Outcome::Refused(failure) => {
                        let _ = error.try_set(Some(failure_text(DetailAction::BulkLink, &failure, None)));
                        return;
                    }
                    Outcome::Unsure(failure) => {
                        ids.iter().map(|id| (id.clone(), LinkOutcome::Unsure(failure.clone()))).collect()
                    }
                },
                LinkMode::Checked => {
                    let cancel = Cancel::new();
                    stop.set_value(Some(cancel.clone()));
                    let shown_progress = |p: Progress| {
                        let _ = progress.try_set(Some(p));
                    };
                    let write = |id: String| {
                        let api = api.clone();
                        async move { api.link_contact(shown.id, &id).await }
                    };
                    let report = runner::run(ids, LINKS_AT_ONCE, &BrowserPacing(&cancel), shown_progress, write).await;
                    let _ = progress.try_set(None);
                    outcomes_of_runner(&report)
                }
            };
            // Links without a clear answer: one read of the account settles them all.
            if outcomes.iter().any(|(_, o)| matches!(o, LinkOutcome::Unsure(_)))
                && let Ok(account) = api.read_account(shown.id, None).await
            {
                settle_unsure(&mut outcomes, &account);
                let _ = shown.account.try_set(account);
            }
            let done = bulk_link_report(&outcomes, repeats);
            // The ids that did not link stay in the box, to correct or retry.
            let _ = pasted.try_set(done.remaining.join("\n"));
            if outcomes.iter().any(|(_, o)| *o == LinkOutcome::Linked) {
                shown.refresh();
            }
            // Without the page (left during the run, which stops it) the report is a toast.
            if let Some(Some(done)) = report.try_set(Some(done)) {
                let said = std::iter::once(done.summary).chain(done.failures).collect::<Vec<_>>().join(" ");
                if done.remaining.is_empty() { toasts.success(said) } else { toasts.failure(said) }
            }
        }
    });
    let pending = link_all.pending();
    let sending = Signal::derive(move || pending.get().then_some(Unfinished::Writes));
    on_cleanup(move || {
        if let Some(Some(cancel)) = stop.try_get_value() {
            cancel.cancel();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        said.clear();
        let parsed = parse_contact_ids(&pasted.get_untracked());
        if parsed.ids.is_empty() {
            error.set(Some("Paste at least one contact ID.".into()));
            return;
        }
        link_all.dispatch((parsed.ids, parsed.repeats));
    };
    let stop_now = move |_| {
        if let Some(Some(cancel)) = stop.try_get_value() {
            cancel.cancel();
        }
    };
    let progress_text = move || {
        progress.get().map(|p| match p.paused_for {
            Some(wait) => {
                format!("Linked {} of {}; the API asked to wait {} s…", p.done, p.total, wait.as_secs().max(1))
            }
            None => format!("Linked {} of {}…", p.finished(), p.total),
        })
    };
    view! {
        <form class="bulk-link" on:submit=submit novalidate>
            <h3>"Link many contacts"</h3>
            <div class="field">
                <label for="bulk-contact-ids">"Contact IDs"</label>
                <p class="hint" id="bulk-contact-hint">"One per line, or separated by commas or spaces."</p>
                <textarea
                    id="bulk-contact-ids"
                    name="contact-ids"
                    rows="4"
                    aria-describedby="bulk-contact-hint bulk-contact-error"
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=pasted
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                ></textarea>
                <p class="field-error" id="bulk-contact-error" role="alert">{move || error.get()}</p>
            </div>
            <div class="field checkbox-field">
                <input
                    id="bulk-skip-check"
                    type="checkbox"
                    prop:checked=move || mode.get() == LinkMode::Unchecked
                    on:change=move |ev| mode.set(if event_target_checked(&ev) { LinkMode::Unchecked } else { LinkMode::Checked })
                    aria-describedby="bulk-skip-hint"
                />
                <label for="bulk-skip-check">"Skip the check that each contact exists"</label>
                <p class="hint" id="bulk-skip-hint">
                    "Faster for long lists you trust, in one call; an ID that is not in Contact Manager is linked anyway."
                </p>
            </div>
            <button type="submit" prop:disabled=move || pending.get()>
                {move || if pending.get() { "Linking…" } else { "Link all" }}
            </button>
            {move || progress_text().map(|text| view! {
                <div class="runner-progress">
                    <progress max=move || progress.get().map_or(0, |p| p.total) value=move || progress.get().map_or(0, |p| p.finished()) aria-label="Linking progress"></progress>
                    <span role="status">{text}</span>
                    <button type="button" class="secondary" on:click=stop_now>"Stop"</button>
                </div>
            })}
            {move || report.get().map(|report| view! {
                <div class="bulk-report" role="status">
                    <p class="bulk-summary">{report.summary}</p>
                    {(!report.failures.is_empty()).then(|| view! {
                        <ul class="bulk-failures">
                            {report.failures.into_iter().map(|failure| view! { <li>{failure}</li> }).collect_view()}
                        </ul>
                    })}
                </div>
            })}
            <LeaveGuard unfinished=sending />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use account_model::{
        BulkLinkFailure, ContactLink,
        error::{ALREADY_ASSOCIATED, ASSOCIATION_EXISTS},
    };

    use super::*;

    fn link(id: i64, contact: &str) -> ContactLink {
        ContactLink {
            id,
            created_date: None,
            created_by: None,
            modified_date: None,
            contact: contact.into(),
            account_id: None,
        }
    }

    #[test]
    fn pasted_ids_split_on_newlines_commas_and_spaces_without_repeats() {
        let pasted = parse_contact_ids("CT-0001\nCT-0002, CT-0003\t CT-0001,,\r\n  CT-0004 ;CT-0002\n");
        assert_eq!(pasted.ids, ["CT-0001", "CT-0002", "CT-0003", "CT-0004"]);
        assert_eq!(pasted.repeats, 2);
        assert_eq!(parse_contact_ids(" \n, ,"), PastedIds::default());
    }

    #[test]
    fn a_bulk_link_report_counts_and_lists_each_failure_with_its_cause_in_one_wording() {
        let ids: Vec<String> = ["CT-0001", "CT-0002", "bogus"].map(String::from).to_vec();
        let result = BulkLinkResult {
            success_count: 2,
            fail_count: 1,
            failed_data: vec![BulkLinkFailure { item_name: "CT-0001".into(), cause: ALREADY_ASSOCIATED.into() }],
        };
        let report = bulk_link_report(&outcomes_of_bulk(&ids, &result), 0);
        assert_eq!(report.summary, "Linked 2 of 3 contacts. 1 did not:");
        assert_eq!(report.failures, ["CT-0001 is already linked to this account."]);
        assert_eq!(report.remaining, ["CT-0001"]);

        let runner = Report {
            done: vec![("CT-0002".to_string(), ())],
            failed: vec![
                ("CT-0001".to_string(), Failure::Refused(ApiError::Conflict(ASSOCIATION_EXISTS.into()))),
                ("bogus".to_string(), Failure::Refused(ApiError::Validation("contactId bogus does not exist.".into()))),
                ("CT-0003".to_string(), Failure::MayHaveLanded(ApiError::Timeout)),
            ],
            not_sent: vec!["CT-0004".to_string()],
        };
        let report = bulk_link_report(&outcomes_of_runner(&runner), 2);
        assert_eq!(report.summary, "Linked 1 of 5 contacts. 2 repeated IDs were left out. 4 did not:");
        assert_eq!(
            report.failures,
            [
                "CT-0001 is already linked to this account.",
                "There is no contact bogus in Contact Manager.",
                "CT-0003: The Account API did not answer in time. It may have been linked: reload to see.",
                "CT-0004: not sent (stopped).",
            ]
        );
        assert_eq!(report.remaining, ["CT-0001", "bogus", "CT-0003", "CT-0004"]);
    }

    #[test]
    fn links_without_a_clear_answer_are_settled_by_what_the_account_shows() {
        let account = Account { contacts: Some(vec![link(5, "CT-1")]), ..Account::default() };
        let mut outcomes = vec![
            ("CT-1".to_string(), LinkOutcome::Unsure(ApiError::Timeout)),
            ("CT-2".to_string(), LinkOutcome::Unsure(ApiError::Timeout)),
            ("CT-3".to_string(), LinkOutcome::Linked),
        ];
        settle_unsure(&mut outcomes, &account);
        assert_eq!(outcomes[0].1, LinkOutcome::Linked, "the look found it");
        assert_eq!(
            outcomes[1].1,
            LinkOutcome::Failed(
                "CT-2 was not linked (a look shows it was not): The Account API did not answer in time. Try \
                 again when ready."
                    .into()
            )
        );
        assert_eq!(outcomes[2].1, LinkOutcome::Linked);
        let report = bulk_link_report(&outcomes, 0);
        assert_eq!(report.summary, "Linked 2 of 3 contacts. 1 did not:");
        assert_eq!(report.remaining, ["CT-2"], "only what did not land stays to send again");
    }
}
