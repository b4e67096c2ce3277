//! [`ApiError`]: every way a call can fail, and [`ApiError::from_answer`], the
//! one place that turns a non-2xx answer into one.

use std::time::Duration;

use account_model::ErrorBody;

/// A failed call, classified so that the UI can say what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// 401: no session, an expired one, or refused credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the user's role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// 404: the record (or the method) does not exist.
    #[error("{0}")]
    NotFound(String),
    /// 409: the server's message says what clashes.
    #[error("{0}")]
    Conflict(String),
    /// 400 (and 413, 422): the request was refused as invalid; the message
    /// names the field.
    #[error("{0}")]
    Validation(String),
    /// 429: wait `retry_after` (when the server said) before trying again.
    #[error("{}", rate_limited_text(*.retry_after))]
    RateLimited { retry_after: Option<Duration> },
    /// 5xx: the service failed; 503 may carry `Retry-After`.
    #[error("The Account API failed (HTTP {status}): {message}")]
    Server { status: u16, message: String, retry_after: Option<Duration> },
    /// The request never got an answer: offline, DNS, CORS, refused.
    #[error("Cannot reach the Account API: {0}")]
    Network(String),
    /// No answer within the configured time.
    #[error("The Account API did not answer in time.")]
    Timeout,
    /// Cancelled by the console, e.g. superseded by a newer request.
    #[error("The request was cancelled.")]
    Aborted,
    /// Never sent: the user it was made for signed out, or another user
    /// signed in, before it left (see `ApiClient::for_user`).
    #[error("Not sent: the user it was for is no longer signed in.")]
    NotSent,
    /// A 2xx answer whose body is not what the reference describes.
    #[error("The Account API sent an answer the console cannot read: {0}")]
    Decode(String),
}

fn rate_limited_text(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!("Too many requests: try again in {} s.", wait.as_secs().max(1)),
        None => "Too many requests: try again in a moment.".into(),
    }
}

impl ApiError {
    /// Classifies a non-2xx answer from its status, `Retry-After` header and
    /// body (`{code, message}` when the service sent one).
    pub fn from_answer(status: u16, retry_after: Option<&str>, body: &str) -> ApiError {
        let message = serde_json::from_str::<ErrorBody>(body)
            .ok()
            .map(|b| b.message.trim().to_string())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| default_message(status).to_string());
        let retry_after = retry_after.and_then(parse_retry_after);
        match status {
            400 | 413 | 422 => ApiError::Validation(message),
            401 => ApiError::Unauthorized(message),
            403 => ApiError::Forbidden(message),
            404 | 410 => ApiError::NotFound(message),
            409 => ApiError::Conflict(message),
            429 => ApiError::RateLimited { retry_after },
            _ => ApiError::Server { status, message, retry_after },
        }
    }

    /// Whether an idempotent read may be sent again by itself: rate limits and
    /// temporary unavailability.
    pub fn is_transient(&self) -> bool {
        matches!(self, ApiError::RateLimited { .. } | ApiError::Server { status: 502..=504, .. })
    }

    /// Whether the server answered and refused the call as it is (400, 403,
    /// 404, 409): sending it again unchanged gets the same answer, so it is
    /// never offered again as it is. A 401 is not one: signing in again may
    /// let it through.
    pub fn is_refusal(&self) -> bool {
        matches!(self, ApiError::Forbidden(_) | ApiError::NotFound(_) | ApiError::Conflict(_) | ApiError::Validation(_))
    }

    /// Whether a write that failed this way may still have landed: no clear
    /// answer came (a timeout, a lost connection, a 5xx, a 2xx the console
    /// cannot read, an abort after sending). A refusal (a 4xx, a 429 or a
    /// 503 with `Retry-After` the client stopped waiting on) means it did not.
    pub fn may_have_landed(&self) -> bool {
        match self {
            ApiError::Server { .. } => self.asks_to_wait().is_none(),
            _ => matches!(self, ApiError::Timeout | ApiError::Network(_) | ApiError::Decode(_) | ApiError::Aborted),
        }
    }

    /// The server did not act and asks for the same call again later: a 429,
    /// or a 503 with `Retry-After` (the service is unavailable for a while).
    /// How long to wait, when it said. Reads and writes alike wait it out.
    pub fn asks_to_wait(&self) -> Option<Option<Duration>> {
        match self {
            ApiError::RateLimited { retry_after } => Some(*retry_after),
            ApiError::Server { status: 503, retry_after: Some(wait), .. } => Some(Some(*wait)),
            _ => None,
        }
    }

    /// How long the server asked to wait, if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::RateLimited { retry_after } | ApiError::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

fn default_message(status: u16) -> &'static str {
    match status {
        400 => "The request was refused as invalid.",
        401 => "Sign in again: the session is not valid.",
        403 => "Your role may not do this.",
        404 => account_model::error::NO_RECORD_FOUND,
        409 => "That clashes with existing data.",
        429 => "Too many requests.",
        _ => "the service failed",
    }
}

/// `Retry-After` in seconds. (An HTTP date is not worth honouring here: the
/// backoff takes over.)
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_maps_to_its_class_with_the_servers_message() {
        let body = |code, message: &str| format!(r#"{{"code": {code}, "message": "{message}"}}"#);
        assert_eq!(
            ApiError::from_answer(400, None, &body(400, "name is mandatory.")),
            ApiError::Validation("name is mandatory.".into())
        );
        assert_eq!(ApiError::from_answer(401, None, &body(401, "expired")), ApiError::Unauthorized("expired".into()));
        assert_eq!(
            ApiError::from_answer(403, None, &body(403, "needs Sysadmin")),
            ApiError::Forbidden("needs Sysadmin".into())
        );
        assert_eq!(
            ApiError::from_answer(404, None, &body(203, "No Record Found")),
            ApiError::NotFound("No Record Found".into())
        );
        assert_eq!(
            ApiError::from_answer(409, None, &body(409, "Association already exists.")),
            ApiError::Conflict("Association already exists.".into())
        );
        assert_eq!(
            ApiError::from_answer(429, Some("7"), ""),
            ApiError::RateLimited { retry_after: Some(Duration::from_secs(7)) }
        );
        assert_eq!(
            ApiError::from_answer(503, Some("2"), "<html>busy</html>"),
            ApiError::Server {
                status: 503,
                message: "the service failed".into(),
                retry_after: Some(Duration::from_secs(2))
            }
        );
    }

    #[test]
    fn a_body_that_is_not_the_error_shape_still_gives_a_message() {
        let error = ApiError::from_answer(404, None, "Not Found");
        assert_eq!(error, ApiError::NotFound("No Record Found".into()));
        assert_eq!(ApiError::from_answer(400, None, "").to_string(), "The request was refused as invalid.");
    }

    #[test]
    fn only_rate_limits_and_unavailability_are_transient() {
        assert!(ApiError::RateLimited { retry_after: None }.is_transient());
        assert!(ApiError::from_answer(503, None, "").is_transient());
        assert!(!ApiError::from_answer(500, None, "").is_transient());
        assert!(!ApiError::Timeout.is_transient());
        assert!(!ApiError::Validation("x".into()).is_transient());
    }

    #[test]
    fn a_503_with_retry_after_asks_to_wait_and_never_may_have_landed_unlike_other_5xx() {
        let unavailable = ApiError::from_answer(503, Some("2"), "");
        assert_eq!(unavailable.asks_to_wait(), Some(Some(Duration::from_secs(2))));
        assert!(!unavailable.may_have_landed(), "the server did not act");
        assert_eq!(ApiError::RateLimited { retry_after: None }.asks_to_wait(), Some(None));
        for unclear in [ApiError::from_answer(503, None, ""), ApiError::from_answer(500, Some("2"), "")] {
            assert_eq!(unclear.asks_to_wait(), None, "{unclear:?}");
            assert!(unclear.may_have_landed(), "{unclear:?}");
        }
        for refusal in [400, 403, 404, 409, 429] {
            assert!(!ApiError::from_answer(refusal, Some("1"), "").may_have_landed(), "{refusal}");
        }
    }

    #[test]
    fn messages_read_as_advice() {
        assert_eq!(
            ApiError::RateLimited { retry_after: Some(Duration::from_secs(3)) }.to_string(),
            "Too many requests: try again in 3 s."
        );
        assert_eq!(parse_retry_after(" 12 "), Some(Duration::from_secs(12)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT"), None);
    }
}
