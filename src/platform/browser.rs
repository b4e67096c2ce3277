//! What the console asks of the browser beyond rendering: file downloads,
//! the clipboard, the document title, focus, text selection. One place, so
//! that each quirk is handled once.

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

use crate::platform::timer::sleep;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The origin's `localStorage`, or `None` where the browser refuses it. It
/// keeps preferences only (hidden columns, saved-search criteria): never the
/// session, which stays in `sessionStorage`, and never account data.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Offers `text` to the user as a file download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = FileParts::new();
    parts.push(text)?;
    parts.download(file_name, mime)
}

/// A file built a part at a time, each part a `Blob` the browser holds (and
/// may keep on disk): a large export never becomes one string in the wasm
/// memory or in the JS heap.
#[derive(Debug)]
pub struct FileParts(js_sys::Array);

impl Default for FileParts {
    fn default() -> Self {
        FileParts::new()
    }
}

impl FileParts {
    pub fn new() -> FileParts {
        FileParts(js_sys::Array::new())
    }

    /// Appends `text` (as UTF-8) to the file.
    pub fn push(&self, text: &str) -> Result<(), String> {
        let bytes = js_sys::Array::of1(&js_sys::Uint8Array::from(text.as_bytes()));
        let part = web_sys::Blob::new_with_u8_array_sequence(&bytes).map_err(|_| "cannot make the file")?;
        self.0.push(&part);
        Ok(())
    }

    /// Drops every part.
    pub fn clear(&self) {
        self.0.set_length(0);
    }

    /// Offers the parts, in order, as one file named `file_name`.
    ///
    /// The link is put into the page for the click (some browsers ignore
    /// clicks on detached links), and the file's URL is released only a
    /// minute later (released at once, some browsers cancel the download).
    pub fn download(&self, file_name: &str, mime: &str) -> Result<(), String> {
        let document = document().ok_or("no document")?;
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob =
            web_sys::Blob::new_with_blob_sequence_and_options(&self.0, &options).map_err(|_| "cannot make the file")?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot make the file")?;
        let link: web_sys::HtmlAnchorElement =
            document.create_element("a").ok().and_then(|e| e.dyn_into().ok()).ok_or("cannot offer the file")?;
        link.set_href(&url);
        link.set_download(file_name);
        link.set_hidden(true);
        let body = document.body().ok_or("no document body")?;
        body.append_child(&link).map_err(|_| "cannot offer the file")?;
        link.click();
        link.remove();
        wasm_bindgen_futures::spawn_local(async move {
            sleep(Duration::from_secs(60)).await;
            // Nothing is left to do if releasing fails: the page's end releases it.
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        Ok(())
    }
}

/// Copies `text` to the clipboard. Pages served over plain HTTP from another
/// host than localhost have no `navigator.clipboard`: there the older
/// `execCommand("copy")` on a hidden text area is tried. The error says why
/// nothing was copied.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let navigator = window.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).unwrap_or(JsValue::UNDEFINED);
    if !clipboard.is_undefined() && !clipboard.is_null() {
        let promise = navigator.clipboard().write_text(text);
        return wasm_bindgen_futures::JsFuture::from(promise).await.map(drop).map_err(|error| {
            // A DOMException carries its reason in `message`.
            js_sys::Reflect::get(&error, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_else(|| "the browser refused".into())
        });
    }
    copy_with_exec_command(text)
}

fn copy_with_exec_command(text: &str) -> Result<(), String> {
    let document = document().ok_or("no document")?;
    let area: web_sys::HtmlTextAreaElement =
        document.create_element("textarea").ok().and_then(|e| e.dyn_into().ok()).ok_or("no clipboard here")?;
    area.set_value(text);
    area.set_read_only(true);
    area.set_class_name("offscreen");
    let body = document.body().ok_or("no document body")?;
    body.append_child(&area).map_err(|_| "no clipboard here")?;
    area.select();
    let copied = document.dyn_ref::<web_sys::HtmlDocument>().and_then(|d| d.exec_command("copy").ok()).unwrap_or(false);
    area.remove();
    if copied { Ok(()) } else { Err("this page has no access to the clipboard".into()) }
}

/// Sets the document title: `Acme · Accounts · Account admin`.
pub fn set_title(parts: &[&str]) {
    if let Some(document) = document() {
        let mut title: Vec<&str> = parts.iter().copied().filter(|p| !p.trim().is_empty()).collect();
        title.push("Account admin");
        document.set_title(&title.join(" · "));
    }
}

/// Whether the user has selected text in the page (e.g. to copy a number).
pub fn has_selection() -> bool {
    web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .is_some_and(|s| !s.is_collapsed() && s.to_string().as_string().is_some_and(|t| !t.trim().is_empty()))
}

/// Focuses the first element inside `root` matching `selector`.
pub fn focus_first(root: &Element, selector: &str) -> bool {
    match root.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        Some(element) => element.focus().is_ok(),
        None => false,
    }
}

/// Focuses the element matching `selector` as soon as it is in the page
/// (it may be about to render), giving up after two seconds.
pub fn focus_when_ready(selector: impl Into<String>) {
    focus_soon(selector.into(), || true);
}

/// [`focus_when_ready`], only while focus is lost: on the body, where a
/// control that went away or was disabled leaves it (never away from where
/// the user has put it since).
pub fn refocus_when_ready(selector: impl Into<String>) {
    focus_soon(selector.into(), focus_is_lost);
}

fn focus_is_lost() -> bool {
    document().and_then(|d| d.active_element()).is_none_or(|e| e.tag_name() == "BODY")
}

fn focus_soon(selector: String, wanted: fn() -> bool) {
    wasm_bindgen_futures::spawn_local(async move {
        for _ in 0..40 {
            sleep(Duration::from_millis(50)).await;
            if !wanted() {
                return;
            }
            if let Some(document) = document()
                && let Some(root) = document.body()
                && focus_first(&root, &selector)
            {
                return;
            }
        }
    });
}

/// Puts focus on the page's main heading (made focusable for that), as soon
/// as it is there.
pub fn focus_heading() {
    wasm_bindgen_futures::spawn_local(async {
        for _ in 0..40 {
            let heading = document().and_then(|d| d.query_selector("main h1").ok().flatten());
            if let Some(heading) = heading.and_then(|h| h.dyn_into::<HtmlElement>().ok()) {
                if !heading.has_attribute("tabindex") {
                    let _ = heading.set_attribute("tabindex", "-1");
                }
                let _ = heading.focus();
                return;
            }
            sleep(Duration::from_millis(50)).await;
        }
    });
}

/// Before an item of a list is removed by the button the user pressed:
/// focuses the same button of the next item (or the previous one), else the
/// element matching `fallback`, so focus does not fall to the page.
pub fn focus_next_sibling_control(event: &web_sys::Event, fallback: &str) {
    let target = event.current_target().and_then(|t| t.dyn_into::<Element>().ok());
    let item = target.as_ref().and_then(|t| t.closest("li").ok().flatten());
    let neighbour = item.and_then(|item| item.next_element_sibling().or_else(|| item.previous_element_sibling()));
    let button = neighbour.and_then(|n| n.query_selector("button").ok().flatten());
    match button.and_then(|b| b.dyn_into::<HtmlElement>().ok()) {
        Some(button) => {
            let _ = button.focus();
        }
        None => focus_when_ready(fallback),
    }
}

/// Replaces the address of the current history entry with `href`, without
/// a navigation (before a router reads it).
pub fn replace_address(href: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
    }
}
