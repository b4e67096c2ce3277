//! Bad input of every class, sent to every route: each call answers a 4xx in
//! the `{code, message}` shape, stores nothing, and leaves every later call
//! working. Text in any script is stored and read back exactly, or refused
//! with a 4xx; never a 5xx.
//!
//! `values` holds the bad values and bodies, `routes` sends them to every
//! route, `login` and `bulk` to the two routes with their own rules; this
//! module holds the fixture they share.

mod bulk;
mod login;
mod routes;
mod values;

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::harness::Sandbox;

/// The body limit of the sandbox under test, small so that a body past it is cheap.
const BODY_LIMIT: usize = 64 * 1024;

/// Who calls.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    /// No `LV-Session` header.
    Nobody,
    /// A session id the sandbox never issued.
    Stranger,
    Sysadmin,
    Manager,
    /// A sysadmin of another client (NOKEY): DEMO's records are not theirs.
    OtherClient,
}

/// One bad call and the 4xx it must get.
struct Case {
    what: String,
    method: Method,
    path: String,
    who: Who,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    expected: StatusCode,
}

/// A sandbox with records to aim at, and a session of each kind.
struct Fixture {
    sandbox: Sandbox,
    sysadmin: String,
    manager: String,
    other_client: String,
    account: i64,
    classification: i64,
    account_type: i64,
}

impl Fixture {
    async fn new() -> Self {
        let sandbox = Sandbox::with(|settings| settings.body_limit = BODY_LIMIT);
        let sysadmin = sandbox.login("sysadmin").await;
        let manager = sandbox.login("manager").await;
        let other = sandbox.login_as("NOKEY", "sysadmin", "demo", Some("demo-token")).await.expect(StatusCode::OK);
        let other_client = other.body["sessionId"].as_str().expect("a session").to_string();
        let account = sandbox
            .create(
                &sysadmin,
                json!({"name": "Target", "accountNumber": "ACC-1", "customFields": [{"field": "COL1", "value": "kept"}]}),
            )
            .await;
        sandbox.create(&sysadmin, json!({"name": "Other", "accountNumber": "ACC-2"})).await;
        sandbox.post(&format!("/account/accounts/{account}/notes"), &sysadmin, json!({"name": "First"})).await;
        sandbox
            .post(&format!("/account/accounts/{account}/contacts"), &sysadmin, json!({"contactId": "CT-0001"}))
            .await
            .expect(StatusCode::NO_CONTENT);
        let created = |answer: crate::harness::Answer| answer.expect(StatusCode::CREATED).body["id"].as_i64();
        let classification =
            created(sandbox.post("/account/classifications", &sysadmin, json!({"name": "Target class"})).await)
                .expect("an id");
        let account_type =
            created(sandbox.post("/account/types", &sysadmin, json!({"name": "Target type"})).await).expect("an id");
        Fixture { sandbox, sysadmin, manager, other_client, account, classification, account_type }
    }

    fn path(&self, template: &str) -> String {
        template
            .replace("{account}", &self.account.to_string())
            .replace("{classification}", &self.classification.to_string())
            .replace("{type}", &self.account_type.to_string())
    }

    fn session(&self, who: Who) -> Option<&str> {
        match who {
            Who::Nobody => None,
            Who::Stranger => Some("00000000-0000-0000-0000-000000000000"),
            Who::Sysadmin => Some(&self.sysadmin),
            Who::Manager => Some(&self.manager),
            Who::OtherClient => Some(&self.other_client),
        }
    }

    /// Sends each case and checks its answer, that nothing was stored, and
    /// that reads still work afterwards.
    async fn check(&self, cases: Vec<Case>) {
        assert!(!cases.is_empty());
        let before = self.sandbox.snapshot();
        for case in &cases {
            let context = format!("{} {}: {}", case.method, case.path, case.what);
            let answer = self
                .sandbox
                .send_raw(case.method.clone(), &case.path, self.session(case.who), case.content_type, case.body.clone())
                .await;
            assert_eq!(answer.status, case.expected, "{context}: {}", answer.body);
            answer.assert_error_shape(&context);
            assert_eq!(self.sandbox.snapshot(), before, "{context}: something was stored");
        }
        for path in ["/account/accounts?count=1000&offset=0", "/account/classifications", "/account/types"] {
            self.sandbox.get(path, &self.sysadmin).await.expect(StatusCode::OK);
        }
        self.sandbox.get(&self.path("/account/accounts/{account}"), &self.sysadmin).await.expect(StatusCode::OK);
    }
}
