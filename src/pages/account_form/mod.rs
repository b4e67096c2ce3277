//! `/accounts/new` and `/accounts/{id}/edit`: one form for creating and
//! editing an account, driven by the field table.
//!
//! - `model.rs`: what the form holds, checks, sends, merges, drafts (pure);
//! - `inputs.rs`: the field inputs and the custom/secure field rows;
//! - `conflict.rs`: the prompt when someone else changed what the user did;
//! - `undo.rs`: undo of a save;
//! - `guard.rs`: asking before a dirty form is left.
//!
//! Nothing typed is lost: a failed save keeps the form, a 401 waits for the
//! sign-in dialog and resends, a reload offers the draft back. A save that
//! may have landed (timeout, 5xx) is never resent blindly: saving again
//! re-reads and merges, which sends only what is still missing.

pub mod conflict;
pub mod guard;
pub mod inputs;
pub mod model;
pub mod undo;

use account_model::{Account, PageQuery, SearchCriteria, SearchRequest, session::Permission};
use leptos::{ev, html, prelude::*, task::spawn_local};
use leptos_router::{NavigateOptions, hooks::use_navigate};

pub use crate::pages::account_form::undo::{UndoConflicts, UndoPrompt};
use crate::{
    api::{ApiClient, ApiError},
    browser,
    components::{ErrorPanel, Loading, RoleNote, ToastAction, Toasts, first_api_error, role},
    fields::GROUPS,
    pages::{
        account_form::{
            conflict::ConflictPrompt,
            guard::LeaveGuard,
            inputs::{FieldInput, ListEditor},
            model::{
                Draft, FormState, List, Merge, Problem, Target, Values, merge, patch_between, problem_of, saved_values,
            },
            undo::undo_action,
        },
        accounts::LastList,
    },
    routes::{Page, Screen},
    session::DraftSlot,
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

#[component]
pub fn NewAccountPage() -> impl IntoView {
    browser::set_title(&["New account", "Accounts"]);
    view! { <AccountForm mode=FormMode::Create account=None /> }
}

#[component]
pub fn EditAccountPage() -> impl IntoView {
    let account = crate::pages::account_detail::account_at_address(Screen::EditAccount);
    let fallback = move |errors: ArcRwSignal<leptos::error::Errors>| {
        view! { <ErrorPanel error=first_api_error(&errors.get()) on_retry=move |()| account.refetch() /> }
    };
    view! {
        <Transition fallback=|| view! { <Loading label="Loading the account…" /> }>
            <ErrorBoundary fallback>
                {move || Suspend::new(async move {
                    account.await.map(|account| {
                        browser::set_title(&[&format!("Edit {}", account.fields.name), "Accounts"]);
                        view! { <AccountForm mode=FormMode::Edit(account.id) account=Some(account) /> }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// Where a save stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Saving {
    Idle,
    Busy,
    /// The user settles what both they and someone else changed; `theirs` is
    /// what the account holds now.
    Conflicts(Merge, Values),
    /// No clear answer: the write may have landed.
    Unsure(String),
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

#[component]
fn AccountForm(mode: FormMode, account: Option<Account>) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let prompt = expect_context::<UndoPrompt>();
    let navigate = StoredValue::new_local(use_navigate());
    let initial = account.as_ref().map(FormState::of).unwrap_or_default();
    let base_values: Values = account.as_ref().map(saved_values).unwrap_or_default();
    let base = StoredValue::new(base_values);
    let start = RwSignal::new(initial.clone());
    let form = RwSignal::new(initial);
    let problems = RwSignal::new(Vec::<Problem>::new());
    let context = FormContext { form, problems, account: StoredValue::new(account) };
    let saving = RwSignal::new(Saving::Idle);
    let clear_draft = move || DraftSlot(&mode.draft_name()).clear();

    // A draft left by an earlier visit is offered back, not applied unasked.
    let offered =
        RwSignal::new(DraftSlot(&mode.draft_name()).load().and_then(|text| serde_json::from_str::<Draft>(&text).ok()));
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
    let finish_edit = {
        let (api, toasts) = (api.clone(), toasts.clone());
        move |id: i64, theirs: Values, merged: Values| {
            let Some(patch) = patch_between(&theirs, &merged) else {
                toasts.success("Nothing to save: the account already holds these values.");
                start.set(form.get_untracked());
                saving.set(Saving::Idle);
                leave_to(Page::Account(id).href());
                return;
            };
            let (api, toasts) = (api.clone(), toasts.clone());
            spawn_local(async move {
                match api.update_account(id, &patch).await {
                    Ok(()) => {
                        DraftSlot(&id.to_string()).clear();
                        start.set(form.get_untracked());
                        let _ = saving.try_set(Saving::Idle);
                        let undo = undo_action(api.clone(), toasts.clone(), prompt, id, theirs, merged);
                        toasts.success_with("Saved.", ToastAction { label: "Undo", run: undo });
                        leave_to(Page::Account(id).href());
                    }
                    Err(error) => settle_failure(error, saving, problems),
                }
            });
        }
    };
    let save_edit = {
        let api = api.clone();
        let finish = finish_edit.clone();
        move |id: i64| {
            let (api, finish) = (api.clone(), finish.clone());
            spawn_local(async move {
                // What is saved now, to merge with what the user changed.
                match api.read_account(id, None).await {
                    Ok(current) => {
                        let theirs = saved_values(&current);
                        let outcome = merge(&base.get_value(), &form.with_untracked(FormState::values), &theirs);
                        if outcome.conflicts.is_empty() {
                            finish(id, theirs, outcome.merged);
                        } else {
                            let _ = saving.try_set(Saving::Conflicts(outcome, theirs));
                        }
                    }
                    Err(error) => settle_failure(error, saving, problems),
                }
            });
        }
    };
    let save_create = {
        let (api, toasts) = (api.clone(), toasts.clone());
        move |resend: bool| {
            let input = match form.with_untracked(FormState::to_input) {
                Ok(input) => input,
                Err(found) => return show_problems(found, problems, saving),
            };
            let (api, toasts) = (api.clone(), toasts.clone());
            spawn_local(async move {
                // After an answer that may hide a landed create, look first.
                if !resend
                    && let Some(number) = input.account_number.clone()
                    && matches!(saving.get_untracked(), Saving::Unsure(_))
                    && let Some(found) = find_by_number(&api, &number).await
                {
                    DraftSlot("new").clear();
                    start.set(form.get_untracked());
                    toasts.success(format!("{} was created after all.", found.fields.name));
                    let _ = saving.try_set(Saving::Idle);
                    return leave_to(Page::Account(found.id).href());
                }
                match api.create_account(&input).await {
                    Ok(created) => {
                        DraftSlot("new").clear();
                        start.set(form.get_untracked());
                        let _ = saving.try_set(Saving::Idle);
                        let another = Callback::new(move |()| leave_to(Page::NewAccount.href()));
                        toasts.success_with(
                            format!("Created {}.", input.name),
                            ToastAction { label: "Create another", run: another },
                        );
                        leave_to(Page::Account(created.id).href());
                    }
                    Err(error) => settle_failure(error, saving, problems),
                }
            });
        }
    };
    let submit = {
        let (save_edit, save_create) = (save_edit.clone(), save_create.clone());
        move || {
            if saving.get_untracked() == Saving::Busy {
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
                FormMode::Create => save_create(false),
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
        let finish = finish_edit.clone();
        Callback::new(move |settled: Merge| {
            if let (FormMode::Edit(id), Saving::Conflicts(_, theirs)) = (mode, saving.get_untracked()) {
                saving.set(Saving::Busy);
                finish(id, theirs, settled.merged);
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
    let send_again = {
        let save_create = save_create.clone();
        move |_| {
            saving.set(Saving::Busy);
            save_create(true);
        }
    };
    let form_ref = NodeRef::<html::Form>::new();
    let title = match mode {
        FormMode::Create => "New account".to_string(),
        FormMode::Edit(_) => {
            context.account.with_value(|a| a.as_ref().map(|a| format!("Edit {}", a.fields.name))).unwrap_or_default()
        }
    };
    let cannot_write = role::denied(Permission::WriteAccounts);
    let busy = move || saving.with(|s| *s == Saving::Busy);
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
                {move || match saving.get() {
                    Saving::Unsure(message) => Some(view! { <UnsureSave message mode send_again=send_again.clone() /> }),
                    _ => None,
                }}
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
                    <button type="submit" prop:disabled=move || busy() || cannot_write() title=role::reason(Permission::WriteAccounts)>
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
            <LeaveGuard dirty />
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

/// A failed save: refusals at their field (or the top), a write that may
/// have landed said so, the form kept as typed either way.
fn settle_failure(error: ApiError, saving: RwSignal<Saving>, problems: RwSignal<Vec<Problem>>) {
    match error {
        ApiError::Validation(message) | ApiError::Conflict(message) | ApiError::NotFound(message) => {
            show_problems(vec![problem_of(&message)], problems, saving);
        }
        ApiError::Forbidden(_) => show_problems(
            vec![Problem { at: Target::Form, message: "Saving accounts needs the Sysadmin or Superuser role.".into() }],
            problems,
            saving,
        ),
        error @ (ApiError::Timeout | ApiError::Network(_) | ApiError::Server { .. } | ApiError::Decode(_)) => {
            let _ = saving.try_set(Saving::Unsure(error.to_string()));
        }
        other => show_problems(vec![Problem { at: Target::Form, message: other.to_string() }], problems, saving),
    }
}

/// After a save that may have landed: what to do next.
#[component]
fn UnsureSave(message: String, mode: FormMode, send_again: impl Fn(ev::MouseEvent) + Clone + 'static) -> impl IntoView {
    let advice = match mode {
        FormMode::Edit(_) => {
            "The save may or may not have landed. Saving again first reads the account and sends only what is still missing."
        }
        FormMode::Create => {
            "The account may or may not have been created. Create again looks it up by its account number first; without one, sending again may make a duplicate."
        }
    };
    view! {
        <div class="form-error unsure" role="alert">
            <p>{message}</p>
            <p>{advice}</p>
            {(mode == FormMode::Create).then(|| view! {
                <button type="button" class="secondary" on:click=send_again>"Send again without looking"</button>
            })}
        </div>
    }
}

/// "Same as billing": copies the billing address into the shipping one.
#[component]
fn SameAsBilling(context: FormContext) -> impl IntoView {
    let same = move || context.form.with(FormState::ships_to_billing);
    let copy = move |ev: ev::Event| {
        if event_target_checked(&ev) {
            context.form.update(FormState::ship_to_billing);
        }
    };
    view! {
        <div class="field checkbox-field">
            <input id="same-as-billing" type="checkbox" prop:checked=same on:change=copy />
            <label for="same-as-billing">"Same as billing"</label>
        </div>
    }
}

/// The account with this exact account number, if the API has one.
async fn find_by_number(api: &ApiClient, number: &str) -> Option<Account> {
    let request = SearchRequest {
        search: Some(SearchCriteria { account_number: Some(number.to_string()), ..SearchCriteria::default() }),
        sort: None,
    };
    let page = api.search_accounts(&request, PageQuery { count: 50, offset: 0 }, None).await.ok()?;
    // The criterion matches as a substring: keep the exact one.
    page.accounts.into_iter().find(|a| a.fields.account_number.as_deref().map(str::trim) == Some(number.trim()))
}
