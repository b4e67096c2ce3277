//! Bulk actions on the selected accounts: set or clear one assignment field,
//! link a contact, export, delete. Nothing is chosen for the user: Set waits
//! for a value, clearing is a button of its own, and both ask first, naming
//! field, value and count. Each write goes through the write runner, one call
//! per account, a few at a time, with progress, Stop between accounts, and a
//! report that says what failed and why, with "retry the failed" (or, when
//! the list was left during the run, which stops it, in a toast). A Set looks
//! at each account just before writing it and keeps the value it held, so
//! that Undo (a toast, or Ctrl+Z) can put back what nobody changed since.
//! A selection of every account a search matched ("Select all matching")
//! is asked about with the criteria and the count, and its delete waits for
//! the count to be typed.

use std::{cell::RefCell, collections::BTreeMap, rc::Rc, sync::Arc};

use account_model::{Field, session::Permission};
use leptos::{ev, prelude::*, task::spawn_local};

use crate::{
    api::{
        ApiClient, ApiError, Cancel,
        runner::{self, BrowserPacing, LookThenWrite, Progress},
    },
    components::{ConfirmDialog, LastUndo, LeaveGuard, RoleNote, Toasts, TypeToConfirm, Undoable, Unfinished, role},
    domain::categories::{Categories, CategoryKind},
    domain::fields::label,
    domain::format::{now_ms, progress_text},
    pages::accounts::{
        ListContext, Loaded,
        export::{download_accounts, left_out, settle_reads},
        model::bulk::{
            Attempt, BulkAction, BulkReport, Looked, Outcome, SETTABLE, SetChoice, SetUndo, Target, bulk_report,
            delete_warning, names_read, nothing_chosen, refusals::RefusalWatch, report_file_name, typed_count_matches,
            value_of,
        },
        model::selection::Scope,
        search::criteria_words,
    },
    platform::browser,
};

/// How many accounts are written at once.
const WRITES_AT_ONCE: usize = 4;

/// The list's page, whose rows name the accounts in reports.
type Page = LocalResource<Result<Loaded, ApiError>>;

/// What a bulk run needs; every handle in it may outlive the bar (an undo
/// runs from a toast or Ctrl+Z on another page), so it is only touched
/// through `try_` methods.
#[derive(Clone)]
struct Bulk {
    api: ApiClient,
    toasts: Toasts,
    last_undo: LastUndo,
    list: ListContext,
    page: Page,
    on_done: Callback<()>,
    /// What runs, how far it is, and when it started (ms).
    running: RwSignal<Option<(String, Progress, i64)>>,
    report: RwSignal<Option<(BulkAction, BulkReport)>>,
    problem: RwSignal<Option<String>>,
    stop: StoredValue<Option<Cancel>, LocalStorage>,
    /// The undo of the last Set, which a retry of the same Set extends.
    last_set: StoredValue<Option<SetUndo>>,
}

impl Bulk {
    /// A new action starts: what the last one left goes.
    fn starts(&self, what: String, total: usize) -> Cancel {
        let _ = self.problem.try_set(None);
        let _ = self.report.try_set(None);
        let cancel = Cancel::new();
        let _ = self.stop.try_set_value(Some(cancel.clone()));
        let _ = self.running.try_set(Some((what, Progress { total, ..Progress::default() }, now_ms())));
        cancel
    }

    fn progress(&self) -> impl Fn(Progress) {
        let running = self.running;
        move |p| {
            let _ = running.try_update(|r| {
                if let Some((_, progress, _)) = r {
                    *progress = p;
                }
            });
        }
    }

    /// `undo`, extended by the undo of the last Set when it was the same
    /// Set (the failed ones retried); kept for the next.
    fn with_last_set(&self, undo: SetUndo) -> SetUndo {
        let last = self.last_set.try_get_value().flatten().filter(|last| last.set == undo.set);
        let undo = match last {
            Some(last) => last.merge(undo),
            None => undo,
        };
        let _ = self.last_set.try_set_value(Some(undo.clone()));
        undo
    }

    /// The names of the rows on screen.
    fn names_on_page(&self) -> BTreeMap<i64, String> {
        let rows = self.page.try_get_untracked().flatten().and_then(Result::ok).map(|l| l.accounts);
        crate::domain::sort::map_of(rows.iter().flat_map(|rows| rows.iter()).map(|a| (a.id, a.fields.name.clone())))
    }
}

/// One account's write, looking first where the action needs to; on a
/// retry, a refusal saying an earlier attempt landed is done already.
async fn write_one(
    api: &ApiClient,
    action: &BulkAction,
    attempt: Attempt,
    looked: &RefCell<Looked>,
    id: i64,
) -> Result<Outcome, LookThenWrite> {
    let look = || async { api.read_account(id, None).await.map_err(LookThenWrite::Look) };
    let write = |patch| async move { api.update_account(id, &patch).await.map_err(LookThenWrite::Write) };
    let sent = match action {
        BulkAction::Set(set) => {
            let account = look().await?;
            let before = value_of(&account, set.field);
            looked.borrow_mut().insert(id, before.clone());
            if let Some(patch) = set.write_for(before.as_deref()) {
                write(patch).await?;
            }
            return Ok(Outcome::Set { name: account.fields.name, before });
        }
        BulkAction::Undo(undo) => {
            let account = look().await?;
            let name = account.fields.name.clone();
            return match undo.restore(id, value_of(&account, undo.set.field).as_deref()) {
                Some(patch) => write(patch).await.map(|()| Outcome::Restored { name }),
                None => Ok(Outcome::ChangedSince { name }),
            };
        }
        BulkAction::Export => return look().await.map(|account| Outcome::Read(Box::new(account))),
        BulkAction::LinkContact(contact) => api.link_contact(id, contact).await,
        BulkAction::Delete => api.delete_account(id).await,
    };
    match sent {
        Ok(()) => Ok(Outcome::Done),
        Err(error) if action.done_already(attempt, &error) => Ok(Outcome::DoneAlready),
        Err(error) => Err(LookThenWrite::Write(error)),
    }
}

/// Runs `action` on `ids` and reports; a Set that changed something is
/// offered for undo.
fn start(bulk: Bulk, action: BulkAction, attempt: Attempt, ids: Vec<i64>) {
    let cancel = bulk.starts(action.describe(), ids.len());
    // The control that started it is disabled while it runs: focus goes to Stop.
    browser::refocus_when_ready(".runner-progress button");
    spawn_local(async move {
        let looked = Rc::new(RefCell::new(Looked::new()));
        // A value the API refuses for the first accounts alike stops the run.
        let refusals = Rc::new(RefCell::new(RefusalWatch::default()));
        let write = |id: i64| {
            let (api, action, looked, refusals, cancel) =
                (bulk.api.clone(), action.clone(), looked.clone(), refusals.clone(), cancel.clone());
            async move {
                let written = write_one(&api, &action, attempt, &looked, id).await;
                let refused = match &written {
                    Ok(_) => None,
                    Err(LookThenWrite::Write(error)) => Some(error),
                    Err(LookThenWrite::Look(_)) => return written,
                };
                if refusals.borrow_mut().saw(refused) {
                    cancel.cancel();
                }
                written
            }
        };
        let outcome = runner::run_steps(ids, WRITES_AT_ONCE, &BrowserPacing(&cancel), bulk.progress(), write).await;
        if let Some(said) = refusals.borrow().said() {
            bulk.toasts.failure(said);
        }
        if action == BulkAction::Export {
            let _ = bulk.running.try_set(None);
            return export(&bulk, outcome);
        }
        let mut names = bulk.names_on_page();
        names.extend(names_read(&outcome).map(|(id, name)| (id, name.to_string())));
        let done = bulk_report(&action, attempt, &outcome, |id| names.get(&id).cloned());
        if action == BulkAction::Delete {
            let _ = bulk.list.selection.try_update(|s| s.remove(&done.done));
        }
        let _ = bulk.running.try_set(None);
        browser::refocus_when_ready(".bulk-report .bulk-summary");
        let clean = done.failures.is_empty() && outcome.not_sent.is_empty();
        let undo = match &action {
            BulkAction::Set(set) => SetUndo::of(set, &outcome, &looked.borrow()).map(|undo| bulk.with_last_set(undo)),
            BulkAction::Undo(_) => {
                let _ = bulk.last_set.try_set_value(None);
                None
            }
            _ => None,
        };
        match undo {
            Some(undo) => offer_undo(&bulk, done.summary.clone(), undo),
            None if clean => bulk.toasts.success(done.summary.clone()),
            None => {}
        }
        // Without the bar (an undo run from another page) the report is a toast.
        if let Some(Some((_, done))) = bulk.report.try_set(Some((action, done)))
            && !clean
        {
            bulk.toasts.failure([done.summary, done.failures.join(" ")].join(" "));
        }
        bulk.on_done.try_run(());
    });
}

fn offer_undo(bulk: &Bulk, said: String, undo: SetUndo) {
    let (what, count) = (undo.describe(), undo.ids().len());
    let again = bulk.clone();
    let undo = Arc::new(undo);
    let run = Arc::new(move || start(again.clone(), BulkAction::Undo(undo.clone()), Attempt::First, undo.ids()));
    bulk.last_undo.offer(&bulk.toasts, Undoable { said, what, accounts: count, run });
}

/// Offers the selected accounts, as just read, as CSV.
fn export(bulk: &Bulk, read: runner::Report<i64, Outcome>) {
    if !read.not_sent.is_empty() {
        return bulk.toasts.success("Export cancelled.");
    }
    match settle_reads(read) {
        Err(problem) => bulk.toasts.failure(problem),
        Ok(selected) => {
            let state = bulk.list.state.try_get_untracked().unwrap_or_default();
            if selected.gone.is_empty() {
                return download_accounts(&selected.accounts, &state, &bulk.toasts);
            }
            if !selected.accounts.is_empty() {
                download_accounts(&selected.accounts, &state, &bulk.toasts);
            }
            let _ = bulk.list.selection.try_update(|s| s.remove(&selected.gone));
            bulk.toasts.warning(left_out(selected.gone.len(), selected.accounts.len()));
        }
    }
}

/// The bulk actions of the selection bar.
#[component]
pub fn BulkActions(list: ListContext, page: Page, on_done: Callback<()>) -> impl IntoView {
    let bulk = Bulk {
        api: expect_context::<ApiClient>(),
        toasts: expect_context::<Toasts>(),
        last_undo: expect_context::<LastUndo>(),
        list,
        page,
        on_done,
        running: RwSignal::new(None),
        report: RwSignal::new(None),
        problem: RwSignal::new(None),
        stop: StoredValue::new_local(None),
        last_set: StoredValue::new(None),
    };
    let (running, report, problem, stop) = (bulk.running, bulk.report, bulk.problem, bulk.stop);
    let toasts = bulk.toasts.clone();
    let categories = expect_context::<Categories>();
    let field = RwSignal::new(Field::ClassificationId);
    let value = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    // The action the confirmation asks about (the page behind it is inert, so
    // the selection stays as it was asked for).
    let asking = RwSignal::new(None::<BulkAction>);

    let selected = move || list.selection.with_untracked(|s| s.ids());
    // What the question names: the count, and the criteria of "all matching".
    let target = move || {
        let criteria = list.state.with_untracked(|state| criteria_words(state, categories));
        list.selection.with_untracked(|s| match s.scope() {
            Scope::Picked => Target::Picked(s.count()),
            Scope::Matching { of } => Target::Matching { count: s.count(), of, criteria },
        })
    };
    let ask = move |action: BulkAction| {
        problem.set(None);
        report.set(None);
        asking.set(Some(action));
    };
    let apply_set = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let field = field.get_untracked();
        let kind = category_kind(field);
        let name_of = |id: &str| kind.zip(id.parse().ok()).and_then(|(kind, id)| categories.name_of(kind, id));
        match SetChoice::value(field, &value.get_untracked(), name_of) {
            Ok(set) => ask(BulkAction::Set(set)),
            Err(message) => problem.set(Some(message)),
        }
    };
    let apply_link = {
        let bulk = bulk.clone();
        move |ev: ev::SubmitEvent| {
            ev.prevent_default();
            let typed = contact.get_untracked().trim().to_string();
            if typed.is_empty() {
                report.set(None);
                return problem.set(Some("Enter a contact ID.".into()));
            }
            // Every account a search matched: asked first, naming them.
            if target().link_asks_first() {
                ask(BulkAction::LinkContact(typed));
            } else {
                start(bulk.clone(), BulkAction::LinkContact(typed), Attempt::First, selected());
            }
        }
    };
    let confirmed = {
        let bulk = bulk.clone();
        move |()| {
            if let Some(action) = asking.get_untracked() {
                asking.set(None);
                start(bulk.clone(), action, Attempt::First, selected());
            }
        }
    };
    let retry = {
        let bulk = bulk.clone();
        move |_| {
            if let Some((action, done)) = report.get_untracked() {
                start(bulk.clone(), action, Attempt::Retry, done.retry);
            }
        }
    };
    let export = {
        let bulk = bulk.clone();
        move |_| start(bulk.clone(), BulkAction::Export, Attempt::First, selected())
    };
    let stop_now = move |_| {
        if let Some(Some(cancel)) = stop.try_get_value() {
            cancel.cancel();
        }
    };
    let busy = move || running.with(Option::is_some);
    // Leaving while writes are sent asks first; left anyway, the run stops
    // after the writes under way and its report comes as a toast.
    let reading = BulkAction::Export.describe();
    let sending = Signal::derive(move || {
        running.with(|r| r.as_ref().is_some_and(|(what, _, _)| *what != reading)).then_some(Unfinished::Writes)
    });
    on_cleanup(move || {
        if let Some(Some(cancel)) = stop.try_get_value() {
            cancel.cancel();
        }
    });
    let cannot_write = role::denied(Permission::WriteAccounts);
    let cannot_link = role::denied(Permission::LinkContacts);
    let chosen = move || value.with(|v| !v.trim().is_empty());
    let value_control = move || {
        let field = field.get();
        let Some(kind) = category_kind(field) else {
            return view! {
                <input id="bulk-value" type="text" prop:disabled=cannot_write prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) aria-describedby="bulk-set-why" />
            }
            .into_any();
        };
        let picked = value.get_untracked();
        let options = categories
            .list(kind)
            .into_iter()
            .map(|c| {
                let id = c.id.to_string();
                view! { <option selected=id == picked value=id>{c.name}</option> }
            })
            .collect_view();
        view! {
            <select id="bulk-value" prop:disabled=cannot_write on:change=move |ev| value.set(event_target_value(&ev)) aria-describedby="bulk-set-why">
                // Shown again whenever the value empties (another field chosen):
                // the select is patched in place and would keep the old index.
                <option value="" prop:selected=move || value.with(String::is_empty)>
                    {if kind == CategoryKind::Type { "Choose a type…" } else { "Choose a classification…" }}
                </option>
                {options}
            </select>
        }
        .into_any()
    };
    let count = move || list.selection.with(|s| s.count());
    let question = move || {
        asking.get().map(|action| {
            let target = target();
            let count = target.count();
            let (title, message, confirm_label, type_to_confirm) = match action {
                BulkAction::Set(set) => (
                    set.question(&target),
                    "Undo can put back each account's previous value, unless someone changed it since.".to_string(),
                    set.verb(),
                    None,
                ),
                BulkAction::LinkContact(contact) => (
                    target.link_question(&contact),
                    "Each account gets a link to the contact; a link is removed on its account's page.".to_string(),
                    "Link contact".to_string(),
                    None,
                ),
                _ => (
                    target.delete_question(),
                    delete_warning(count),
                    "Delete accounts".to_string(),
                    target.delete_asks_to_type().map(|word| TypeToConfirm {
                        word,
                        accepts: Callback::new(move |typed: String| typed_count_matches(&typed, count)),
                    }),
                ),
            };
            view! { <ConfirmDialog title message confirm_label type_to_confirm on_confirm=confirmed.clone() on_cancel=move |()| asking.set(None) /> }
        })
    };
    view! {
        <div class="bulk-actions">
            <Show when=move || count() != 0>
            <form class="bulk-set" on:submit=apply_set>
                <label for="bulk-field">"Set"</label>
                <select id="bulk-field" prop:disabled=cannot_write on:change=move |ev| {
                    if let Some(chosen) = Field::named(&event_target_value(&ev)) {
                        value.set(String::new());
                        field.set(chosen);
                    }
                }>
                    {SETTABLE.iter().map(|f| view! { <option value=f.name() selected=*f == field.get_untracked()>{label(*f)}</option> }).collect_view()}
                </select>
                <label for="bulk-value" class="offscreen">"Value"</label>
                {value_control}
                <button type="submit" prop:disabled=move || busy() || cannot_write() || !chosen() aria-describedby="bulk-set-why">"Apply"</button>
                <button type="button" class="secondary bulk-clear" prop:disabled=move || busy() || cannot_write() on:click=move |_| ask(BulkAction::Set(SetChoice::clear(field.get_untracked())))>
                    {move || format!("Clear {}", label(field.get()))}
                </button>
                {move || (!chosen() && !cannot_write()).then(|| view! { <span class="hint" id="bulk-set-why">{nothing_chosen(field.get())}</span> })}
            </form>
            <form class="bulk-link-one" on:submit=apply_link.clone()>
                <label for="bulk-contact">"Link contact"</label>
                <input id="bulk-contact" type="text" prop:value=move || contact.get() on:input=move |ev| contact.set(event_target_value(&ev)) />
                <button type="submit" prop:disabled=move || busy() || cannot_link()>"Link"</button>
            </form>
            <button type="button" class="secondary bulk-export" prop:disabled=busy on:click=export.clone()>"Export selected"</button>
            <button type="button" class="danger bulk-delete" prop:disabled=move || busy() || cannot_write() on:click=move |_| ask(BulkAction::Delete)>
                "Delete selected"
            </button>
            <RoleNote permission=Permission::WriteAccounts />
            </Show>
            {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
            {move || running.get().map(|(what, p, started)| view! {
                <div class="runner-progress">
                    <progress max=p.total value=p.finished() aria-label="Bulk action progress"></progress>
                    <span role="status">{format!("{what}: {}", progress_text(p, elapsed_since(started)))}</span>
                    <button type="button" class="secondary" on:click=stop_now>"Stop"</button>
                </div>
            })}
            {move || report.get().map(|(_, done)| {
                let (retryable, resend) = (!done.retry.is_empty(), done.resend.label());
                let (csv, toasts) = (done.csv.clone(), toasts.clone());
                let (shown, rest) = done.failures_shown();
                let failures: Vec<String> = shown.iter().cloned().chain(rest).collect();
                view! {
                    <div class="bulk-report" role="status">
                        <p class="bulk-summary" tabindex="-1">{done.summary}</p>
                        <ul class="bulk-failures">{failures.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                        {retryable.then(|| view! { <button type="button" class="secondary retry-failed" on:click=retry.clone()>{resend}</button> })}
                        <button type="button" class="secondary download-report" on:click=move |_| download_report(&csv, &toasts)>
                            "Download the report (CSV)"
                        </button>
                    </div>
                }
            })}
            {question}
            <LeaveGuard unfinished=sending />
        </div>
    }
}

/// The category list a field's value comes from, if any.
fn category_kind(field: Field) -> Option<CategoryKind> {
    match field {
        Field::ClassificationId => Some(CategoryKind::Classification),
        Field::TypeId => Some(CategoryKind::Type),
        _ => None,
    }
}

/// Offers the report of the last run as a CSV file.
fn download_report(csv: &str, toasts: &Toasts) {
    let name = report_file_name(&crate::domain::format::local_date(now_ms()));
    if let Err(problem) = browser::download(&name, csv, "text/csv;charset=utf-8") {
        toasts.failure(format!("The report could not be downloaded: {problem}"));
    }
}

/// The time since `started` (ms since the epoch).
fn elapsed_since(started: i64) -> std::time::Duration {
    std::time::Duration::from_millis((now_ms() - started).max(0) as u64)
}
