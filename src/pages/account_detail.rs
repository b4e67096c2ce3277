//! `/accounts/{id}`: everything Read Account answers about one account, in
//! sections; its notes (newest first, with a form to add one), its contacts
//! (link one, link many, unlink) and its history; copy, edit and delete.
//!
//! What to show is worked out in [`crate::account_detail`]; this file only
//! renders it, always as text. After a write the page updates the part that
//! changed at once and re-reads the account in the background, so forms keep
//! their state and nothing reloads.

use account_model::{Account, ContactLink, HistoryEntry, Note, NoteInput};
use leptos::{either::Either, prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions,
    components::A,
    hooks::{use_navigate, use_params_map},
};

use crate::{
    account_detail::{
        BulkLinkReport, DetailAction, Section, SecureRow, bulk_link_report, failed_ids, failure_text,
        history_newest_first, notes_newest_first, parse_account_id, parse_contact_ids, primary_link_id, sections,
        secure_fields, when_and_who,
    },
    api::{ApiClient, ApiError},
    components::{ConfirmDialog, ErrorPanel, Loading, Toasts, first_api_error},
    format::now_ms,
};

#[component]
pub fn AccountDetailPage() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|text| parse_account_id(&text)));
    let account = LocalResource::new(move || {
        let (api, id) = (api.clone(), id.get());
        async move {
            match id {
                Some(id) => api.read_account(id).await,
                None => Err(ApiError::NotFound(account_model::error::NO_RECORD_FOUND.into())),
            }
        }
    });
    let fallback = move |errors: ArcRwSignal<leptos::error::Errors>| match first_api_error(&errors.get()) {
        ApiError::NotFound(_) => view! { <AccountGone /> }.into_any(),
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

/// What a 404 (or an id that cannot be one) shows.
#[component]
fn AccountGone() -> impl IntoView {
    view! {
        <section class="not-found account-gone" role="alert">
            <h1>"This account no longer exists"</h1>
            <p>"It may have been deleted, or the link that led here is wrong."</p>
            <A href="/accounts">"Back to the accounts list"</A>
        </section>
    }
}

/// The account on screen, shared by the parts of the page: the latest read,
/// updated after each write, and what it takes to read it again.
#[derive(Clone, Copy, Debug)]
struct Shown {
    id: i64,
    account: RwSignal<Account>,
    api: StoredValue<ApiClient, LocalStorage>,
    toasts: StoredValue<Toasts>,
}

impl Shown {
    fn new(account: Account) -> Shown {
        Shown {
            id: account.id,
            account: RwSignal::new(account),
            api: StoredValue::new_local(expect_context::<ApiClient>()),
            toasts: StoredValue::new(expect_context::<Toasts>()),
        }
    }

    /// Re-reads the account in the background; a failure is shown as a toast
    /// and leaves what is on screen.
    fn refresh(self) {
        // Nothing to refresh once the page is gone.
        let (Some(api), Some(toasts)) = (self.api.try_get_value(), self.toasts.try_get_value()) else { return };
        spawn_local(async move {
            match api.read_account(self.id).await {
                Ok(account) => self.account.set(account),
                Err(error) => toasts.failure(format!("The account could not be read again: {error}")),
            }
        });
    }

    /// The user signed in now, to credit a note added before the re-read.
    fn user_name(self) -> Option<String> {
        self.api.try_with_value(|api| api.session_untracked().map(|s| s.user_name)).flatten()
    }
}

#[component]
fn AccountView(account: Account) -> impl IntoView {
    let shown = Shown::new(account);
    let warning = Memo::new(move |_| shown.account.with(|a| (non_blank(&a.error_msg), non_blank(&a.log_id))));
    let field_sections = Memo::new(move |_| shown.account.with(|a| sections(a, now_ms())));
    view! {
        <Header shown />
        {move || {
            let (message, log_id) = warning.get();
            (message.is_some() || log_id.is_some()).then(|| view! { <ApiWarning message log_id /> })
        }}
        <div class="detail-sections">
            {move || field_sections.get().into_iter().map(|section| view! { <FieldSection section /> }).collect_view()}
            <SecureFields shown />
        </div>
        <div class="detail-activity">
            <Notes shown />
            <Contacts shown />
            <History shown />
        </div>
    }
}

/// The text, unless it is missing or blank.
fn non_blank(text: &Option<String>) -> Option<String> {
    text.as_ref().map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// The title, the account number, and the actions.
#[component]
fn Header(shown: Shown) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let navigate = StoredValue::new_local(use_navigate());
    let name = Memo::new(move |_| shown.account.with(|a| a.fields.name.trim().to_string()));
    let number =
        Memo::new(move |_| shown.account.with(|a| a.fields.account_number.clone().filter(|n| !n.trim().is_empty())));
    let confirming = RwSignal::new(false);
    let deleting = RwSignal::new(false);

    let delete = {
        let toasts = toasts.clone();
        move |()| {
            confirming.set(false);
            deleting.set(true);
            let (api, toasts) = (api.clone(), toasts.clone());
            let label = account_label(shown.id, &name.get_untracked());
            spawn_local(async move {
                match api.delete_account(shown.id).await {
                    Ok(()) => {
                        toasts.success(format!("Deleted {label}."));
                        navigate.with_value(|navigate| navigate("/accounts", NavigateOptions::default()));
                    }
                    Err(error) => {
                        deleting.set(false);
                        toasts.failure(format!(
                            "{label} was not deleted: {}",
                            failure_text(DetailAction::Delete, &error, None)
                        ));
                    }
                }
            });
        }
    };
    let copy_id = {
        let toasts = toasts.clone();
        move |_| copy_to_clipboard(shown.id.to_string(), "Account ID", toasts.clone())
    };
    let copy_number = move |_| {
        if let Some(number) = number.get_untracked() {
            copy_to_clipboard(number, "Account number", toasts.clone());
        }
    };

    view! {
        <header class="detail-head">
            <div class="detail-title">
                <p class="breadcrumb"><A href="/accounts">"Accounts"</A></p>
                <h1>{move || if name.get().is_empty() { format!("Account {}", shown.id) } else { name.get() }}</h1>
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
                <button type="button" class="secondary edit" disabled title="The edit form arrives with its own issue.">
                    "Edit"
                </button>
                <button type="button" class="danger delete" prop:disabled=move || deleting.get() on:click=move |_| confirming.set(true)>
                    {move || if deleting.get() { "Deleting…" } else { "Delete" }}
                </button>
            </div>
        </header>
        <Show when=move || confirming.get()>
            <ConfirmDialog
                title="Delete this account?"
                message=format!("{} will be deleted with its notes and contact links. This cannot be undone.", account_label(shown.id, &name.get_untracked()))
                confirm_label="Delete account"
                on_confirm=delete.clone()
                on_cancel=move |()| confirming.set(false)
            />
        </Show>
    }
}

/// "Account Acme (ID 7)" or "Account 7".
fn account_label(id: i64, name: &str) -> String {
    if name.is_empty() { format!("Account {id}") } else { format!("Account {name} (ID {id})") }
}

/// Copies `text` and says so in a toast (or says why not).
fn copy_to_clipboard(text: String, what: &'static str, toasts: Toasts) {
    spawn_local(async move {
        let copied = match web_sys::window() {
            Some(window) => {
                let promise = window.navigator().clipboard().write_text(&text);
                wasm_bindgen_futures::JsFuture::from(promise).await.map(|_| ()).map_err(|error| {
                    // A DOMException carries its reason in `message`.
                    js_sys::Reflect::get(&error, &"message".into())
                        .ok()
                        .and_then(|message| message.as_string())
                        .or_else(|| error.as_string())
                        .filter(|message| !message.trim().is_empty())
                })
            }
            None => Err(None),
        };
        match copied {
            Ok(()) => toasts.success(format!("{what} {text} copied.")),
            Err(reason) => toasts.failure(format!(
                "{what} {text} could not be copied ({}); select it and copy it by hand.",
                reason.unwrap_or_else(|| "the browser refused".into())
            )),
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

/// One section of fields as a description list; missing values show a dash.
#[component]
fn FieldSection(section: Section) -> impl IntoView {
    let title = section.title;
    let body = if section.rows.is_empty() {
        Either::Left(view! { <p class="empty">"None has a value."</p> })
    } else {
        Either::Right(view! {
            <dl class="fields">
                {section.rows.into_iter().map(|row| {
                    let unset = row.value.is_none();
                    view! {
                        <div class="field-row">
                            <dt>{row.label}</dt>
                            <dd class:unset=unset>{row.value.unwrap_or_else(|| "—".into())}</dd>
                        </div>
                    }
                }).collect_view()}
            </dl>
        })
    };
    view! {
        <section class="card detail-section" data-section=title>
            <h2>{title}</h2>
            {body}
        </section>
    }
}

/// Secure fields, each masked until its "Show" button is pressed.
#[component]
fn SecureFields(shown: Shown) -> impl IntoView {
    let rows = Memo::new(move |_| {
        shown.account.with(|a| secure_fields(a.fields.secure_fields.as_deref().unwrap_or_default()))
    });
    let withheld =
        Memo::new(move |_| shown.account.with(|a| non_blank(&a.log_id).is_some() || non_blank(&a.error_msg).is_some()));
    view! {
        <section class="card detail-section secure-fields" data-section="Secure fields">
            <h2>"Secure fields"</h2>
            {move || {
                let rows = rows.get();
                if rows.is_empty() {
                    let text = if withheld.get() {
                        "Not available: see the warning above."
                    } else {
                        "None has a value."
                    };
                    Either::Left(view! { <p class="empty">{text}</p> })
                } else {
                    Either::Right(view! {
                        <dl class="fields">
                            {rows.into_iter().map(|row| view! { <SecureValue row /> }).collect_view()}
                        </dl>
                    })
                }
            }}
        </section>
    }
}

#[component]
fn SecureValue(row: SecureRow) -> impl IntoView {
    let revealed = RwSignal::new(false);
    let SecureRow { field, value, masked } = row;
    let label = field.clone();
    view! {
        <div class="field-row">
            <dt>{field.clone()}</dt>
            <dd class="secure-value">
                <span class="value" class:masked=move || !revealed.get()>
                    {move || if revealed.get() { value.clone() } else { masked.clone() }}
                </span>
                " "
                <button
                    type="button"
                    class="secondary reveal"
                    aria-pressed=move || revealed.get().to_string()
                    aria-label=move || format!("{} {label}", if revealed.get() { "Hide" } else { "Show" })
                    on:click=move |_| revealed.update(|r| *r = !*r)
                >
                    {move || if revealed.get() { "Hide" } else { "Show" }}
                </button>
            </dd>
        </div>
    }
}

/// The notes, newest first, and the form to add one.
#[component]
fn Notes(shown: Shown) -> impl IntoView {
    let notes = Memo::new(move |_| shown.account.with(|a| notes_newest_first(a.notes.as_deref().unwrap_or_default())));
    view! {
        <section class="card notes" aria-labelledby="notes-title">
            <h2 id="notes-title">"Notes"</h2>
            <NoteForm shown />
            {move || {
                let notes = notes.get();
                if notes.is_empty() {
                    Either::Left(view! { <p class="empty">"No notes yet."</p> })
                } else {
                    Either::Right(view! {
                        <ol class="note-list">{notes.into_iter().map(|note| view! { <NoteItem note /> }).collect_view()}</ol>
                    })
                }
            }}
        </section>
    }
}

#[component]
fn NoteItem(note: Note) -> impl IntoView {
    let meta = when_and_who(note.created_date, note.created_by.as_deref(), now_ms());
    view! {
        <li class="note">
            <h3 class="note-name">{note.name}</h3>
            {note.description.filter(|d| !d.trim().is_empty()).map(|d| view! { <p class="note-description">{d}</p> })}
            {meta.map(|meta| view! { <p class="meta">{meta}</p> })}
        </li>
    }
}

/// Name (required) and description. What was typed stays until it is saved.
#[component]
fn NoteForm(shown: Shown) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);

    let save = Action::new_local(move |note: &NoteInput| {
        let (api, toasts, note) = (api.clone(), toasts.clone(), note.clone());
        async move {
            match api.add_note(shown.id, &note).await {
                Ok(()) => {
                    name.set(String::new());
                    description.set(String::new());
                    toasts.success(format!("Note “{}” added.", note.name));
                    let signed_in = shown.user_name();
                    shown.account.update(|a| {
                        a.notes.get_or_insert_with(Vec::new).push(Note {
                            id: None,
                            name: note.name,
                            description: note.description,
                            created_date: Some(now_ms()),
                            created_by: signed_in,
                        })
                    });
                    shown.refresh();
                }
                Err(error) => form_error.set(Some(failure_text(DetailAction::AddNote, &error, None))),
            }
        }
    });
    let pending = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let typed = name.get_untracked();
        if typed.trim().is_empty() {
            name_error.set(Some("Enter a name for the note.".into()));
            return;
        }
        name_error.set(None);
        let description = Some(description.get_untracked()).filter(|d| !d.trim().is_empty());
        save.dispatch(NoteInput { name: typed.trim().to_string(), description });
    };
    view! {
        <form class="note-form" on:submit=submit novalidate>
            <h3>"Add a note"</h3>
            {move || form_error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <div class="field">
                <label for="note-name">"Name"</label>
                <input
                    id="note-name"
                    name="note-name"
                    required
                    aria-invalid=move || name_error.get().is_some().to_string()
                    aria-describedby="note-name-error"
                    prop:value=name
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <p class="field-error" id="note-name-error" role="alert">{move || name_error.get()}</p>
            </div>
            <div class="field">
                <label for="note-description">"Description"</label>
                <textarea
                    id="note-description"
                    name="note-description"
                    rows="3"
                    prop:value=description
                    on:input=move |ev| description.set(event_target_value(&ev))
                ></textarea>
            </div>
            <button type="submit" prop:disabled=move || pending.get()>
                {move || if pending.get() { "Saving…" } else { "Add note" }}
            </button>
        </form>
    }
}

/// The linked contacts, the primary one marked; link one, link many, unlink.
#[component]
fn Contacts(shown: Shown) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let contacts = Memo::new(move |_| {
        shown.account.with(|a| {
            let primary = primary_link_id(a);
            a.contacts
                .clone()
                .unwrap_or_default()
                .into_iter()
                .map(|link| {
                    let is_primary = primary == Some(link.id);
                    (link, is_primary)
                })
                .collect::<Vec<_>>()
        })
    });
    let to_unlink = RwSignal::new(None::<String>);
    let unlinking = RwSignal::new(None::<String>);
    let unlink = move |()| {
        let Some(contact) = to_unlink.get_untracked() else { return };
        to_unlink.set(None);
        unlinking.set(Some(contact.clone()));
        let (api, toasts) = (api.clone(), toasts.clone());
        spawn_local(async move {
            match api.unlink_contact(shown.id, &contact).await {
                Ok(()) => {
                    toasts.success(format!("{contact} unlinked."));
                    shown.account.update(|a| {
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
            unlinking.set(None);
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
                            {contacts.into_iter().map(|(link, primary)| view! {
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
    unlinking: RwSignal<Option<String>>,
) -> impl IntoView {
    let meta = when_and_who(link.created_date, link.created_by.as_deref(), now_ms()).map(|m| format!("Linked {m}"));
    let contact = link.contact;
    let busy = {
        let contact = contact.clone();
        Memo::new(move |_| unlinking.get().as_deref() == Some(contact.as_str()))
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

/// The history as a timeline, newest first.
#[component]
fn History(shown: Shown) -> impl IntoView {
    let history =
        Memo::new(move |_| shown.account.with(|a| history_newest_first(a.history.as_deref().unwrap_or_default())));
    view! {
        <section class="card history" aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            {move || {
                let history = history.get();
                if history.is_empty() {
                    Either::Left(view! { <p class="empty">"No history recorded."</p> })
                } else {
                    Either::Right(view! {
                        <ol class="timeline">
                            {history.into_iter().map(|entry| view! { <HistoryItem entry /> }).collect_view()}
                        </ol>
                    })
                }
            }}
        </section>
    }
}

#[component]
fn HistoryItem(entry: HistoryEntry) -> impl IntoView {
    let meta = when_and_who(entry.created_date, entry.created_by.as_deref(), now_ms());
    let what = if entry.name.trim().is_empty() { "Changed".to_string() } else { entry.name };
    view! {
        <li class="timeline-entry">
            <p class="what">
                <span class="what-name">{what}</span>
                {entry.parent_type.map(|kind| view! { " " <span class="badge">{kind.to_lowercase()}</span> })}
            </p>
            {entry.descriptions.filter(|d| !d.trim().is_empty()).map(|d| view! { <p class="what-details">{d}</p> })}
            {meta.map(|meta| view! { <p class="meta">{meta}</p> })}
        </li>
    }
}
