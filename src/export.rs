//! Exporting the accounts of the list: every page of a List or Search, read
//! 1000 at a time, with progress and a way to cancel; then a CSV download.

use account_model::{Account, MAX_PAGE_SIZE, PageQuery, SearchRequest};
use wasm_bindgen::JsCast;

use crate::api::{ApiClient, ApiError, Cancel};

/// Reads every account the request matches (`None`: the plain list), `page_size`
/// at a time, calling `progress` with the number read so far.
pub async fn collect_all(
    api: &ApiClient,
    request: Option<&SearchRequest>,
    page_size: u32,
    progress: impl Fn(usize),
    cancel: &Cancel,
) -> Result<Vec<Account>, ApiError> {
    let count = page_size.clamp(1, MAX_PAGE_SIZE);
    let mut all = Vec::new();
    let mut offset = 0;
    loop {
        let page = PageQuery { count, offset };
        let answer = match request {
            Some(request) => api.search_accounts(request, page, Some(cancel)).await?,
            None => api.list_accounts(page, Some(cancel)).await?,
        };
        let (read, more) = (answer.accounts.len(), answer.has_next());
        all.extend(answer.accounts);
        progress(all.len());
        if !more || read == 0 {
            return Ok(all);
        }
        offset += read as u64;
    }
}

/// Offers `text` to the user as a file download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| "cannot make the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot make the file")?;
    let link = document.create_element("a").map_err(|_| "cannot offer the file")?;
    let link: web_sys::HtmlAnchorElement = link.dyn_into().map_err(|_| "cannot offer the file")?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    web_sys::Url::revoke_object_url(&url).map_err(|_| "cannot release the file")?;
    Ok(())
}
