//! Short-lived messages for success and failure, announced to screen readers.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    /// Something to act on soon; stays until dismissed.
    Warning,
    Failure,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
}

/// The toasts on screen; shared through context.
#[derive(Clone, Debug, Default)]
pub struct Toasts {
    items: ArcRwSignal<Vec<Toast>>,
    next_id: Arc<AtomicU64>,
}

/// How long a success stays; failures stay until dismissed.
const SUCCESS_LIFETIME: Duration = Duration::from_secs(5);

impl Toasts {
    pub fn success(&self, text: impl Into<String>) {
        let id = self.push(ToastKind::Success, text.into());
        let toasts = self.clone();
        leptos::task::spawn_local(async move {
            crate::timer::sleep(SUCCESS_LIFETIME).await;
            toasts.dismiss(id);
        });
    }

    pub fn failure(&self, text: impl Into<String>) {
        self.push(ToastKind::Failure, text.into());
    }

    pub fn warning(&self, text: impl Into<String>) {
        self.push(ToastKind::Warning, text.into());
    }

    pub fn dismiss(&self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }

    fn push(&self, kind: ToastKind, text: String) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.items.update(|items| items.push(Toast { id, kind, text }));
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
            view! {
                <div class=class>
                    <span>{toast.text}</span>
                    <button type="button" aria-label="Dismiss" on:click=move |_| toasts.dismiss(toast.id)>"×"</button>
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
