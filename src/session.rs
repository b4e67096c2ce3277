//! The signed-in session: kept in memory and in `sessionStorage` (so it
//! survives a reload but not the tab), never in `localStorage`, never logged.

use serde::{Deserialize, Serialize};

/// The `sessionStorage` key.
const STORAGE_KEY: &str = "account-admin.session";

/// Who is signed in, and the id the API knows the session by.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub session_id: String,
    pub client_name: String,
    pub user_name: String,
}

impl std::fmt::Debug for Session {
    /// Leaves the session id out, so that it never lands in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("client_name", &self.client_name)
            .field("user_name", &self.user_name)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// The session this tab saved, if any.
    pub fn load() -> Option<Session> {
        let text = storage()?.get_item(STORAGE_KEY).ok()??;
        serde_json::from_str(&text).ok()
    }

    /// Saves it for a reload of this tab.
    pub fn save(&self) {
        if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(self)) {
            // A full or disabled storage only costs a sign-in after reload.
            let _ = storage.set_item(STORAGE_KEY, &text);
        }
    }

    /// Forgets the saved session.
    pub fn forget() {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(STORAGE_KEY);
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

#[cfg(test)]
mod tests {
    use super::Session;

    #[test]
    fn debug_output_never_shows_the_session_id() {
        let session = Session { session_id: "secret-id".into(), client_name: "DEMO".into(), user_name: "ann".into() };
        let shown = format!("{session:?}");
        assert!(!shown.contains("secret-id") && shown.contains("ann"), "{shown}");
    }
}
