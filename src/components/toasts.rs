//! Short-lived messages for success and failure, announced to screen readers.
//! A success goes after a while, but never while the pointer is over it or
//! focus is inside it (WCAG 2.2.1): its time starts again when both leave.

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use leptos::prelude::*;

use crate::platform::timer::sleep;

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
}

/// How long a success stays; failures stay until dismissed.
const SUCCESS_LIFETIME: Duration = Duration::from_secs(5);
/// How long a success with a button (Undo) stays.
const ACTION_LIFETIME: Duration = Duration::from_secs(10);
/// How often a held toast is looked at again.
const HOLD_CHECK: Duration = Duration::from_millis(500);

/// Whether the pointer is over toast `id` or focus is inside it.
fn held(id: u64) -> bool {
    let toast = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&format!("toast-{id}")));
    toast.is_some_and(|t| t.matches(":hover, :focus-within").unwrap_or(false))
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
            sleep(lifetime).await;
            // Held when its time ran out: it goes a while after it is let go.
            while held(id) {
                while held(id) {
                    sleep(HOLD_CHECK).await;
                }
                sleep(SUCCESS_LIFETIME).await;
            }
            toasts.dismiss(id);
        });
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
        crate::platform::browser::focus_when_ready(format!("#toast-{id} .toast-action"));
    }

    fn push(&self, kind: ToastKind, text: String, action: Option<ToastAction>) -> u64 {
        // Unique in the page (the element id is `toast-N`), whatever the instance.
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        self.items.update(|items| items.push(Toast { id, kind, text, action }));
        id
    }
}

/// Where toasts show. Successes are announced politely, warnings and
/// failures at once.
/// Keyed, so that a screen reader hears each toast once, when it comes.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
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
        <div class="toasts">
            <div role="status" aria-live="polite">{of_kind(ToastKind::Success)}</div>
            <div role="alert" aria-live="assertive">{of_kind(ToastKind::Failure)}</div>
        </div>
    }
}
