//! The sandbox the tests talk to, its fault control, and DOM helpers.

use std::time::Duration;

use account_admin::{
    api::ApiClient,
    app::{CurrentScreen, Providers},
    platform::config::RuntimeConfig,
    platform::timer::sleep,
};
use account_model::LoginRequest;
use leptos::prelude::*;
use leptos_router::components::Router;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

/// The sandbox API, as `make test` starts it.
pub const SANDBOX_API: &str = match option_env!("SANDBOX_API") {
    Some(url) => url,
    None => "http://127.0.0.1:18080/api",
};

pub fn config() -> RuntimeConfig {
    RuntimeConfig {
        api_base: SANDBOX_API.into(),
        environment: "browser test".into(),
        ask_access_token: true,
        default_client: Some("DEMO".into()),
        request_timeout_ms: 5_000,
        ..RuntimeConfig::default()
    }
}

/// A client with no session (and none from this tab's storage).
pub fn signed_out_client(config: RuntimeConfig) -> ApiClient {
    let client = ApiClient::new(config);
    client.set_session(None);
    client
}

/// A client signed in as a DEMO user; the session is also saved for this tab.
pub async fn signed_in_client(user: &str) -> ApiClient {
    let client = signed_out_client(config());
    let request =
        LoginRequest { client_name: "DEMO".into(), user_name: user.into(), password: "demo".into(), agent: false };
    client.login(&request, Some("demo-token".into())).await.expect("the demo user signs in");
    client
}

async fn control(method: &str, path: &str, body: Value) -> u16 {
    let url = format!("{SANDBOX_API}/__sandbox{path}");
    let builder = gloo_net::http::RequestBuilder::new(&url).method(method.parse().expect("method"));
    let response = builder.json(&body).expect("body").send().await.expect("the sandbox answers");
    response.status()
}

/// Makes the sandbox misbehave (see sandbox/src/faults.rs for the rule shape).
pub async fn add_fault(rule: Value) {
    assert_eq!(control("POST", "/faults", rule).await, 204, "fault accepted");
}

pub async fn clear_faults() {
    assert_eq!(control("DELETE", "/faults", json!({})).await, 204);
}

/// Ends a session at once, as an idle timeout would.
pub async fn expire(session_id: &str) {
    assert_eq!(control("POST", "/sessions/expire", json!({ "sessionId": session_id })).await, 204);
}

pub async fn sleep_ms(ms: u64) {
    sleep(Duration::from_millis(ms)).await;
}

/// A name no earlier test used.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", js_sys::Date::now() as u64 % 100_000_000)
}

pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// A fresh element in `<body>` to mount into.
pub fn container() -> HtmlElement {
    let document = document();
    let element = document.create_element("div").expect("div").unchecked_into::<HtmlElement>();
    document.body().expect("body").append_child(&element).expect("appended");
    element
}

pub fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// What every test does first: no fault of an earlier test (even one that
/// failed halfway) may touch it.
pub async fn begin() {
    clear_faults().await;
}

/// Waits (up to 8 s) until `probe` answers something; panics with `what`
/// (and what the probe last saw, via `describe`) when it never does.
pub async fn wait_until<T>(what: impl Fn() -> String, mut probe: impl FnMut() -> Option<T>) -> T {
    for _ in 0..400 {
        if let Some(found) = probe() {
            return found;
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("waited 8 s in vain: {}", what());
}

/// Waits for an element matching `selector` inside `root`.
pub async fn find(root: &Element, selector: &str) -> Element {
    let page = || format!("nothing matches {selector:?} in: {}", root.text_content().unwrap_or_default());
    wait_until(page, || root.query_selector(selector).ok().flatten()).await
}

/// Waits until the text of `selector` inside `root` contains `text`.
pub async fn find_text(root: &Element, selector: &str, text: &str) -> Element {
    let page = || format!("no {selector:?} says {text:?}; the page says: {}", root.text_content().unwrap_or_default());
    let probe =
        || root.query_selector(selector).ok().flatten().filter(|f| f.text_content().unwrap_or_default().contains(text));
    wait_until(page, probe).await
}

/// Waits until nothing matches `selector`.
pub async fn gone(root: &Element, selector: &str) {
    let what = || format!("{selector:?} is still there");
    wait_until(what, || matches!(root.query_selector(selector), Ok(None)).then_some(())).await
}

/// From now on, downloads the console offers are recorded instead of saved:
/// see [`last_download`].
pub fn capture_downloads() {
    js_sys::eval(
        "window.__downloads = []; if (!window.__clickPatched) { window.__clickPatched = true; \
         const click = HTMLAnchorElement.prototype.click; \
         HTMLAnchorElement.prototype.click = function () { \
           if (this.download) { window.__downloads.push({ name: this.download, href: this.href }); } \
           else { click.call(this); } }; }",
    )
    .expect("patched");
}

/// The file name and text of the last download offered since
/// [`capture_downloads`].
pub async fn last_download() -> (String, String) {
    let last = wait_until(
        || "no download was offered".into(),
        || {
            let list = js_sys::eval("window.__downloads").ok()?;
            let list: &js_sys::Array = list.dyn_ref()?;
            (list.length() > 0).then(|| list.get(list.length() - 1))
        },
    )
    .await;
    let get = |key: &str| js_sys::Reflect::get(&last, &key.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let (name, href) = (get("name"), get("href"));
    let response = gloo_net::http::Request::get(&href).send().await.expect("the file can be read");
    // Read as bytes: `text()` would swallow a byte-order mark.
    let bytes = response.binary().await.expect("bytes");
    (name, String::from_utf8(bytes).expect("UTF-8"))
}

/// Types into an input or a textarea as a user would (value, then an `input`
/// event).
pub fn type_into(root: &Element, selector: &str, text: &str) {
    let field = root.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no field {selector:?}"));
    match field.dyn_ref::<HtmlTextAreaElement>() {
        Some(area) => area.set_value(text),
        None => field.unchecked_ref::<HtmlInputElement>().set_value(text),
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("event");
    field.dispatch_event(&event).expect("dispatched");
}

/// The value of an input or a textarea.
pub fn value_of(root: &Element, selector: &str) -> String {
    let field = root.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no field {selector:?}"));
    match field.dyn_ref::<HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => field.unchecked_ref::<HtmlInputElement>().value(),
    }
}

/// Moves the mounted router to `url`, as Back or Forward would (the routers
/// of earlier tests in this page may still take link clicks, so tests do not
/// rely on clicking links to navigate).
pub fn go_to(url: &str) {
    set_url(url);
    let event = web_sys::PopStateEvent::new("popstate").expect("event");
    web_sys::window().expect("window").dispatch_event(&event).expect("dispatched");
}

/// Moves the browser to `url` without reloading, as a link would.
pub fn set_url(url: &str) {
    let window = web_sys::window().expect("window");
    window.history().expect("history").push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url)).expect("url");
}

/// Mounts the console's own screen dispatch (`CurrentScreen`, the one `App`
/// mounts) inside the app's providers and a router, at `url`, without the
/// shell (header, navigation, sign-in page); answers the root element and
/// what keeps it mounted. The screen is built again whenever another user
/// signs in or the user signs out: the providers build everything per user
/// afresh.
pub fn mount_at(url: &str) -> (Element, Box<dyn std::any::Any>) {
    mount_with(config(), url)
}

/// [`mount_at`] with another configuration, e.g. a request timeout short
/// enough that a held answer is lost quickly.
pub fn mount_with(config: RuntimeConfig, url: &str) -> (Element, Box<dyn std::any::Any>) {
    set_url(url);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Providers config><Router><CurrentScreen /></Router></Providers> }
    });
    (root.into(), Box::new(handle))
}

/// [`mount_at`] with `value` given as context to everything below, e.g. a
/// smaller page size for a walk.
pub fn mount_providing<T: Clone + Send + Sync + 'static>(url: &str, value: T) -> (Element, Box<dyn std::any::Any>) {
    set_url(url);
    let root = container();
    let config = config();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(value);
        view! { <Providers config><Router><CurrentScreen /></Router></Providers> }
    });
    (root.into(), Box::new(handle))
}

/// Where a test goes to leave a page for one that has nothing to do with
/// it: an address the console does not know, so its "Page not found"
/// screen.
pub const ELSEWHERE: &str = "/elsewhere";

/// Waits until the screen of [`ELSEWHERE`] shows.
pub async fn find_elsewhere(root: &Element) -> Element {
    find_text(root, "section.not-found h1", "Page not found").await
}

/// Selectors of the screens a test waits for after a navigation: each is
/// the outermost element of that page, whatever it is showing.
pub const LIST_SCREEN: &str = "section.accounts";
pub const DETAIL_SCREEN: &str = "section.account-detail";

/// The console's timeout in tests whose answers are lost on purpose, and
/// how long the sandbox holds such an answer: well past that timeout.
pub const QUICK_TIMEOUT_MS: u32 = 2_000;
pub const HELD_ANSWER_MS: u64 = 3_500;

/// The test configuration with [`QUICK_TIMEOUT_MS`].
pub fn quick_config() -> RuntimeConfig {
    RuntimeConfig { request_timeout_ms: QUICK_TIMEOUT_MS, ..config() }
}

pub fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("nothing to click at {selector:?}"))
        .unchecked_into::<HtmlElement>()
        .click();
}

/// What a key press holds down besides its key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    None,
    Shift,
    Alt,
}

/// Sends a bubbling, cancelable `keydown` of `key` to `target`, as a key
/// press reaches the element with focus.
pub fn press(target: &Element, key: &str, modifier: Modifier) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(modifier == Modifier::Shift);
    init.set_alt_key(modifier == Modifier::Alt);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    target.dispatch_event(&event).expect("dispatched");
}

/// Picks `value` in the select at `selector`, as a user would (value, then a
/// `change` event).
pub fn choose(root: &Element, selector: &str, value: &str) {
    let select = root.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no select {selector:?}"));
    select.unchecked_ref::<web_sys::HtmlSelectElement>().set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("change", &init).expect("event");
    select.dispatch_event(&event).expect("dispatched");
}
