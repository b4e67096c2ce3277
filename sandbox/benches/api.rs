//! `make bench`: how fast the sandbox answers the console's heaviest reads.
//! Drives the whole router in-process (routing, session check, SQLite, JSON
//! encoding), so the numbers leave out only the socket.
//!
//! Two parts, each a table of p50 and p99 per scenario against its target:
//! - 100,000 accounts (seeded into a temporary folder each run): the list's
//!   pages of 1000 and name searches, against 50 ms;
//! - 1,000,000 accounts (seeded once into `target/bench/api-1000000/`, reused
//!   by later runs): every indexed sort in both directions and every kind of
//!   criterion the console sends (substrings of 1, 2 and 3 or more
//!   characters, ASCII and not; ranges; a custom field; two combined), each
//!   on page 1 and at offset 100,000, 50 rows, against 100 ms.
//!
//! Each part starts with a line `## accounts=N target_ms=T seed_s=S
//! load=L` that `bench/run.mjs` reads. A benchmark, not a test: it never
//! fails the build. `BENCH_ACCOUNTS` changes the first part's size,
//! `BENCH_LARGE` the second's (0 skips it), `BENCH_ROUNDS` the rounds.

use std::{
    path::PathBuf,
    time::{Duration, Instant},
};

use account_sandbox::{AppState, Db, Settings, app, demo};
use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode},
};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

const ACCOUNTS: u32 = 100_000;
const LARGE: u32 = 1_000_000;
const ROUNDS: usize = 60;
const LARGE_ROUNDS: usize = 40;
/// The offset of the deep pages of the large part.
const DEEP: u64 = 100_000;

/// One call to time.
struct Scenario {
    name: String,
    method: &'static str,
    uri: String,
    body: Option<String>,
}

impl Scenario {
    fn search(name: impl Into<String>, offset: u64, count: u32, body: serde_json::Value) -> Scenario {
        Scenario {
            name: name.into(),
            method: "POST",
            uri: format!("/api/account/accounts/search?count={count}&offset={offset}"),
            body: Some(body.to_string()),
        }
    }
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    small_part(env_number("BENCH_ACCOUNTS", ACCOUNTS), env_number("BENCH_ROUNDS", ROUNDS)).await;
    let large = env_number("BENCH_LARGE", LARGE);
    if large > 0 {
        large_part(large, env_number("BENCH_ROUNDS", LARGE_ROUNDS)).await;
    }
}

/// The part on 100,000 accounts, seeded each run.
async fn small_part(accounts: u32, rounds: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(dir.path()).expect("database");
    demo::bootstrap(&db).expect("bootstrap");
    let seeding = Instant::now();
    demo::seed_accounts(&db, demo::CLIENT, accounts).expect("seed");
    let seconds = seeding.elapsed().as_secs_f64();
    println!("seeded {accounts} accounts in {seconds:.1} s");
    println!("## accounts={accounts} target_ms=50 seed_s={seconds:.1} load={}", load());
    let router = app(AppState::new(db, Duration::from_secs(7200), false, Settings::default()));
    let session = login(&router).await;
    let deep = accounts.saturating_sub(1000);
    let list = |name: String, offset: u32| Scenario {
        name,
        method: "GET",
        uri: format!("/api/account/accounts?count=1000&offset={offset}"),
        body: None,
    };
    let scenarios = vec![
        list(format!("list count=1000 offset={deep} (deep page)"), deep),
        list("list count=1000 offset=0".into(), 0),
        Scenario::search("search name contains \"logist\", count=100", 0, 100, json!({"search": {"name": "logist"}})),
        Scenario::search(
            "search name contains \"zür\" (non-ASCII), count=1000",
            0,
            1000,
            json!({"search": {"name": "zür"}}),
        ),
        Scenario::search(
            "search name contains \"nothing-matches\", count=100",
            0,
            100,
            json!({"search": {"name": "nothing-matches"}}),
        ),
    ];
    measure(&router, &session, &scenarios, rounds, Duration::from_millis(50)).await;
}

/// The part on a million accounts, in a folder kept for later runs.
async fn large_part(accounts: u32, rounds: usize) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../target/bench/api-{accounts}"));
    let opening = Instant::now();
    let db = Db::open(&dir).expect("database");
    let opened = opening.elapsed().as_secs_f64();
    demo::bootstrap(&db).expect("bootstrap");
    let seeding = Instant::now();
    let seeded = demo::seed_accounts(&db, demo::CLIENT, accounts).expect("seed");
    let seconds = seeding.elapsed().as_secs_f64();
    if seeded > 0 {
        println!("seeded {seeded} accounts into {} in {seconds:.1} s", dir.display());
    } else {
        println!("reused the accounts in {} (opened in {opened:.1} s)", dir.display());
    }
    let seed = if seeded > 0 { format!("{seconds:.1}") } else { "reused".into() };
    println!("## accounts={accounts} target_ms=100 seed_s={seed} load={}", load());
    let router = app(AppState::new(db, Duration::from_secs(7200), false, Settings::default()));
    let session = login(&router).await;
    let phone = a_phone(&router, &session).await;
    measure(&router, &session, &large_scenarios(&phone), rounds, Duration::from_millis(100)).await;
    println!("load average after: {}", load());
}

/// The digits of a phone number one account has, as the console sends a
/// phone criterion.
async fn a_phone(router: &Router, session: &str) -> String {
    let uri = format!("/api/account/accounts?count=1&offset={}", DEEP * 3);
    let page: account_model::AccountPage =
        serde_json::from_slice(&call(router, "GET", &uri, session, None).await).expect("a page");
    let phone = page.accounts.first().and_then(|a| a.fields.phone_office.clone()).unwrap_or_default();
    phone.chars().filter(char::is_ascii_digit).collect()
}

fn large_scenarios(phone: &str) -> Vec<Scenario> {
    let mut out = Vec::new();
    let pages = [(0, "page 1"), (DEEP, "offset 100,000")];
    for property in
        ["name", "accountNumber", "annualRevenue", "numOfEmployees", "industry", "createdDate", "modifiedDate"]
    {
        for direction in ["ASC", "DESC"] {
            for (offset, page) in pages {
                let body = json!({"sort": {"property": property, "direction": direction}});
                out.push(Scenario::search(format!("sort {property} {direction}, {page}"), offset, 50, body));
            }
        }
    }
    // 2024-01-01 and the years after, in epoch ms (the demo's accounts
    // were created an hour apart from then on).
    let year = |y: i64| 1_704_067_200_000 + (y - 2024) * 31_536_000_000;
    let criteria = [
        ("name \"q\" (1 char)", json!({"name": "q"})),
        ("name \"a\" (1 char, most)", json!({"name": "a"})),
        ("name \"ü\" (1 char, non-ASCII)", json!({"name": "ü"})),
        ("name \"ve\" (2 chars)", json!({"name": "ve"})),
        ("name \"zü\" (2 chars, non-ASCII)", json!({"name": "zü"})),
        ("name \"logist\"", json!({"name": "logist"})),
        ("name \"société\" (non-ASCII)", json!({"name": "société"})),
        ("accountNumber \"7\" (1 char)", json!({"accountNumber": "7"})),
        ("accountNumber \"ü\" (1 char, non-ASCII)", json!({"accountNumber": "ü"})),
        ("accountNumber \"42\" (2 chars)", json!({"accountNumber": "42"})),
        ("accountNumber \"é4\" (2 chars, non-ASCII)", json!({"accountNumber": "é4"})),
        ("accountNumber \"00042\"", json!({"accountNumber": "00042"})),
        ("accountNumber \"acc-1\"", json!({"accountNumber": "acc-1"})),
        ("accountNumber \"ñ-00\" (non-ASCII)", json!({"accountNumber": "ñ-00"})),
        ("billing city \"osaka\"", json!({"billingAddress": {"city": "osaka"}})),
        ("billing city \"münch\" (non-ASCII)", json!({"billingAddress": {"city": "münch"}})),
        ("industry \"software\"", json!({"industry": "software"})),
        ("phoneOffice, an account's digits", json!({"phoneOffice": phone})),
        ("phoneOffice \"1234\"", json!({"phoneOffice": "1234"})),
        ("annualRevenue 1M to 5M", json!({"annualRevenueStart": 1_000_000, "annualRevenueEnd": 5_000_000})),
        ("annualRevenue from 10M (most)", json!({"annualRevenueStart": 10_000_000})),
        ("modifiedDate in 2024", json!({"modifiedDateStart": year(2024), "modifiedDateEnd": year(2025) - 1})),
        ("modifiedDate 2024 to 2053", json!({"modifiedDateStart": year(2024), "modifiedDateEnd": year(2054) - 1})),
        ("custom COL1 \"42\"", json!({"customFields": [{"field": "COL1", "value": "42"}]})),
        ("custom COL2 \"7\"", json!({"customFields": [{"field": "COL2", "value": "7"}]})),
        (
            "city \"osaka\" + industry \"software\"",
            json!({"billingAddress": {"city": "osaka"}, "industry": "software"}),
        ),
        (
            "name \"logist\" + annualRevenue 1M to 5M",
            json!({"name": "logist", "annualRevenueStart": 1_000_000, "annualRevenueEnd": 5_000_000}),
        ),
        ("name \"a\" + custom COL2 \"7\"", json!({"name": "a", "customFields": [{"field": "COL2", "value": "7"}]})),
        (
            "name \"ü\" + modifiedDate 2024 to 2053",
            json!({"name": "ü", "modifiedDateStart": year(2024), "modifiedDateEnd": year(2054) - 1}),
        ),
    ];
    for (what, search) in criteria {
        for (offset, page) in pages {
            out.push(Scenario::search(format!("{what}, {page}"), offset, 50, json!({"search": search})));
        }
    }
    out
}

/// Times each scenario `rounds` times (after 3 that warm the caches) and
/// prints the p50 and p99 of its wall time, then of the CPU time the
/// process spent on it (which builds running beside the bench do not
/// inflate as they do the wall time), and how many rows it answered.
async fn measure(router: &Router, session: &str, scenarios: &[Scenario], rounds: usize, target: Duration) {
    println!("{:<62} {:>9} {:>9} {:>9} {:>9} {:>7}", "scenario", "p50 ms", "p99 ms", "cpu p50", "cpu p99", "target");
    for scenario in scenarios {
        let mut wall = Vec::with_capacity(rounds);
        let mut cpu = Vec::with_capacity(rounds);
        let mut rows = 0;
        for round in 0..rounds + 3 {
            let (started, cpu_started) = (Instant::now(), cpu_time());
            let bytes = call(router, scenario.method, &scenario.uri, session, scenario.body.as_deref()).await;
            let (elapsed, cpu_elapsed) = (started.elapsed(), cpu_time().saturating_sub(cpu_started));
            if round >= 3 {
                wall.push(elapsed);
                cpu.push(cpu_elapsed);
            }
            let page: account_model::AccountPage = serde_json::from_slice(&bytes).expect("a page");
            rows = page.accounts.len();
        }
        wall.sort();
        cpu.sort();
        let p99 = percentile(&wall, 99);
        let verdict = if p99 <= target { "met" } else { "MISSED" };
        let name = format!("{} · {rows} rows", scenario.name);
        println!(
            "{name:<62} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {verdict:>7}",
            ms(percentile(&wall, 50)),
            ms(p99),
            ms(percentile(&cpu, 50)),
            ms(percentile(&cpu, 99))
        );
    }
}

/// The CPU time this process has used, all its threads, as Linux counts it
/// per thread in `/proc/self/task/*/schedstat` (nanoseconds first);
/// zero where there is no such file.
fn cpu_time() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return Duration::ZERO };
    let nanos: u64 = tasks
        .filter_map(Result::ok)
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}

/// The 1, 5 and 15-minute load averages: other work on the machine inflates
/// every timing.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join("/"))
        .unwrap_or_else(|_| "unknown".into())
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
    assert_eq!(response.status(), StatusCode::OK, "{method} {uri} {body:?}");
    response.into_body().collect().await.expect("body").to_bytes()
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let rank = (sorted.len() * p).div_ceil(100).max(1) - 1;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
