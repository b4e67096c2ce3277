//! The built console served beside the API, and CORS for browser tests.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};

use crate::harness::Sandbox;

fn console_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>console</title>").expect("index");
    std::fs::write(dir.path().join("app.js"), "console.log('hi')").expect("js");
    dir
}

#[tokio::test]
async fn the_console_is_served_with_fallback_to_index_html_for_app_routes() {
    let console = console_dir();
    let path = console.path().to_path_buf();
    let sandbox = Sandbox::with(move |settings| settings.static_dir = Some(path));
    let root = sandbox.send(Request::get("/").body(Body::empty()).expect("request")).await.expect(StatusCode::OK);
    assert!(root.body.as_str().is_some_and(|html| html.contains("<title>console</title>")));
    let asset =
        sandbox.send(Request::get("/app.js").body(Body::empty()).expect("request")).await.expect(StatusCode::OK);
    assert!(asset.headers[header::CONTENT_TYPE].to_str().is_ok_and(|t| t.contains("javascript")));
    let deep =
        sandbox.send(Request::get("/accounts/42").body(Body::empty()).expect("request")).await.expect(StatusCode::OK);
    assert!(deep.body.as_str().is_some_and(|html| html.contains("console")), "an app route gets index.html");
    let api = sandbox.send(Request::get("/api/account/nothing").body(Body::empty()).expect("request")).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND, "the API never falls back to the console");
}

#[tokio::test]
async fn with_cors_a_preflight_from_another_origin_is_allowed_and_retry_after_is_exposed() {
    let sandbox = Sandbox::with(|settings| settings.cors = true);
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/account/accounts")
        .header(header::ORIGIN, "http://127.0.0.1:9999")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "lv-session,content-type")
        .body(Body::empty())
        .expect("request");
    let answer = sandbox.send(preflight).await;
    assert!(answer.status.is_success());
    assert_eq!(answer.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let request = Request::get("/api/account/types")
        .header(header::ORIGIN, "http://127.0.0.1:9999")
        .body(Body::empty())
        .expect("request");
    let answer = sandbox.send(request).await;
    let exposed = answer.headers[header::ACCESS_CONTROL_EXPOSE_HEADERS].to_str().expect("text").to_ascii_lowercase();
    assert!(exposed.contains("retry-after"), "{exposed}");
}

#[tokio::test]
async fn without_cors_no_cross_origin_headers_are_sent() {
    let sandbox = Sandbox::new();
    let request = Request::get("/api/account/types")
        .header(header::ORIGIN, "http://evil.example")
        .body(Body::empty())
        .expect("request");
    let answer = sandbox.send(request).await;
    assert!(answer.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}
