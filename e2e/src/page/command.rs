//! Chromedriver commands past what fantoccini wraps: Chromium's computed
//! role and label of an element, its DevTools protocol, the browser log.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::Value;

/// A chromedriver command under `/session/{id}/` that fantoccini has no method for.
#[derive(Debug)]
pub(super) struct SessionCommand {
    method: http::Method,
    path: String,
    body: Option<Value>,
}

impl SessionCommand {
    pub(super) fn get(path: String) -> Self {
        SessionCommand { method: http::Method::GET, path, body: None }
    }

    pub(super) fn post(path: &str, body: Value) -> Self {
        SessionCommand { method: http::Method::POST, path: path.to_string(), body: Some(body) }
    }
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/{}", session_id.unwrap_or_default(), self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (self.method.clone(), self.body.as_ref().map(Value::to_string))
    }
}
