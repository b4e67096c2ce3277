//! The write runner: many writes (bulk link, bulk actions, import chunks), a
//! few at a time, with progress and a way to stop.
//!
//! Its rules are the client's, made to last a whole batch:
//! - a 429, or a 503 with `Retry-After`, means the server did not act: the
//!   runner waits as `Retry-After` says (however long) and sends the same
//!   write again;
//! - a timeout, another 5xx or a lost connection may mean the write landed: it is
//!   reported as [`Failure::MayHaveLanded`] and never resent by itself, so
//!   the user can look and choose;
//! - any other refusal is [`Failure::Refused`], with the server's reason;
//! - Stop takes effect between writes: those not started are reported as
//!   not sent, those under way finish;
//! - a write the client did not send because its user is no longer signed
//!   in ([`ApiError::NotSent`]: signed out, or another user signed in) ends
//!   the batch: it and every write not started are reported as not sent.
//!
//! A write may look first (read the item, then write it, as a bulk Set does
//! to keep each account's previous value): [`LookThenWrite`] tells the
//! runner which step failed, since a failed look wrote nothing.
//!
//! Waiting and stopping come in as functions, so the logic is tested natively.

use std::{
    cell::{Cell, RefCell},
    future::Future,
    rc::Rc,
    time::Duration,
};

use crate::api::ApiError;

/// How long to wait after a 429 that did not say.
const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(5);

/// Why one write did not land (as far as the console knows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// It did not land: the server refused it (4xx), or the look before it
    /// failed (then the error may also be a timeout or a 5xx).
    Refused(ApiError),
    /// No clear answer (timeout, 5xx, network): it may have landed.
    MayHaveLanded(ApiError),
}

impl Failure {
    pub fn error(&self) -> &ApiError {
        match self {
            Failure::Refused(error) | Failure::MayHaveLanded(error) => error,
        }
    }
}

/// Where a batch stands, after each write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub total: usize,
    pub done: usize,
    pub failed: usize,
    /// Set while the runner waits out a rate limit.
    pub paused_for: Option<Duration>,
}

impl Progress {
    pub fn finished(&self) -> usize {
        self.done + self.failed
    }
}

/// What became of each item of a batch, in the order they were given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report<I, T> {
    pub done: Vec<(I, T)>,
    pub failed: Vec<(I, Failure)>,
    /// Never sent: the user stopped the batch first.
    pub not_sent: Vec<I>,
}

impl<I, T> Report<I, T> {
    pub fn total(&self) -> usize {
        self.done.len() + self.failed.len() + self.not_sent.len()
    }

    /// The items worth sending again: those not sent, and the failed ones
    /// the server did not refuse as they are (a refusal would only come
    /// back: the user changes something first).
    pub fn to_retry(&self) -> Vec<I>
    where
        I: Clone,
    {
        let worth = |(item, failure): &(I, Failure)| (!failure.error().is_refusal()).then(|| item.clone());
        self.failed.iter().filter_map(worth).chain(self.not_sent.iter().cloned()).collect()
    }
}

/// An error of one write, as the runner sees it.
pub trait WriteError {
    /// The server asked to wait and send the same write again (429, or 503
    /// with `Retry-After`): how long, when it said.
    fn rate_limited(&self) -> Option<Option<Duration>>;
    /// What it means for the item.
    fn failure(self) -> Failure;
    /// The client did not send it: its user is no longer signed in
    /// ([`ApiError::NotSent`]), which ends the batch.
    fn not_sent(&self) -> bool;
}

impl WriteError for ApiError {
    fn rate_limited(&self) -> Option<Option<Duration>> {
        self.asks_to_wait()
    }

    fn not_sent(&self) -> bool {
        *self == ApiError::NotSent
    }

    fn failure(self) -> Failure {
        if self.may_have_landed() { Failure::MayHaveLanded(self) } else { Failure::Refused(self) }
    }
}

/// Which step of a write that looks first failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookThenWrite {
    /// Reading the item failed: nothing was written, whatever the error.
    Look(ApiError),
    Write(ApiError),
}

impl WriteError for LookThenWrite {
    fn rate_limited(&self) -> Option<Option<Duration>> {
        match self {
            LookThenWrite::Look(error) | LookThenWrite::Write(error) => error.rate_limited(),
        }
    }

    fn not_sent(&self) -> bool {
        match self {
            LookThenWrite::Look(error) | LookThenWrite::Write(error) => error.not_sent(),
        }
    }

    fn failure(self) -> Failure {
        match self {
            LookThenWrite::Look(error) => Failure::Refused(error),
            LookThenWrite::Write(error) => error.failure(),
        }
    }
}

/// What the runner needs of the world: waiting, and whether to stop.
pub trait Pacing {
    fn wait(&self, duration: Duration) -> impl Future<Output = ()>;
    fn stopped(&self) -> bool;
}

/// Sends `write(item)` for every item, `concurrency` at a time.
pub async fn run<I, T, W, F>(
    items: Vec<I>,
    concurrency: usize,
    pacing: &impl Pacing,
    progress: impl Fn(Progress),
    write: W,
) -> Report<I, T>
where
    I: Clone,
    W: Fn(I) -> F,
    F: Future<Output = Result<T, ApiError>>,
{
    run_steps(items, concurrency, pacing, progress, write).await
}

/// [`run`] for writes whose errors say more than an [`ApiError`], such as
/// [`LookThenWrite`].
pub async fn run_steps<I, T, E, W, F>(
    items: Vec<I>,
    concurrency: usize,
    pacing: &impl Pacing,
    progress: impl Fn(Progress),
    write: W,
) -> Report<I, T>
where
    I: Clone,
    E: WriteError,
    W: Fn(I) -> F,
    F: Future<Output = Result<T, E>>,
{
    let total = items.len();
    // Writes take the items in turn; each answer goes to its item's place, so
    // the report keeps the items' order whatever order the answers came in.
    let next = Cell::new(0);
    let answers: RefCell<Vec<Option<Result<T, Failure>>>> = RefCell::new((0..total).map(|_| None).collect());
    let state = Rc::new(RefCell::new(Progress { total, ..Progress::default() }));
    let user_gone = Cell::new(false);
    let worker = || async {
        loop {
            if pacing.stopped() || user_gone.get() {
                return;
            }
            let index = next.get();
            if index == total {
                return;
            }
            next.set(index + 1);
            let outcome = loop {
                match write(items[index].clone()).await {
                    Ok(value) => break Ok(value),
                    Err(error) if error.not_sent() => {
                        user_gone.set(true);
                        return;
                    }
                    Err(error) => match error.rate_limited() {
                        Some(retry_after) if !pacing.stopped() => {
                            let wait = retry_after.unwrap_or(DEFAULT_RATE_LIMIT_WAIT);
                            state.borrow_mut().paused_for = Some(wait);
                            progress(*state.borrow());
                            pacing.wait(wait).await;
                            state.borrow_mut().paused_for = None;
                        }
                        _ => break Err(error.failure()),
                    },
                }
            };
            {
                let mut state = state.borrow_mut();
                if outcome.is_ok() {
                    state.done += 1;
                } else {
                    state.failed += 1;
                }
            }
            progress(*state.borrow());
            answers.borrow_mut()[index] = Some(outcome);
        }
    };
    futures::future::join_all((0..concurrency.max(1)).map(|_| worker())).await;

    let mut report = Report { done: Vec::new(), failed: Vec::new(), not_sent: Vec::new() };
    for (item, answer) in items.into_iter().zip(answers.into_inner()) {
        match answer {
            Some(Ok(value)) => report.done.push((item, value)),
            Some(Err(failure)) => report.failed.push((item, failure)),
            None => report.not_sent.push(item),
        }
    }
    report
}

/// Pacing on the browser's clock, stopped by a [`crate::api::Cancel`].
#[derive(Debug)]
pub struct BrowserPacing<'a>(pub &'a crate::api::Cancel);

impl Pacing for BrowserPacing<'_> {
    fn wait(&self, duration: Duration) -> impl Future<Output = ()> {
        crate::platform::timer::sleep(duration)
    }

    fn stopped(&self) -> bool {
        self.0.is_cancelled()
    }
}

#[cfg(test)]
mod tests {
    use futures::executor::block_on;

    use super::*;

    /// Pacing that waits no time, counts the waits, and stops after `stop_after` writes.
    struct Scripted {
        waited: RefCell<Vec<Duration>>,
        writes: Cell<usize>,
        stop_after: usize,
    }

    impl Scripted {
        fn new(stop_after: usize) -> Scripted {
            Scripted { waited: RefCell::new(Vec::new()), writes: Cell::new(0), stop_after }
        }
    }

    impl Pacing for Scripted {
        async fn wait(&self, duration: Duration) {
            self.waited.borrow_mut().push(duration);
        }

        fn stopped(&self) -> bool {
            self.writes.get() >= self.stop_after
        }
    }

    #[test]
    fn every_item_is_written_and_reported_in_order() {
        let pacing = Scripted::new(usize::MAX);
        let report =
            block_on(run((1..=5).collect(), 2, &pacing, |_| {}, |n: i32| async move { Ok::<_, ApiError>(n * 10) }));
        assert_eq!(report.done, [(1, 10), (2, 20), (3, 30), (4, 40), (5, 50)]);
        assert!(report.failed.is_empty() && report.not_sent.is_empty());
    }

    /// Pending `times` times before it is ready, so other writes finish first.
    struct Slow {
        times: usize,
    }

    impl Future for Slow {
        type Output = ();

        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
            if self.times == 0 {
                return std::task::Poll::Ready(());
            }
            self.times -= 1;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    }

    #[test]
    fn answers_that_come_out_of_order_are_reported_in_the_order_of_the_items() {
        let pacing = Scripted::new(usize::MAX);
        let answered = RefCell::new(Vec::new());
        let write = |n: i32| {
            let answered = &answered;
            async move {
                // The first item's write is the slowest, and the third one fails.
                Slow { times: if n == 1 { 5 } else { 0 } }.await;
                answered.borrow_mut().push(n);
                if n == 3 { Err(ApiError::NotFound("gone".into())) } else { Ok(n * 10) }
            }
        };
        let report = block_on(run((1..=5).collect(), 2, &pacing, |_| {}, write));
        assert_ne!(answered.borrow()[0], 1, "the first item answered first: the test shows nothing");
        assert_eq!(report.done, [(1, 10), (2, 20), (4, 40), (5, 50)]);
        assert_eq!(report.failed.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn a_rate_limit_is_waited_out_as_retry_after_says_and_the_same_write_sent_again() {
        let pacing = Scripted::new(usize::MAX);
        let attempts = Cell::new(0);
        let write = |n: i32| {
            attempts.set(attempts.get() + 1);
            let limited = attempts.get() <= 2;
            async move {
                if limited { Err(ApiError::RateLimited { retry_after: Some(Duration::from_secs(30)) }) } else { Ok(n) }
            }
        };
        let report = block_on(run(vec![7], 1, &pacing, |_| {}, write));
        assert_eq!(report.done, [(7, 7)]);
        assert_eq!(*pacing.waited.borrow(), [Duration::from_secs(30); 2], "waited as long as asked, twice");
    }

    #[test]
    fn a_503_with_retry_after_is_waited_out_like_a_rate_limit_and_stopping_meanwhile_is_a_refusal() {
        let pacing = Scripted::new(usize::MAX);
        let attempts = Cell::new(0);
        let unavailable =
            || ApiError::Server { status: 503, message: "busy".into(), retry_after: Some(Duration::from_secs(4)) };
        let write = |n: i32| {
            attempts.set(attempts.get() + 1);
            let first = attempts.get() == 1;
            async move { if first { Err(unavailable()) } else { Ok(n) } }
        };
        let report = block_on(run(vec![7], 1, &pacing, |_| {}, write));
        assert_eq!(report.done, [(7, 7)], "sent again once the wait was over");
        assert_eq!(*pacing.waited.borrow(), [Duration::from_secs(4)]);

        let stopped = Scripted::new(0);
        let report = block_on(run_steps(vec![1], 1, &stopped, |_| {}, |_: i32| async { Err::<(), _>(unavailable()) }));
        assert_eq!(report.not_sent, [1], "stopped before it started");
        let stop_after_one = Scripted::new(1);
        let write = |_: i32| {
            stop_after_one.writes.set(1);
            async { Err::<(), _>(unavailable()) }
        };
        let report = block_on(run(vec![1], 1, &stop_after_one, |_| {}, write));
        assert_eq!(report.failed, [(1, Failure::Refused(unavailable()))], "not done, and never said to be");
    }

    #[test]
    fn a_write_that_may_have_landed_is_reported_and_never_resent() {
        let pacing = Scripted::new(usize::MAX);
        let attempts = Cell::new(0);
        let write = |n: i32| {
            attempts.set(attempts.get() + 1);
            async move {
                match n {
                    1 => Err(ApiError::Timeout),
                    2 => Err(ApiError::Server { status: 502, message: "bad gateway".into(), retry_after: None }),
                    3 => Err(ApiError::Validation("contactId 3 does not exist.".into())),
                    _ => Ok(()),
                }
            }
        };
        let report = block_on(run(vec![1, 2, 3, 4], 2, &pacing, |_| {}, write));
        assert_eq!(attempts.get(), 4, "one attempt each");
        assert_eq!(report.done, [(4, ())]);
        assert!(matches!(report.failed[0], (1, Failure::MayHaveLanded(ApiError::Timeout))));
        assert!(matches!(report.failed[1], (2, Failure::MayHaveLanded(ApiError::Server { .. }))));
        assert!(matches!(report.failed[2], (3, Failure::Refused(ApiError::Validation(_)))));
        assert_eq!(report.to_retry(), [1, 2], "a refusal is not offered again as it is");
    }

    #[test]
    fn stopping_takes_effect_between_writes_and_the_rest_are_not_sent() {
        let pacing = Scripted::new(3);
        let write = |n: i32| {
            pacing.writes.set(pacing.writes.get() + 1);
            async move { Ok::<_, ApiError>(n) }
        };
        let report = block_on(run((1..=10).collect(), 1, &pacing, |_| {}, write));
        assert_eq!(report.done.len(), 3);
        assert_eq!(report.not_sent, [4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(report.total(), 10);
    }

    #[test]
    fn a_write_not_sent_for_a_user_no_longer_signed_in_ends_the_batch_as_not_sent() {
        let pacing = Scripted::new(usize::MAX);
        let attempts = Cell::new(0);
        let write = |n: i32| {
            attempts.set(attempts.get() + 1);
            async move { if n >= 3 { Err(ApiError::NotSent) } else { Ok(n) } }
        };
        let report = block_on(run((1..=10).collect(), 2, &pacing, |_| {}, write));
        assert_eq!(report.done, [(1, 1), (2, 2)]);
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        assert_eq!(report.not_sent, [3, 4, 5, 6, 7, 8, 9, 10]);
        assert!(attempts.get() <= 4, "no write is tried after the first one not sent, but those under way");
    }

    #[test]
    fn a_failed_look_wrote_nothing_and_a_rate_limited_look_is_waited_out() {
        let pacing = Scripted::new(usize::MAX);
        let attempts = Cell::new(0);
        let write = |n: i32| {
            attempts.set(attempts.get() + 1);
            let first = attempts.get() == 1;
            async move {
                match n {
                    1 if first => Err(LookThenWrite::Look(ApiError::RateLimited { retry_after: None })),
                    1 => Ok(1),
                    2 => Err(LookThenWrite::Look(ApiError::Timeout)),
                    _ => Err(LookThenWrite::Write(ApiError::Timeout)),
                }
            }
        };
        let report = block_on(run_steps(vec![1, 2, 3], 1, &pacing, |_| {}, write));
        assert_eq!(report.done, [(1, 1)]);
        assert_eq!(*pacing.waited.borrow(), [DEFAULT_RATE_LIMIT_WAIT]);
        assert_eq!(report.failed[0], (2, Failure::Refused(ApiError::Timeout)), "the look timed out: nothing written");
        assert_eq!(report.failed[1], (3, Failure::MayHaveLanded(ApiError::Timeout)), "the write may have landed");
    }

    #[test]
    fn progress_counts_up_to_the_total() {
        let pacing = Scripted::new(usize::MAX);
        let seen = RefCell::new(Vec::new());
        let write = |n: i32| async move { if n % 2 == 0 { Err(ApiError::Conflict("x".into())) } else { Ok(()) } };
        block_on(run((1..=4).collect(), 3, &pacing, |p| seen.borrow_mut().push((p.done, p.failed)), write));
        let seen = seen.into_inner();
        assert_eq!(seen.last(), Some(&(2, 2)));
        assert_eq!(seen.len(), 4);
    }
}
