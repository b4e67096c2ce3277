//! Runtime configuration: `config.json`, fetched at start, so that one build
//! serves any environment behind any proxy prefix.

use serde::Deserialize;

/// What `config.json` says. Every key is optional.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RuntimeConfig {
    /// Where the proxy serves the API: a path (`/api`) or a full URL.
    pub api_base: String,
    /// A version segment newer releases put after the category, e.g. `v17.0`.
    pub api_version: Option<String>,
    /// A label for the header, e.g. `NA4 production` or `sandbox`.
    pub environment: String,
    /// Ask for the access token at sign-in (where no proxy injects `LV-Access`).
    pub ask_access_token: bool,
    /// The client name to prefill at sign-in.
    pub default_client: Option<String>,
    /// How long one request may take before it counts as timed out.
    pub request_timeout_ms: u32,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        RuntimeConfig {
            api_base: "/api".into(),
            api_version: None,
            environment: String::new(),
            ask_access_token: true,
            default_client: None,
            request_timeout_ms: 20_000,
        }
    }
}

impl RuntimeConfig {
    /// Reads `config.json`; blank values fall back to the defaults.
    pub fn parse(json: &str) -> Result<RuntimeConfig, String> {
        let mut config: RuntimeConfig =
            serde_json::from_str(json).map_err(|e| format!("config.json is not valid: {e}"))?;
        if config.api_base.trim().is_empty() {
            config.api_base = RuntimeConfig::default().api_base;
        }
        config.api_base = config.api_base.trim().trim_end_matches('/').to_string();
        config.api_version =
            config.api_version.map(|v| v.trim().trim_matches('/').to_string()).filter(|v| !v.is_empty());
        config.default_client = config.default_client.filter(|c| !c.trim().is_empty());
        if config.request_timeout_ms == 0 {
            config.request_timeout_ms = RuntimeConfig::default().request_timeout_ms;
        }
        Ok(config)
    }

    /// The URL of a method's path (from `account_model::paths`), with the
    /// version segment when configured and an optional query.
    pub fn url(&self, path: &str, query: Option<&str>) -> String {
        let path = account_model::paths::with_version(path, self.api_version.as_deref());
        match query {
            Some(query) if !query.is_empty() => format!("{}{path}?{query}", self.api_base),
            _ => format!("{}{path}", self.api_base),
        }
    }

    /// Fetches `/config.json` (beside `index.html`; the build serves the
    /// console from the site's root). A missing file means the defaults; an
    /// invalid one is an error worth stopping for. The path is absolute so
    /// that a deep link (`/accounts/27`) reads the same file.
    pub async fn fetch() -> Result<RuntimeConfig, String> {
        let url = "/config.json";
        let response = gloo_net::http::Request::get(url).send().await.map_err(|e| format!("cannot load {url}: {e}"))?;
        match response.status() {
            200 => RuntimeConfig::parse(&response.text().await.map_err(|e| e.to_string())?),
            404 => Ok(RuntimeConfig::default()),
            status => Err(format!("cannot load {url}: HTTP {status}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_take_the_defaults() {
        let config = RuntimeConfig::parse("{}").unwrap();
        assert_eq!(config, RuntimeConfig::default());
        assert_eq!(config.url("/account/accounts", Some("count=5&offset=0")), "/api/account/accounts?count=5&offset=0");
    }

    #[test]
    fn a_version_segment_goes_after_the_category() {
        let config =
            RuntimeConfig::parse(r#"{"apiBase": "https://proxy.example/lv/", "apiVersion": "/v17.0/"}"#).unwrap();
        assert_eq!(config.url("/account/type/4", None), "https://proxy.example/lv/account/v17.0/type/4");
        assert_eq!(config.url("/session/login", None), "https://proxy.example/lv/session/v17.0/login");
    }

    #[test]
    fn blank_values_fall_back_and_bad_json_is_an_error() {
        let config =
            RuntimeConfig::parse(r#"{"apiBase": " ", "apiVersion": "", "requestTimeoutMs": 0, "defaultClient": ""}"#)
                .unwrap();
        assert_eq!(config, RuntimeConfig::default());
        assert!(RuntimeConfig::parse(r#"{"apiBase": 5}"#).unwrap_err().contains("config.json"));
    }
}
