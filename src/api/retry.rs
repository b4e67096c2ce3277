//! When a call is sent again by itself: a read on 429 and 502–504, a write on
//! 429 and on 503 with `Retry-After` alone (the server did not act on it), up
//! to a few times, waiting what the server asked (`Retry-After`) or an
//! exponential backoff. A write that met a timeout or another 5xx is never
//! resent: it may have landed.

use std::time::Duration;

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

#[cfg(test)]
mod tests {
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
}
