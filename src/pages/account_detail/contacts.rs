//! The account's contacts: the primary one marked; link one, link many
//! (pasted ids), unlink (each row busy on its own).

use std::collections::{BTreeSet, HashSet};

use account_model::{Account, BulkLinkResult, ContactLink};
use leptos::{either::Either, prelude::*, task::spawn_local};

use crate::{
    api::ApiClient,
    components::{ConfirmDialog, Toasts},
    format::now_ms,
    pages::account_detail::{DetailAction, Shown, failure_text, sections::when_and_who},
};

/// The id of the contact link that is the account's primary contact, from
/// `primaryAccountContact` or else `primaryContact`.
pub fn primary_link_id(account: &Account) -> Option<i64> {
    account
        .primary_account_contact
        .as_ref()
        .map(|link| link.id)
        .or_else(|| account.primary_contact.as_ref().and_then(|p| p.link_id()))
}

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

/// The report after a bulk link: a summary line and each failure with its cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkLinkReport {
    pub summary: String,
    pub failures: Vec<String>,
}

/// `sent` is how many ids went out, `repeats` how many repeated ones the paste
/// held (and were left out).
pub fn bulk_link_report(result: &BulkLinkResult, sent: usize, repeats: usize) -> BulkLinkReport {
    let linked = result.success_count;
    let contacts = if sent == 1 { "contact" } else { "contacts" };
    let mut summary = format!("Linked {linked} of {sent} {contacts}.");
    if repeats > 0 {
        let ids = if repeats == 1 { "ID was" } else { "IDs were" };
        summary.push_str(&format!(" {repeats} repeated {ids} left out."));
    }
    if !result.failed_data.is_empty() {
        let count = result.failed_data.len().max(usize::try_from(result.fail_count).unwrap_or(0));
        summary.push_str(&format!(" {count} failed:"));
    }
    let failures = result
        .failed_data
        .iter()
        .map(|f| {
            let cause = f.cause.trim();
            let cause = if cause.is_empty() { "no cause given" } else { cause };
            format!("{}: {cause}", f.item_name)
        })
        .collect();
    BulkLinkReport { summary, failures }
}

/// The ids that failed, one a line: what stays in the box after a bulk link.
pub fn failed_ids(result: &BulkLinkResult) -> String {
    result.failed_data.iter().map(|f| f.item_name.as_str()).collect::<Vec<_>>().join("\n")
}

/// The linked contacts, the primary one marked; link one, link many, unlink.
#[component]
pub fn Contacts(shown: Shown) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let contacts = Memo::new(move |_| {
        shown.account.with(|a| {
            let primary = primary_link_id(a);
            a.contacts
                .clone()
                .unwrap_or_default()
                .into_iter()
                .map(|link| (primary == Some(link.id), link))
                .collect::<Vec<_>>()
        })
    });
    let to_unlink = RwSignal::new(None::<String>);
    // Each contact being unlinked, so that one finishing does not clear another.
    let unlinking = RwSignal::new(BTreeSet::<String>::new());
    let unlink = move |()| {
        let Some(contact) = to_unlink.get_untracked() else { return };
        to_unlink.set(None);
        unlinking.update(|busy| {
            busy.insert(contact.clone());
        });
        let (api, toasts) = (api.clone(), toasts.clone());
        spawn_local(async move {
            match api.unlink_contact(shown.id, &contact).await {
                Ok(()) => {
                    toasts.success(format!("{contact} unlinked."));
                    let _ = shown.account.try_update(|a| {
                        if let Some(contacts) = a.contacts.as_mut() {
                            contacts.retain(|link| link.contact != contact);
                        }
                    });
                    shown.refresh();
                }
                Err(error) => toasts.failure(format!(
                    "{contact} was not unlinked: {}",
                    failure_text(DetailAction::Unlink, &error, Some(&contact))
                )),
            }
            let _ = unlinking.try_update(|busy| busy.remove(&contact));
        });
    };
    view! {
        <section class="card contacts" aria-labelledby="contacts-title">
            <h2 id="contacts-title">"Contacts"</h2>
            {move || {
                let contacts = contacts.get();
                if contacts.is_empty() {
                    Either::Left(view! { <p class="empty">"No contacts linked."</p> })
                } else {
                    Either::Right(view! {
                        <ul class="contact-list">
                            {contacts.into_iter().map(|(primary, link)| view! {
                                <ContactItem link primary to_unlink unlinking />
                            }).collect_view()}
                        </ul>
                    })
                }
            }}
            <LinkOneForm shown />
            <BulkLinkForm shown />
            {move || to_unlink.get().map(|contact| view! {
                <ConfirmDialog
                    title="Unlink this contact?"
                    message=format!("{contact} will no longer be linked to this account.")
                    confirm_label="Unlink"
                    on_confirm=unlink.clone()
                    on_cancel=move |()| to_unlink.set(None)
                />
            })}
        </section>
    }
}

#[component]
fn ContactItem(
    link: ContactLink,
    primary: bool,
    to_unlink: RwSignal<Option<String>>,
    unlinking: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let meta = when_and_who(link.created_date, link.created_by.as_deref(), now_ms()).map(|m| format!("Linked {m}"));
    let contact = link.contact;
    let busy = {
        let contact = contact.clone();
        Memo::new(move |_| unlinking.with(|busy| busy.contains(&contact)))
    };
    let ask = {
        let contact = contact.clone();
        move |_| to_unlink.set(Some(contact.clone()))
    };
    view! {
        <li class="contact" class:primary=primary data-contact=contact.clone()>
            <span class="contact-id">{contact.clone()}</span>
            {primary.then(|| view! { <span class="badge primary-badge">"Primary"</span> })}
            {meta.map(|meta| view! { <span class="meta">{meta}</span> })}
            <button
                type="button"
                class="secondary unlink"
                aria-label=format!("Unlink {contact}")
                prop:disabled=busy
                on:click=ask
            >
                {move || if busy.get() { "Unlinking…" } else { "Unlink" }}
            </button>
        </li>
    }
}

/// Link one contact by id; a clash or an unknown id shows at the field.
#[component]
fn LinkOneForm(shown: Shown) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let contact = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let link = Action::new_local(move |contact_id: &String| {
        let (api, toasts, contact_id) = (api.clone(), toasts.clone(), contact_id.clone());
        async move {
            match api.link_contact(shown.id, &contact_id).await {
                Ok(()) => {
                    contact.set(String::new());
                    toasts.success(format!("{contact_id} linked."));
                    shown.refresh();
                }
                Err(failure) => {
                    error.set(Some(failure_text(DetailAction::LinkContact, &failure, Some(&contact_id))));
                }
            }
        }
    });
    let pending = link.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = contact.get_untracked().trim().to_string();
        if typed.is_empty() {
            error.set(Some("Enter a contact ID.".into()));
            return;
        }
        error.set(None);
        link.dispatch(typed);
    };
    view! {
        <form class="link-one" on:submit=submit novalidate>
            <h3>"Link a contact"</h3>
            <div class="field">
                <label for="link-contact-id">"Contact ID"</label>
                <div class="inline-field">
                    <input
                        id="link-contact-id"
                        name="contact-id"
                        aria-invalid=move || error.get().is_some().to_string()
                        aria-describedby="link-contact-error"
                        prop:value=contact
                        on:input=move |ev| contact.set(event_target_value(&ev))
                    />
                    <button type="submit" prop:disabled=move || pending.get()>
                        {move || if pending.get() { "Linking…" } else { "Link" }}
                    </button>
                </div>
                <p class="field-error" id="link-contact-error" role="alert">{move || error.get()}</p>
            </div>
        </form>
    }
}

/// Link many contacts by pasting their ids; reports what linked and what not.
#[component]
fn BulkLinkForm(shown: Shown) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let pasted = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<BulkLinkReport>);
    let link_all = Action::new_local(move |ids: &(Vec<String>, usize)| {
        let (api, (ids, repeats)) = (api.clone(), ids.clone());
        async move {
            match api.bulk_link_contacts(shown.id, &ids).await {
                Ok(result) => {
                    report.set(Some(bulk_link_report(&result, ids.len(), repeats)));
                    // The ids that failed stay in the box, to correct or retry.
                    pasted.set(failed_ids(&result));
                    if result.success_count > 0 {
                        shown.refresh();
                    }
                }
                Err(failure) => error.set(Some(failure_text(DetailAction::BulkLink, &failure, None))),
            }
        }
    });
    let pending = link_all.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        report.set(None);
        let parsed = parse_contact_ids(&pasted.get_untracked());
        if parsed.ids.is_empty() {
            error.set(Some("Paste at least one contact ID.".into()));
            return;
        }
        error.set(None);
        link_all.dispatch((parsed.ids, parsed.repeats));
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
            <button type="submit" prop:disabled=move || pending.get()>
                {move || if pending.get() { "Linking…" } else { "Link all" }}
            </button>
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
        </form>
    }
}

#[cfg(test)]
mod tests {
    use account_model::{BulkLinkFailure, PrimaryContact};

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
    fn the_primary_contact_comes_from_either_field() {
        let mut account = Account { contacts: Some(vec![link(5, "CT-1"), link(6, "CT-2")]), ..Account::default() };
        assert_eq!(primary_link_id(&account), None);
        account.primary_contact = Some(PrimaryContact::Id(6));
        assert_eq!(primary_link_id(&account), Some(6));
        account.primary_contact = Some(PrimaryContact::Text(" 5 ".into()));
        assert_eq!(primary_link_id(&account), Some(5));
        account.primary_account_contact = Some(link(6, "CT-2"));
        assert_eq!(primary_link_id(&account), Some(6));
    }

    #[test]
    fn pasted_ids_split_on_newlines_commas_and_spaces_without_repeats() {
        let pasted = parse_contact_ids("CT-0001\nCT-0002, CT-0003\t CT-0001,,\r\n  CT-0004 ;CT-0002\n");
        assert_eq!(pasted.ids, ["CT-0001", "CT-0002", "CT-0003", "CT-0004"]);
        assert_eq!(pasted.repeats, 2);
        assert_eq!(parse_contact_ids(" \n, ,"), PastedIds::default());
    }

    #[test]
    fn a_bulk_link_report_counts_and_lists_each_failure_with_its_cause() {
        let result = BulkLinkResult {
            success_count: 2,
            fail_count: 1,
            failed_data: vec![BulkLinkFailure { item_name: "CT-0001".into(), cause: "Already associated.".into() }],
        };
        let report = bulk_link_report(&result, 3, 0);
        assert_eq!(report.summary, "Linked 2 of 3 contacts. 1 failed:");
        assert_eq!(report.failures, ["CT-0001: Already associated."]);
        assert_eq!(failed_ids(&result), "CT-0001");
        let all = bulk_link_report(&BulkLinkResult { success_count: 1, ..BulkLinkResult::default() }, 1, 2);
        assert_eq!(all.summary, "Linked 1 of 1 contact. 2 repeated IDs were left out.");
        assert!(all.failures.is_empty());
    }
}
