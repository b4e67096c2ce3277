//! The route table: every path the reference documents answers, at the
//! spelling of its *Method:* line and at the other one NOTES.md asks a
//! stand-in to accept, and every account path behind a version segment too.
//! The paths are written out here, not read from `account_model::paths`, so
//! that a path the model gets wrong fails here.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::harness::Sandbox;

/// Each method and path, `{id}` standing for an id.
const DOCUMENTED: [(&str, &str); 23] = [
    ("GET", "/account/accounts"),
    ("POST", "/account/accounts"),
    ("POST", "/account/accounts/bulk"),
    ("POST", "/account/accounts/search"),
    ("GET", "/account/accounts/{id}"),
    ("PUT", "/account/accounts/{id}"),
    ("DELETE", "/account/accounts/{id}"),
    ("POST", "/account/accounts/{id}/notes"),
    ("POST", "/account/accounts/{id}/contacts"),
    ("POST", "/account/accounts/{id}/contacts/bulk"),
    ("DELETE", "/account/accounts/{id}/contacts/CT-0001"),
    ("GET", "/account/classifications"),
    ("POST", "/account/classifications"),
    ("GET", "/account/classifications/{id}"),
    ("PUT", "/account/classification/{id}"),
    ("DELETE", "/account/classification/{id}"),
    ("GET", "/account/types"),
    ("POST", "/account/types"),
    ("GET", "/account/type/{id}"),
    ("PUT", "/account/type/{id}"),
    ("DELETE", "/account/type/{id}"),
    // Session paths have no version segment, and logout comes last: it ends
    // the session the others use.
    ("POST", "/session/login"),
    ("DELETE", "/session/logout"),
];

/// The other spelling of a classification or type path, if it has one.
fn other_spelling(path: &str) -> Option<String> {
    let swaps = [("/classifications", "/classification"), ("/types", "/type")];
    swaps.into_iter().find_map(|(plural, singular)| {
        if let Some(rest) = path.strip_prefix("/account").and_then(|p| p.strip_prefix(plural)) {
            Some(format!("/account{singular}{rest}"))
        } else {
            let rest = path.strip_prefix("/account")?.strip_prefix(singular)?;
            (rest.is_empty() || rest.starts_with('/')).then(|| format!("/account{plural}{rest}"))
        }
    })
}

#[tokio::test]
async fn every_documented_path_answers_in_both_spellings_and_behind_a_version() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let mut paths = Vec::new();
    for (method, path) in DOCUMENTED {
        // An id that is no record's: the call reaches its handler, which
        // answers 404 with the reference's code 203 (or 400 for the body),
        // where a path that is not routed answers 404 with code 404.
        let path = path.replace("{id}", "2147483000");
        let mut spellings = vec![path.clone()];
        spellings.extend(other_spelling(&path));
        for spelling in spellings {
            if let Some(rest) = spelling.strip_prefix("/account/") {
                paths.push((method, format!("/account/v17.0/{rest}")));
            }
            paths.push((method, spelling));
        }
    }
    assert_eq!(paths.len(), 2 * (21 + 10) + 2, "every path, each classification and type path twice");
    for (method, path) in paths {
        let method = Method::from_bytes(method.as_bytes()).expect("a method");
        let body = matches!(method, Method::POST | Method::PUT).then(|| json!({}));
        let answer = sandbox.call(method.clone(), &path, Some(&session), body).await;
        let unrouted = answer.status == StatusCode::METHOD_NOT_ALLOWED
            || (answer.status == StatusCode::NOT_FOUND && answer.body["code"] != 203);
        assert!(!unrouted, "{method} {path}: {} {}", answer.status, answer.body);
    }
}

#[tokio::test]
async fn a_path_the_reference_does_not_have_is_not_routed() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    for path in ["/account/classificationz", "/account/typess/1", "/account/account/1", "/session/v17.0/logout"] {
        let answer = sandbox.call(Method::GET, path, Some(&session), None).await.expect(StatusCode::NOT_FOUND);
        assert_eq!(answer.body["code"], 404, "{path}");
    }
    let answer = sandbox.call(Method::GET, "/account/accounts/bulk", Some(&session), None).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "a known path with another method");
}
