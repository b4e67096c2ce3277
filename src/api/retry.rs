//! When a call is sent again by itself: a read on 429 and 502–504, a write on
//! 429 and on 503 with `Retry-After` alone (the server did not act on it), up
//! to a few times, waiting what the server asked (`Retry-After`) or an
//! exponential backoff. A write that met a timeout or another 5xx is never
//! resent: it may have landed.
//!
//! [`resend`] is the loop every call of the client goes through: these
//! waits, and on a 401 a new sign-in and the same call again. Its I/O comes
//! in as a [`Line`], so the rule is tested natively, and so are the pages'
//! protocols on top of it (the account form's save).

use std::{future::Future, time::Duration};

use crate::api::{ApiError, Kind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff; it doubles each time.
    pub base: Duration,
    /// No wait is longer than this; a server asking for more gets the error
    /// shown instead, with its wait.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: 3, base: Duration::from_millis(500), max_wait: Duration::from_secs(10) }
    }
}

impl RetryPolicy {
    /// How long to wait before retry number `retry` (0-based) of a call of
    /// `kind` after `error`, or `None` to give up and show the error.
    pub fn wait_before(&self, retry: u32, error: &ApiError, kind: Kind) -> Option<Duration> {
        let resend = match kind {
            Kind::Read => error.is_transient(),
            Kind::Write => error.asks_to_wait().is_some(),
            Kind::Login => false,
        };
        if retry >= self.max_retries || !resend {
            return None;
        }
        let wait = error.retry_after().unwrap_or_else(|| self.base.saturating_mul(1 << retry.min(16)));
        (wait <= self.max_wait).then_some(wait)
    }
}

/// One call as [`resend`] sends it: the attempts, and the rest of the
/// client around them.
pub trait Line {
    /// Whether the call may go out now; else it fails with
    /// [`ApiError::NotSent`] (its user is no longer signed in).
    fn may_send(&self) -> bool;
    /// The session the call goes out with now.
    fn session_id(&self) -> Option<String>;
    /// Sends the call once: the body of a 2xx answer.
    fn attempt(&self) -> impl Future<Output = Result<String, ApiError>>;
    /// After a 401: waits for the user to sign in again (true when they
    /// did), or `None` when this call cannot ask for that.
    fn sign_in_again(&self) -> Option<impl Future<Output = bool>>;
    /// Told of a 403.
    fn forbidden(&self);
    fn sleep(&self, wait: Duration) -> impl Future<Output = ()>;
}

/// Sends a call of `kind` until it has an answer to give: resent after a
/// new sign-in (at once when someone signed in again while it was under
/// way), and after the waits `policy` allows; answers the body of a 2xx.
pub async fn resend(kind: Kind, policy: &RetryPolicy, line: &impl Line) -> Result<String, ApiError> {
    let mut retries = 0;
    loop {
        if !line.may_send() {
            return Err(ApiError::NotSent);
        }
        let sent_with = line.session_id();
        let error = match line.attempt().await {
            Ok(body) => return Ok(body),
            Err(error) => error,
        };
        if let ApiError::Unauthorized(_) = error
            && let Some(signed_in) = line.sign_in_again()
        {
            // Someone signed in again while this call was under way (the
            // dialog another call opened): resend with the new session.
            if line.session_id() != sent_with || signed_in.await {
                continue;
            }
            return Err(error);
        }
        if let ApiError::Forbidden(_) = error {
            line.forbidden();
        }
        if let Some(wait) = policy.wait_before(retries, &error, kind) {
            line.sleep(wait).await;
            retries += 1;
            continue;
        }
        return Err(error);
    }
}

#[cfg(test)]
mod tests {
    use futures::executor::block_on;

    use super::*;

    fn limited(secs: Option<u64>) -> ApiError {
        ApiError::RateLimited { retry_after: secs.map(Duration::from_secs) }
    }

    #[test]
    fn retry_after_is_honoured() {
        assert_eq!(RetryPolicy::default().wait_before(0, &limited(Some(2)), Kind::Read), Some(Duration::from_secs(2)));
    }

    #[test]
    fn without_retry_after_the_backoff_doubles() {
        let policy = RetryPolicy::default();
        let waits: Vec<_> = (0..3).map(|n| policy.wait_before(n, &limited(None), Kind::Read)).collect();
        assert_eq!(
            waits,
            [Some(Duration::from_millis(500)), Some(Duration::from_secs(1)), Some(Duration::from_secs(2))]
        );
    }

    #[test]
    fn it_gives_up_after_the_last_retry_or_when_asked_to_wait_too_long() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait_before(3, &limited(Some(1)), Kind::Read), None);
        assert_eq!(policy.wait_before(0, &limited(Some(60)), Kind::Read), None);
    }

    #[test]
    fn permanent_errors_are_not_retried() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait_before(0, &ApiError::Conflict("x".into()), Kind::Read), None);
        assert_eq!(policy.wait_before(0, &ApiError::from_answer(500, None, ""), Kind::Read), None);
        assert_eq!(policy.wait_before(0, &ApiError::Timeout, Kind::Read), None);
    }

    #[test]
    fn a_write_is_resent_after_a_rate_limit_but_never_after_a_failure_that_may_have_landed() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait_before(0, &limited(Some(2)), Kind::Write), Some(Duration::from_secs(2)));
        for landed_maybe in
            [ApiError::Timeout, ApiError::from_answer(503, None, ""), ApiError::from_answer(500, Some("1"), "")]
        {
            assert_eq!(policy.wait_before(0, &landed_maybe, Kind::Write), None, "{landed_maybe:?}");
        }
        assert_eq!(policy.wait_before(0, &limited(Some(1)), Kind::Login), None, "a sign-in is not sent twice");
    }

    #[test]
    fn a_503_with_retry_after_is_waited_out_for_reads_and_writes_alike() {
        let policy = RetryPolicy::default();
        let unavailable = ApiError::from_answer(503, Some("3"), "");
        for kind in [Kind::Read, Kind::Write] {
            assert_eq!(policy.wait_before(0, &unavailable, kind), Some(Duration::from_secs(3)), "{kind:?}");
            assert_eq!(policy.wait_before(3, &unavailable, kind), None, "{kind:?}: a few times only");
        }
        let too_long = ApiError::from_answer(503, Some("60"), "");
        assert_eq!(policy.wait_before(0, &too_long, Kind::Write), None, "longer than the client waits: the caller's");
    }

    /// A call whose attempts answer `answers` in turn, on a line whose
    /// session `signed_in_meanwhile` changes during the first attempt.
    struct Scripted {
        answers: std::cell::RefCell<Vec<Result<String, ApiError>>>,
        session: std::cell::Cell<u32>,
        signed_in_meanwhile: bool,
        asked: std::cell::Cell<u32>,
        may_send: bool,
    }

    impl Scripted {
        fn new(mut answers: Vec<Result<String, ApiError>>) -> Scripted {
            answers.reverse();
            let answers = std::cell::RefCell::new(answers);
            Scripted { answers, session: 0.into(), signed_in_meanwhile: false, asked: 0.into(), may_send: true }
        }
    }

    impl Line for Scripted {
        fn may_send(&self) -> bool {
            self.may_send
        }

        fn session_id(&self) -> Option<String> {
            Some(self.session.get().to_string())
        }

        fn attempt(&self) -> impl Future<Output = Result<String, ApiError>> {
            if self.signed_in_meanwhile {
                self.session.set(self.session.get() + 1);
            }
            std::future::ready(self.answers.borrow_mut().pop().unwrap_or(Ok("last".into())))
        }

        fn sign_in_again(&self) -> Option<impl Future<Output = bool>> {
            Some(async {
                self.asked.set(self.asked.get() + 1);
                true
            })
        }

        fn forbidden(&self) {}

        async fn sleep(&self, _: Duration) {}
    }

    #[test]
    fn a_401_is_resent_after_a_new_sign_in_or_at_once_when_someone_signed_in_meanwhile() {
        let expired = || Err(ApiError::Unauthorized("expired".into()));
        let line = Scripted::new(vec![expired(), Ok("body".into())]);
        assert_eq!(block_on(resend(Kind::Write, &RetryPolicy::default(), &line)), Ok("body".into()));
        assert_eq!(line.asked.get(), 1);
        let line = Scripted { signed_in_meanwhile: true, ..Scripted::new(vec![expired(), Ok("body".into())]) };
        assert_eq!(block_on(resend(Kind::Write, &RetryPolicy::default(), &line)), Ok("body".into()));
        assert_eq!(line.asked.get(), 0, "no second sign-in asked for");
    }

    #[test]
    fn a_call_for_a_user_no_longer_signed_in_is_not_sent() {
        let line = Scripted { may_send: false, ..Scripted::new(vec![]) };
        assert_eq!(block_on(resend(Kind::Read, &RetryPolicy::default(), &line)), Err(ApiError::NotSent));
    }
}
