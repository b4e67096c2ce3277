//! The signed-in session: kept in memory and in `sessionStorage` (so it
//! survives a reload but not the tab), never in `localStorage`, never logged.
//!
//! A new tab (a link opened with Ctrl/Cmd-click or the middle button) starts
//! with an empty `sessionStorage`; it asks the console's other tabs of the
//! same origin for the session over a `BroadcastChannel`, so it opens signed
//! in. Nothing is written anywhere for that.

use std::{cell::Cell, rc::Rc, time::Duration};

use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

/// The `sessionStorage` key.
const STORAGE_KEY: &str = "account-admin.session";
/// The channel tabs hand the session over on.
const CHANNEL: &str = "account-admin.session";
/// What a new tab sends to ask for the session.
const ASK: &str = "ask";
/// How long a new tab waits for an answer before showing the sign-in page.
const WAIT_FOR_OTHER_TABS: Duration = Duration::from_millis(300);

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

    /// Forgets the saved session, and the drafts of unsaved forms with it:
    /// the next user of this tab must not find them.
    pub fn forget() {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(STORAGE_KEY);
            let keys: Vec<String> = (0..storage.length().unwrap_or(0))
                .filter_map(|i| storage.key(i).ok().flatten())
                .filter(|key| key.starts_with(DRAFT_PREFIX))
                .collect();
            for key in keys {
                let _ = storage.remove_item(&key);
            }
        }
    }
}

/// The `sessionStorage` keys of form drafts start so.
const DRAFT_PREFIX: &str = "account-admin.draft.";

/// A form's draft: what was typed and not saved yet, kept in this tab's
/// `sessionStorage` under `name` until it is saved or discarded (never in
/// `localStorage`; callers leave secure values out).
#[derive(Clone, Copy, Debug)]
pub struct DraftSlot<'a>(pub &'a str);

impl DraftSlot<'_> {
    fn key(self) -> String {
        format!("{DRAFT_PREFIX}{}", self.0)
    }

    pub fn load(self) -> Option<String> {
        storage()?.get_item(&self.key()).ok()?
    }

    pub fn save(self, text: &str) {
        if let Some(storage) = storage() {
            // A full or disabled storage only loses the draft, not the form.
            let _ = storage.set_item(&self.key(), text);
        }
    }

    pub fn clear(self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&self.key());
        }
    }
}

/// Asks the console's other open tabs for their session; `None` when no tab
/// answers in time.
pub async fn from_other_tab() -> Option<Session> {
    let channel = web_sys::BroadcastChannel::new(CHANNEL).ok()?;
    let answer: Rc<Cell<Option<Session>>> = Rc::default();
    let on_message = {
        let answer = answer.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(text) = event.data().as_string()
                && let Ok(session) = serde_json::from_str::<Session>(&text)
            {
                answer.set(Some(session));
            }
        })
    };
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let asked = channel.post_message(&JsValue::from_str(ASK)).is_ok();
    let mut waited = Duration::ZERO;
    let step = Duration::from_millis(20);
    while asked && waited < WAIT_FOR_OTHER_TABS {
        if let Some(session) = answer.take() {
            channel.close();
            return Some(session);
        }
        crate::timer::sleep(step).await;
        waited += step;
    }
    channel.close();
    answer.take()
}

/// Answers other tabs that ask for the session with `current()`, for as long
/// as this tab lives.
pub fn answer_other_tabs(current: impl Fn() -> Option<Session> + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let replies = channel.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        if event.data().as_string().as_deref() == Some(ASK)
            && let Some(text) = current().and_then(|session| serde_json::to_string(&session).ok())
        {
            // A tab that is gone by now has nobody to read the answer: nothing to do.
            let _ = replies.post_message(&JsValue::from_str(&text));
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the tab, like the channel it serves.
    on_message.forget();
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
