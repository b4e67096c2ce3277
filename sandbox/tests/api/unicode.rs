//! Long and unusual text: stored and read back exactly, or refused with a 4xx
//! in the error shape; never a 5xx, and never changed on the way.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::harness::Sandbox;

/// (what, text). None starts or ends with whitespace, which the sandbox trims.
fn unusual_texts() -> Vec<(&'static str, String)> {
    vec![
        (
            "combining marks",
            "e\u{301}te\u{301} Z\u{36b}\u{33e}\u{350}a\u{357}\u{35a}l\u{334}g\u{31b}o\u{301}\u{302}\u{303}".into(),
        ),
        ("only combining marks", "\u{301}\u{302}\u{303}".into()),
        ("right-to-left", "مرحبا بالعالم שלום עולם".into()),
        ("bidirectional overrides", "abc\u{202e}fed\u{202c}\u{2067}x\u{2069}".into()),
        ("emoji with joiners and modifiers", "👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇫🇷".into()),
        ("astral plane letters", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈 𠜎".into()),
        ("zero-width characters and a BOM", "a\u{200b}b\u{200d}c\u{feff}d".into()),
        ("NUL and control characters", "a\u{0}b\u{1}c\u{7f}d\u{9b}e".into()),
        ("noncharacters", "\u{fffe}x\u{ffff}y\u{10ffff}".into()),
        ("CJK and fullwidth", "東京都渋谷区 ＡＢＣ１２３".into()),
        ("case that changes length when folded", "İstanbul ẞtraße ǅ ﬁ".into()),
        ("markup and SQL", "<script>alert('x')</script> \"; DROP TABLE accounts; -- %s %n {0}".into()),
        ("backslashes and quotes", r#"C:\path\"quoted"\u0041"#.into()),
        ("a long line", "ü".repeat(20_000)),
        ("many lines", "line\n".repeat(2_000) + "end"),
    ]
}

#[tokio::test]
async fn unusual_text_in_every_kind_of_field_reads_back_exactly() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    for (index, (what, text)) in unusual_texts().into_iter().enumerate() {
        let id = sandbox
            .create(
                &session,
                json!({
                    "name": text,
                    "description": text,
                    "accountNumber": format!("{index}-{text}"),
                    "billingAddress": {"city": text},
                    "customFields": [{"field": "COL7", "value": text}],
                    "secureFields": [{"field": "SECURE2", "value": text}],
                }),
            )
            .await;
        let path = format!("/account/accounts/{id}");
        sandbox.post(&format!("{path}/notes"), &session, json!({"name": text, "description": text})).await;
        let account = sandbox.get(&path, &session).await.expect(StatusCode::OK).body;
        assert_eq!(account["name"], text.as_str(), "{what}: name");
        assert_eq!(account["description"], text.as_str(), "{what}: description");
        assert_eq!(account["accountNumber"], format!("{index}-{text}"), "{what}: accountNumber");
        assert_eq!(account["billingAddress"]["city"], text.as_str(), "{what}: address");
        assert_eq!(account["customFields"][0]["value"], text.as_str(), "{what}: custom field");
        assert_eq!(account["secureFields"][0]["value"], text.as_str(), "{what}: secure field");
        assert_eq!(account["notes"][0]["name"], text.as_str(), "{what}: note");

        let found = sandbox
            .post("/account/accounts/search?count=5&offset=0", &session, json!({"search": {"name": text}}))
            .await
            .expect(StatusCode::OK)
            .body;
        assert!(
            found["listAccount"].as_array().is_some_and(|rows| rows.iter().any(|row| row["id"] == id)),
            "{what}: a search for the text finds it"
        );

        for (plural, singular) in
            [("/account/classifications", "/account/classification"), ("/account/types", "/account/type")]
        {
            let name = format!("{index} {text}");
            let created = sandbox.post(plural, &session, json!({"name": name})).await.expect(StatusCode::CREATED);
            let category = created.body["id"].as_i64().expect("an id");
            let read = sandbox.get(&format!("{plural}/{category}"), &session).await.expect(StatusCode::OK).body;
            assert_eq!(read["name"], name.as_str(), "{what}: {plural}");
            sandbox.delete(&format!("{singular}/{category}"), &session).await.expect(StatusCode::NO_CONTENT);
        }
    }
}

#[tokio::test]
async fn surrogate_pairs_escaped_in_json_decode_to_the_character_they_name() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let body = r#"{"name": "\ud83d\ude00 \u00e9\u0301"}"#;
    let answer = sandbox
        .send_raw(Method::POST, "/account/accounts", Some(&session), Some("application/json"), body)
        .await
        .expect(StatusCode::CREATED);
    let id = answer.body["id"].as_i64().expect("an id");
    let account = sandbox.get(&format!("/account/accounts/{id}"), &session).await.body;
    assert_eq!(account["name"], "😀 é\u{301}");
}

#[tokio::test]
async fn escaped_lone_surrogates_are_refused_with_400_wherever_they_appear() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let account = sandbox.create(&session, json!({"name": "Target"})).await;
    let before = sandbox.snapshot();
    let surrogates = [r"\ud800", r"\udc00", r"\ud800\u0041", r"\udbff\udbff", r"x\ud83d"];
    let routes = [
        (Method::POST, "/account/accounts".to_string(), r#"{"name": "S"}"#),
        (Method::PUT, format!("/account/accounts/{account}"), r#"{"name": "S"}"#),
        (Method::POST, format!("/account/accounts/{account}/notes"), r#"{"name": "S"}"#),
        (Method::POST, format!("/account/accounts/{account}/contacts"), r#"{"contactId": "S"}"#),
        (Method::POST, "/account/accounts/search?count=5&offset=0".to_string(), r#"{"search": {"name": "S"}}"#),
        (Method::POST, "/account/classifications".to_string(), r#"{"name": "S"}"#),
        (Method::POST, "/account/types".to_string(), r#"{"name": "S"}"#),
        (Method::PUT, "/account/type/1".to_string(), r#"{"name": "S"}"#),
    ];
    for (method, path, template) in &routes {
        for surrogate in surrogates {
            let body = template.replace('S', surrogate);
            let answer =
                sandbox.send_raw(method.clone(), path, Some(&session), Some("application/json"), body.clone()).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{method} {path} {body}: {}", answer.body);
            answer.assert_error_shape(&body);
        }
    }
    assert_eq!(sandbox.snapshot(), before, "nothing was stored");
}

#[tokio::test]
async fn unusual_text_in_paths_and_queries_is_a_4xx_never_a_5xx() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let account = sandbox.create(&session, json!({"name": "Target"})).await;
    let before = sandbox.snapshot();
    let cases = [
        (Method::DELETE, format!("/account/accounts/{account}/contacts/%F0%9F%98%80"), StatusCode::NOT_FOUND),
        (Method::DELETE, format!("/account/accounts/{account}/contacts/e%CC%81"), StatusCode::NOT_FOUND),
        (Method::DELETE, format!("/account/accounts/{account}/contacts/%FF%FE"), StatusCode::BAD_REQUEST),
        (Method::DELETE, format!("/account/accounts/{account}/contacts/%00"), StatusCode::NOT_FOUND),
        (Method::GET, "/account/accounts/%D9%A1".to_string(), StatusCode::BAD_REQUEST),
        (Method::GET, "/account/accounts/%EF%BC%91".to_string(), StatusCode::BAD_REQUEST),
        (Method::GET, "/account/accounts?count=%EF%BC%95&offset=0".to_string(), StatusCode::BAD_REQUEST),
        (Method::GET, "/account/accounts?count=5&offset=%D9%A0".to_string(), StatusCode::BAD_REQUEST),
        (Method::GET, "/account/%F0%9F%98%80".to_string(), StatusCode::NOT_FOUND),
    ];
    for (method, path, expected) in cases {
        let answer = sandbox.send_raw(method.clone(), &path, Some(&session), None, "").await;
        assert_eq!(answer.status, expected, "{method} {path}: {}", answer.body);
        answer.assert_error_shape(&path);
    }
    assert_eq!(sandbox.snapshot(), before, "nothing was stored");
}
