//! [`ApiError`]: every way a call can fail, and the one place that turns a
//! failure into the reference's `{code, message}` answer.

use account_model::{ErrorBody, error};
use axum::{
    extract::{
        FromRequest, FromRequestParts, OriginalUri, Request,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// A failed call. Each variant maps to one status code.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed or a field is invalid; the message names it.
    #[error("{0}")]
    BadRequest(String),
    /// 401: no session, an expired one, or wrong credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the caller's role may not use this method.
    #[error("{0}")]
    Forbidden(String),
    /// 404 with body code 203, as the reference answers.
    #[error("{}", error::NO_RECORD_FOUND)]
    NotFound,
    /// 404 for a path that names no method.
    #[error("No such method: {0}")]
    NoSuchMethod(String),
    /// 405 for a known path called with a method it does not answer.
    #[error("Method not allowed: {0}")]
    MethodNotAllowed(String),
    /// 409: a uniqueness rule would break.
    #[error("{0}")]
    Conflict(String),
    /// 413: the body is larger than the sandbox accepts.
    #[error("{0}")]
    TooLarge(String),
    /// 429 with `Retry-After`.
    #[error("Too many requests: retry after {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    /// 503 with `Retry-After`, for injected outages.
    #[error("Service unavailable: retry after {retry_after_secs} seconds.")]
    Unavailable { retry_after_secs: u64 },
    /// 504: the request ran past the sandbox's request timeout.
    #[error("The request took too long and was stopped.")]
    Timeout,
    /// 500: a bug or a storage failure. The detail is logged (by
    /// [`log_internal_errors`]), never sent.
    #[error("Internal Server Error")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::BadRequest(message.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound | ApiError::NoSuchMethod(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Timeout => StatusCode::GATEWAY_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The body's `code`: the status, except the reference's 203 for a 404.
    fn code(&self) -> i64 {
        match self {
            ApiError::NotFound => error::NO_RECORD_FOUND_CODE,
            other => i64::from(other.status().as_u16()),
        }
    }
}

/// The detail of a 500, carried in the response's extensions for
/// [`log_internal_errors`] to log; it never reaches the client.
#[derive(Clone, Debug)]
pub struct InternalDetail(pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let detail = match &self {
            ApiError::Internal(detail) => Some(InternalDetail(detail.clone())),
            _ => None,
        };
        let retry_after = match self {
            ApiError::RateLimited { retry_after_secs } | ApiError::Unavailable { retry_after_secs } => {
                Some(retry_after_secs)
            }
            _ => None,
        };
        let body = ErrorBody { code: self.code(), message: self.to_string() };
        let mut response = (self.status(), axum::Json(body)).into_response();
        if let Some(secs) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Some(detail) = detail {
            response.extensions_mut().insert(detail);
        }
        response
    }
}

/// Logs the detail of every 500 the API answers, wherever it arose (a handler,
/// an extractor or a middleware), as axum's error-handling example does.
pub async fn log_internal_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    // The path as sent, prefix included (a nested router sees it stripped).
    let uri = request.extensions().get::<OriginalUri>().map_or(request.uri(), |original| &original.0);
    let path = uri.path().to_owned();
    let response = next.run(request).await;
    if let Some(InternalDetail(detail)) = response.extensions().get::<InternalDetail>() {
        tracing::error!(%method, %path, %detail, "internal error");
    }
    response
}

/// Messages of the 4xx a storage constraint answers. The handlers check every
/// rule first with a message of its own; these are the last line, so that a
/// check that missed a case still never answers 500.
const UNIQUE_VIOLATION: &str = "The change conflicts with a record that already exists.";
const CONSTRAINT_VIOLATION: &str = "The change breaks a rule of the stored data.";

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi;
        match e.sqlite_error() {
            Some(failure) if failure.code == rusqlite::ErrorCode::ConstraintViolation => {
                tracing::warn!(error = %e, "a storage constraint refused a write that the checks let through");
                match failure.extended_code {
                    ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                        ApiError::Conflict(UNIQUE_VIOLATION.into())
                    }
                    _ => ApiError::BadRequest(CONSTRAINT_VIOLATION.into()),
                }
            }
            _ => ApiError::Internal(format!("storage: {e}")),
        }
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::Internal(format!("stored JSON: {e}"))
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let message = rejection.body_text();
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(message),
            _ => ApiError::BadRequest(message),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}

/// `axum::Json` whose rejections answer in the API's error shape.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query` whose rejections answer in the API's error shape.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// `axum::extract::Path` whose rejections answer in the API's error shape.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

#[cfg(test)]
mod tests {
    use axum::{http::StatusCode, response::IntoResponse};
    use rusqlite::Connection;

    use super::{ApiError, InternalDetail};

    /// The error SQLite gives for `sql` run after the setup.
    fn storage_error(sql: &str) -> rusqlite::Error {
        let conn = Connection::open_in_memory().expect("an in-memory database");
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, level INTEGER CHECK (level >= 0));
             INSERT INTO t (id, name, level) VALUES (1, 'a', 1);",
        )
        .expect("setup");
        conn.execute_batch(sql).expect_err(sql)
    }

    #[test]
    fn a_storage_constraint_answers_a_4xx_never_a_500() {
        let cases = [
            ("INSERT INTO t (name) VALUES ('a')", StatusCode::CONFLICT),
            ("INSERT INTO t (id, name) VALUES (1, 'b')", StatusCode::CONFLICT),
            ("INSERT INTO t (name) VALUES (NULL)", StatusCode::BAD_REQUEST),
            ("INSERT INTO t (name, level) VALUES ('c', -1)", StatusCode::BAD_REQUEST),
        ];
        for (sql, status) in cases {
            assert_eq!(ApiError::from(storage_error(sql)).status(), status, "{sql}");
        }
        let other = ApiError::from(storage_error("SELECT * FROM missing"));
        assert_eq!(other.status(), StatusCode::INTERNAL_SERVER_ERROR, "other storage failures are internal");
    }

    #[test]
    fn an_internal_error_carries_its_detail_for_the_log_but_never_sends_it() {
        let response = ApiError::Internal("storage: disk I/O error at /secret/path".into()).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let detail = response.extensions().get::<InternalDetail>().map(|d| d.0.clone());
        assert_eq!(detail.as_deref(), Some("storage: disk I/O error at /secret/path"));
        let message = ApiError::Internal("storage: disk I/O error at /secret/path".into()).to_string();
        assert_eq!(message, "Internal Server Error");
        assert!(ApiError::NotFound.into_response().extensions().get::<InternalDetail>().is_none());
    }
}
