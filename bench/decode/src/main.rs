//! `make bench`'s JSON decoding figure: the console's decoding of one List
//! Accounts answer (`AccountPage`, the model's decoder through `serde_json`,
//! as `api::decode` does it), timed on its own in wasm in Chromium, apart from
//! the fetch and the rendering that the 1000-row render figure includes.
//!
//! The page that loads this sets `decodeInput` (the answer's text) and
//! `decodeRuns` on the window first; `main` decodes the text that many times
//! and leaves `decodeResult` there: `{ rows, times }`, each time in
//! milliseconds, or `{ error }`. It is built with the console's release
//! profile and wasm-bindgen, without wasm-opt (`bench/browser.mjs`).

use account_model::AccountPage;
use wasm_bindgen::JsValue;

fn main() {
    let global = js_sys::global();
    let read = |name: &str| js_sys::Reflect::get(&global, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let input = read("decodeInput").as_string().unwrap_or_default();
    let runs = read("decodeRuns").as_f64().unwrap_or(10.0) as u32;
    let clock = web_sys::window().and_then(|window| window.performance());
    let now = || clock.as_ref().map_or(0.0, web_sys::Performance::now);

    let result = js_sys::Object::new();
    let times = js_sys::Array::new();
    let mut outcome = Ok(0);
    for _ in 0..runs {
        let started = now();
        let decoded = serde_json::from_str::<AccountPage>(&input);
        times.push(&JsValue::from_f64(now() - started));
        outcome = decoded.map(|page| page.accounts.len()).map_err(|error| error.to_string());
        if outcome.is_err() {
            break;
        }
    }
    let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&result, &JsValue::from_str(key), value);
    let _ = match outcome {
        Ok(rows) => set("rows", &JsValue::from_f64(rows as f64)).and_then(|_| set("times", &times)),
        Err(error) => set("error", &JsValue::from_str(&error)),
    };
    let _ = js_sys::Reflect::set(&global, &JsValue::from_str("decodeResult"), &result);
}
