//! Sessions and roles: who is calling, and may they use this method.
//!
//! Sessions live in memory (a restart signs everyone out, as a vendor
//! deployment would) and expire after `--session-idle-secs` without use.

use std::{
    collections::HashMap,
    marker::PhantomData,
    sync::{Mutex, PoisonError},
    time::{Duration, Instant},
};

use account_model::{Role, SESSION_HEADER, session::Permission};
use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, request::Parts},
};

use crate::{AppState, error::ApiError};

/// A signed-in user.
#[derive(Clone, Debug)]
pub struct Session {
    pub user_id: i64,
    pub client_id: i64,
    pub user_name: String,
    pub role: Role,
}

#[derive(Debug)]
struct Entry {
    session: Session,
    last_used: Instant,
}

/// The live sessions by id.
#[derive(Debug)]
pub struct Sessions {
    idle_limit: Duration,
    live: Mutex<HashMap<String, Entry>>,
}

impl Sessions {
    pub fn new(idle_limit: Duration) -> Self {
        Sessions { idle_limit, live: Mutex::new(HashMap::new()) }
    }

    /// Opens a session and answers its id.
    pub fn open(&self, session: Session) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        let mut live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        live.retain(|_, entry| now.duration_since(entry.last_used) < self.idle_limit);
        live.insert(id.clone(), Entry { session, last_used: now });
        id
    }

    /// The session `id` names, when it is live; using it restarts its idle clock.
    pub fn touch(&self, id: &str) -> Option<Session> {
        let mut live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let entry = live.get_mut(id)?;
        if now.duration_since(entry.last_used) >= self.idle_limit {
            live.remove(id);
            return None;
        }
        entry.last_used = now;
        Some(entry.session.clone())
    }

    /// Ends a session; answers whether it was live.
    pub fn close(&self, id: &str) -> bool {
        self.live.lock().unwrap_or_else(PoisonError::into_inner).remove(id).is_some()
    }
}

/// The session id an `LV-Session` header carries.
pub fn session_id(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get(SESSION_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::Unauthorized(format!("Missing {SESSION_HEADER} header: sign in first.")))
}

/// What a handler needs of its caller: a type per row of NOTES.md's roles table.
pub trait Needs {
    const PERMISSION: Permission;
}

macro_rules! needs {
    ($($(#[$doc:meta])* $name:ident,)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;
        impl Needs for $name {
            const PERMISSION: Permission = Permission::$name;
        }
    )*};
}

// One marker per `Permission` variant; the variants say what each allows.
needs! {
    WriteAccounts,
    ReadAccounts,
    LinkContacts,
    WriteCategories,
    ReadCategories,
    ReadType,
}

/// The caller of a method that needs `N`: a live session whose role allows it.
/// Rejects with 401 before 403, and both before the body is read.
#[derive(Debug)]
pub struct Caller<N> {
    pub session: Session,
    needs: PhantomData<N>,
}

impl<N: Needs + Send> FromRequestParts<AppState> for Caller<N> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let id = session_id(&parts.headers)?;
        let session = state
            .sessions
            .touch(id)
            .ok_or_else(|| ApiError::Unauthorized("Session is invalid or has expired: sign in again.".into()))?;
        if !N::PERMISSION.allows(session.role) {
            return Err(ApiError::Forbidden(format!(
                "The {} role may not do this: it needs the {} role.",
                session.role.as_str(),
                N::PERMISSION.roles_text()
            )));
        }
        Ok(Caller { session, needs: PhantomData })
    }
}
