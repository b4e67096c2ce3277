//! Asking before a page with unfinished work is left: a form with unsaved
//! changes, or writes being sent (an import, a bulk action, a run of the
//! categories page). One guard serves them all; a page places it with what
//! it would lose ([`Unfinished`]). leptos_router has no navigation blocker,
//! so the guard listens itself, while there is something to lose:
//! - closing or reloading the tab: `beforeunload`;
//! - in-console links: a click listener that runs before the router's
//!   (capture phase on the window) and holds the click;
//! - Back: when guarding first starts, the guard adds a history entry for
//!   the same address, so Back first lands on the page again (the router
//!   sees no change); the guard then puts its entry back and asks;
//! - Sign out (in the header, outside the page): it asks the page's guard
//!   through [`Guards`], which the user's scope provides.
//!
//! Each asks in words that fit the work and the way out ("Leave without
//! saving?", "Leave while importing?", "Sign out without saving?"), with
//! Leave (or Sign out) and Stay. Leaving first lets the page keep what it
//! would otherwise lose (`keep`: an import's report and what was not sent;
//! it runs on `beforeunload` too), then goes where the user wanted.

use leptos::prelude::*;
use leptos_router::{NavigateOptions, hooks::use_navigate};
use wasm_bindgen::{JsCast, closure::Closure};

use crate::components::ConfirmDialog;

/// What a page would lose, or cut short, were it left now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unfinished {
    /// A form's changes not saved yet (kept in the tab as a draft).
    Edits,
    /// An import sending its rows (what is left is kept, to continue).
    Import,
    /// Writes being sent: a bulk action, a run of the categories page.
    Writes,
}

/// Where the user wanted to go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leaving {
    To(String),
    Back,
    SignOut,
}

/// What the question says: title, message and the word for leaving.
pub fn question(unfinished: Unfinished, leaving: &Leaving) -> (&'static str, &'static str, &'static str) {
    let signing_out = *leaving == Leaving::SignOut;
    match (unfinished, signing_out) {
        (Unfinished::Edits, false) => (
            "Leave without saving?",
            "Your changes are not saved. They stay in this tab as a draft, offered back when you return to this form.",
            "Leave",
        ),
        (Unfinished::Edits, true) => (
            "Sign out without saving?",
            "Your changes are not saved. Signing out discards them, draft included.",
            "Sign out",
        ),
        (Unfinished::Import, false) => (
            "Leave while importing?",
            "Rows are still being sent. Leaving stops the import after the call under way; the Import page keeps \
             its report and what was not sent, and offers to send the rest.",
            "Leave",
        ),
        (Unfinished::Import, true) => (
            "Sign out while importing?",
            "Rows are still being sent. Signing out stops the import after the call under way, and what was not \
             sent is not kept.",
            "Sign out",
        ),
        (Unfinished::Writes, false) => (
            "Leave while changes are sent?",
            "Changes are still being sent. Leaving stops after the writes under way; a message then says how far \
             it got.",
            "Leave",
        ),
        (Unfinished::Writes, true) => (
            "Sign out while changes are sent?",
            "Changes are still being sent. Signing out stops after the writes under way.",
            "Sign out",
        ),
    }
}

/// The guard of the page on screen while it has something to lose, for
/// what leaves from outside the page (Sign out). One per user's scope.
#[derive(Clone, Copy, Debug)]
pub struct Guards {
    /// The guarding page's id, and how it asks before `then` runs.
    active: StoredValue<Option<(u64, Callback<Callback<()>>)>>,
    next_id: StoredValue<u64>,
}

impl Default for Guards {
    fn default() -> Guards {
        Guards { active: StoredValue::new(None), next_id: StoredValue::new(0) }
    }
}

impl Guards {
    /// Signs out by `sign_out`, after asking when a page has something to lose.
    pub fn sign_out(self, sign_out: Callback<()>) {
        // A guard whose page is gone (it releases itself when dropped) does not hold it up.
        let asked = self.active.try_get_value().flatten().and_then(|(_, ask)| ask.try_run(sign_out));
        if asked.is_none() {
            sign_out.run(());
        }
    }

    fn new_id(self) -> u64 {
        self.next_id.update_value(|n| *n += 1);
        self.next_id.get_value()
    }

    fn release(self, id: u64) {
        let _ = self.active.try_update_value(|active| {
            if active.as_ref().is_some_and(|(own, _)| *own == id) {
                *active = None;
            }
        });
    }
}

/// A window listener that is removed when dropped.
struct Listener {
    event: &'static str,
    capture: bool,
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    fn add(event: &'static str, capture: bool, callback: impl FnMut(web_sys::Event) + 'static) -> Option<Listener> {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(callback);
        let window = web_sys::window()?;
        window.add_event_listener_with_callback_and_bool(event, callback.as_ref().unchecked_ref(), capture).ok()?;
        Some(Listener { event, capture, callback })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback_and_bool(
                self.event,
                self.callback.as_ref().unchecked_ref(),
                self.capture,
            );
        }
    }
}

/// The in-console address an anchor click leads to, when the console (not
/// the browser) would handle it: path, query and fragment, and the path.
fn internal_target(event: &web_sys::MouseEvent) -> Option<(String, String)> {
    if event.default_prevented()
        || event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let anchor = target.closest("a[href]").ok()??.dyn_into::<web_sys::HtmlAnchorElement>().ok()?;
    if !anchor.target().is_empty() || anchor.has_attribute("download") {
        return None;
    }
    let location = web_sys::window()?.location();
    if anchor.origin() != location.origin().ok()? {
        return None;
    }
    let path = anchor.pathname();
    Some((format!("{path}{}{}", anchor.search(), anchor.hash()), path))
}

/// The marker of the guard's own history entry.
const GUARD_STATE: &str = "account-admin.leave-guard";

fn push_guard_entry(address: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&GUARD_STATE.into(), "", Some(address));
    }
}

fn current_path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}

fn current_address() -> String {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| format!("{}{}", l.pathname().unwrap_or_default(), l.search().unwrap_or_default()))
        .unwrap_or_default()
}

/// Asks before the page is left while `unfinished` says it has something
/// to lose; `keep` runs just before it is left (and when the tab may close).
/// A link within the page (the same path: another query of the list) does
/// not leave it and is not held.
#[component]
pub fn LeaveGuard(
    #[prop(into)] unfinished: Signal<Option<Unfinished>>,
    #[prop(optional, into)] keep: Option<Callback<()>>,
) -> impl IntoView {
    let navigate = StoredValue::new_local(use_navigate());
    let asking = RwSignal::new(None::<(Unfinished, Leaving)>);
    // What runs once Sign out is confirmed.
    let then = StoredValue::new(None::<Callback<()>>);
    let listeners = StoredValue::new_local(Vec::<Listener>::new());
    let address = StoredValue::new(current_address());
    let entry_pushed = StoredValue::new(false);
    let guards = use_context::<Guards>();
    let id = guards.map_or(0, Guards::new_id);
    let ask_sign_out = Callback::new(move |sign_out: Callback<()>| {
        if let Some(unfinished) = unfinished.get_untracked() {
            then.set_value(Some(sign_out));
            asking.set(Some((unfinished, Leaving::SignOut)));
        } else {
            sign_out.run(());
        }
    });
    let stop_guarding = move || {
        listeners.update_value(Vec::clear);
        if let Some(guards) = guards {
            guards.release(id);
        }
    };
    Effect::new(move |_| {
        let Some(now) = unfinished.get() else { return stop_guarding() };
        if let Some(guards) = guards {
            guards.active.set_value(Some((id, ask_sign_out)));
        }
        listeners.update_value(|all| {
            if !all.is_empty() {
                return;
            }
            if !entry_pushed.get_value() {
                entry_pushed.set_value(true);
                address.set_value(current_address());
                push_guard_entry(&address.get_value());
            }
            let path = current_path();
            all.extend(Listener::add("beforeunload", false, move |event| {
                if let Some(keep) = keep {
                    keep.run(());
                }
                event.prevent_default();
                // Older browsers ask only when a return value is set.
                let _ = js_sys::Reflect::set(&event, &"returnValue".into(), &"".into());
            }));
            all.extend(Listener::add("click", true, move |event| {
                let Some(mouse) = event.dyn_ref::<web_sys::MouseEvent>() else { return };
                if let Some((href, _)) = internal_target(mouse).filter(|(_, to)| *to != path) {
                    event.prevent_default();
                    event.stop_immediate_propagation();
                    let now = unfinished.get_untracked().unwrap_or(now);
                    asking.set(Some((now, Leaving::To(href))));
                }
            }));
            all.extend(Listener::add("popstate", true, move |event| {
                let Some(pop) = event.dyn_ref::<web_sys::PopStateEvent>() else { return };
                // Back from the guard's entry onto the page's own: ask.
                if current_address() == address.get_value() && pop.state().as_string().as_deref() != Some(GUARD_STATE) {
                    push_guard_entry(&address.get_value());
                    let now = unfinished.get_untracked().unwrap_or(now);
                    asking.set(Some((now, Leaving::Back)));
                }
            }));
        });
    });
    on_cleanup(stop_guarding);
    let leave = move |()| {
        let Some((_, leaving)) = asking.get_untracked() else { return };
        asking.set(None);
        stop_guarding();
        if leaving != Leaving::SignOut
            && let Some(keep) = keep
        {
            keep.run(());
        }
        match leaving {
            Leaving::To(href) => navigate.with_value(|navigate| navigate(&href, NavigateOptions::default())),
            // Past the guard's entry and the page's own, to the page before.
            Leaving::Back => {
                if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ = history.go_with_delta(-2);
                }
            }
            Leaving::SignOut => {
                if let Some(sign_out) = then.get_value() {
                    sign_out.run(());
                }
            }
        }
    };
    let dialog = move || {
        asking.get().map(|(unfinished, leaving)| {
            let (title, message, confirm_label) = question(unfinished, &leaving);
            view! {
                <ConfirmDialog
                    title
                    message
                    confirm_label
                    cancel_label="Stay"
                    on_confirm=leave
                    on_cancel=move |()| asking.set(None)
                />
            }
        })
    };
    view! { {dialog} }
}

#[cfg(test)]
mod tests {
    use super::{Leaving, Unfinished, question};

    #[test]
    fn the_question_names_the_work_and_the_way_out_and_signing_out_never_promises_a_draft() {
        let all = [Unfinished::Edits, Unfinished::Import, Unfinished::Writes];
        for unfinished in all {
            for leaving in [Leaving::To("/accounts".into()), Leaving::Back] {
                let (title, _, confirm) = question(unfinished, &leaving);
                assert!(title.starts_with("Leave"), "{title}");
                assert_eq!(confirm, "Leave");
            }
            let (title, message, confirm) = question(unfinished, &Leaving::SignOut);
            assert!(title.starts_with("Sign out"), "{title}");
            assert_eq!(confirm, "Sign out");
            assert!(!message.contains("stay in this tab") && !message.contains("keeps"), "{message}");
        }
        assert_eq!(question(Unfinished::Import, &Leaving::Back).0, "Leave while importing?");
        assert_eq!(question(Unfinished::Writes, &Leaving::Back).0, "Leave while changes are sent?");
        assert_eq!(question(Unfinished::Edits, &Leaving::Back).0, "Leave without saving?");
    }
}
