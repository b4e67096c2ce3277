//! What the sandbox does over HTTP beside the API's methods: the built
//! console served beside it, compressed answers, CORS for browser tests.

use std::io::Read;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::harness::{PREFIX, Sandbox};

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

/// A console whose build also wrote brotli and gzip files beside the
/// originals; the bytes say which file was sent.
fn precompressed_console_dir() -> tempfile::TempDir {
    let dir = console_dir();
    for (name, bytes) in [
        ("app.js.br", "brotli js"),
        ("app.js.gz", "gzip js"),
        ("index.html.br", "brotli index"),
        ("index.html.gz", "gzip index"),
    ] {
        std::fs::write(dir.path().join(name), bytes).expect("a compressed file");
    }
    dir
}

#[tokio::test]
async fn precompressed_files_are_sent_to_clients_that_accept_their_encoding() {
    let console = precompressed_console_dir();
    let path = console.path().to_path_buf();
    let sandbox = Sandbox::with(move |settings| settings.static_dir = Some(path));
    // (path, Accept-Encoding, Content-Encoding sent, body)
    let cases = [
        ("/app.js", Some("br, gzip"), Some("br"), "brotli js"),
        ("/app.js", Some("gzip, deflate"), Some("gzip"), "gzip js"),
        ("/app.js", Some("br;q=0, gzip"), Some("gzip"), "gzip js"),
        ("/app.js", Some("identity"), None, "console.log('hi')"),
        ("/app.js", None, None, "console.log('hi')"),
        ("/", Some("gzip, br"), Some("br"), "brotli index"),
        ("/index.html", Some("gzip"), Some("gzip"), "gzip index"),
        ("/accounts/42", Some("br"), Some("br"), "brotli index"),
        ("/accounts/42", None, None, "<!doctype html><title>console</title>"),
    ];
    for (path, accept, encoding, body) in cases {
        let mut request = Request::get(path);
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT_ENCODING, accept);
        }
        let answer = sandbox.send(request.body(Body::empty()).expect("request")).await.expect(StatusCode::OK);
        let context = format!("{path} with {accept:?}");
        assert_eq!(answer.headers.get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()), encoding, "{context}");
        assert_eq!(answer.body.as_str(), Some(body), "{context}");
        let vary = answer.headers.get_all(header::VARY).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>();
        assert!(vary.iter().any(|v| v.eq_ignore_ascii_case("accept-encoding")), "{context}: Vary {vary:?}");
        if path.ends_with(".js") {
            let content_type = answer.headers[header::CONTENT_TYPE].to_str().unwrap_or_default();
            assert!(content_type.contains("javascript"), "{context}: the type of the original, {content_type}");
        }
    }
    let api = sandbox
        .send(
            Request::get("/api/account/nothing")
                .header(header::ACCEPT_ENCODING, "br")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(api.status, StatusCode::NOT_FOUND, "the API never falls back to the console");
}

/// The raw bytes and `Content-Encoding` of a GET of `path` below the API.
async fn raw_get(sandbox: &Sandbox, path: &str, session: &str, accept: Option<&str>) -> (Option<String>, Vec<u8>) {
    let mut request = Request::get(format!("{PREFIX}{path}")).header("LV-Session", session);
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT_ENCODING, accept);
    }
    let response = sandbox.router.clone().oneshot(request.body(Body::empty()).expect("request")).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let encoding = response.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().expect("text").to_owned());
    (encoding, response.into_body().collect().await.expect("body").to_bytes().to_vec())
}

#[tokio::test]
async fn api_answers_of_a_kilobyte_or_more_are_gzipped_for_clients_that_accept_it_as_the_proxy_does() {
    let sandbox = Sandbox::seeded(50);
    let session = sandbox.login("sysadmin").await;
    let list = "/account/accounts?count=50&offset=0";
    let (encoding, plain) = raw_get(&sandbox, list, &session, None).await;
    assert_eq!(encoding, None, "no Accept-Encoding, no compression");
    let (encoding, gzipped) = raw_get(&sandbox, list, &session, Some("gzip, deflate, br")).await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(gzipped.as_slice()).read_to_end(&mut unzipped).expect("valid gzip");
    assert_eq!(unzipped, plain, "the same answer");
    assert!(gzipped.len() * 4 < plain.len(), "{} bytes gzipped of {}", gzipped.len(), plain.len());
    // Below a kilobyte compressing gains nothing worth the work.
    let (encoding, small) = raw_get(&sandbox, "/account/types", &session, Some("gzip")).await;
    assert!(small.len() < 1024, "{} bytes", small.len());
    assert_eq!(encoding, None);
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
