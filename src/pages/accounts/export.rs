//! Exporting the accounts of the list as CSV: the page shown, or every page
//! of a List or Search read 1000 at a time and handed to the browser as a
//! part of the file as it arrives (`model::export`), with progress and a way
//! to cancel (leaving the page cancels too); a count made beside it
//! (`count.rs`) gives the time left. The selected accounts are read
//! again by id as a bulk action (`bulk.rs`); `settle_reads` turns what it
//! read into the file's rows.

use std::time::Duration;

use account_model::{Account, MAX_PAGE_SIZE, SearchRequest};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{
        ApiClient, ApiError, Cancel,
        runner::Report,
        walk::{FromApi, Source},
    },
    components::Toasts,
    domain::csv::accounts_csv,
    domain::format,
    pages::accounts::{
        ListContext, Loaded,
        count::{Counts, count_matches},
        list_request,
        model::{
            bulk::Outcome,
            count::Count,
            export::{StreamExport, Take},
        },
    },
    platform::browser::{self, FileParts},
    routes::list::ListState,
};

/// The page size of "Export all results": the API's largest, unless the
/// context gives another (the browser tests walk in pages of three).
#[derive(Clone, Copy, Debug)]
pub struct ExportPageSize(pub u32);

/// Why an export of every result stopped before its file was offered.
#[derive(Debug, PartialEq)]
pub enum Stopped {
    /// The user cancelled, or left the page.
    Cancelled,
    /// What went wrong, in a sentence.
    Failed(String),
}

impl From<ApiError> for Stopped {
    fn from(error: ApiError) -> Stopped {
        match error {
            ApiError::Aborted => Stopped::Cancelled,
            error => Stopped::Failed(error.to_string()),
        }
    }
}

/// Writes every account `request` matches (`None`: the plain list) into
/// `file` as CSV, in pages of `page_size` (see [`StreamExport`]), calling
/// `progress` after each page. The next page is asked for before a page's
/// rows become text, so the API works while the console does.
pub async fn export_every(
    api: &ApiClient,
    request: Option<SearchRequest>,
    page_size: u32,
    file: &FileParts,
    progress: impl Fn(&StreamExport),
    cancel: &Cancel,
) -> Result<StreamExport, Stopped> {
    let mut export = StreamExport::new(page_size);
    let mut source = FromApi::new(api, request, cancel);
    let Some(first) = export.next() else { return Ok(export) };
    let mut page = source.page(first).await?;
    loop {
        let take = export.take(&page.accounts, page.has_next());
        let upcoming = export.next();
        if upcoming.is_some() && source.cancelled() {
            return Err(Stopped::Cancelled);
        }
        let fetch = async {
            match upcoming {
                Some(query) => Some(source.page(query).await),
                None => None,
            }
        };
        let write = async {
            match take {
                Take::Write(rows) => file
                    .push(&export.write(&page.accounts[rows]))
                    .map_err(|e| Stopped::Failed(format!("The browser could not keep the file: {e}.")))?,
                Take::Discard => file.clear(),
                Take::Nothing => {}
            }
            // Said as soon as the rows are in the file, while the next page comes.
            progress(&export);
            Ok::<(), Stopped>(())
        };
        let (fetched, written) = futures::join!(fetch, write);
        written?;
        match fetched {
            Some(next) => page = next?,
            None => return Ok(export),
        }
    }
}

/// The selected accounts as they are now.
#[derive(Debug, PartialEq)]
pub struct Selected {
    pub accounts: Vec<Account>,
    /// Selected accounts that no longer exist.
    pub gone: Vec<i64>,
}

/// The accounts read, in the selection's order; accounts deleted meanwhile
/// are left out and counted; any other failure stops the export, so that a
/// file never misses an account unsaid.
pub fn settle_reads(report: Report<i64, Outcome>) -> Result<Selected, String> {
    let gone: Vec<i64> =
        report.failed.iter().filter(|(_, f)| matches!(f.error(), ApiError::NotFound(_))).map(|(id, _)| *id).collect();
    let failed = report.failed.iter().find(|(_, f)| !matches!(f.error(), ApiError::NotFound(_)));
    if let Some((id, failure)) = failed {
        let count = report.failed.len() - gone.len();
        let which = if count == 1 { format!("account {id}") } else { format!("{count} accounts, account {id} first") };
        return Err(format!("Nothing was exported: {which} could not be read. {}", failure.error()));
    }
    let accounts = report.done.into_iter().filter_map(|(_, outcome)| match outcome {
        Outcome::Read(account) => Some(*account),
        _ => None,
    });
    Ok(Selected { accounts: accounts.collect(), gone })
}

/// What Export selected says of selected accounts deleted meanwhile, which
/// also leave the selection; `exported` is how many the file holds.
pub fn left_out(gone: usize, exported: usize) -> String {
    let (noun, verb) = if gone == 1 { ("account", "exists") } else { ("accounts", "exist") };
    let count = format::thousands(gone as i64);
    match exported {
        0 => format!("The selected {noun} no longer {verb}: there is nothing to export, and the selection is empty."),
        _ => format!("{count} {noun} of the selection no longer {verb}: left out of the file, and no longer selected."),
    }
}

/// "Exported 1 account to accounts.csv."
pub fn exported(count: usize, file: &str) -> String {
    let noun = if count == 1 { "account" } else { "accounts" };
    format!("Exported {} {noun} to {file}.", format::thousands(count as i64))
}

/// Offers `accounts` as a CSV file named after `state`'s search; says so in a
/// toast, or that there is nothing to export.
pub fn download_accounts(accounts: &[Account], state: &ListState, toasts: &Toasts) {
    if accounts.is_empty() {
        toasts.failure("There is nothing to export: no account matches.");
        return;
    }
    let name = state.export_file_name(&format::local_date(format::now_ms()));
    match browser::download(&name, &accounts_csv(accounts), "text/csv;charset=utf-8") {
        Ok(()) => toasts.success(exported(accounts.len(), &name)),
        Err(e) => toasts.failure(format!("Could not export: {e}")),
    }
}

/// CSV of the page shown, or of every account the search matches.
#[component]
pub fn Export(list: ListContext, page: LocalResource<Result<Loaded, ApiError>>) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let page_size = use_context::<ExportPageSize>().map_or(MAX_PAGE_SIZE, |size| size.0);
    let counts = expect_context::<Counts>();
    let progress = RwSignal::new(None::<String>);
    let total = RwSignal::new(None::<u64>);
    let running = StoredValue::new_local(None::<Cancel>);
    on_cleanup(move || {
        if let Some(Some(cancel)) = running.try_get_value() {
            cancel.cancel();
        }
    });

    let export_page = {
        let toasts = toasts.clone();
        // The page on screen, with the state it was loaded for (not the one
        // being loaded now).
        move |_| match page.get_untracked() {
            Some(Ok(loaded)) => download_accounts(&loaded.accounts, &loaded.state, &toasts),
            _ => toasts.failure("There is no page to export yet."),
        }
    };
    let export_all = move |_| {
        let (api, toasts, cancel) = (api.clone(), toasts.clone(), Cancel::new());
        running.set_value(Some(cancel.clone()));
        let state = list.state.get_untracked();
        // The count gives the time left: the one found this session, or one
        // made beside the export (a few dozen requests of one row).
        total.set(counts.of(&state.filters).and_then(Count::rows));
        progress.set(Some(StreamExport::new(page_size).progress_text(Duration::ZERO, None)));
        // The button goes while the export runs: focus goes to Cancel, and back.
        browser::refocus_when_ready(".export .export-cancel");
        if total.get_untracked().is_none() {
            let (api, criteria, cancel) = (api.clone(), state.filters.clone(), cancel.clone());
            spawn_local(async move {
                if let Ok(found) = count_matches(&api, criteria, counts, &cancel).await {
                    let _ = total.try_set(found.rows());
                }
            });
        }
        spawn_local(async move {
            let file = FileParts::new();
            let started = format::now_ms();
            let report = |export: &StreamExport| {
                let elapsed = Duration::from_millis((format::now_ms() - started).max(0) as u64);
                // The page may be gone by now; the cancel stops the reading then.
                let total = total.try_get_untracked().flatten();
                let _ = progress.try_set(Some(export.progress_text(elapsed, total)));
            };
            let result = match list_request(&state) {
                Ok(request) => export_every(&api, request, page_size, &file, report, &cancel).await,
                Err(error) => Err(error.into()),
            };
            // The count beside it, if still under way, is not needed now.
            cancel.cancel();
            let _ = progress.try_set(None);
            let _ = running.try_set_value(None);
            browser::refocus_when_ready(".export .export-all");
            match result {
                Ok(export) if export.rows() == 0 => toasts.failure("There is nothing to export: no account matches."),
                Ok(export) => {
                    let name = state.export_file_name(&format::local_date(format::now_ms()));
                    match file.download(&name, "text/csv;charset=utf-8") {
                        Ok(()) => toasts.success(export.report(&name)),
                        Err(e) => toasts.failure(format!("Could not export: {e}")),
                    }
                }
                Err(Stopped::Cancelled) => toasts.success("Export cancelled. Nothing was downloaded."),
                Err(Stopped::Failed(why)) => toasts.failure(format!("Export failed: {why} Nothing was downloaded.")),
            }
        });
    };
    let cancel = move |_| {
        if let Some(Some(cancel)) = running.try_get_value() {
            cancel.cancel();
        }
    };
    view! {
        <div class="export">
            <Show
                when=move || progress.get().is_some()
                fallback=move || view! {
                    <button type="button" class="secondary" on:click=export_page.clone()>"Export this page"</button>
                    <button type="button" class="secondary export-all" on:click=export_all.clone()>"Export all results"</button>
                }
            >
                <progress aria-label="Export progress"></progress>
                <span class="export-progress" role="status">{move || progress.get()}</span>
                <button type="button" class="secondary export-cancel" on:click=cancel>"Cancel export"</button>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use crate::api::runner::Failure;

    use super::*;

    fn account(id: i64) -> (i64, Outcome) {
        (id, Outcome::Read(Box::new(Account { id, ..Account::default() })))
    }

    #[test]
    fn one_account_is_one_account() {
        assert_eq!(exported(1, "a.csv"), "Exported 1 account to a.csv.");
        assert_eq!(exported(1200, "a.csv"), "Exported 1,200 accounts to a.csv.");
    }

    #[test]
    fn the_selection_read_again_leaves_out_deleted_accounts_and_fails_on_any_other_failure() {
        let gone = || (2, Failure::Refused(ApiError::NotFound("No Record Found".into())));
        let report = Report { done: vec![account(1), account(3)], failed: vec![gone()], not_sent: vec![] };
        let selected = settle_reads(report).unwrap();
        assert_eq!(selected.accounts.iter().map(|a| a.id).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(selected.gone, [2]);
        assert_eq!(
            left_out(2, 0),
            "The selected accounts no longer exist: there is nothing to export, and the selection is empty."
        );
        assert_eq!(
            left_out(1, 3),
            "1 account of the selection no longer exists: left out of the file, and no longer selected."
        );
        let report = Report {
            done: vec![account(1)],
            failed: vec![gone(), (4, Failure::MayHaveLanded(ApiError::Timeout))],
            not_sent: vec![],
        };
        assert_eq!(
            settle_reads(report),
            Err("Nothing was exported: account 4 could not be read. The Account API did not answer in time.".into())
        );
    }
}
