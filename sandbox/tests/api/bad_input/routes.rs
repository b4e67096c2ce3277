//! Every class of bad call to every route but login.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Case, Fixture, Who, values::*};

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
