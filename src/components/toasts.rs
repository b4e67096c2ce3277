//! Short-lived messages for success and failure, announced to screen readers.
//! A success goes after a while, but never while the pointer is over it or
//! focus is inside it (WCAG 2.2.1): its time starts again when both leave.

use std::{
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    /// Something to act on soon; stays until dismissed.
    Warning,
    Failure,
}

#[derive(Clone, Debug)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
    /// A button beside the text (Undo, Create another).
    pub action: Option<ToastAction>,
}

/// What a toast's button says and does.
#[derive(Clone, Copy, Debug)]
pub struct ToastAction {
    pub label: &'static str,
    pub run: Callback<()>,
}

/// The toasts on screen; shared through context.
#[derive(Clone, Debug, Default)]
pub struct Toasts {
    items: ArcRwSignal<Vec<Toast>>,
    holds: Arc<Mutex<Holds>>,
}

/// How long a success stays; failures stay until dismissed.
const SUCCESS_LIFETIME: Duration = Duration::from_secs(5);
/// How long a success with a button (Undo) stays.
const ACTION_LIFETIME: Duration = Duration::from_secs(10);

/// Which toast the pointer is over and which holds focus, and which timed
/// out meanwhile: those go once both have left them (pure).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holds {
    hovered: Option<u64>,
    focused: Option<u64>,
    due: Vec<u64>,
}

impl Holds {
    fn held(&self, id: u64) -> bool {
        self.hovered == Some(id) || self.focused == Some(id)
    }

    /// The time of toast `id` ran out: `true` when it goes now; otherwise it
    /// is held, and its time starts again once released.
    pub fn expire(&mut self, id: u64) -> bool {
        if !self.held(id) {
            return true;
        }
        if !self.due.contains(&id) {
            self.due.push(id);
        }
        false
    }

    /// The pointer moved over toast `id` (`None`: over none).
    pub fn hover(&mut self, id: Option<u64>) -> Vec<u64> {
        self.hovered = id;
        self.released()
    }

    /// Focus moved into toast `id` (`None`: out of every toast).
    pub fn focus(&mut self, id: Option<u64>) -> Vec<u64> {
        self.focused = id;
        self.released()
    }

    /// The toasts that timed out while held and are held no more.
    fn released(&mut self) -> Vec<u64> {
        let (held, free): (Vec<u64>, Vec<u64>) = self.due.iter().partition(|id| self.held(**id));
        self.due = held;
        free
    }
}

impl Toasts {
    pub fn success(&self, text: impl Into<String>) {
        let id = self.push(ToastKind::Success, text.into(), None);
        self.dismiss_after(id, SUCCESS_LIFETIME);
    }

    /// A success with a button, e.g. "Saved." with Undo; pressing it
    /// dismisses the toast. Answers the toast's id.
    pub fn success_with(&self, text: impl Into<String>, action: ToastAction) -> u64 {
        let id = self.push(ToastKind::Success, text.into(), Some(action));
        self.dismiss_after(id, ACTION_LIFETIME);
        id
    }

    fn dismiss_after(&self, id: u64, lifetime: Duration) {
        let toasts = self.clone();
        leptos::task::spawn_local(async move {
            crate::timer::sleep(lifetime).await;
            if toasts.holds().expire(id) {
                toasts.dismiss(id);
            }
        });
    }

    fn holds(&self) -> std::sync::MutexGuard<'_, Holds> {
        self.holds.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The pointer or focus moved: the toasts it released get their time again.
    fn moved(&self, change: impl FnOnce(&mut Holds) -> Vec<u64>) {
        let released = change(&mut self.holds());
        for id in released {
            self.dismiss_after(id, SUCCESS_LIFETIME);
        }
    }

    pub fn failure(&self, text: impl Into<String>) {
        self.push(ToastKind::Failure, text.into(), None);
    }

    pub fn warning(&self, text: impl Into<String>) {
        self.push(ToastKind::Warning, text.into(), None);
    }

    pub fn dismiss(&self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }

    /// Whether toast `id` is still on screen.
    pub fn shows(&self, id: u64) -> bool {
        self.items.with_untracked(|items| items.iter().any(|t| t.id == id))
    }

    /// Puts focus on the button of toast `id`, once it is on screen.
    pub fn focus_action(id: u64) {
        crate::browser::focus_when_ready(format!("#toast-{id} .toast-action"));
    }

    fn push(&self, kind: ToastKind, text: String, action: Option<ToastAction>) -> u64 {
        // Unique in the page (the element id is `toast-N`), whatever the instance.
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        self.items.update(|items| items.push(Toast { id, kind, text, action }));
        id
    }
}

/// The toast an event happened in, from its element id `toast-N`.
fn toast_of(target: Option<web_sys::EventTarget>) -> Option<u64> {
    let element = target?.dyn_into::<web_sys::Element>().ok()?;
    element.closest(".toast").ok().flatten()?.id().strip_prefix("toast-")?.parse().ok()
}

/// Where toasts show. Successes are announced politely, warnings and
/// failures at once.
/// Keyed, so that a screen reader hears each toast once, when it comes.
/// One set of listeners on the region follows the pointer and focus.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let (over, out, into, away) = (toasts.clone(), toasts.clone(), toasts.clone(), toasts.clone());
    let of_kind = move |kind: ToastKind| {
        let polite = kind == ToastKind::Success;
        let each = {
            let toasts = toasts.clone();
            move || {
                toasts.items.with(|items| {
                    items.iter().filter(|t| (t.kind == ToastKind::Success) == polite).cloned().collect::<Vec<_>>()
                })
            }
        };
        let toasts = toasts.clone();
        let toast = move |toast: Toast| {
            let toasts = toasts.clone();
            let class = match toast.kind {
                ToastKind::Success => "toast success",
                ToastKind::Warning => "toast warning",
                ToastKind::Failure => "toast failure",
            };
            let id = toast.id;
            let action = toast.action.map(|action| {
                let toasts = toasts.clone();
                let run = move |_| {
                    toasts.dismiss(id);
                    action.run.run(());
                };
                view! { <button type="button" class="toast-action" on:click=run>{action.label}</button> }
            });
            view! {
                <div class=class id=format!("toast-{id}")>
                    <span>{toast.text}</span>
                    {action}
                    <button type="button" aria-label="Dismiss" on:click=move |_| toasts.dismiss(id)>"×"</button>
                </div>
            }
        };
        view! { <For each key=|toast: &Toast| toast.id children=toast /> }
    };
    view! {
        <div
            class="toasts"
            on:mouseover=move |ev: ev::MouseEvent| over.moved(|h| h.hover(toast_of(ev.target())))
            on:mouseleave=move |_| out.moved(|h| h.hover(None))
            on:focusin=move |ev: ev::FocusEvent| into.moved(|h| h.focus(toast_of(ev.target())))
            on:focusout=move |ev: ev::FocusEvent| away.moved(|h| h.focus(toast_of(ev.related_target())))
        >
            <div role="status" aria-live="polite">{of_kind(ToastKind::Success)}</div>
            <div role="alert" aria-live="assertive">{of_kind(ToastKind::Failure)}</div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toast_times_out_unless_hovered_or_focused_and_then_only_once_both_leave() {
        let mut holds = Holds::default();
        assert!(holds.expire(1), "nobody holds it: it goes");
        assert!(holds.hover(Some(2)).is_empty());
        assert!(!holds.expire(2), "hovered: it stays");
        assert!(holds.focus(Some(2)).is_empty());
        assert!(holds.hover(None).is_empty(), "still focused: it stays");
        assert!(holds.hover(Some(3)).is_empty());
        assert_eq!(holds.focus(None), [2], "released: its time starts again");
        assert!(holds.focus(None).is_empty(), "only once");
        assert!(!holds.expire(3), "the pointer is over 3");
        assert!(holds.hover(Some(3)).is_empty(), "moving within it keeps it");
        assert_eq!(holds.hover(Some(4)), [3]);
    }
}
