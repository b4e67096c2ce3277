//! When an idempotent read tries again by itself: on 429 and 502–504, up to a
//! few times, waiting what the server asked (`Retry-After`) or an exponential
//! backoff. Writes never retry by themselves.

use std::time::Duration;

use crate::api::ApiError;

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
    /// How long to wait before retry number `retry` (0-based) after `error`,
    /// or `None` to give up and show the error.
    pub fn wait_before(&self, retry: u32, error: &ApiError) -> Option<Duration> {
        if retry >= self.max_retries || !error.is_transient() {
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
        assert_eq!(RetryPolicy::default().wait_before(0, &limited(Some(2))), Some(Duration::from_secs(2)));
    }

    #[test]
    fn without_retry_after_the_backoff_doubles() {
        let policy = RetryPolicy::default();
        let waits: Vec<_> = (0..3).map(|n| policy.wait_before(n, &limited(None))).collect();
        assert_eq!(
            waits,
            [Some(Duration::from_millis(500)), Some(Duration::from_secs(1)), Some(Duration::from_secs(2))]
        );
    }

    #[test]
    fn it_gives_up_after_the_last_retry_or_when_asked_to_wait_too_long() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait_before(3, &limited(Some(1))), None);
        assert_eq!(policy.wait_before(0, &limited(Some(60))), None);
    }

    #[test]
    fn permanent_errors_are_not_retried() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait_before(0, &ApiError::Conflict("x".into())), None);
        assert_eq!(policy.wait_before(0, &ApiError::from_answer(500, None, "")), None);
        assert_eq!(policy.wait_before(0, &ApiError::Timeout), None);
    }
}
