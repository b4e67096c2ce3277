//! `/accounts/new` and `/accounts/{id}/edit`: one form for creating and
//! editing an account, driven by the field table.
//!
//! - `model/`: what the form holds, checks, sends, merges, drafts (pure),
//!   and `model/save/`, the save protocol (reads, merges, looks, sends;
//!   async functions over the API as a trait, whose outcomes this page
//!   shows);
//! - `inputs.rs`: the field inputs and the custom/secure field rows;
//! - `conflict.rs`: the prompt when someone else changed what the user did;
//! - `notices.rs`: what a save that did not simply land says;
//! - `undo.rs`: undo of a save;
//!
//! Nothing typed is lost: a failed save keeps the form, a 401 waits for the
//! sign-in dialog and resends, a reload offers the draft back, an account
//! deleted meanwhile can be created again from the form. A save that may
//! have landed (timeout, 5xx) is never resent blindly: saving an edit again
//! re-reads and merges, which sends only what is still missing; creating
//! again looks for the account first.

pub mod conflict;
pub mod inputs;
pub mod model;
pub mod notices;
pub mod undo;

use std::cell::RefCell;

use account_model::{Account, session::Permission};
use leptos::{ev, html, prelude::*, task::spawn_local};
use leptos_router::{NavigateOptions, hooks::use_navigate};

pub use crate::pages::account_form::undo::{UndoConflicts, UndoPrompt};
use crate::{
    api::{ApiClient, ApiError, outcome::Order},
    components::{
        ErrorPanel, LastUndo, LeaveGuard, Loading, RoleNote, ToastAction, Toasts, Undoable, Unfinished,
        first_api_error, role,
    },
    domain::fields::GROUPS,
    pages::{
        account_form::{
            conflict::ConflictPrompt,
            inputs::{FieldInput, ListEditor, SameAsBilling},
            model::save::{CreateSave, Creates, EditSave, finish_edit, not_read, refusal, save_edit, typed_text},
            model::{Draft, FormState, List, Merge, Problem, Target, Values, saved_values},
            notices::{Act, SaveNotice, notice},
            undo::undo_action,
        },
        accounts::LastList,
    },
    platform::browser,
    platform::session::DraftSlot,
    routes::{Page, Screen},
};

/// Which form: a new account, or an existing one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormMode {
    Create,
    Edit(i64),
}

impl FormMode {
    fn draft_name(self) -> String {
        match self {
            FormMode::Create => "new".into(),
            FormMode::Edit(id) => id.to_string(),
        }
    }
}

/// What the edit page of an account that no longer exists says.
const GONE: &str = "This account no longer exists: it has been deleted, or the link that led here is wrong.";

thread_local! {
    /// The form of an account deleted while it was edited, handed to the
    /// new-account form by "Create it again": in memory only (secure values
    /// included), taken once.
    static HANDED_OVER: RefCell<Option<FormState>> = const { RefCell::new(None) };
}

#[component]
pub fn NewAccountPage() -> impl IntoView {
    browser::set_title(&["New account", "Accounts"]);
    let prefill = HANDED_OVER.with(RefCell::take);
    view! { <AccountForm mode=FormMode::Create account=None prefill /> }
}

#[component]
pub fn EditAccountPage() -> impl IntoView {
    let account = crate::pages::account_detail::account_at_address(Screen::EditAccount);
    // A deleted account says so, without a "Try again" that cannot help.
    let fallback = move |errors: ArcRwSignal<leptos::error::Errors>| match first_api_error(&errors.get()) {
        ApiError::NotFound(_) => view! { <ErrorPanel error=ApiError::NotFound(GONE.into()) /> },
        error => view! { <ErrorPanel error on_retry=move |()| account.refetch() /> },
    };
    view! {
        <Transition fallback=|| view! { <Loading label="Loading the account…" /> }>
            <ErrorBoundary fallback>
                {move || Suspend::new(async move {
                    account.await.map(|account| {
                        browser::set_title(&[&format!("Edit {}", account.fields.name), "Accounts"]);
                        view! { <AccountForm mode=FormMode::Edit(account.id) account=Some(account) prefill=None /> }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// Where a save stands.
#[derive(Clone, Debug)]
pub enum Saving {
    Idle,
    Busy,
    /// The user settles what both they and someone else changed; `theirs` is
    /// what the account holds now.
    Conflicts(Merge, Values),
    /// No clear answer: the write may have landed. Saving again re-reads (an
    /// edit) or looks first (a create); `look` is why the last look failed.
    Unsure {
        error: ApiError,
        look: Option<ApiError>,
    },
    /// After a create without a number whose answer was lost: the accounts
    /// holding what was typed. Only "Create another" sends again.
    Lookalikes(Vec<Account>, ApiError),
    /// Someone else deleted the account being edited.
    Deleted,
}

/// What the parts of the form share.
#[derive(Clone, Copy, Debug)]
pub struct FormContext {
    pub form: RwSignal<FormState>,
    pub problems: RwSignal<Vec<Problem>>,
    /// Names beside ids (agent, team) as the account carries them.
    pub account: StoredValue<Option<Account>>,
}

impl FormContext {
    /// The problem shown at `target`, if any (reactive).
    pub fn problem(self, target: Target) -> Option<String> {
        self.problems.with(|p| p.iter().find(|p| p.at == target).map(|p| p.message.clone()))
    }

    /// The user edited `target`: its problem is gone.
    pub fn edited(self, target: Target) {
        if self.problems.with_untracked(|p| p.iter().any(|p| p.at == target)) {
            self.problems.update(|p| p.retain(|p| p.at != target));
        }
    }
}

/// `prefill`: what a new account's form starts with ("Create it again").
#[component]
fn AccountForm(mode: FormMode, account: Option<Account>, prefill: Option<FormState>) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let prompt = expect_context::<UndoPrompt>();
    let last_undo = expect_context::<LastUndo>();
    let navigate = StoredValue::new_local(use_navigate());
    let initial = account.as_ref().map(FormState::of).unwrap_or_default();
    let base_values: Values = account.as_ref().map(saved_values).unwrap_or_default();
    let base = StoredValue::new(base_values);
    let start = RwSignal::new(initial.clone());
    let prefilled = prefill.is_some();
    let form = RwSignal::new(prefill.unwrap_or(initial));
    let problems = RwSignal::new(Vec::<Problem>::new());
    let context = FormContext { form, problems, account: StoredValue::new(account) };
    let saving = RwSignal::new(Saving::Idle);
    let clear_draft = move || DraftSlot(&mode.draft_name()).clear();

    // A draft left by an earlier visit is offered back, not applied unasked.
    // A prefilled form replaces it.
    let offered = RwSignal::new(
        DraftSlot(&mode.draft_name())
            .load()
            .filter(|_| !prefilled)
            .and_then(|text| serde_json::from_str::<Draft>(&text).ok()),
    );
    let dirty = Memo::new(move |_| form.with(|f| start.with(|s| f != s)));
    {
        let name = mode.draft_name();
        Effect::new(move |_| {
            let slot = DraftSlot(&name);
            if offered.with(Option::is_some) {
                return;
            }
            if dirty.get() {
                let draft = form.with(|f| Draft::new(f, &base.get_value()));
                if let Ok(text) = serde_json::to_string(&draft) {
                    slot.save(&text);
                }
            } else {
                slot.clear();
            }
        });
    }
    let restore = move |_| {
        if let Some(draft) = offered.get_untracked() {
            base.set_value(draft.base_values());
            // Secure values are never in a draft: keep what the account has.
            let secure = form.with_untracked(|f| f.secure.clone());
            form.set(FormState { secure, ..draft.form });
            offered.set(None);
        }
    };
    let discard_offer = move |_| {
        offered.set(None);
        clear_draft();
    };

    let leave_to = move |href: String| {
        navigate.with_value(|navigate| navigate(&href, NavigateOptions::default()));
    };
    let back_href = move || match mode {
        FormMode::Edit(id) => Page::Account(id).href(),
        FormMode::Create => expect_context::<LastList>().href(),
    };
    let back = StoredValue::new(back_href());

    // Saving ----------------------------------------------------------------
    let saved_edit = {
        let (api, toasts) = (api.clone(), toasts.clone());
        move |id: i64, result: EditSave| match result {
            EditSave::Saved { before, after } => {
                DraftSlot(&id.to_string()).clear();
                start.set(form.get_untracked());
                let _ = saving.try_set(Saving::Idle);
                let undo = undo_action(api.clone(), toasts.clone(), prompt, id, before, after);
                let run = std::sync::Arc::new(move || undo.run(()));
                let said = "Saved.".into();
                last_undo.offer(&toasts, Undoable { said, what: "Undo the save".into(), accounts: 1, run });
                leave_to(Page::Account(id).href());
            }
            EditSave::NothingToSave => {
                toasts.success("Nothing to save: the account already holds these values.");
                start.set(form.get_untracked());
                let _ = saving.try_set(Saving::Idle);
                leave_to(Page::Account(id).href());
            }
            EditSave::Conflicts(outcome, theirs) => {
                let _ = saving.try_set(Saving::Conflicts(outcome, theirs));
            }
            EditSave::Deleted => {
                let _ = saving.try_set(Saving::Deleted);
            }
            EditSave::NotRead(error) => show_problems(vec![not_read(&error)], problems, saving),
            EditSave::Refused(error) => refused(error, problems, saving),
            EditSave::Unsure(error) => {
                let _ = saving.try_set(Saving::Unsure { error, look: None });
            }
        }
    };
    let save_edit = {
        let (api, saved_edit) = (api.clone(), saved_edit.clone());
        move |id: i64| {
            let (api, saved_edit) = (api.clone(), saved_edit.clone());
            spawn_local(async move {
                let result = save_edit(&api, id, &base.get_value(), &form.with_untracked(FormState::values)).await;
                saved_edit(id, result);
            });
        }
    };
    // What the last create without a clear answer sent: the next try looks
    // for it, whatever the user changed since.
    let creates = StoredValue::new(Creates::default());
    let save_create = {
        let (api, toasts) = (api.clone(), toasts.clone());
        move |order: Order| {
            let input = match form.with_untracked(FormState::to_input) {
                Ok(input) => input,
                Err(found) => return show_problems(found, problems, saving),
            };
            let (api, toasts) = (api.clone(), toasts.clone());
            spawn_local(async move {
                let created = |text: String| {
                    DraftSlot("new").clear();
                    start.set(form.get_untracked());
                    let _ = saving.try_set(Saving::Idle);
                    text
                };
                let mut tries = creates.get_value();
                let result = tries.save(&api, &input, order).await;
                creates.set_value(tries);
                match result {
                    CreateSave::Created(id) => {
                        let another = Callback::new(move |()| leave_to(Page::NewAccount.href()));
                        let text = created(format!("Created {}.", input.name));
                        toasts.success_with(text, ToastAction { label: "Create another", run: another });
                        leave_to(Page::Account(id).href());
                    }
                    CreateSave::FoundAfterAll(found) => {
                        toasts.success(created(format!("{} was created after all.", found.fields.name)));
                        leave_to(Page::Account(found.id).href());
                    }
                    CreateSave::FoundAndUpdated(found) => {
                        let name = &input.name;
                        toasts.success(created(format!(
                            "{name} was created after all, and your changes since are saved."
                        )));
                        leave_to(Page::Account(found.id).href());
                    }
                    CreateSave::FoundNotUpdated(found, error) => {
                        let name = &found.fields.name;
                        let _ = saving.try_set(Saving::Idle);
                        toasts.failure(format!(
                            "{name} was created after all, but your changes since were not saved: {error} \
                             They are still here: Create account again saves them to it."
                        ));
                    }
                    CreateSave::Lookalikes(found, error) => {
                        let _ = saving.try_set(Saving::Lookalikes(found, error));
                    }
                    CreateSave::Refused(error) => refused(error, problems, saving),
                    CreateSave::Unsure(error) => {
                        let _ = saving.try_set(Saving::Unsure { error, look: None });
                    }
                    CreateSave::Unknown { error, look } => {
                        let _ = saving.try_set(Saving::Unsure { error, look: Some(look) });
                    }
                }
            });
        }
    };
    let submit = {
        let (save_edit, save_create) = (save_edit.clone(), save_create.clone());
        move || {
            if matches!(saving.get_untracked(), Saving::Busy | Saving::Deleted) {
                return;
            }
            let found = form.with_untracked(FormState::check);
            if !found.is_empty() {
                return show_problems(found, problems, saving);
            }
            problems.set(Vec::new());
            saving.set(Saving::Busy);
            match mode {
                FormMode::Edit(id) => save_edit(id),
                FormMode::Create => save_create(creates.with_value(Creates::next)),
            }
        }
    };
    let on_submit = {
        let submit = submit.clone();
        move |ev: ev::SubmitEvent| {
            ev.prevent_default();
            submit();
        }
    };
    let settle = {
        let (api, saved_edit) = (api.clone(), saved_edit.clone());
        Callback::new(move |settled: Merge| {
            if let (FormMode::Edit(id), Saving::Conflicts(_, theirs)) = (mode, saving.get_untracked()) {
                saving.set(Saving::Busy);
                let (api, saved_edit) = (api.clone(), saved_edit.clone());
                spawn_local(async move { saved_edit(id, finish_edit(&api, id, theirs, settled.merged).await) });
            }
        })
    };
    let confirming_discard = RwSignal::new(false);
    let on_keydown = {
        let submit = submit.clone();
        move |ev: ev::KeyboardEvent| {
            if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
                ev.prevent_default();
                submit();
            } else if ev.key() == "Escape" && dirty.get_untracked() && !ev.default_prevented() {
                // The browser's own Escape would close the question this
                // opens (a modal `<dialog>` takes the key's close request).
                ev.prevent_default();
                confirming_discard.set(true);
            }
        }
    };
    let discard = move |()| {
        confirming_discard.set(false);
        clear_draft();
        start.set(form.get_untracked());
        leave_to(back.get_value());
    };
    // The notices' buttons.
    let act = {
        let (save_create, toasts) = (save_create.clone(), toasts.clone());
        Callback::new(move |act: Act| match act {
            // An explicit choice to create without (another) look.
            Act::SendAgain => {
                saving.set(Saving::Busy);
                save_create(Order::SendFirst);
            }
            // The account was deleted meanwhile: what was typed becomes a
            // new account's form, or text on the clipboard.
            Act::CreateAgain => {
                if let FormMode::Edit(id) = mode {
                    DraftSlot(&id.to_string()).clear();
                }
                let typed = form.get_untracked();
                start.set(typed.clone());
                HANDED_OVER.with(|slot| slot.replace(Some(typed)));
                leave_to(Page::NewAccount.href());
            }
            Act::Copy => {
                let (text, toasts) = (form.with_untracked(|f| typed_text(&f.values())), toasts.clone());
                spawn_local(async move {
                    match browser::copy_text(&text).await {
                        Ok(()) => toasts.success("What you typed is copied (secure values left out)."),
                        Err(reason) => toasts.failure(format!("What you typed could not be copied ({reason}).")),
                    }
                });
            }
        })
    };
    let form_ref = NodeRef::<html::Form>::new();
    let title = match mode {
        FormMode::Create => "New account".to_string(),
        FormMode::Edit(_) => {
            context.account.with_value(|a| a.as_ref().map(|a| format!("Edit {}", a.fields.name))).unwrap_or_default()
        }
    };
    let cannot_write = role::denied(Permission::WriteAccounts);
    let busy = move || saving.with(|s| matches!(s, Saving::Busy));
    let gone = move || saving.with(|s| matches!(s, Saving::Deleted));
    view! {
        <section class="account-form">
            <header class="detail-head">
                <div class="detail-title">
                    <p class="breadcrumb"><a href=back.get_value()>{if matches!(mode, FormMode::Create) { "Accounts" } else { "Back to the account" }}</a></p>
                    <h1>{title}</h1>
                </div>
            </header>
            <RoleNote permission=Permission::WriteAccounts />
            {move || offered.get().map(|_| view! {
                <div class="draft-offer" role="alert">
                    <p>"This form has changes from earlier that were not saved."</p>
                    <button type="button" on:click=restore>"Restore them"</button>
                    <button type="button" class="secondary" on:click=discard_offer>"Discard them"</button>
                </div>
            })}
            <form class="account-fields" node_ref=form_ref on:submit=on_submit on:keydown=on_keydown novalidate>
                {move || context.problem(Target::Form).map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                {move || saving.with(|s| notice(s, mode)).map(|notice| view! { <SaveNotice notice act /> })}
                <fieldset class="plain" prop:disabled=cannot_write>
                    {GROUPS.iter().map(|group| view! {
                        <fieldset class="card form-group">
                            <legend>{group.title}</legend>
                            {(group.title == "Shipping address").then(|| view! { <SameAsBilling context /> })}
                            {group.fields.iter().map(|field| view! { <FieldInput field=*field context /> }).collect_view()}
                        </fieldset>
                    }).collect_view()}
                    <ListEditor list=List::Custom context />
                    <ListEditor list=List::Secure context />
                </fieldset>
                <div class="form-actions sticky-actions">
                    <button type="submit" prop:disabled=move || busy() || gone() || cannot_write() title=role::reason(Permission::WriteAccounts)>
                        {move || if busy() { "Saving…" } else if mode == FormMode::Create { "Create account" } else { "Save" }}
                    </button>
                    <a class="button secondary" href=back.get_value()>"Cancel"</a>
                    <span class="hint key-hint">"Ctrl+S saves · Escape discards"</span>
                </div>
            </form>
            {move || match saving.get() {
                Saving::Conflicts(merge, _) => Some(view! {
                    <ConflictPrompt merge on_settle=settle on_cancel=move |()| saving.set(Saving::Idle) />
                }),
                _ => None,
            }}
            <Show when=move || confirming_discard.get()>
                <crate::components::ConfirmDialog
                    title="Discard your changes?"
                    message="What you typed in this form will be lost."
                    confirm_label="Discard changes"
                    on_confirm=discard
                    on_cancel=move |()| confirming_discard.set(false)
                />
            </Show>
            <LeaveGuard unfinished=Signal::derive(move || dirty.get().then_some(Unfinished::Edits)) />
        </section>
    }
}

/// Shows the problems at their fields and puts the cursor at the first.
fn show_problems(found: Vec<Problem>, problems: RwSignal<Vec<Problem>>, saving: RwSignal<Saving>) {
    let first = found.first().map(|p| inputs::target_id(p.at));
    problems.set(found);
    let _ = saving.try_set(Saving::Idle);
    if let Some(id) = first {
        browser::focus_when_ready(format!("#{id}"));
    }
}

/// A refused save: at the field the refusal names (or the top), the form
/// kept as typed.
fn refused(error: ApiError, problems: RwSignal<Vec<Problem>>, saving: RwSignal<Saving>) {
    show_problems(vec![refusal(error)], problems, saving);
}
