//! `make bench`: how fast the sandbox answers the console's heaviest reads on
//! 100,000 accounts. Drives the whole router in-process (routing, session
//! check, SQLite, JSON encoding), so the numbers leave out only the socket.
//!
//! Reports p50 and p99 per scenario against the 50 ms target. A benchmark, not
//! a test: it never fails the build.

use std::time::{Duration, Instant};

use account_sandbox::{AppState, Db, Settings, app, demo};
use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode},
};
use http_body_util::BodyExt;
use tower::ServiceExt;

const ACCOUNTS: u32 = 100_000;
const ROUNDS: usize = 60;
const TARGET: Duration = Duration::from_millis(50);

#[tokio::main]
async fn main() {
    let accounts = std::env::var("BENCH_ACCOUNTS").ok().and_then(|n| n.parse().ok()).unwrap_or(ACCOUNTS);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(dir.path()).expect("database");
    demo::bootstrap(&db).expect("bootstrap");
    let seeding = Instant::now();
    demo::seed_accounts(&db, demo::CLIENT, accounts).expect("seed");
    println!("seeded {accounts} accounts in {:.1} s", seeding.elapsed().as_secs_f64());

    let router = app(AppState::new(db, Duration::from_secs(7200), false, Settings::default()));
    let session = login(&router).await;
    let deep = accounts.saturating_sub(1000);

    println!("{:<58} {:>9} {:>9} {:>7}", "scenario", "p50 ms", "p99 ms", "target");
    let scenarios: [(String, &str, Option<&str>); 5] = [
        (format!("list count=1000 offset={deep} (deep page)"), "GET", None),
        ("list count=1000 offset=0".into(), "GET", None),
        ("search name contains \"logist\", count=100".into(), "POST", Some(r#"{"search":{"name":"logist"}}"#)),
        ("search name contains \"zür\" (non-ASCII), count=1000".into(), "POST", Some(r#"{"search":{"name":"zür"}}"#)),
        (
            "search name contains \"nothing-matches\", count=100".into(),
            "POST",
            Some(r#"{"search":{"name":"nothing-matches"}}"#),
        ),
    ];
    for (index, (name, method, body)) in scenarios.iter().enumerate() {
        let uri = match index {
            0 => format!("/api/account/accounts?count=1000&offset={deep}"),
            1 => "/api/account/accounts?count=1000&offset=0".into(),
            3 => "/api/account/accounts/search?count=1000&offset=0".into(),
            _ => "/api/account/accounts/search?count=100&offset=0".into(),
        };
        let mut timings = Vec::with_capacity(ROUNDS);
        for round in 0..ROUNDS + 3 {
            let started = Instant::now();
            let bytes = call(&router, method, &uri, &session, *body).await;
            let elapsed = started.elapsed();
            // The first rounds warm SQLite's page cache and the statement cache.
            if round >= 3 {
                timings.push(elapsed);
            }
            let page: account_model::AccountPage = serde_json::from_slice(&bytes).expect("a page");
            assert!(!page.accounts.is_empty() || body.is_some_and(|b| b.contains("nothing")), "{name}: no rows");
        }
        timings.sort();
        let (p50, p99) = (percentile(&timings, 50), percentile(&timings, 99));
        let verdict = if p99 <= TARGET { "met" } else { "MISSED" };
        println!("{name:<58} {:>9.2} {:>9.2} {verdict:>7}", ms(p50), ms(p99));
    }
}

async fn login(router: &Router) -> String {
    let request = Request::post("/api/session/login")
        .header("LV-Access", demo::ACCESS_TOKEN)
        .header("content-type", "application/json")
        .body(Body::from(r#"{"clientName":"DEMO","userName":"manager","password":"demo"}"#))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("answer");
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    let answer: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    answer["sessionId"].as_str().expect("session").to_string()
}

/// Sends one call and answers the whole body, as a client would receive it.
async fn call(router: &Router, method: &str, uri: &str, session: &str, body: Option<&str>) -> axum::body::Bytes {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("LV-Session", session)
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    response.into_body().collect().await.expect("body").to_bytes()
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let rank = (sorted.len() * p).div_ceil(100).max(1) - 1;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
