//! The page's work against the API: runs of writes through the write runner
//! (levels, moving accounts off a category) with progress, Stop and a tally;
//! finding the accounts that use a category; creating at a level; deleting
//! and closing the gap.

use std::{future::Future, time::Duration};

use account_model::{
    AccountPatch, Category, CategoryPatch, SearchCriteria, SearchRequest,
    fields::Value,
    search::{Sort, SortDirection},
};

use leptos::prelude::*;

use crate::{
    api::{
        ApiClient, ApiError, Cancel,
        categories::CategoryKind,
        outcome::{Look, Looking, Order, Settled, never, write_once},
        runner::{self, BrowserPacing, Progress},
        walk::Pages,
    },
    domain::fields::label,
    domain::format::{now_ms, progress_text},
    domain::messages,
    pages::categories::{
        PageContext, Running, Status, accounts_using, facts,
        model::{Tally, dense_updates, inserted, level_failures, move_report, shown_order},
    },
};

/// How many writes are under way at once.
const WRITES_AT_ONCE: usize = 4;
/// Items per runner call: the runner keeps an answer per item, so a long run
/// goes in batches and keeps only a [`Tally`].
const BATCH: usize = 1000;

/// Sends `write(item)` for every item through the write runner, showing
/// progress with the time left; the page's Stop ends it between writes.
async fn run<I, W, F>(page: PageContext, items: Vec<I>, write: W) -> Tally<I>
where
    I: Clone,
    W: Fn(I) -> F,
    F: Future<Output = Result<(), ApiError>>,
{
    let cancel = Cancel::new();
    page.stop.set_value(Some(cancel.clone()));
    let (total, started) = (items.len(), now_ms());
    let mut tally = Tally::default();
    let mut items = items.into_iter();
    loop {
        let batch: Vec<I> = items.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        if cancel.is_cancelled() {
            tally.not_sent += batch.len();
            continue;
        }
        let (done_before, failed_before) = (tally.done, tally.failed);
        let show = |p: Progress| {
            let p = Progress { total, done: done_before + p.done, failed: failed_before + p.failed, ..p };
            let elapsed = Duration::from_millis((now_ms() - started).max(0) as u64);
            let text = progress_text(p, elapsed);
            let _ = page.running.try_set(Some(Running { done: p.finished(), total, text }));
        };
        show(Progress::default());
        tally.add(runner::run(batch, WRITES_AT_ONCE, &BrowserPacing(&cancel), show, &write).await);
    }
    let _ = page.running.try_set(None);
    let _ = page.stop.try_set_value(None);
    tally
}

fn ids(list: &[Category]) -> Vec<i64> {
    list.iter().map(|c| c.id).collect()
}

/// Writes the levels that make `order` 1..n (only those that change);
/// answers what did not land, one line each.
pub(super) async fn write_levels(page: PageContext, api: &ApiClient, items: &[Category], order: &[i64]) -> Vec<String> {
    let updates = dense_updates(items, order);
    if updates.is_empty() {
        return Vec::new();
    }
    let kind = page.kind;
    let write = |(id, level): (i64, i64)| {
        let api = api.clone();
        async move { api.update_category(kind, id, &CategoryPatch { name: None, level: Some(level) }).await }
    };
    let tally = run(page, updates, write).await;
    let name_of = |id| items.iter().find(|c| c.id == id).map_or_else(|| format!("ID {id}"), |c| c.name.clone());
    level_failures(&tally, name_of)
}

/// Gives the list the order `order`, and says so (`done` when all landed).
pub(super) async fn write_order(
    page: PageContext,
    api: &ApiClient,
    items: &[Category],
    order: &[i64],
    done: String,
) -> Status {
    let failed = write_levels(page, api, items, order).await;
    page.reload();
    if failed.is_empty() {
        Status::Done(done)
    } else {
        Status::Failed {
            text: "The new order did not fully land. The list shows the order the API now holds.".into(),
            details: failed,
            accounts: None,
        }
    }
}

/// Whether the API holds a category named `name` (in any case), by its list.
fn named_in_list(api: &ApiClient, kind: CategoryKind, name: &str) -> Looking<'static> {
    let (api, folded) = (api.clone(), name.trim().to_lowercase());
    Box::pin(async move {
        let now = api.list_categories(kind).await?;
        let there = now.iter().any(|c| c.name.trim().to_lowercase() == folded);
        Ok(if there { Look::Landed } else { Look::Missing })
    })
}

/// Creates `name`, at `level` when one is given (the later ones move down).
/// Without a clear answer it looks in the list; `Err` is what to say at the
/// name, which stays typed: the category is not there (or nobody knows).
pub(super) async fn create(
    page: PageContext,
    api: &ApiClient,
    name: &str,
    level: Option<usize>,
) -> Result<Status, String> {
    let send = Box::pin(api.create_category(page.kind, name));
    let look = || named_in_list(api, page.kind, name);
    let created = match write_once(Order::SendFirst, send, never, &|_| {}, &look).await {
        Settled::Done(created) => created,
        Settled::Refused(ApiError::Conflict(_)) => {
            return Err("That name is taken: names are unique whatever their case.".into());
        }
        Settled::Refused(error) | Settled::AlreadyDone(error) => return Err(error.to_string()),
        landed @ Settled::LandedAfterAll => {
            let said = messages::settled(name, "created", &landed).unwrap_or_default();
            let unplaced = if level.is_some() { " Its level was not set: move it where it belongs." } else { "" };
            return Ok(Status::Done(format!("{said}{unplaced}")));
        }
        other => return Err(messages::settled(name, "created", &other).unwrap_or_default()),
    };
    let Some(level) = level else { return Ok(Status::Done(format!("Created {name}."))) };
    // The API put it last: read the list as it is now, and insert it.
    let now = match api.list_categories(page.kind).await {
        Ok(now) => shown_order(now),
        Err(error) => return Ok(Status::failed(format!("Created {name}, but its level could not be set: {error}"))),
    };
    let failed = write_levels(page, api, &now, &inserted(&ids(&now), created.id, level)).await;
    Ok(if failed.is_empty() {
        Status::Done(format!("Created {name} at level {level}."))
    } else {
        Status::Failed {
            text: format!("Created {name}, but not all levels were written."),
            details: failed,
            accounts: None,
        }
    })
}

/// How far [`accounts_using_ids`] reads: the first page (enough to count
/// up to 1000), or every page (the ids to move).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reach {
    FirstPage,
    EveryPage,
}

/// The ids of the accounts that use category `id`, 1000 at a time in id
/// order, as far as `reach` says. Answers them and whether they are all
/// there are.
pub(super) async fn accounts_using_ids(
    page: PageContext,
    api: &ApiClient,
    id: i64,
    reach: Reach,
    cancel: &Cancel,
    found: impl Fn(usize),
) -> Result<(Vec<i64>, bool), ApiError> {
    let (_, field) = facts(page.kind);
    let mut criteria = SearchCriteria::default();
    criteria.set_exact(field, Some(Value::Int(id)));
    let sort = Sort { property: "id".into(), direction: SortDirection::Ascending };
    let request = SearchRequest { search: Some(criteria), sort: Some(sort) };
    let mut pages = Pages::every(api, Some(request), cancel);
    let mut ids = Vec::new();
    while let Some(accounts) = pages.next().await {
        ids.extend(accounts?.iter().map(|a| a.id));
        found(ids.len());
        if reach == Reach::FirstPage {
            break;
        }
    }
    Ok((ids, pages.is_complete()))
}

/// Deletes category `id` and closes the gap it leaves in the levels.
pub(super) async fn delete_and_close(page: PageContext, api: &ApiClient, id: i64, name: &str) -> Status {
    let kind = page.kind;
    match api.delete_category(kind, id).await {
        // Gone already is what was wanted.
        Ok(()) | Err(ApiError::NotFound(_)) => {}
        Err(ApiError::Conflict(_)) => {
            return Status::Failed {
                text: format!("{name} was not deleted: accounts use it (given it since they were counted)."),
                details: Vec::new(),
                accounts: Some(accounts_using(kind, id)),
            };
        }
        Err(error) if error.may_have_landed() => {
            // The look: a read of it answers 404 once it is gone.
            let gone = match api.read_category(kind, id).await {
                Err(ApiError::NotFound(_)) => Ok(Look::Landed),
                Ok(_) => Ok(Look::Missing),
                Err(look) => Err(look),
            };
            let settled: Settled<()> = match gone {
                Ok(Look::Landed) => Settled::LandedAfterAll,
                Ok(Look::Missing) => Settled::NotLanded(error),
                Err(look) => Settled::Unknown { error, look },
            };
            let said = messages::settled(name, "deleted", &settled).unwrap_or_default();
            if settled != Settled::LandedAfterAll {
                return Status::failed(said);
            }
        }
        Err(error) => return Status::failed(format!("{name} was not deleted: {error}")),
    }
    let failed = match api.list_categories(kind).await {
        Ok(now) => {
            let now: Vec<Category> = shown_order(now).into_iter().filter(|c| c.id != id).collect();
            write_levels(page, api, &now, &ids(&now)).await
        }
        Err(error) => vec![format!("The levels could not be read to close the gap: {error}")],
    };
    if failed.is_empty() {
        Status::Done(format!("Deleted {name}."))
    } else {
        Status::Failed {
            text: format!("Deleted {name}, but its gap in the levels did not fully close."),
            details: failed,
            accounts: None,
        }
    }
}

/// Where the accounts of a category being deleted go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum MoveTo {
    /// Another category: its id and name.
    Other(i64, String),
    /// None: the field is cleared (an explicit choice, never a default).
    Clear,
}

impl MoveTo {
    /// "Move 3 accounts to Silver, then delete Gold?"
    pub(super) fn question(&self, kind: CategoryKind, count: usize, name: &str) -> String {
        let accounts = super::model::accounts(count);
        match self {
            MoveTo::Other(_, to) => format!("Move {accounts} to {to}, then delete {name}?"),
            MoveTo::Clear => format!("Clear {} on {accounts}, then delete {name}?", label(facts(kind).1)),
        }
    }
}

/// Sets `to` on every account of `ids` through the runner, then, when all
/// of them moved, deletes category `id` and closes its gap.
pub(super) async fn move_then_delete(
    page: PageContext,
    api: &ApiClient,
    id: i64,
    name: &str,
    ids: Vec<i64>,
    to: MoveTo,
) -> Status {
    let kind = page.kind;
    let field = facts(kind).1;
    let mut patch = AccountPatch::default();
    let value = match &to {
        MoveTo::Other(other, _) => Some(other.to_string()),
        MoveTo::Clear => None,
    };
    if let Err(error) = patch.set(field, value.as_deref()) {
        return Status::failed(error.to_string());
    }
    let write = |account: i64| {
        let (api, patch) = (api.clone(), patch.clone());
        async move { api.update_account(account, &patch).await }
    };
    let tally = run(page, ids, write).await;
    let to_name = match &to {
        MoveTo::Other(_, name) => Some(name.as_str()),
        MoveTo::Clear => None,
    };
    let (summary, details) = move_report(&tally, to_name, label(field));
    if !tally.all_done() {
        return Status::Failed {
            text: format!("{summary} {name} was not deleted: not every account moved."),
            details,
            accounts: Some(accounts_using(kind, id)),
        };
    }
    // Left during the last writes: nothing further is sent.
    if page.left() {
        return Status::failed(format!("{summary} {name} was not deleted: the page was left first."));
    }
    match delete_and_close(page, api, id, name).await {
        Status::Done(said) => Status::Done(format!("{summary} {said}")),
        Status::Failed { text, details, accounts } => {
            Status::Failed { text: format!("{summary} {text}"), details, accounts }
        }
    }
}
