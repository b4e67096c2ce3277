//! The one walk over the pages of List Accounts or Find Matching Accounts:
//! the list's page, the export of every result, the import's lookup of
//! account numbers, the accounts using a category, and any later work that
//! reads every match.
//!
//! A walk takes its request once (the plain list, or a search with its
//! criteria and sort) and yields one page at a time: it never holds more than
//! the page it hands over, so a caller that keeps only what it needs reads a
//! million accounts in flat memory. It stops at the end, when the user
//! cancels (checked before each page), or at the first error, and says
//! where ([`End`]).
//!
//! The offsets and the end are [`PagePlan`]'s, pure and tested natively; the
//! pages come from a [`Source`]: the API ([`Pages`]) or, in tests, a script.
//! The rule is NOTES.md's: `offset` counts rows, so the next page starts
//! after the rows read (a page shorter than asked that still names a `next`
//! is followed on, not taken for the last); a page without `next` is the
//! last, and so is an empty one, so that no answer makes a walk endless.

use std::future::Future;

use account_model::{Account, AccountPage, MAX_PAGE_SIZE, PageQuery, SearchRequest};

use crate::api::{ApiClient, ApiError, Cancel};

/// How a walk ended, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The API said no page follows: every match was read.
    Complete,
    /// The user cancelled before the page at offset `at` was read.
    Cancelled { at: u64 },
    /// The page at offset `at` failed; the rows before it were read.
    Failed { at: u64 },
}

/// Which page a walk reads next, and whether it ended: the offset
/// arithmetic and the end rule, with no I/O.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PagePlan {
    start: u64,
    next: PageQuery,
    end: Option<End>,
}

impl PagePlan {
    /// A walk from `first` on, in pages of `first.count` (1 to 1000).
    pub fn new(first: PageQuery) -> PagePlan {
        let next = PageQuery { count: first.count.clamp(1, MAX_PAGE_SIZE), offset: first.offset };
        PagePlan { start: first.offset, next, end: None }
    }

    /// The page to read next; `None` once the walk ended.
    pub fn next(&self) -> Option<PageQuery> {
        self.end.is_none().then_some(self.next)
    }

    /// Takes the answer to the page [`PagePlan::next`] named: `rows` read,
    /// and whether the answer named a next page.
    pub fn read(&mut self, rows: usize, has_next: bool) {
        if self.end.is_some() {
            return;
        }
        self.next.offset += rows as u64;
        if rows == 0 || !has_next {
            self.end = Some(End::Complete);
        }
    }

    /// The user cancelled: the page named next is not read.
    pub fn cancel(&mut self) {
        self.end.get_or_insert(End::Cancelled { at: self.next.offset });
    }

    /// The page named next failed.
    pub fn fail(&mut self) {
        self.end.get_or_insert(End::Failed { at: self.next.offset });
    }

    /// How the walk ended; `None` while it goes on.
    pub fn end(&self) -> Option<End> {
        self.end
    }

    /// The rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.next.offset - self.start
    }
}

/// Where a walk's pages come from.
pub trait Source {
    /// One page of the request the source was made with.
    fn page(&mut self, query: PageQuery) -> impl Future<Output = Result<AccountPage, ApiError>>;

    /// Whether the user stopped the walk; asked before each page.
    fn cancelled(&self) -> bool;
}

/// A function from a page to its answer is a source that is never cancelled
/// (the import's lookup, which ends by its own bound, and tests).
impl<F, Answer> Source for F
where
    F: FnMut(PageQuery) -> Answer,
    Answer: Future<Output = Result<AccountPage, ApiError>>,
{
    fn page(&mut self, query: PageQuery) -> impl Future<Output = Result<AccountPage, ApiError>> {
        self(query)
    }

    fn cancelled(&self) -> bool {
        false
    }
}

/// A walk over the pages of `S`, one page at a time.
#[derive(Debug)]
pub struct Walk<S> {
    source: S,
    plan: PagePlan,
}

impl<S: Source> Walk<S> {
    /// Every match, from the first, 1000 at a time.
    pub fn new(source: S) -> Walk<S> {
        Walk::at(source, PageQuery { count: MAX_PAGE_SIZE, offset: 0 })
    }

    /// The matches from `first` on, in pages of `first.count`.
    pub fn at(source: S, first: PageQuery) -> Walk<S> {
        Walk { source, plan: PagePlan::new(first) }
    }

    /// The next page's accounts; an error once, then `None` after it, on a
    /// cancel ([`ApiError::Aborted`]) or after the last page.
    pub async fn next(&mut self) -> Option<Result<Vec<Account>, ApiError>> {
        let query = self.plan.next()?;
        if self.source.cancelled() {
            self.plan.cancel();
            return Some(Err(ApiError::Aborted));
        }
        match self.source.page(query).await {
            Ok(page) => {
                self.plan.read(page.accounts.len(), page.has_next());
                Some(Ok(page.accounts))
            }
            Err(error) => {
                match error {
                    ApiError::Aborted => self.plan.cancel(),
                    _ => self.plan.fail(),
                }
                Some(Err(error))
            }
        }
    }

    /// How the walk ended; `None` while it goes on.
    pub fn end(&self) -> Option<End> {
        self.plan.end()
    }

    /// Whether the last page was read (no match is left unread).
    pub fn is_complete(&self) -> bool {
        self.plan.end() == Some(End::Complete)
    }

    /// The accounts read so far.
    pub fn rows_read(&self) -> u64 {
        self.plan.rows_read()
    }
}

/// List Accounts, or Find Matching Accounts with a request, stopped by a
/// [`Cancel`] (which also aborts the page in flight).
#[derive(Debug)]
pub struct FromApi {
    api: ApiClient,
    /// `None`: the plain list.
    request: Option<SearchRequest>,
    cancel: Cancel,
}

impl FromApi {
    /// The pages `request` matches (`None`: the plain list), until `cancel`.
    pub fn new(api: &ApiClient, request: Option<SearchRequest>, cancel: &Cancel) -> FromApi {
        FromApi { api: api.clone(), request, cancel: cancel.clone() }
    }
}

impl Source for FromApi {
    async fn page(&mut self, query: PageQuery) -> Result<AccountPage, ApiError> {
        match &self.request {
            None => self.api.list_accounts(query, Some(&self.cancel)).await,
            Some(request) => self.api.search_accounts(request, query, Some(&self.cancel)).await,
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }
}

/// A walk through the API.
pub type Pages = Walk<FromApi>;

impl Pages {
    /// Every account `request` matches (`None`: the plain list), 1000 at a time.
    pub fn every(api: &ApiClient, request: Option<SearchRequest>, cancel: &Cancel) -> Pages {
        Pages::every_from(api, request, PageQuery { count: MAX_PAGE_SIZE, offset: 0 }, cancel)
    }

    /// The accounts `request` matches from `first` on, in pages of `first.count`.
    pub fn every_from(api: &ApiClient, request: Option<SearchRequest>, first: PageQuery, cancel: &Cancel) -> Pages {
        Walk::at(FromApi::new(api, request, cancel), first)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use futures::executor::block_on;

    use super::*;

    fn query(count: u32, offset: u64) -> PageQuery {
        PageQuery { count, offset }
    }

    /// The pages a plan asks for, given answers of (rows, has next); a
    /// plan still asking once the answers run out is a test failure.
    fn asked(first: PageQuery, answers: &[(usize, bool)]) -> (Vec<PageQuery>, PagePlan) {
        let mut plan = PagePlan::new(first);
        let mut asked = Vec::new();
        for &(rows, has_next) in answers {
            asked.push(plan.next().expect("the plan asks for another page"));
            plan.read(rows, has_next);
        }
        (asked, plan)
    }

    #[test]
    fn a_plan_steps_by_the_rows_read_and_ends_on_a_page_without_next_or_an_empty_one() {
        // Each case: the first page, the answers as (rows, has next), and the offsets asked.
        type Answers = &'static [(usize, bool)];
        let cases: [(&str, PageQuery, Answers, &[u64]); 6] = [
            ("the last page is short", query(3, 0), &[(3, true), (3, true), (1, false)], &[0, 3, 6]),
            ("the last page is full, then an empty one", query(3, 0), &[(3, true), (3, true), (0, false)], &[0, 3, 6]),
            ("the last page is full and says so", query(3, 0), &[(3, true), (3, false)], &[0, 3]),
            ("an empty page that names a next ends it all the same", query(3, 0), &[(3, true), (0, true)], &[0, 3]),
            (
                "a short page that names a next is followed on",
                query(5, 0),
                &[(3, true), (5, true), (2, false)],
                &[0, 3, 8],
            ),
            ("a walk from the list's page", query(50, 100), &[(50, true), (7, false)], &[100, 150]),
        ];
        for (case, first, answers, offsets) in cases {
            let (asked, plan) = asked(first, answers);
            assert_eq!(asked.iter().map(|q| q.offset).collect::<Vec<_>>(), offsets, "{case}");
            assert!(asked.iter().all(|q| q.count == first.count), "{case}: one page size");
            assert_eq!(plan.next(), None, "{case}: nothing after the last page");
            assert_eq!(plan.end(), Some(End::Complete), "{case}");
            let rows: usize = answers.iter().map(|(rows, _)| rows).sum();
            assert_eq!(plan.rows_read(), rows as u64, "{case}");
        }
    }

    #[test]
    fn a_page_size_outside_what_the_api_takes_is_brought_within_it() {
        assert_eq!(PagePlan::new(query(0, 0)).next(), Some(query(1, 0)));
        assert_eq!(PagePlan::new(query(5000, 7)).next(), Some(query(MAX_PAGE_SIZE, 7)));
    }

    #[test]
    fn a_cancelled_or_failed_plan_asks_for_nothing_more_and_says_where_it_stopped() {
        let mut plan = PagePlan::new(query(3, 0));
        plan.read(3, true);
        plan.cancel();
        assert_eq!((plan.next(), plan.end()), (None, Some(End::Cancelled { at: 3 })));
        plan.read(3, true);
        plan.fail();
        assert_eq!(plan.end(), Some(End::Cancelled { at: 3 }), "the first end stays");
        assert_eq!(plan.rows_read(), 3, "an answer after the end is not counted");

        let mut plan = PagePlan::new(query(3, 0));
        plan.read(3, true);
        plan.read(3, true);
        plan.fail();
        assert_eq!((plan.next(), plan.end(), plan.rows_read()), (None, Some(End::Failed { at: 6 }), 6));
    }

    /// Answers pages of `total` accounts numbered from 1 (a `next` on each
    /// page but the last), or `failure` for the page at `fail_at`; records
    /// what was asked; cancelled once `cancelled` is set.
    #[derive(Default)]
    struct Script {
        total: u64,
        fail_at: Option<(u64, ApiError)>,
        asked: RefCell<Vec<PageQuery>>,
        cancelled: Cell<bool>,
    }

    impl Script {
        fn answer(&self, query: PageQuery) -> Result<AccountPage, ApiError> {
            self.asked.borrow_mut().push(query);
            if let Some((at, error)) = &self.fail_at
                && *at == query.offset
            {
                return Err(error.clone());
            }
            let to = (query.offset + u64::from(query.count)).min(self.total);
            let accounts = (query.offset..to).map(|n| Account { id: n as i64 + 1, ..Account::default() }).collect();
            Ok(AccountPage { next: (to < self.total).then(|| "next".into()), accounts })
        }
    }

    impl Source for &Script {
        fn page(&mut self, query: PageQuery) -> impl Future<Output = Result<AccountPage, ApiError>> {
            std::future::ready(self.answer(query))
        }

        fn cancelled(&self) -> bool {
            self.cancelled.get()
        }
    }

    fn ids(page: Option<Result<Vec<Account>, ApiError>>) -> Vec<i64> {
        page.expect("a page").expect("its accounts").iter().map(|a| a.id).collect()
    }

    #[test]
    fn a_walk_hands_over_one_page_at_a_time_until_the_last() {
        let script = Script { total: 7, ..Script::default() };
        let mut walk = Walk::at(&script, query(3, 0));
        block_on(async {
            assert_eq!(ids(walk.next().await), [1, 2, 3]);
            assert_eq!((walk.end(), walk.rows_read()), (None, 3));
            assert_eq!(ids(walk.next().await), [4, 5, 6]);
            assert_eq!(ids(walk.next().await), [7]);
            assert!(walk.is_complete());
            assert!(walk.next().await.is_none());
        });
        assert_eq!(script.asked.borrow().len(), 3, "nothing is asked after the last page");
    }

    #[test]
    fn a_walk_cancelled_between_pages_asks_for_no_other_page() {
        let script = Script { total: 10, ..Script::default() };
        let mut walk = Walk::at(&script, query(3, 0));
        block_on(async {
            assert_eq!(ids(walk.next().await), [1, 2, 3]);
            script.cancelled.set(true);
            assert_eq!(walk.next().await, Some(Err(ApiError::Aborted)));
            assert!(walk.next().await.is_none());
        });
        assert_eq!(*script.asked.borrow(), [query(3, 0)]);
        assert_eq!(walk.end(), Some(End::Cancelled { at: 3 }));
        assert!(!walk.is_complete());
    }

    #[test]
    fn an_error_mid_walk_stops_it_and_says_where() {
        for (error, end) in [(ApiError::Timeout, End::Failed { at: 3 }), (ApiError::Aborted, End::Cancelled { at: 3 })]
        {
            let script = Script { total: 10, fail_at: Some((3, error.clone())), ..Script::default() };
            let mut walk = Walk::at(&script, query(3, 0));
            block_on(async {
                assert_eq!(ids(walk.next().await), [1, 2, 3]);
                assert_eq!(walk.next().await, Some(Err(error.clone())));
                assert!(walk.next().await.is_none(), "{error:?}: the walk stopped");
            });
            assert_eq!(script.asked.borrow().len(), 2, "{error:?}: the failed page is not asked again");
            assert_eq!((walk.end(), walk.rows_read()), (Some(end), 3), "{error:?}");
        }
    }

    #[test]
    fn a_function_is_a_source_and_a_new_walk_reads_1000_at_a_time_from_the_start() {
        let script = Script { total: 2500, ..Script::default() };
        let mut walk = Walk::new(|page| std::future::ready(script.answer(page)));
        let mut sizes = Vec::new();
        block_on(async {
            while let Some(page) = walk.next().await {
                sizes.push(page.expect("a page").len());
            }
        });
        assert_eq!(sizes, [1000, 1000, 500]);
        assert_eq!(script.asked.borrow().iter().map(|q| q.offset).collect::<Vec<_>>(), [0, 1000, 2000]);
    }
}
