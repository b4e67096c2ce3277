//! Timers on the browser's event loop (`setTimeout`): [`sleep`], a wait that
//! gives the browser its turn (a zero duration just yields, as the import's
//! slices do), and [`Timeout`], an action after a while that dropping the
//! `Timeout` cancels (a request's time limit, the quick search's debounce).
//! Dropping a `sleep` before it ends leaves its browser timer to run out
//! unheard. Without a window (no event loop) a `sleep` ends at once and a
//! `Timeout` never fires.

use std::time::Duration;

use wasm_bindgen::{JsCast, closure::Closure};

/// Waits `duration` without blocking the page.
pub async fn sleep(duration: Duration) {
    let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            // Without a window there is no event loop to wait on: resolve at once.
            if window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis).is_err() {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        } else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs `action` once after `duration`, unless dropped first.
#[derive(Debug)]
pub struct Timeout {
    handle: Option<i32>,
    _action: Closure<dyn FnMut()>,
}

impl Timeout {
    pub fn new(duration: Duration, action: impl FnMut() + 'static) -> Timeout {
        let action = Closure::<dyn FnMut()>::new(action);
        let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
        let handle = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(action.as_ref().unchecked_ref(), millis).ok()
        });
        Timeout { handle, _action: action }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let (Some(handle), Some(window)) = (self.handle, web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
    }
}
