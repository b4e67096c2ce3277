//! Fault injection, on only with `--faults`: a test makes the next N calls to a
//! path answer 429 or 503 with `Retry-After`, 500, stall, arrive late, or be
//! answered at once but delivered late, and expires a session at once.
//!
//! - `POST   {prefix}/__sandbox/faults` with a [`FaultRule`] adds a rule;
//! - `DELETE {prefix}/__sandbox/faults` removes every rule;
//! - `POST   {prefix}/__sandbox/sessions/expire` with `{"sessionId"}` ends it.

use std::{
    sync::{Mutex, PoisonError},
    time::Duration,
};

use axum::{
    Router,
    extract::State,
    http::{Method, StatusCode},
    routing::post,
};
use serde::{Deserialize, Serialize};

use crate::{
    AppState,
    error::{ApiError, Json},
};

/// What an injected fault does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FaultKind {
    /// 429 with `Retry-After: retryAfterSecs`.
    RateLimit,
    /// 503 with `Retry-After: retryAfterSecs`.
    Unavailable,
    /// 500.
    ServerError,
    /// Waits `delayMs` (default two minutes, past any client timeout) before
    /// answering; the request timeout may answer 504 first.
    Stall,
    /// Waits `delayMs`, then answers normally: makes an earlier call slower
    /// than a later one.
    Delay,
    /// Answers at once, as things stand now, but holds the answer `delayMs`
    /// before sending it: an older answer arrives after a newer one.
    SlowAnswer,
}

/// What a fault does to the call it hits.
#[derive(Debug)]
pub enum Outcome {
    /// Answer this instead of running the call.
    Answer(ApiError),
    /// Run the call.
    Proceed,
    /// Run the call, then hold its answer this long.
    HoldAnswer(Duration),
}

/// One rule: the next `times` calls to `path` (and `method`, when given) fail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRule {
    /// The API path without the prefix or query, e.g. `/account/accounts`.
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    pub kind: FaultKind,
    #[serde(default = "one")]
    pub times: u32,
    #[serde(default = "one_u64")]
    pub retry_after_secs: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
}

fn one() -> u32 {
    1
}

fn one_u64() -> u64 {
    1
}

impl FaultRule {
    fn matches(&self, method: &Method, path: &str) -> bool {
        self.times > 0
            && self.path.trim_end_matches('/') == path.trim_end_matches('/')
            && self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
    }

    /// Waits as the rule says (before the call), and says what to do with it.
    pub async fn apply(&self) -> Outcome {
        let retry_after_secs = self.retry_after_secs;
        let delay = |default_ms| Duration::from_millis(self.delay_ms.unwrap_or(default_ms));
        match self.kind {
            FaultKind::RateLimit => Outcome::Answer(ApiError::RateLimited { retry_after_secs }),
            FaultKind::Unavailable => Outcome::Answer(ApiError::Unavailable { retry_after_secs }),
            FaultKind::ServerError => Outcome::Answer(ApiError::Internal("injected fault".into())),
            FaultKind::Stall => {
                tokio::time::sleep(delay(120_000)).await;
                Outcome::Proceed
            }
            FaultKind::Delay => {
                tokio::time::sleep(delay(1_000)).await;
                Outcome::Proceed
            }
            FaultKind::SlowAnswer => Outcome::HoldAnswer(delay(1_000)),
        }
    }
}

/// The rules in force, first match wins.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<FaultRule>>,
}

impl Faults {
    pub fn add(&self, rule: FaultRule) {
        self.rules.lock().unwrap_or_else(PoisonError::into_inner).push(rule);
    }

    pub fn clear(&self) {
        self.rules.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    /// Uses up one call of the first rule that matches.
    pub fn take(&self, method: &Method, path: &str) -> Option<FaultRule> {
        let mut rules = self.rules.lock().unwrap_or_else(PoisonError::into_inner);
        let index = rules.iter().position(|rule| rule.matches(method, path))?;
        rules[index].times -= 1;
        let rule = rules[index].clone();
        if rules[index].times == 0 {
            rules.remove(index);
        }
        Some(rule)
    }
}

/// The control routes; none without `--faults`.
pub fn router(enabled: bool) -> Router<AppState> {
    if !enabled {
        return Router::new();
    }
    Router::new()
        .route("/__sandbox/faults", post(add_rule).delete(clear_rules))
        .route("/__sandbox/sessions/expire", post(expire_session))
}

fn faults(state: &AppState) -> Result<&Faults, ApiError> {
    state.faults.as_deref().ok_or_else(|| ApiError::NoSuchMethod("fault injection is off".into()))
}

async fn add_rule(State(state): State<AppState>, Json(rule): Json<FaultRule>) -> Result<StatusCode, ApiError> {
    if !rule.path.starts_with('/') {
        return Err(ApiError::bad_request("path must start with / and leave out the API prefix."));
    }
    faults(&state)?.add(rule);
    Ok(StatusCode::NO_CONTENT)
}

async fn clear_rules(State(state): State<AppState>) -> Result<StatusCode, ApiError> {
    faults(&state)?.clear();
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExpireSession {
    session_id: String,
}

async fn expire_session(
    State(state): State<AppState>,
    Json(body): Json<ExpireSession>,
) -> Result<StatusCode, ApiError> {
    faults(&state)?;
    if state.sessions.close(&body.session_id) { Ok(StatusCode::NO_CONTENT) } else { Err(ApiError::NotFound) }
}
