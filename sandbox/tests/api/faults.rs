//! The fault-injection control used by the console's tests.

use std::time::Duration;

use account_sandbox::{AppState, Db, Settings, app, demo};
use axum::http::{StatusCode, header};
use serde_json::json;

use crate::harness::Sandbox;

const FAULTS: &str = "/__sandbox/faults";

#[tokio::test]
async fn a_rate_limit_rule_answers_429_with_retry_after_for_the_next_calls_then_lets_them_through() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("manager").await;
    let rule = json!({"path": "/account/types", "method": "GET", "kind": "rateLimit", "times": 2, "retryAfterSecs": 3});
    sandbox.post(FAULTS, &session, rule).await.expect(StatusCode::NO_CONTENT);
    for _ in 0..2 {
        let answer = sandbox.get("/account/types", &session).await.expect(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(answer.headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("3"));
        assert_eq!(answer.body["code"], 429);
    }
    sandbox.get("/account/types", &session).await.expect(StatusCode::OK);
}

#[tokio::test]
async fn rules_match_only_their_path_and_method() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    sandbox
        .post(FAULTS, &session, json!({"path": "/account/types", "method": "POST", "kind": "serverError"}))
        .await
        .expect(StatusCode::NO_CONTENT);
    sandbox.get("/account/types", &session).await.expect(StatusCode::OK);
    sandbox.get("/account/classifications", &session).await.expect(StatusCode::OK);
    let answer =
        sandbox.post("/account/types", &session, json!({"name": "X"})).await.expect(StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.body, json!({"code": 500, "message": "Internal Server Error"}));
    sandbox.post("/account/types", &session, json!({"name": "X"})).await.expect(StatusCode::CREATED);
}

#[tokio::test]
async fn unavailable_answers_503_with_retry_after_and_clear_removes_rules() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("manager").await;
    sandbox
        .post(FAULTS, &session, json!({"path": "/account/types", "kind": "unavailable", "times": 5}))
        .await
        .expect(StatusCode::NO_CONTENT);
    let answer = sandbox.get("/account/types", &session).await.expect(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("1"));
    sandbox.delete(FAULTS, &session).await.expect(StatusCode::NO_CONTENT);
    sandbox.get("/account/types", &session).await.expect(StatusCode::OK);
}

#[tokio::test]
async fn a_stall_runs_into_the_request_timeout_and_answers_504() {
    let sandbox = Sandbox::with(|settings: &mut Settings| settings.request_timeout = Duration::from_millis(200));
    let session = sandbox.login("manager").await;
    sandbox
        .post(FAULTS, &session, json!({"path": "/account/types", "kind": "stall"}))
        .await
        .expect(StatusCode::NO_CONTENT);
    let answer = sandbox.get("/account/types", &session).await.expect(StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(answer.body["code"], 504);
}

#[tokio::test]
async fn a_delay_makes_an_earlier_call_answer_after_a_later_one() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("manager").await;
    let rule = json!({"path": "/account/accounts/search", "kind": "delay", "delayMs": 1500});
    sandbox.post(FAULTS, &session, rule).await.expect(StatusCode::NO_CONTENT);
    let started = std::time::Instant::now();
    let slow = sandbox.post("/account/accounts/search?count=1&offset=0", &session, json!({}));
    let fast = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let answer = sandbox.post("/account/accounts/search?count=1&offset=0", &session, json!({})).await;
        (answer.status, started.elapsed())
    };
    let (slow, (fast_status, fast_done)) = tokio::join!(slow, fast);
    assert_eq!((slow.status, fast_status), (StatusCode::OK, StatusCode::OK));
    assert!(fast_done < Duration::from_millis(1500), "the later call was not held back: {fast_done:?}");
    assert!(started.elapsed() >= Duration::from_millis(1500), "the earlier call was delayed");
}

#[tokio::test]
async fn a_slow_answer_holds_what_the_call_saw_then_and_delivers_it_late() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let created = sandbox.post("/account/types", &session, json!({"name": "Before"})).await.expect(StatusCode::CREATED);
    let id = created.body["id"].as_i64().expect("an id");
    let rule = json!({"path": format!("/account/type/{id}"), "method": "GET", "kind": "slowAnswer", "delayMs": 800});
    sandbox.post(FAULTS, &session, rule).await.expect(StatusCode::NO_CONTENT);
    let started = std::time::Instant::now();
    let path = format!("/account/type/{id}");
    let slow = sandbox.get(&path, &session);
    let rename = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        sandbox.put(&format!("/account/type/{id}"), &session, json!({"name": "After"})).await.status
    };
    let (slow, renamed) = tokio::join!(slow, rename);
    assert_eq!(renamed, StatusCode::NO_CONTENT);
    assert_eq!(slow.body["name"], "Before", "the answer is what the call saw when it ran");
    assert!(started.elapsed() >= Duration::from_millis(800), "and it came late");
}

#[tokio::test]
async fn expiring_a_session_makes_its_next_call_answer_401() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("manager").await;
    sandbox
        .post("/__sandbox/sessions/expire", &session, json!({"sessionId": session}))
        .await
        .expect(StatusCode::NO_CONTENT);
    sandbox.get("/account/types", &session).await.expect(StatusCode::UNAUTHORIZED);
    let other = sandbox.login("manager").await;
    sandbox
        .post("/__sandbox/sessions/expire", &other, json!({"sessionId": "unknown"}))
        .await
        .expect(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_the_faults_flag_the_control_does_not_exist() {
    let dir = tempfile::tempdir().expect("dir");
    let db = Db::open(dir.path()).expect("db");
    demo::bootstrap(&db).expect("bootstrap");
    let sandbox = Sandbox {
        router: app(AppState::new(db.clone(), Duration::from_secs(60), false, Settings::default())),
        db,
        _dir: dir,
    };
    let session = sandbox.login("sysadmin").await;
    let answer = sandbox.post(FAULTS, &session, json!({"path": "/account/types", "kind": "serverError"})).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    sandbox.get("/account/types", &session).await.expect(StatusCode::OK);
}

#[tokio::test]
async fn latency_delays_every_api_call() {
    let sandbox = Sandbox::with(|settings: &mut Settings| settings.latency = Duration::from_millis(150));
    let started = std::time::Instant::now();
    sandbox.login("manager").await;
    assert!(started.elapsed() >= Duration::from_millis(150));
}

/// Log output, captured.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)).into_owned()
    }
}

#[tokio::test]
async fn an_internal_error_is_logged_once_with_its_detail_and_the_client_sees_none_of_it() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    sandbox
        .post(FAULTS, &session, json!({"path": "/account/types", "kind": "serverError"}))
        .await
        .expect(StatusCode::NO_CONTENT);
    let answer = sandbox.get("/account/types", &session).await.expect(StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.body, json!({"code": 500, "message": "Internal Server Error"}));

    let text = log.text();
    let lines: Vec<&str> = text.lines().filter(|line| line.contains("internal error")).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].contains("injected fault") && lines[0].contains("/api/account/types"), "{}", lines[0]);
    assert!(!text.contains(&session), "the session id is never logged");
}
