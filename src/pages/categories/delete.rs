//! Deleting a classification or type. Delete first counts the accounts
//! that use it (one search of up to 1000). None: the usual question. Some:
//! no Delete is offered, since the API refuses it; the dialog says so, links
//! to those accounts, and offers to move them to another one, or to none
//! (an explicit choice), and then delete it. The move is named with its
//! count before it starts (beyond the first 1000 the ids are read first,
//! every page, ids only), then runs through the write runner; the delete
//! follows only when every account moved.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{ApiError, Cancel},
    components::{
        ConfirmDialog,
        modal::{Modal, ModalRole, unique_id},
    },
    domain::format::thousands,
    pages::categories::{
        PageContext, Running, Status, accounts_using,
        model::usage_text,
        work::{self, MoveTo},
    },
    platform::browser,
};

/// Where a deletion stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Deleting {
    /// No account uses it: asked as usual.
    Unused { id: i64, name: String },
    /// Accounts use it: `found` of them are in `PageContext::found`,
    /// `complete` when those are all.
    InUse { id: i64, name: String, found: usize, complete: bool },
    /// The move, named with its count, asked.
    Confirm { id: i64, name: String, to: MoveTo, count: usize },
}

/// Counts the accounts that use `id` (saying so meanwhile), then opens the
/// dialog.
pub(super) fn ask(page: PageContext, id: i64) {
    let name = page.name_of(id);
    page.begin();
    let text = format!("Counting the accounts that use {name}…");
    page.running.set(Some(Running { done: 0, total: 0, text }));
    let cancel = Cancel::new();
    page.stop.set_value(Some(cancel.clone()));
    let api = page.api();
    spawn_local(async move {
        let counted = work::accounts_using_ids(page, &api, id, work::Reach::FirstPage, &cancel, |_| {}).await;
        let _ = page.running.try_set(None);
        let _ = page.stop.try_set_value(None);
        let _ = page.busy.try_set(false);
        let state = match counted {
            Ok((found, _)) if found.is_empty() => Deleting::Unused { id, name },
            Ok((found, complete)) => {
                let count = found.len();
                page.found.set_value(found);
                Deleting::InUse { id, name, found: count, complete }
            }
            Err(ApiError::Aborted) => return,
            Err(error) => {
                return page.say(Status::failed(format!("Could not count the accounts that use {name}: {error}")));
            }
        };
        let _ = page.deleting.try_set(Some(state));
    });
}

/// Closes the dialog without deleting; the ids found go.
fn close(page: PageContext) {
    page.deleting.set(None);
    page.found.set_value(Vec::new());
}

/// Runs `work` as the page's action, then says how it went and reads the
/// list again.
fn act(page: PageContext, work: impl Future<Output = Status> + 'static) {
    page.deleting.set(None);
    page.begin();
    let tell = page.teller();
    spawn_local(async move {
        let said = work.await;
        tell(said);
        page.reload();
        browser::focus_when_ready("#new-category-name");
    });
}

/// The dialog of the deletion under way, if any.
#[component]
pub(super) fn DeleteDialog(page: PageContext) -> impl IntoView {
    let cancel = move |()| close(page);
    move || {
        page.deleting.get().map(|state| match state {
            Deleting::Unused { id, name } => view! {
                <ConfirmDialog
                    title=format!("Delete {name}?")
                    message="No account uses it. Deleting cannot be undone."
                    confirm_label="Delete"
                    on_confirm=move |()| act(page, {
                        let (api, name) = (page.api(), name.clone());
                        async move { work::delete_and_close(page, &api, id, &name).await }
                    })
                    on_cancel=cancel
                />
            }
            .into_any(),
            Deleting::InUse { id, name, found, complete } => view! { <InUse page id name found complete /> }.into_any(),
            Deleting::Confirm { id, name, to, count } => view! {
                <ConfirmDialog
                    title=to.question(page.kind, count, &name)
                    message=format!("Each account is changed in turn; Stop ends it between accounts. {name} is deleted only once all have moved, and that cannot be undone.")
                    confirm_label="Move and delete"
                    on_confirm=move |()| {
                        let ids = page.found.try_update_value(std::mem::take).unwrap_or_default();
                        let (api, name, to) = (page.api(), name.clone(), to.clone());
                        act(page, async move { work::move_then_delete(page, &api, id, &name, ids, to).await })
                    }
                    on_cancel=cancel
                />
            }
            .into_any(),
        })
    }
}

/// Why it cannot be deleted, the accounts that use it, and the move.
#[component]
fn InUse(page: PageContext, id: i64, name: String, found: usize, complete: bool) -> impl IntoView {
    let (title_id, message_id) = (unique_id("in-use-title"), unique_id("in-use-message"));
    let noun = page.kind.noun();
    let chosen = RwSignal::new(String::new());
    let others = page
        .current()
        .into_iter()
        .filter(|c| c.id != id)
        .map(|c| view! { <option value=c.id.to_string()>{c.name}</option> })
        .collect_view();
    let message = format!(
        "{}, so it cannot be deleted. Give those accounts another {noun} first, or move them here.",
        usage_text(found, !complete)
    );
    let title = format!("{name} is in use");
    let go = move |_| {
        let to = match chosen.get_untracked().as_str() {
            "clear" => MoveTo::Clear,
            other => match other.parse() {
                Ok(other) => MoveTo::Other(other, page.name_of(other)),
                Err(_) => return,
            },
        };
        let name = name.clone();
        if complete {
            page.deleting.set(Some(Deleting::Confirm { id, name, to, count: found }));
        } else {
            find_all(page, id, name, to);
        }
    };
    view! {
        <Modal role=ModalRole::Dialog labelled_by=title_id.clone() described_by=message_id.clone() on_escape=move |()| close(page) class="in-use-dialog">
            <h2 id=title_id>{title}</h2>
            <p id=message_id>{message} " " <a class="show-accounts" href=accounts_using(page.kind, id)>"Show those accounts"</a></p>
            <div class="field">
                <label for="move-target">"Move them to"</label>
                <select id="move-target" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="">"Choose…"</option>
                    {others}
                    <option value="clear">{format!("No {noun} (clear it)")}</option>
                </select>
            </div>
            <div class="form-actions">
                <button type="button" class="move-then-delete" prop:disabled=move || chosen.with(String::is_empty) on:click=go>
                    "Move them, then delete"
                </button>
                <button type="button" class="secondary cancel" on:click=move |_| close(page)>"Cancel"</button>
            </div>
        </Modal>
    }
}

/// Reads the ids of every account that uses `id` (progress and Stop on the
/// page), then asks the move with its count.
fn find_all(page: PageContext, id: i64, name: String, to: MoveTo) {
    page.deleting.set(None);
    page.begin();
    let cancel = Cancel::new();
    page.stop.set_value(Some(cancel.clone()));
    let api = page.api();
    spawn_local(async move {
        let found = |count: usize| {
            let text = format!("Finding the accounts that use {name}: {} so far…", thousands(count as i64));
            let _ = page.running.try_set(Some(Running { done: count, total: 0, text }));
        };
        found(0);
        let outcome = work::accounts_using_ids(page, &api, id, work::Reach::EveryPage, &cancel, found).await;
        let _ = page.running.try_set(None);
        let _ = page.stop.try_set_value(None);
        let _ = page.busy.try_set(false);
        let next = match outcome {
            Ok((ids, _)) if ids.is_empty() => Deleting::Unused { id, name },
            Ok((ids, _)) => {
                let count = ids.len();
                page.found.set_value(ids);
                Deleting::Confirm { id, name, to, count }
            }
            Err(ApiError::Aborted) => return page.say(Status::Done("Stopped: nothing was changed.".into())),
            Err(error) => {
                let text = format!("The accounts that use {name} could not all be read: {error} Nothing was changed.");
                return page.say(Status::failed(text));
            }
        };
        let _ = page.deleting.try_set(Some(next));
    });
}
