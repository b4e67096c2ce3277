//! Asking before a form with unsaved changes is left. leptos_router has no
//! navigation blocker, so the guard listens itself, while the form is dirty:
//! - closing or reloading the tab: `beforeunload`;
//! - in-console links: a click listener that runs before the router's
//!   (capture phase on the window) and holds the click;
//! - Back: when the form first becomes dirty, the guard adds a history entry
//!   for the same address, so Back first lands on the form again (the router
//!   sees no change); the guard then puts its entry back and asks.
//!
//! Each asks "Leave without saving?" with Leave and Stay; leaving goes where
//! the user wanted.
//! The draft stays in the tab either way, so leaving loses nothing.

use leptos::prelude::*;
use leptos_router::{NavigateOptions, hooks::use_navigate};
use wasm_bindgen::{JsCast, closure::Closure};

use crate::components::ConfirmDialog;

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
/// the browser) would handle it.
fn internal_target(event: &web_sys::MouseEvent) -> Option<String> {
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
    Some(format!("{}{}{}", anchor.pathname(), anchor.search(), anchor.hash()))
}

/// Where the user wanted to go.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Leaving {
    To(String),
    Back,
}

/// The marker of the guard's own history entry.
const GUARD_STATE: &str = "account-admin.leave-guard";

fn push_guard_entry(address: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&GUARD_STATE.into(), "", Some(address));
    }
}

fn current_address() -> String {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| format!("{}{}", l.pathname().unwrap_or_default(), l.search().unwrap_or_default()))
        .unwrap_or_default()
}

#[component]
pub fn LeaveGuard(dirty: Memo<bool>) -> impl IntoView {
    let navigate = StoredValue::new_local(use_navigate());
    let asking = RwSignal::new(None::<Leaving>);
    let listeners = StoredValue::new_local(Vec::<Listener>::new());
    let form_address = StoredValue::new(current_address());
    let entry_pushed = StoredValue::new(false);
    Effect::new(move |_| {
        let guarding = dirty.get();
        listeners.update_value(|all| {
            all.clear();
            if !guarding {
                return;
            }
            if !entry_pushed.get_value() {
                entry_pushed.set_value(true);
                push_guard_entry(&form_address.get_value());
            }
            all.extend(Listener::add("beforeunload", false, |event| {
                event.prevent_default();
                // Older browsers ask only when a return value is set.
                let _ = js_sys::Reflect::set(&event, &"returnValue".into(), &"".into());
            }));
            all.extend(Listener::add("click", true, move |event| {
                let Some(mouse) = event.dyn_ref::<web_sys::MouseEvent>() else { return };
                if let Some(href) = internal_target(mouse).filter(|href| *href != form_address.get_value()) {
                    event.prevent_default();
                    event.stop_immediate_propagation();
                    asking.set(Some(Leaving::To(href)));
                }
            }));
            all.extend(Listener::add("popstate", true, move |event| {
                let Some(pop) = event.dyn_ref::<web_sys::PopStateEvent>() else { return };
                // Back from the guard's entry onto the form's own: ask.
                if current_address() == form_address.get_value()
                    && pop.state().as_string().as_deref() != Some(GUARD_STATE)
                {
                    push_guard_entry(&form_address.get_value());
                    asking.set(Some(Leaving::Back));
                }
            }));
        });
    });
    on_cleanup(move || {
        // Dropping the listeners removes them.
        listeners.update_value(Vec::clear);
    });
    let leave = move |()| {
        let Some(leaving) = asking.get_untracked() else { return };
        asking.set(None);
        listeners.update_value(Vec::clear);
        match leaving {
            Leaving::To(href) => navigate.with_value(|navigate| navigate(&href, NavigateOptions::default())),
            // Past the guard's entry and the form's own, to the page before.
            Leaving::Back => {
                if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ = history.go_with_delta(-2);
                }
            }
        }
    };
    view! {
        <Show when=move || asking.with(Option::is_some)>
            <ConfirmDialog
                title="Leave without saving?"
                message="Your changes are not saved. They stay in this tab as a draft, offered back when you return to this form."
                confirm_label="Leave"
                cancel_label="Stay"
                on_confirm=leave
                on_cancel=move |()| asking.set(None)
            />
        </Show>
    }
}
