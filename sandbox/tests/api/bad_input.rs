//! Bad input of every class, sent to every route: each call answers a 4xx in
//! the `{code, message}` shape, stores nothing, and leaves every later call
//! working. Text in any script is stored and read back exactly, or refused
//! with a 4xx; never a 5xx.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

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

/// A route and a call to it that would succeed, from which the bad calls are
/// derived. `{account}`, `{classification}` and `{type}` in the path stand for
/// records of the [`Fixture`].
struct Route {
    method: Method,
    path: &'static str,
    /// The paging query, for the routes that need one.
    query: &'static str,
    body: Option<Value>,
    manager_may: bool,
}

fn route(method: Method, path: &'static str, body: Option<Value>, manager_may: bool) -> Route {
    Route { method, path, query: "", body, manager_may }
}

fn routes() -> Vec<Route> {
    use Method as M;
    let paged = |method, path, body| Route { method, path, query: "?count=5&offset=0", body, manager_may: true };
    vec![
        paged(M::GET, "/account/accounts", None),
        route(M::POST, "/account/accounts", Some(json!({"name": "Valid"})), false),
        route(M::POST, "/account/accounts/bulk", Some(json!([{"name": "Valid"}])), false),
        paged(M::POST, "/account/accounts/search", Some(json!({"search": {"name": "Target"}}))),
        route(M::GET, "/account/accounts/{account}", None, true),
        route(M::PUT, "/account/accounts/{account}", Some(json!({"description": "changed"})), false),
        route(M::DELETE, "/account/accounts/{account}", None, false),
        route(M::POST, "/account/accounts/{account}/notes", Some(json!({"name": "Note"})), false),
        route(M::POST, "/account/accounts/{account}/contacts", Some(json!({"contactId": "CT-0002"})), true),
        route(M::POST, "/account/accounts/{account}/contacts/bulk", Some(json!([{"contactId": "CT-0003"}])), true),
        route(M::DELETE, "/account/accounts/{account}/contacts/CT-0001", None, true),
        route(M::GET, "/account/classifications", None, true),
        route(M::POST, "/account/classifications", Some(json!({"name": "Valid class"})), false),
        route(M::GET, "/account/classifications/{classification}", None, true),
        route(M::PUT, "/account/classification/{classification}", Some(json!({"name": "Renamed"})), false),
        route(M::DELETE, "/account/classification/{classification}", None, false),
        route(M::GET, "/account/types", None, true),
        route(M::POST, "/account/types", Some(json!({"name": "Valid type"})), false),
        route(M::GET, "/account/type/{type}", None, false),
        route(M::PUT, "/account/type/{type}", Some(json!({"level": 3})), false),
        route(M::DELETE, "/account/type/{type}", None, false),
    ]
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

const JSON: &str = "application/json";

/// `body` with `key` (dotted for nesting; in the first element of an array
/// body) set to the raw JSON `raw`, or left out when `raw` is [`ABSENT`].
fn with_field(body: &Value, key: &str, raw: &str) -> Vec<u8> {
    const PLACEHOLDER: &str = "\u{1}placeholder\u{1}";
    let mut body = body.clone();
    let mut target = if body.is_array() { &mut body[0] } else { &mut body };
    let (parents, last) = key.rsplit_once('.').map_or((None, key), |(parents, last)| (Some(parents), last));
    for parent in parents.into_iter().flat_map(|p| p.split('.')) {
        if !target[parent].is_object() {
            target[parent] = json!({});
        }
        target = &mut target[parent];
    }
    let object = target.as_object_mut().expect("an object body");
    if raw == ABSENT {
        object.remove(last);
    } else {
        object.insert(last.to_string(), Value::String(PLACEHOLDER.into()));
    }
    body.to_string().replace(&Value::String(PLACEHOLDER.into()).to_string(), raw).into_bytes()
}

/// A field value that means "leave the key out".
const ABSENT: &str = "<absent>";

const TEXT_FIELDS: [&str; 16] = [
    "name",
    "description",
    "industry",
    "phoneFax",
    "rating",
    "phoneOffice",
    "phoneAlternate",
    "website",
    "ownershipType",
    "tickerSymbol",
    "campaignId",
    "accountNumber",
    "originalAccountNumber",
    "accountSource",
    "sicCode",
    "sicDesc",
];
/// Not text, and not an integer whose digits could be kept.
const NOT_TEXT: [&str; 9] =
    ["true", "1.5", "7.0", "1e3", "18446744073709551616", "-9223372036854775809", "{}", "[]", r#"["x"]"#];
const INTEGER_FIELDS: [&str; 2] = ["annualRevenue", "numOfEmployees"];
const NOT_AN_INTEGER: [&str; 10] = [
    r#""abc""#,
    r#""12abc""#,
    "true",
    "1.5",
    "7.0",
    "9223372036854775808",
    r#""9223372036854775808""#,
    "{}",
    "[1]",
    r#""1e3""#,
];
const ID_FIELDS: [&str; 4] = ["agentId", "agentTeamId", "classificationId", "typeId"];
/// Not an id: the reference's "Integer" is 32-bit.
const NOT_AN_ID: [&str; 9] =
    [r#""abc""#, "true", "1.5", "2147483648", r#""2147483648""#, "-2147483649", "9223372036854775807", "{}", "[1]"];
const ADDRESS_FIELDS: [&str; 2] = ["billingAddress", "shippingAddress"];
const NOT_AN_ADDRESS: [&str; 9] = [
    r#""Main St""#,
    "5",
    "true",
    "[]",
    r#"["Main St"]"#,
    r#"{"city": {}}"#,
    r#"{"city": 1.5}"#,
    r#"{"street": ["x"]}"#,
    r#"{"postalCode": true}"#,
];

/// Lists of custom (`COL`, 1..=100) or secure (`SECURE`, 1..=5) fields that
/// are not such a list.
fn not_fields(prefix: &str, past_last: u32, other_prefix: &str) -> Vec<String> {
    let entry = |field: &str, value: &str| format!(r#"[{{"field": {field}, "value": {value}}}]"#);
    vec![
        "{}".into(),
        format!(r#""{prefix}1""#),
        "5".into(),
        "[5]".into(),
        "[null]".into(),
        format!(r#"[["{prefix}1", "x"]]"#),
        entry(&format!(r#""{prefix}+1""#), r#""x""#),
        entry(&format!(r#""{prefix}0""#), r#""x""#),
        entry(&format!(r#""{prefix}01""#), r#""x""#),
        entry(&format!(r#""{prefix}{past_last}""#), r#""x""#),
        entry(&format!(r#""{}1""#, prefix.to_lowercase()), r#""x""#),
        entry(&format!(r#"" {prefix}1""#), r#""x""#),
        entry(&format!(r#""{other_prefix}1""#), r#""x""#),
        entry("5", r#""x""#),
        entry("null", r#""x""#),
        r#"[{"value": "x"}]"#.into(),
        entry(&format!(r#""{prefix}1""#), "{}"),
        entry(&format!(r#""{prefix}1""#), "1.5"),
    ]
}

/// Every wrong value for every writable account field, each a 400.
fn bad_account_fields() -> Vec<(String, String)> {
    let mut cases = Vec::new();
    let mut add = |fields: &[&str], values: &[&str]| {
        for field in fields {
            for value in values {
                cases.push((field.to_string(), value.to_string()));
            }
        }
    };
    add(&TEXT_FIELDS, &NOT_TEXT);
    add(&INTEGER_FIELDS, &NOT_AN_INTEGER);
    add(&INTEGER_FIELDS, &["-1", r#""-1""#]);
    add(&ID_FIELDS, &NOT_AN_ID);
    add(&ID_FIELDS, &["2147483647", r#""2147483647""#]);
    add(&ADDRESS_FIELDS, &NOT_AN_ADDRESS);
    add(&["campaignId"], &[r#""no such campaign""#]);
    add(&["name"], &["null", r#""""#, r#""   ""#]);
    for value in not_fields("COL", 101, "SECURE") {
        cases.push(("customFields".into(), value));
    }
    for value in not_fields("SECURE", 6, "COL") {
        cases.push(("secureFields".into(), value));
    }
    cases
}

/// The body cases every route with a body gets: (what, content type, body, status).
fn body_cases(valid: &Value) -> Vec<(String, Option<&'static str>, Vec<u8>, StatusCode)> {
    let bad = StatusCode::BAD_REQUEST;
    let json = Some(JSON);
    let text = |s: &str| s.as_bytes().to_vec();
    let valid_bytes = valid.to_string().into_bytes();
    let first_key = |v: &Value| v.as_object().and_then(|o| o.keys().next().cloned()).unwrap_or_else(|| "name".into());
    let (object, wrong_shape) = match valid {
        Value::Array(items) => (&items[0], items[0].to_string()),
        other => {
            let values: Vec<Value> = other.as_object().map(|o| o.values().cloned().collect()).unwrap_or_default();
            (other, Value::Array(values).to_string())
        }
    };
    let key = first_key(object);
    let huge = "x".repeat(BODY_LIMIT + 1);
    let huge_body = if valid.is_array() {
        json!([{ "padding": huge }]).to_string()
    } else {
        json!({ "padding": huge }).to_string()
    };
    // An object shaped like the valid body's: in an array where that is one.
    let shaped = |object: String| if valid.is_array() { format!("[{object}]") } else { object };
    let surrogate = shaped(format!(r#"{{"{key}": "\ud800"}}"#));
    let twice = shaped(format!(r#"{{"{key}": "a", "{key}": "b"}}"#));
    let mut invalid_utf8 = format!(r#"{{"{key}": ""#).into_bytes();
    invalid_utf8.extend([0xff, 0xfe]);
    invalid_utf8.extend(br#""}"#);
    vec![
        ("malformed JSON".into(), json, text(&format!(r#"{{"{key}": "#)), bad),
        ("an empty body".into(), json, Vec::new(), bad),
        ("no content type".into(), None, valid_bytes.clone(), bad),
        ("a text/plain body".into(), Some("text/plain"), valid_bytes.clone(), bad),
        ("a form body".into(), Some("application/x-www-form-urlencoded"), text(&format!("{key}=x")), bad),
        ("null".into(), json, text("null"), bad),
        ("a string".into(), json, text(r#""Valid""#), bad),
        ("a number".into(), json, text("5"), bad),
        ("true".into(), json, text("true"), bad),
        ("the wrong shape (array for object, object for array)".into(), json, text(&wrong_shape), bad),
        ("trailing garbage".into(), json, [valid_bytes.clone(), b" x".to_vec()].concat(), bad),
        ("a key twice".into(), json, text(&twice), bad),
        ("nesting past any limit".into(), json, text(&format!("{}{}", "[".repeat(10_000), "]".repeat(10_000))), bad),
        ("an escaped lone surrogate".into(), json, text(&surrogate), bad),
        ("bytes that are not UTF-8".into(), json, invalid_utf8, bad),
        ("a body past the limit".into(), json, huge_body.into_bytes(), StatusCode::PAYLOAD_TOO_LARGE),
    ]
}

/// Body cases that spoil only the row of a bulk create (each row is decoded
/// from its own text), so the row fails alone and the call answers 200.
const BULK_ROW_FAILURES: [&str; 3] = ["a key twice", "nesting past any limit", "an escaped lone surrogate"];

/// Per route, the field values that must be refused, with their status.
fn field_cases(route: &Route) -> Vec<(String, String, StatusCode)> {
    let bad = StatusCode::BAD_REQUEST;
    let conflict = StatusCode::CONFLICT;
    let all_bad = |cases: Vec<(String, String)>| cases.into_iter().map(|(k, v)| (k, v, bad)).collect::<Vec<_>>();
    let pairs = |keys: &[&str], values: &[&str]| {
        keys.iter().flat_map(|k| values.iter().map(move |v| (k.to_string(), v.to_string()))).collect::<Vec<_>>()
    };
    let mut cases = match (route.method.as_str(), route.path) {
        ("POST", "/account/accounts") => {
            let mut cases = all_bad(bad_account_fields());
            cases.push(("name".into(), ABSENT.into(), bad));
            cases.push(("accountNumber".into(), r#"" ACC-1 ""#.into(), conflict));
            cases.push(("accountNumber".into(), r#""ACC-1""#.into(), conflict));
            cases
        }
        ("PUT", "/account/accounts/{account}") => {
            let mut cases = all_bad(bad_account_fields());
            cases.push(("accountNumber".into(), r#""ACC-2 ""#.into(), conflict));
            cases
        }
        ("POST", "/account/accounts/search") => {
            let text: Vec<String> = TEXT_FIELDS.iter().map(|f| format!("search.{f}")).collect();
            let text: Vec<&str> = text.iter().map(String::as_str).collect();
            let ids = ["search.id", "search.agentId", "search.agentTeamId", "search.classificationId", "search.typeId"];
            let numbers = [
                "search.annualRevenue",
                "search.numOfEmployees",
                "search.createdDateStart",
                "search.createdDateEnd",
                "search.modifiedDateStart",
                "search.modifiedDateEnd",
                "search.annualRevenueStart",
                "search.annualRevenueEnd",
            ];
            let mut cases = pairs(&text, &NOT_TEXT);
            cases.extend(pairs(&ids, &NOT_AN_ID));
            cases.extend(pairs(&numbers, &NOT_AN_INTEGER));
            cases.extend(pairs(&["search.billingAddress", "search.shippingAddress"], &NOT_AN_ADDRESS));
            cases.extend(pairs(&["search"], &[r#""Target""#, "5", "[]", "[{}]"]));
            cases.extend(pairs(&["sort"], &[r#""name""#, r#"["name", "ASC"]"#, "5", "{}"]));
            cases
                .extend(pairs(&["sort.property"], &[r#""nope""#, r#""name; DROP TABLE accounts""#, "5", "null", "{}"]));
            cases.extend(pairs(&["sort.direction"], &[r#""UP""#, "5", "true"]));
            all_bad(cases)
        }
        ("POST", "/account/accounts/{account}/notes") => {
            let mut cases = pairs(&["name"], &["null", ABSENT, r#""""#, r#""  ""#, "{}", "[]", "true", "1.5"]);
            cases.extend(pairs(&["description"], &["{}", "[]", "true", "1.5"]));
            all_bad(cases)
        }
        ("POST", "/account/accounts/{account}/contacts") => {
            let values = ["null", ABSENT, r#""""#, "{}", "[]", "true", "1.5", "18446744073709551616", r#""CT-9999""#];
            let mut cases = all_bad(pairs(&["contactId"], &values));
            cases.push(("contactId".into(), r#""CT-0001""#.into(), conflict));
            cases.push(("contactId".into(), r#"" CT-0001 ""#.into(), conflict));
            cases
        }
        ("POST", "/account/accounts/{account}/contacts/bulk") => {
            all_bad(pairs(&["contactId"], &["null", "{}", "[]", "true", "1.5", "18446744073709551616"]))
        }
        ("POST", "/account/classifications") | ("POST", "/account/types") => {
            let mut cases = all_bad(pairs(&["name"], &["null", ABSENT, r#""""#, r#""  ""#, "{}", "[]", "true", "1.5"]));
            let taken = if route.path.ends_with("types") { r#"" TARGET TYPE ""# } else { r#""target CLASS""# };
            cases.push(("name".into(), taken.into(), conflict));
            cases
        }
        ("PUT", "/account/classification/{classification}") | ("PUT", "/account/type/{type}") => {
            let mut cases = pairs(&["name"], &[r#""""#, r#""  ""#, "{}", "[]", "true", "1.5"]);
            cases.extend(pairs(
                &["level", "Level"],
                &[
                    r#""abc""#,
                    "true",
                    "1.5",
                    "2147483648",
                    r#""2147483648""#,
                    "9223372036854775807",
                    "-1",
                    r#""-1""#,
                    "{}",
                    "[]",
                ],
            ));
            let mut cases = all_bad(cases);
            let taken = if route.path.contains("type") { r#""hospital""# } else { r#""GOLD""# };
            cases.push(("name".into(), taken.into(), conflict));
            cases
        }
        _ => Vec::new(),
    };
    cases.sort();
    cases.dedup();
    cases
}

const BAD_PATH_IDS: [&str; 10] = [
    "abc",
    "1.5",
    "-",
    "0x10",
    "1e3",
    "2147483648",
    "-2147483649",
    "99999999999999999999",
    "%F0%9F%98%80",
    "%D9%A1%D9%A2",
];

const BAD_PAGING: [&str; 16] = [
    "",
    "?count=5",
    "?offset=0",
    "?count=&offset=",
    "?count=0&offset=0",
    "?count=1001&offset=0",
    "?count=abc&offset=0",
    "?count=-1&offset=0",
    "?count=1.5&offset=0",
    "?count=5&offset=-1",
    "?count=5&offset=abc",
    "?count=5&offset=9223372036854775808",
    "?count=5&offset=99999999999999999999",
    "?count=5&count=6&offset=0",
    "?count=%FF&offset=0",
    "?count=%D9%A1%D9%A0&offset=0",
];

/// Every class of bad call to `route`.
fn cases_for(fixture: &Fixture, route: &Route) -> Vec<Case> {
    let path = fixture.path(route.path);
    let valid = route.body.as_ref().map(|b| b.to_string().into_bytes()).unwrap_or_default();
    let content_type = route.body.as_ref().map(|_| JSON);
    let case = |what: String, path: String, who: Who, content_type, body: Vec<u8>, expected| Case {
        what,
        method: route.method.clone(),
        path,
        who,
        content_type,
        body,
        expected,
    };
    let full = format!("{path}{}", route.query);
    let mut cases = vec![
        case("no session".into(), full.clone(), Who::Nobody, content_type, valid.clone(), StatusCode::UNAUTHORIZED),
        case(
            "an unknown session".into(),
            full.clone(),
            Who::Stranger,
            content_type,
            valid.clone(),
            StatusCode::UNAUTHORIZED,
        ),
    ];
    if !route.manager_may {
        cases.push(case(
            "a Manager".into(),
            full.clone(),
            Who::Manager,
            content_type,
            valid.clone(),
            StatusCode::FORBIDDEN,
        ));
    }
    if route.path.contains('{') {
        cases.push(case(
            "another client's session".into(),
            full.clone(),
            Who::OtherClient,
            content_type,
            valid.clone(),
            StatusCode::NOT_FOUND,
        ));
        let id = route.path.split('{').nth(1).and_then(|rest| rest.split('}').next()).unwrap_or_default();
        let own = match id {
            "account" => fixture.account,
            "classification" => fixture.classification,
            _ => fixture.account_type,
        };
        for bad in BAD_PATH_IDS.into_iter().chain(["2147483647"]) {
            let expected = if bad == "2147483647" { StatusCode::NOT_FOUND } else { StatusCode::BAD_REQUEST };
            let bad_path = path.replacen(&format!("/{own}"), &format!("/{bad}"), 1);
            cases.push(case(format!("id {bad}"), bad_path, Who::Sysadmin, content_type, valid.clone(), expected));
        }
    }
    if !route.query.is_empty() {
        for query in BAD_PAGING {
            let what = format!("paging {query:?}");
            cases.push(case(
                what,
                format!("{path}{query}"),
                Who::Sysadmin,
                content_type,
                valid.clone(),
                StatusCode::BAD_REQUEST,
            ));
        }
    }
    if let Some(body) = &route.body {
        for (what, content_type, bytes, expected) in body_cases(body) {
            if route.path == "/account/accounts/bulk" && BULK_ROW_FAILURES.contains(&what.as_str()) {
                continue;
            }
            cases.push(case(what, full.clone(), Who::Sysadmin, content_type, bytes, expected));
        }
        for (key, raw, expected) in field_cases(route) {
            let what = format!("{key}: {raw}");
            cases.push(case(what, full.clone(), Who::Sysadmin, Some(JSON), with_field(body, &key, &raw), expected));
        }
    }
    cases
}

#[tokio::test]
async fn every_class_of_bad_input_to_every_route_answers_a_4xx_and_stores_nothing() {
    let fixture = Fixture::new().await;
    let mut total = 0;
    for route in routes() {
        let cases = cases_for(&fixture, &route);
        total += cases.len();
        fixture.check(cases).await;
    }
    assert!(total > 1000, "only {total} cases");
}

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

#[tokio::test]
async fn bulk_rows_with_a_bad_field_fail_alone_and_store_nothing() {
    let fixture = Fixture::new().await;
    let before = fixture.sandbox.snapshot();
    // Bulk create skips the reference checks that single create makes: an id
    // or campaign that does not exist is stored, as the reference says.
    let unchecked = |field: &str, value: &str| {
        (ID_FIELDS.contains(&field) && value.trim_matches('"') == "2147483647")
            || (field == "campaignId" && value == r#""no such campaign""#)
    };
    let cases: Vec<(String, String)> =
        bad_account_fields().into_iter().filter(|(field, value)| !unchecked(field, value)).collect();
    for (field, raw) in &cases {
        let body = with_field(&json!([{"name": "Bulk row"}]), field, raw);
        let answer = fixture
            .sandbox
            .send_raw(Method::POST, "/account/accounts/bulk", Some(&fixture.sysadmin), Some(JSON), body)
            .await
            .expect(StatusCode::OK);
        let result = &answer.body;
        assert_eq!(
            (result["successCount"].as_i64(), result["updateCount"].as_i64(), result["failCount"].as_i64()),
            (Some(0), Some(0), Some(1)),
            "{field}: {raw}: {result}"
        );
        assert_eq!(result["failedData"][0]["ordinal"], 1);
        assert_eq!(fixture.sandbox.snapshot(), before, "{field}: {raw}: something was stored");
    }
    let rows: Vec<Value> =
        (0..=account_sandbox::routes::bulk::MAX_BULK_ROWS).map(|_| json!({"name": "Many"})).collect();
    let answer = fixture.sandbox.post("/account/accounts/bulk", &fixture.sysadmin, Value::Array(rows)).await;
    answer.expect(StatusCode::BAD_REQUEST).assert_error_shape("too many rows");
    let mut rows_that_fail: Vec<(Vec<u8>, i64)> = body_cases(&json!([{"name": "Valid"}]))
        .into_iter()
        .filter(|(what, ..)| BULK_ROW_FAILURES.contains(&what.as_str()))
        .map(|(_, _, body, _)| (body, 1))
        .collect();
    assert_eq!(rows_that_fail.len(), BULK_ROW_FAILURES.len());
    for (raw, rows) in [("[5]", 1), ("[null]", 1), (r#"[["X-1"]]"#, 1), (r#"[{}, 5, "X"]"#, 3), ("[[], {}]", 2)] {
        rows_that_fail.push((raw.as_bytes().to_vec(), rows));
    }
    for (raw, rows) in rows_that_fail {
        let raw = String::from_utf8(raw).expect("text");
        let answer = fixture
            .sandbox
            .send_raw(Method::POST, "/account/accounts/bulk", Some(&fixture.sysadmin), Some(JSON), raw.to_string())
            .await
            .expect(StatusCode::OK);
        assert_eq!(answer.body["failCount"], rows, "{raw}: {}", answer.body);
        assert_eq!(answer.body["successCount"], 0, "{raw}");
    }
    assert_eq!(fixture.sandbox.snapshot(), before, "rows that are not objects store nothing");
}
