//! Login: bad bodies, credentials and tokens.

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::{Fixture, Who, values::*};

#[tokio::test]
async fn login_refuses_bad_bodies_and_credentials_with_a_4xx() {
    let fixture = Fixture::new().await;
    let sandbox = &fixture.sandbox;
    let valid = json!({"clientName": "DEMO", "userName": "sysadmin", "password": "demo"});
    let mut bodies = body_cases(&valid);
    let mut field = |what: String, key: &str, raw: &str, expected| {
        bodies.push((what, Some(JSON), with_field(&valid, key, raw), expected));
    };
    for key in ["clientName", "userName", "password"] {
        for raw in ["null", "5", "{}", "[]", "true"] {
            field(format!("{key}: {raw}"), key, raw, StatusCode::BAD_REQUEST);
        }
    }
    for raw in [r#""yes""#, "1", "null", "{}"] {
        field(format!("agent: {raw}"), "agent", raw, StatusCode::BAD_REQUEST);
    }
    field("a wrong password".into(), "password", r#""nope""#, StatusCode::UNAUTHORIZED);
    field("an unknown client".into(), "clientName", r#""NOPE""#, StatusCode::UNAUTHORIZED);
    for (what, content_type, body, expected) in bodies {
        let mut request = axum::http::Request::post("/api/session/login").header("LV-Access", "demo-token");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let request = request.body(axum::body::Body::from(body)).expect("request");
        let answer = sandbox.send(request).await;
        assert_eq!(answer.status, expected, "{what}: {}", answer.body);
        answer.assert_error_shape(&what);
    }
    for token in [None, Some(""), Some("wrong-token")] {
        let answer = sandbox.login_as("DEMO", "sysadmin", "demo", token).await.expect(StatusCode::UNAUTHORIZED);
        answer.assert_error_shape(&format!("token {token:?}"));
    }
    for who in [Who::Nobody, Who::Stranger] {
        let answer = sandbox.send_raw(Method::DELETE, "/session/logout", fixture.session(who), None, "").await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "logout as {who:?}");
        answer.assert_error_shape("logout");
    }
}
