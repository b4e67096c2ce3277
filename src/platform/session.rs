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

/// Who is signed in, as the console tells users apart: the client and user
/// names, ignoring case as signing in does. Everything that belongs to a
/// user (drafts, saved searches, and the console's per-user scope, see
/// `app/mod.rs`) is kept per identity and never offered to another.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Identity {
    client: String,
    user: String,
}

impl Identity {
    pub fn new(client: &str, user: &str) -> Identity {
        Identity { client: client.to_lowercase(), user: user.to_lowercase() }
    }

    /// The identity in a storage key: `client.user`, with `%` and `.` in the
    /// names escaped, so that no two identities share a key.
    pub fn key(&self) -> String {
        let escape = |name: &str| name.replace('%', "%25").replace('.', "%2E");
        format!("{}.{}", escape(&self.client), escape(&self.user))
    }
}

/// How the signed-in user changed, when the console builds their scope
/// again (`app/mod.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserChange {
    /// The console starts: signed in from this tab's storage, or not.
    Start,
    /// Somebody signed in where nobody was: the address is kept, so a pasted
    /// link opens where it points.
    SignedIn,
    /// The user signed out, or chose to instead of signing in again.
    SignedOut,
    /// Another user signed in over an ended session (the sign-in dialog).
    OtherUser,
}

impl UserChange {
    /// `before`: whom the previous scope was for (`None` before the first);
    /// `now`: who is signed in now.
    pub fn between(before: Option<&Option<Identity>>, now: Option<&Identity>) -> UserChange {
        match (before, now) {
            (None, _) => UserChange::Start,
            (Some(None), Some(_)) => UserChange::SignedIn,
            (Some(Some(_)), None) | (Some(None), None) => UserChange::SignedOut,
            (Some(Some(_)), Some(_)) => UserChange::OtherUser,
        }
    }

    /// Whether the address goes back to the start page: the one the last
    /// user left names their search or account, which is theirs.
    pub fn leaves_the_address(self) -> bool {
        matches!(self, UserChange::SignedOut | UserChange::OtherUser)
    }

    /// Whether focus goes to the new page's heading: the control that had
    /// it (the sign-in form) is gone.
    pub fn focuses_the_heading(self) -> bool {
        matches!(self, UserChange::SignedIn | UserChange::OtherUser)
    }
}

impl Session {
    /// Who this session is for.
    pub fn identity(&self) -> Identity {
        Identity::new(&self.client_name, &self.user_name)
    }

    /// The session this tab saved, if any.
    pub fn load() -> Option<Session> {
        let text = storage()?.get_item(STORAGE_KEY).ok()??;
        serde_json::from_str(&text).ok()
    }

    /// Saves it for a reload of this tab. The drafts of any other user go:
    /// another user signing in ends their work in this tab.
    pub fn save(&self) {
        if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(self)) {
            // A full or disabled storage only costs a sign-in after reload.
            let _ = storage.set_item(STORAGE_KEY, &text);
            let own = draft_prefix(&self.identity());
            remove_drafts(&storage, |key| !key.starts_with(&own));
        }
    }

    /// Forgets the saved session, and the drafts of unsaved forms with it:
    /// the next user of this tab must not find them.
    pub fn forget() {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(STORAGE_KEY);
            remove_drafts(&storage, |_| true);
        }
    }
}

/// The `sessionStorage` keys of form drafts start so.
const DRAFT_PREFIX: &str = "account-admin.draft.";

/// The start of the keys of `who`'s drafts.
fn draft_prefix(who: &Identity) -> String {
    format!("{DRAFT_PREFIX}{}.", who.key())
}

/// Removes the drafts whose key `remove` picks.
fn remove_drafts(storage: &web_sys::Storage, remove: impl Fn(&str) -> bool) {
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(DRAFT_PREFIX) && remove(key))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

/// A form's draft: what was typed and not saved yet, kept in this tab's
/// `sessionStorage` under `name` and the signed-in user until it is saved or
/// discarded (never in `localStorage`; callers leave secure values out).
/// Only the user who typed it is offered it back; while nobody is signed in
/// there is no draft.
#[derive(Clone, Copy, Debug)]
pub struct DraftSlot<'a>(pub &'a str);

impl DraftSlot<'_> {
    fn key(self) -> Option<String> {
        Some(format!("{}{}", draft_prefix(&Session::load()?.identity()), self.0))
    }

    pub fn load(self) -> Option<String> {
        storage()?.get_item(&self.key()?).ok()?
    }

    pub fn save(self, text: &str) {
        if let (Some(storage), Some(key)) = (storage(), self.key()) {
            // A full or disabled storage only loses the draft, not the form.
            let _ = storage.set_item(&key, text);
        }
    }

    pub fn clear(self) {
        if let (Some(storage), Some(key)) = (storage(), self.key()) {
            let _ = storage.remove_item(&key);
        }
    }
}

/// Work a page left unfinished, kept for its user to continue (an import
/// left while its rows were sent): in memory, in the user's scope, which
/// provides it, and in a draft slot of this tab's `sessionStorage`, for a
/// reload. Both go with the user: the scope on sign-out or another user's
/// sign-in, the slot with the drafts. Kept as the page's JSON, so that this
/// module, in the console's first download, needs no page's types.
#[derive(Clone, Copy, Debug)]
pub struct LeftWork(leptos::prelude::StoredValue<Option<String>>);

impl Default for LeftWork {
    fn default() -> LeftWork {
        LeftWork(leptos::prelude::StoredValue::new(None))
    }
}

impl LeftWork {
    /// The draft slot: `account-admin.draft.<identity>.left-import`.
    const SLOT: DraftSlot<'static> = DraftSlot("left-import");

    pub fn keep(self, text: String) {
        use leptos::prelude::*;
        Self::SLOT.save(&text);
        let _ = self.0.try_set_value(Some(text));
    }

    /// What was kept: from memory, else (after a reload) from the tab.
    pub fn load(self) -> Option<String> {
        use leptos::prelude::*;
        self.0.try_get_value().flatten().or_else(|| Self::SLOT.load())
    }

    pub fn is_kept(self) -> bool {
        self.load().is_some()
    }

    pub fn clear(self) {
        use leptos::prelude::*;
        Self::SLOT.clear();
        let _ = self.0.try_set_value(None);
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
        crate::platform::timer::sleep(step).await;
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
    use super::{Identity, Session, UserChange};

    #[test]
    fn a_new_user_leaves_the_last_users_address_and_a_first_sign_in_keeps_it() {
        let (ann, bob) = (Identity::new("DEMO", "ann"), Identity::new("DEMO", "bob"));
        let cases = [
            (None, Some(&ann), UserChange::Start, false, false),
            (None, None, UserChange::Start, false, false),
            (Some(&None), Some(&ann), UserChange::SignedIn, false, true),
            (Some(&Some(ann.clone())), None, UserChange::SignedOut, true, false),
            (Some(&Some(ann.clone())), Some(&bob), UserChange::OtherUser, true, true),
        ];
        for (before, now, change, leaves, focuses) in cases {
            let found = UserChange::between(before, now);
            assert_eq!(found, change, "{before:?} → {now:?}");
            assert_eq!((found.leaves_the_address(), found.focuses_the_heading()), (leaves, focuses), "{change:?}");
        }
    }

    #[test]
    fn an_identity_ignores_case_and_no_two_identities_share_a_key() {
        assert_eq!(Identity::new("DEMO", "Ann"), Identity::new("demo", "ann"));
        assert_eq!(Identity::new("DEMO", "Ann").key(), "demo.ann");
        let keys = [Identity::new("a.b", "c"), Identity::new("a", "b.c"), Identity::new("a%2Eb", "c")].map(|i| i.key());
        assert!(keys[0] != keys[1] && keys[0] != keys[2] && keys[1] != keys[2], "{keys:?}");
    }

    #[test]
    fn debug_output_never_shows_the_session_id() {
        let session = Session { session_id: "secret-id".into(), client_name: "DEMO".into(), user_name: "ann".into() };
        let shown = format!("{session:?}");
        assert!(!shown.contains("secret-id") && shown.contains("ann"), "{shown}");
    }
}
