//! A sandbox on a fresh temporary database, and helpers to call it.

use std::time::Duration;

use account_sandbox::{AppState, Db, Settings, app, demo};
use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode},
};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub const PREFIX: &str = "/api";

/// The tables requests write to.
const STORED_TABLES: [&str; 7] =
    ["accounts", "notes", "contactLinks", "history", "classifications", "accountTypes", "customFieldValues"];

/// One answer: status, headers and the body as JSON (`Null` when empty).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The `message` of an error body.
    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or_default()
    }

    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Self {
        assert_eq!(self.status, status, "unexpected answer: {}", self.body);
        self
    }

    /// Asserts the API's error shape: exactly `{code, message}`, the code the
    /// status (or 203 for a record not found, as the reference answers), a
    /// message to show.
    #[track_caller]
    pub fn assert_error_shape(&self, context: &str) {
        let object = self.body.as_object().unwrap_or_else(|| panic!("{context}: not an object: {}", self.body));
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["code", "message"], "{context}: {}", self.body);
        let code = self.body["code"].as_i64();
        let status = i64::from(self.status.as_u16());
        assert!(code == Some(status) || (status == 404 && code == Some(203)), "{context}: {}", self.body);
        assert!(!self.message().trim().is_empty(), "{context}: an empty message");
    }
}

/// A sandbox with its own database folder, and the sessions tests open on it.
pub struct Sandbox {
    /// Kept so that the database folder lives as long as the sandbox.
    pub _dir: tempfile::TempDir,
    pub db: Db,
    pub router: Router,
}

impl Sandbox {
    /// A bootstrapped sandbox with no accounts, fault injection on.
    pub fn new() -> Self {
        Self::with(|_| {})
    }

    /// Same, after `tune` adjusts the settings.
    pub fn with(tune: impl FnOnce(&mut Settings)) -> Self {
        Self::build(Duration::from_secs(7200), tune)
    }

    pub fn build(session_idle: Duration, tune: impl FnOnce(&mut Settings)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open(dir.path()).expect("database opens");
        demo::bootstrap(&db).expect("bootstrap");
        let mut settings = Settings::default();
        tune(&mut settings);
        let router = app(AppState::new(db.clone(), session_idle, true, settings));
        Sandbox { _dir: dir, db, router }
    }

    /// The same database opened again, as a restart of the binary would.
    pub fn reopen(self) -> Self {
        self.reopen_after(|_| {})
    }

    /// The same database opened again after `change` did what it does to the
    /// closed database folder (as an older sandbox would have left it, say).
    pub fn reopen_after(self, change: impl FnOnce(&std::path::Path)) -> Self {
        let Sandbox { _dir: dir, db, router } = self;
        drop((router, db));
        change(dir.path());
        let db = Db::open(dir.path()).expect("database opens again");
        let router = app(AppState::new(db.clone(), Duration::from_secs(7200), true, Settings::default()));
        Sandbox { _dir: dir, db, router }
    }

    /// A sandbox with `n` demo accounts in the DEMO client.
    pub fn seeded(n: u32) -> Self {
        let sandbox = Self::new();
        demo::seed_accounts(&sandbox.db, demo::CLIENT, n).expect("seed");
        sandbox
    }

    /// Sends one request; `path` is below the API prefix.
    pub async fn call(&self, method: Method, path: &str, session: Option<&str>, body: Option<Value>) -> Answer {
        let mut request = Request::builder().method(method).uri(format!("{PREFIX}{path}"));
        if let Some(session) = session {
            request = request.header("LV-Session", session);
        }
        let body = match body {
            Some(json) => {
                request = request.header("content-type", "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).expect("request")).await
    }

    /// Sends `body` as it is, with `content_type` when given.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        session: Option<&str>,
        content_type: Option<&str>,
        body: impl Into<Body>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(format!("{PREFIX}{path}"));
        if let Some(session) = session {
            request = request.header("LV-Session", session);
        }
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        self.send(request.body(body.into()).expect("request")).await
    }

    /// Everything stored, one line per row of every table, to compare before
    /// and after a call that must change nothing.
    pub fn snapshot(&self) -> String {
        self.db
            .read_blocking(|conn| {
                let mut out = String::new();
                for table in STORED_TABLES {
                    // A table without rowids is in its primary key's order already.
                    let order = if table == "customFieldValues" { "" } else { " ORDER BY rowid" };
                    let mut statement = conn.prepare(&format!("SELECT * FROM {table}{order}"))?;
                    let columns = statement.column_count();
                    let rows = statement.query_map([], |row| {
                        (0..columns).map(|i| row.get::<_, rusqlite::types::Value>(i)).collect::<Result<Vec<_>, _>>()
                    })?;
                    for row in rows {
                        out.push_str(&format!("{table}: {:?}\n", row?));
                    }
                }
                Ok(out)
            })
            .expect("the database reads")
    }

    /// Sends a request as built.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Answer { status, headers, body }
    }

    pub async fn get(&self, path: &str, session: &str) -> Answer {
        self.call(Method::GET, path, Some(session), None).await
    }

    pub async fn post(&self, path: &str, session: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(session), Some(body)).await
    }

    pub async fn put(&self, path: &str, session: &str, body: Value) -> Answer {
        self.call(Method::PUT, path, Some(session), Some(body)).await
    }

    pub async fn delete(&self, path: &str, session: &str) -> Answer {
        self.call(Method::DELETE, path, Some(session), None).await
    }

    /// Logs in as a demo user of a client; answers the full answer.
    pub async fn login_as(&self, client: &str, user: &str, password: &str, token: Option<&str>) -> Answer {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(format!("{PREFIX}/session/login"))
            .header("content-type", "application/json");
        if let Some(token) = token {
            request = request.header("LV-Access", token);
        }
        let body = serde_json::json!({"clientName": client, "userName": user, "password": password, "agent": false});
        self.send(request.body(Body::from(body.to_string())).expect("request")).await
    }

    /// A session of a DEMO user (`sysadmin`, `superuser` or `manager`).
    pub async fn login(&self, user: &str) -> String {
        let answer =
            self.login_as(demo::CLIENT, user, demo::PASSWORD, Some(demo::ACCESS_TOKEN)).await.expect(StatusCode::OK);
        answer.body["sessionId"].as_str().expect("a session id").to_string()
    }

    /// Creates an account as `session`; answers its id.
    pub async fn create(&self, session: &str, body: Value) -> i64 {
        let answer = self.post("/account/accounts", session, body).await.expect(StatusCode::CREATED);
        answer.body["id"].as_i64().expect("an id")
    }
}
