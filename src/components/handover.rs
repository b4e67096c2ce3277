//! What a sign-in or a sign-out says to the user who comes next ("Signed in
//! as ann.", the password warning, "Signed out."). Toasts belong to the
//! per-user scope (`app/mod.rs`), which starts empty for every user and is
//! built only after the sign-in or sign-out that said them: so they are
//! handed over, addressed to that user, and only that user's scope shows
//! them.

use leptos::prelude::*;

use crate::{
    api::ApiClient,
    components::{ToastKind, Toasts},
    platform::session::Identity,
};

/// Toasts waiting for their user's scope; shared through context, outside
/// every scope.
#[derive(Clone, Debug, Default)]
pub struct Handover(ArcRwSignal<Vec<Note>>);

#[derive(Clone, Debug)]
struct Note {
    /// Who it is for; `None`: the signed-out console.
    to: Option<Identity>,
    kind: ToastKind,
    text: String,
}

impl Handover {
    /// Says `text` to whoever is signed in on `api` now (nobody, right after
    /// a sign-out), as soon as their scope shows.
    pub fn say(&self, api: &ApiClient, kind: ToastKind, text: impl Into<String>) {
        let to = api.session_untracked().map(|session| session.identity());
        self.0.update(|notes| notes.push(Note { to, kind, text: text.into() }));
    }

    /// Shows in `toasts` what was said to `who`, now and whenever more comes.
    /// What waited for anyone else is dropped now: a scope is built only
    /// when its user has arrived, so nobody else is coming for it.
    pub fn deliver(&self, who: Option<Identity>, toasts: Toasts) {
        let waiting = self.0.try_update_untracked(|notes| {
            let own = take_for(notes, &who);
            notes.clear();
            own
        });
        show(&toasts, waiting.unwrap_or_default());
        let notes = self.0.clone();
        Effect::new(move |_| {
            if notes.with(|notes| notes.iter().any(|note| note.to == who)) {
                show(&toasts, notes.try_update(|notes| take_for(notes, &who)).unwrap_or_default());
            }
        });
    }
}

/// Takes the notes said to `who` out of `notes`.
fn take_for(notes: &mut Vec<Note>, who: &Option<Identity>) -> Vec<Note> {
    notes.extract_if(.., |note| note.to == *who).collect()
}

fn show(toasts: &Toasts, notes: Vec<Note>) {
    for note in notes {
        match note.kind {
            ToastKind::Success => toasts.success(note.text),
            ToastKind::Warning => toasts.warning(note.text),
            ToastKind::Failure => toasts.failure(note.text),
        }
    }
}
