//! "Select all matching": the ids of every account a search matches,
//! collected page by page before anything is written. Writing while walking
//! the search would skip accounts (a Set changes what matches, a Delete
//! shifts the offsets), so the walk comes first and keeps ids only, 8 bytes
//! each, in a set (an account met twice, because another write moved it
//! between two pages, counts once); its size is the count the confirmation
//! names. The bulk actions then write by id through the write runner.
//!
//! The walk reads 1000 at a time (the most the API gives) in id order,
//! whatever order the list shows: an account created meanwhile gets a
//! higher id, so it comes after the pages read and shifts none of them.

use std::collections::BTreeSet;

use account_model::{Account, SearchRequest, Sort, SortDirection};

use crate::{
    api::{
        ApiError,
        walk::{Source, Walk},
    },
    domain::format::thousands,
};

/// The request a collection walks: the list's criteria (`None`: the plain
/// list), in id order.
pub fn collect_request(list: Option<SearchRequest>) -> SearchRequest {
    let sort = Sort { property: "id".into(), direction: SortDirection::Ascending };
    SearchRequest { search: list.and_then(|request| request.search), sort: Some(sort) }
}

/// The ids found so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Collecting {
    ids: BTreeSet<i64>,
}

impl Collecting {
    /// Takes one page's ids; the accounts themselves are not kept.
    pub fn add(&mut self, page: &[Account]) {
        self.ids.extend(page.iter().map(|a| a.id));
    }

    pub fn found(&self) -> usize {
        self.ids.len()
    }

    /// "Collecting the matching accounts: 3,000 so far…"
    pub fn progress(&self) -> String {
        progress_text(self.found())
    }
}

/// What the bar says while the walk is under way, `found` ids in.
pub fn progress_text(found: usize) -> String {
    format!("Collecting the matching accounts: {} so far…", thousands(found as i64))
}

/// How a collection ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Collected {
    /// Every match: the walk read the last page.
    All(BTreeSet<i64>),
    /// The user stopped it, `found` in.
    Stopped { found: usize },
    /// A page failed, `found` in.
    Failed { found: usize, error: ApiError },
}

impl Collected {
    /// What the bar says when nothing was selected: the selection stays as
    /// it was, since a part of the matches is not "all matching".
    pub fn problem(&self) -> Option<String> {
        match self {
            Collected::All(_) => None,
            Collected::Stopped { found: 0 } => Some("Stopped: the selection is as it was.".into()),
            Collected::Stopped { found } => Some(format!(
                "Stopped after collecting {}: the selection is as it was.",
                crate::pages::accounts::model::bulk::accounts(*found)
            )),
            Collected::Failed { found, error } => Some(format!(
                "Could not collect every matching account ({} read): {error} The selection is as it was.",
                thousands(*found as i64)
            )),
        }
    }
}

/// Walks `walk` to its end, keeping ids only, and tells `progress` how many
/// after each page.
pub async fn collect<S: Source>(mut walk: Walk<S>, progress: impl Fn(&Collecting)) -> Collected {
    let mut collecting = Collecting::default();
    while let Some(page) = walk.next().await {
        match page {
            Ok(accounts) => collecting.add(&accounts),
            Err(ApiError::Aborted) => return Collected::Stopped { found: collecting.found() },
            Err(error) => return Collected::Failed { found: collecting.found(), error },
        }
        progress(&collecting);
    }
    if walk.is_complete() { Collected::All(collecting.ids) } else { Collected::Stopped { found: collecting.found() } }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use account_model::{AccountPage, PageQuery, SearchCriteria};
    use futures::executor::block_on;

    use super::*;

    /// Pages of `total` accounts (ids 1..), with `repeat` met again at the
    /// start of the second page, as when a write moved it meanwhile.
    fn answer(total: i64, repeat: Option<i64>, query: PageQuery) -> Result<AccountPage, ApiError> {
        let from = query.offset as i64;
        let to = (from + i64::from(query.count)).min(total);
        let mut ids: Vec<i64> = (from + 1..=to).collect();
        if let (Some(id), 1000) = (repeat, from) {
            ids[0] = id;
        }
        let accounts = ids.into_iter().map(|id| Account { id, ..Account::default() }).collect();
        Ok(AccountPage { next: (to < total).then(|| "next".into()), accounts })
    }

    #[test]
    fn a_collection_walks_every_page_keeping_each_id_once_and_says_how_far_it_is() {
        let said = RefCell::new(Vec::new());
        let walk = Walk::at(|q| std::future::ready(answer(2500, Some(7), q)), PageQuery { count: 1000, offset: 0 });
        let collected = block_on(collect(walk, |c| said.borrow_mut().push(c.progress())));
        let Collected::All(ids) = collected else { panic!("every page was read: {collected:?}") };
        assert_eq!(ids.len(), 2499, "account 1001 was displaced by 7, met twice and kept once");
        assert!(ids.contains(&7) && !ids.contains(&1001));
        assert_eq!(
            *said.borrow(),
            [
                "Collecting the matching accounts: 1,000 so far…",
                "Collecting the matching accounts: 1,999 so far…",
                "Collecting the matching accounts: 2,499 so far…",
            ]
        );
    }

    #[test]
    fn a_stopped_or_failed_collection_selects_nothing_and_says_so() {
        let page = PageQuery { count: 1000, offset: 0 };
        let failing = |q: PageQuery| {
            std::future::ready(if q.offset == 0 { answer(3000, None, q) } else { Err(ApiError::Timeout) })
        };
        let collected = block_on(collect(Walk::at(failing, page), |_| {}));
        assert_eq!(collected, Collected::Failed { found: 1000, error: ApiError::Timeout });
        assert!(collected.problem().unwrap().starts_with("Could not collect every matching account (1,000 read):"));
        let stopped = |q: PageQuery| {
            std::future::ready(if q.offset == 0 { answer(3000, None, q) } else { Err(ApiError::Aborted) })
        };
        let collected = block_on(collect(Walk::at(stopped, page), |_| {}));
        assert_eq!(collected, Collected::Stopped { found: 1000 });
        assert_eq!(
            collected.problem().as_deref(),
            Some("Stopped after collecting 1,000 accounts: the selection is as it was.")
        );
        assert_eq!(Collected::Stopped { found: 0 }.problem().as_deref(), Some("Stopped: the selection is as it was."));
        assert_eq!(Collected::All(BTreeSet::new()).problem(), None);
    }

    #[test]
    fn a_collection_keeps_the_criteria_and_reads_in_id_order() {
        let criteria = SearchCriteria { name: Some("acme".into()), ..SearchCriteria::default() };
        let sorted = Sort { property: "rating".into(), direction: SortDirection::Descending };
        let request = collect_request(Some(SearchRequest { search: Some(criteria.clone()), sort: Some(sorted) }));
        assert_eq!(request.search, Some(criteria));
        assert_eq!(request.sort, Some(Sort { property: "id".into(), direction: SortDirection::Ascending }));
        assert_eq!(collect_request(None).search, None, "the plain list: every account");
    }
}
