//! The account's contacts: the primary one marked; link one, link many
//! (pasted ids, `bulk_link.rs`), unlink (each row busy on its own). A link or
//! unlink without a clear answer is settled by reading the account
//! (`api::outcome`); an unlink answered 404 was done already.

use std::collections::BTreeSet;

use account_model::{Account, ContactLink};
use leptos::{either::Either, prelude::*, task::spawn_local};

use crate::{
    api::{
        ApiClient, ApiError,
        outcome::{Look, Looking, Order, Settled, already_linked, gone, never, write_once},
    },
    components::{ConfirmDialog, Toasts},
    domain::format::now_ms,
    domain::messages,
    pages::account_detail::{
        DetailAction, Shown,
        bulk_link::{BulkLinkForm, BulkLinkReport},
        failure_text, look_error,
        sections::when_and_who,
    },
    platform::browser,
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

/// Whether `contact` is linked to `account`.
pub fn is_linked(account: &Account, contact: &str) -> bool {
    account.contacts.as_deref().unwrap_or_default().iter().any(|link| link.contact == contact)
}

/// What the confirm dialog says before unlinking `contact`: when it is the
/// primary contact, also what happens to that.
pub fn unlink_question(contacts: &[(bool, ContactLink)], contact: &str) -> String {
    let plain = format!("{contact} will no longer be linked to this account.");
    let is_primary = contacts.iter().any(|(primary, link)| *primary && link.contact == contact);
    if !is_primary {
        return plain;
    }
    // The API makes the contact linked longest the new primary one.
    let next = contacts.iter().map(|(_, link)| link).find(|link| link.contact != contact);
    match next {
        Some(next) => {
            format!("{plain} It is the primary contact: {} (linked longest) will become primary.", next.contact)
        }
        None => {
            format!("{plain} It is the primary contact, and the only one: the account will have no primary contact.")
        }
    }
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
    let said = LinkMessages::default();
    let to_unlink = RwSignal::new(None::<String>);
    // Each contact being unlinked, so that one finishing does not clear another.
    let unlinking = RwSignal::new(BTreeSet::<String>::new());
    let unlink = move |()| {
        let Some(contact) = to_unlink.get_untracked() else { return };
        to_unlink.set(None);
        // A later action: what the link forms said before no longer stands.
        said.clear();
        // Where focus goes once the row is gone: the next contact, else the form.
        let next = contacts.with_untracked(|all| {
            let at = all.iter().position(|(_, l)| l.contact == contact)?;
            all.get(at + 1).or_else(|| at.checked_sub(1).and_then(|i| all.get(i))).map(|(_, l)| l.contact.clone())
        });
        unlinking.update(|busy| {
            busy.insert(contact.clone());
        });
        let (api, toasts) = (api.clone(), toasts.clone());
        spawn_local(async move {
            let look = || -> Looking<'_> {
                Box::pin(async {
                    let account = api.read_account(shown.id, None).await.map_err(look_error)?;
                    let still = is_linked(&account, &contact);
                    let _ = shown.account.try_set(account);
                    Ok(if still { Look::Missing } else { Look::Landed })
                })
            };
            let unlink = Box::pin(api.unlink_contact(shown.id, &contact));
            match write_once(Order::SendFirst, unlink, gone, &|_| {}, &look).await {
                Settled::Refused(error) => toasts.failure(format!(
                    "{contact} was not unlinked: {}",
                    failure_text(DetailAction::Unlink, &error, Some(&contact))
                )),
                held if held.holds() => {
                    let said = messages::settled(&contact, "unlinked", &held);
                    toasts.success(said.unwrap_or_else(|| format!("{contact} unlinked.")));
                    let _ = shown.account.try_update(|a| {
                        if let Some(contacts) = a.contacts.as_mut() {
                            contacts.retain(|link| link.contact != contact);
                        }
                    });
                    match next {
                        Some(next) => browser::focus_when_ready(format!("button[aria-label='Unlink {next}']")),
                        None => browser::focus_when_ready("#link-contact-id"),
                    }
                    shown.refresh();
                }
                // Unlinking again is safe: a 404 then says it is done.
                other => toasts.failure(messages::settled(&contact, "unlinked", &other).unwrap_or_default()),
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
            <LinkOneForm shown said />
            <BulkLinkForm shown said />
            {move || to_unlink.get().map(|contact| view! {
                <ConfirmDialog
                    title="Unlink this contact?"
                    message=contacts.with_untracked(|all| unlink_question(all, &contact))
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

/// What the two link forms said last. A new link from either form clears
/// both, so that no old refusal stays beside a later success.
#[derive(Clone, Copy, Debug)]
pub struct LinkMessages {
    one: RwSignal<Option<String>>,
    pub(super) many: RwSignal<Option<String>>,
    pub(super) report: RwSignal<Option<BulkLinkReport>>,
}

impl Default for LinkMessages {
    fn default() -> Self {
        LinkMessages { one: RwSignal::new(None), many: RwSignal::new(None), report: RwSignal::new(None) }
    }
}

impl LinkMessages {
    pub(super) fn clear(self) {
        self.one.set(None);
        self.many.set(None);
        self.report.set(None);
    }
}

/// Link one contact by id; a clash or an unknown id shows at the field.
#[component]
fn LinkOneForm(shown: Shown, said: LinkMessages) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let contact = RwSignal::new(String::new());
    let error = said.one;
    let looking = RwSignal::new(false);
    // The contact of the last link nobody saw end: linking it again, "already
    // linked" means that try landed.
    let unsettled = StoredValue::new(None::<String>);
    let link = Action::new_local(move |contact_id: &String| {
        let (api, toasts, contact_id) = (api.clone(), toasts.clone(), contact_id.clone());
        async move {
            let again = unsettled.with_value(|c| c.as_ref().is_some_and(|c| c.eq_ignore_ascii_case(&contact_id)));
            let done_already = if again { already_linked } else { never };
            let look = || -> Looking<'_> {
                Box::pin(async {
                    let account = api.read_account(shown.id, None).await.map_err(look_error)?;
                    let linked = is_linked(&account, &contact_id);
                    let _ = shown.account.try_set(account);
                    Ok(if linked { Look::Landed } else { Look::Missing })
                })
            };
            let say_looking = |_: &ApiError| {
                let _ = looking.try_set(true);
            };
            let send = Box::pin(api.link_contact(shown.id, &contact_id));
            let settled = write_once(Order::SendFirst, send, done_already, &say_looking, &look).await;
            let _ = looking.try_set(false);
            let unknown = matches!(settled, Settled::Unknown { .. });
            unsettled.set_value(unknown.then(|| contact_id.clone()));
            match settled {
                Settled::Done(()) => {
                    let _ = contact.try_set(String::new());
                    toasts.success(format!("{contact_id} linked."));
                    shown.refresh();
                }
                Settled::Refused(failure) => {
                    // Linked already (by an earlier try, or someone else): show it.
                    if matches!(failure, ApiError::Conflict(_)) {
                        shown.refresh();
                    }
                    let _ = error.try_set(Some(failure_text(DetailAction::LinkContact, &failure, Some(&contact_id))));
                    browser::focus_when_ready("#link-contact-id");
                }
                landed if landed.holds() => {
                    let _ = contact.try_set(String::new());
                    toasts.success(messages::settled(&contact_id, "linked", &landed).unwrap_or_default());
                    shown.refresh();
                }
                // Linking again is safe: the API refuses a second link.
                other => {
                    let _ = error.try_set(messages::settled(&contact_id, "linked", &other));
                    browser::focus_when_ready("#link-contact-id");
                }
            }
        }
    });
    let pending = link.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = contact.get_untracked().trim().to_string();
        said.clear();
        if typed.is_empty() {
            error.set(Some("Enter a contact ID.".into()));
            return;
        }
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
                        {move || if looking.get() { "Looking…" } else if pending.get() { "Linking…" } else { "Link" }}
                    </button>
                </div>
                <p class="field-error" id="link-contact-error" role="alert">{move || error.get()}</p>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use account_model::PrimaryContact;

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
    fn unlinking_the_primary_contact_says_which_becomes_primary() {
        let contacts = [(true, link(5, "CT-1")), (false, link(6, "CT-2"))];
        assert_eq!(unlink_question(&contacts, "CT-2"), "CT-2 will no longer be linked to this account.");
        let primary = unlink_question(&contacts, "CT-1");
        assert!(primary.contains("It is the primary contact: CT-2 (linked longest) will become primary."), "{primary}");
        let only = unlink_question(&contacts[..1], "CT-1");
        assert!(only.contains("the account will have no primary contact"), "{only}");
    }
}
