//! The browser's console log, as chromedriver collects it
//! (`goog:loggingPrefs` browser=ALL): what a flow may leave there and what
//! fails it.
//!
//! A flow fails for any entry at level SEVERE (uncaught exceptions,
//! `console.error`, failed loads) and for any mention of the
//! Content-Security-Policy or Permissions-Policy, whatever its level, except
//! the network lines of HTTP errors the flow declared it provokes
//! ([`ExpectedHttpError`]), such as the 401 of an expired session.

use serde::Deserialize;

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Entry {
    pub level: String,
    #[serde(default)]
    pub source: Option<String>,
    pub message: String,
}

/// An HTTP error answer a flow provokes on purpose: `status` for a URL
/// containing `url_part`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedHttpError {
    pub status: u16,
    pub url_part: String,
}

/// What an entry means for the flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing to say (information, the console's own `console.log`).
    Fine,
    /// A warning worth printing that does not fail the flow.
    Note,
    /// An HTTP error the flow provoked on purpose.
    Expected,
    /// Fails the flow.
    Problem,
}

/// Messages Chromium logs about trunk's output that say nothing about the
/// console: trunk gives the wasm's `<link rel="preload" as="fetch">` an
/// integrity attribute, which Chromium ignores there (the wasm itself is
/// loaded by the bootstrap script, which the CSP allows by hash).
const HARMLESS: [&str; 1] = ["The `integrity` attribute is currently ignored for preload destinations"];

/// Judges one entry.
pub fn judge(entry: &Entry, expected: &[ExpectedHttpError]) -> Verdict {
    if HARMLESS.iter().any(|words| entry.message.contains(words)) {
        return Verdict::Fine;
    }
    let policy = ["Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Permissions policy"]
        .iter()
        .any(|words| entry.message.contains(words));
    if policy {
        return Verdict::Problem;
    }
    match entry.level.as_str() {
        "SEVERE" if is_expected_http_error(entry, expected) => Verdict::Expected,
        "SEVERE" => Verdict::Problem,
        "WARNING" => Verdict::Note,
        _ => Verdict::Fine,
    }
}

/// A network line such as `https://127.0.0.1:4431/api/account/accounts?count=25
/// - Failed to load resource: the server responded with a status of 401 ()`.
fn is_expected_http_error(entry: &Entry, expected: &[ExpectedHttpError]) -> bool {
    if entry.source.as_deref() != Some("network") {
        return false;
    }
    let Some(status) = responded_status(&entry.message) else {
        return false;
    };
    let url = entry.message.split_whitespace().next().unwrap_or("");
    expected.iter().any(|e| e.status == status && url.contains(&e.url_part))
}

fn responded_status(message: &str) -> Option<u16> {
    let (_, rest) = message.split_once("status of ")?;
    rest.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(level: &str, source: &str, message: &str) -> Entry {
        Entry { level: level.into(), source: Some(source.into()), message: message.into() }
    }

    fn expired_session() -> Vec<ExpectedHttpError> {
        vec![ExpectedHttpError { status: 401, url_part: "/api/account/".into() }]
    }

    const UNAUTHORIZED: &str = "https://127.0.0.1:4431/api/account/types - Failed to load resource: the server responded with a status of 401 ()";

    #[test]
    fn entries_are_judged_by_level_source_and_what_the_flow_expects() {
        let cases = [
            (entry("INFO", "console-api", "\"loaded\""), Verdict::Fine),
            (entry("WARNING", "console-api", "\"slow\""), Verdict::Note),
            (entry("SEVERE", "console-api", "\"account-admin: panicked at src/x.rs\""), Verdict::Problem),
            (entry("SEVERE", "javascript", "Uncaught RuntimeError: unreachable"), Verdict::Problem),
            (entry("SEVERE", "network", UNAUTHORIZED), Verdict::Expected),
            (
                entry(
                    "WARNING",
                    "other",
                    "https://x/ 22 The `integrity` attribute is currently ignored for preload destinations that do not support subresource integrity.",
                ),
                Verdict::Fine,
            ),
            (entry("SEVERE", "network", &UNAUTHORIZED.replace("401", "500")), Verdict::Problem),
            (entry("SEVERE", "network", &UNAUTHORIZED.replace("/api/account/", "/api/session/")), Verdict::Problem),
            (
                entry(
                    "SEVERE",
                    "security",
                    "Refused to apply inline style because it violates the following Content Security Policy directive: \"style-src 'self'\".",
                ),
                Verdict::Problem,
            ),
            (
                entry("WARNING", "other", "Error with Permissions-Policy header: Unrecognized feature: 'x'."),
                Verdict::Problem,
            ),
        ];
        for (entry, verdict) in cases {
            assert_eq!(judge(&entry, &expired_session()), verdict, "{entry:?}");
        }
    }

    #[test]
    fn an_http_error_is_a_problem_when_the_flow_expects_none() {
        assert_eq!(judge(&entry("SEVERE", "network", UNAUTHORIZED), &[]), Verdict::Problem);
    }
}
