//! List Accounts and Find Matching Accounts: paging, criteria, sort.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::harness::Sandbox;

fn names(page: &Value) -> Vec<String> {
    page["listAccount"]
        .as_array()
        .expect("listAccount")
        .iter()
        .map(|a| a["name"].as_str().unwrap_or("").to_string())
        .collect()
}

fn ids(page: &Value) -> Vec<i64> {
    page["listAccount"].as_array().expect("listAccount").iter().map(|a| a["id"].as_i64().unwrap_or(0)).collect()
}

#[tokio::test]
async fn count_and_offset_are_mandatory_and_count_is_capped_at_1000() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("manager").await;
    for (query, message) in [
        ("offset=0", "count is mandatory."),
        ("count=5", "offset is mandatory."),
        ("count=1001&offset=0", "count must be a whole number from 1 to 1000."),
        ("count=0&offset=0", "count must be a whole number from 1 to 1000."),
        ("count=ten&offset=0", "count must be a whole number from 1 to 1000."),
        ("count=5&offset=-1", "offset must be a whole number, 0 or more."),
    ] {
        let answer = sandbox.get(&format!("/account/accounts?{query}"), &session).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(answer.message(), message, "{query}");
        let answer = sandbox.post(&format!("/account/accounts/search?{query}"), &session, json!({})).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "search {query}");
    }
    sandbox.get("/account/accounts?count=1000&offset=0", &session).await.expect(StatusCode::OK);
}

#[tokio::test]
async fn the_list_is_sorted_by_name_and_pages_by_row_offset() {
    let sandbox = Sandbox::seeded(30);
    let session = sandbox.login("manager").await;
    let all = sandbox.get("/account/accounts?count=1000&offset=0", &session).await.expect(StatusCode::OK).body;
    let all_names = names(&all);
    assert_eq!(all_names.len(), 30);
    let mut sorted = all_names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(all_names, sorted, "sorted by name");
    assert!(all.get("next").is_none(), "no next on the last page");

    let page = sandbox.get("/account/accounts?offset=5&count=2", &session).await.expect(StatusCode::OK).body;
    assert_eq!(page["next"], "/account/accounts?offset=7&count=2");
    assert_eq!(ids(&page), ids(&all)[5..7]);
}

#[tokio::test]
async fn paging_forward_visits_every_account_once_and_the_last_page_has_no_next() {
    let sandbox = Sandbox::seeded(23);
    let session = sandbox.login("manager").await;
    let (mut seen, mut offset, mut pages) = (Vec::new(), 0, 0);
    loop {
        let page = sandbox
            .get(&format!("/account/accounts?count=10&offset={offset}"), &session)
            .await
            .expect(StatusCode::OK)
            .body;
        seen.extend(ids(&page));
        pages += 1;
        match page["next"].as_str() {
            Some(next) => {
                offset += 10;
                assert_eq!(next, format!("/account/accounts?offset={offset}&count=10"));
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (23, 23));
    let beyond = sandbox.get("/account/accounts?count=10&offset=100", &session).await.expect(StatusCode::OK).body;
    assert_eq!(beyond, json!({"listAccount": []}));
}

#[tokio::test]
async fn an_exactly_full_last_page_has_no_next() {
    let sandbox = Sandbox::seeded(20);
    let session = sandbox.login("manager").await;
    let page = sandbox.get("/account/accounts?count=10&offset=10", &session).await.body;
    assert_eq!(ids(&page).len(), 10);
    assert!(page.get("next").is_none());
}

/// A small known set of accounts for search tests.
async fn known_accounts(sandbox: &Sandbox, session: &str) -> Vec<i64> {
    let rows = [
        json!({"name": "QA042220055716", "industry": "Software", "annualRevenue": 100, "agentId": 595348, "billingAddress": {"city": "Bangalore"}, "classificationId": 1}),
        json!({"name": "Müller Logistik GmbH", "industry": "Logistics", "annualRevenue": 200, "agentTeamId": 16001, "billingAddress": {"city": "München"}, "typeId": 2}),
        json!({"name": "acme widgets", "industry": "software tools", "annualRevenue": 300, "campaignId": "28571101", "rating": "Hot"}),
        json!({"name": "Zeta Bank", "industry": "Banking", "rating": "Cold"}),
    ];
    let mut ids = Vec::new();
    for row in rows {
        ids.push(sandbox.create(session, row).await);
    }
    ids
}

async fn search(sandbox: &Sandbox, session: &str, body: Value) -> Value {
    sandbox.post("/account/accounts/search?count=100&offset=0", session, body).await.expect(StatusCode::OK).body
}

#[tokio::test]
async fn text_criteria_match_case_insensitive_substrings_in_any_script() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    known_accounts(&sandbox, &session).await;
    assert_eq!(names(&search(&sandbox, &session, json!({"search": {"name": "200"}})).await), ["QA042220055716"]);
    assert_eq!(
        names(&search(&sandbox, &session, json!({"search": {"name": "MÜLLER"}})).await),
        ["Müller Logistik GmbH"]
    );
    assert_eq!(
        names(&search(&sandbox, &session, json!({"search": {"industry": "SOFTWARE"}})).await),
        ["acme widgets", "QA042220055716"]
    );
    assert_eq!(
        names(&search(&sandbox, &session, json!({"search": {"billingAddress": {"city": "münch"}}})).await),
        ["Müller Logistik GmbH"]
    );
    assert_eq!(
        names(&search(&sandbox, &session, json!({"search": {"name": "a", "rating": "hot"}})).await),
        ["acme widgets"],
        "criteria combine with AND"
    );
    assert_eq!(names(&search(&sandbox, &session, json!({"search": {"createdBy": "sysad"}})).await).len(), 4);
    assert_eq!(
        names(&search(&sandbox, &session, json!({"search": {"name": "nothing like it"}})).await),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn id_criteria_match_exactly() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let ids_created = known_accounts(&sandbox, &session).await;
    assert_eq!(names(&search(&sandbox, &session, json!({"search": {"agentId": "595348"}})).await), ["QA042220055716"]);
    assert_eq!(
        names(&search(&sandbox, &session, json!({"search": {"agentTeamId": 16001}})).await),
        ["Müller Logistik GmbH"]
    );
    assert_eq!(
        names(&search(&sandbox, &session, json!({"search": {"campaignId": "28571101"}})).await),
        ["acme widgets"]
    );
    assert_eq!(
        names(&search(&sandbox, &session, json!({"search": {"campaignId": "2857110"}})).await),
        Vec::<String>::new(),
        "no substring for ids"
    );
    assert_eq!(
        names(&search(&sandbox, &session, json!({"search": {"classificationId": 1}})).await),
        ["QA042220055716"]
    );
    assert_eq!(names(&search(&sandbox, &session, json!({"search": {"typeId": 2}})).await), ["Müller Logistik GmbH"]);
    assert_eq!(ids(&search(&sandbox, &session, json!({"search": {"id": ids_created[3]}})).await), [ids_created[3]]);
}

#[tokio::test]
async fn ranges_include_both_ends() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    known_accounts(&sandbox, &session).await;
    let revenue =
        search(&sandbox, &session, json!({"search": {"annualRevenueStart": 100, "annualRevenueEnd": "200"}})).await;
    assert_eq!(names(&revenue), ["Müller Logistik GmbH", "QA042220055716"]);

    let page = search(&sandbox, &session, json!({"sort": {"property": "createdDate", "direction": "ASC"}})).await;
    let created: Vec<i64> = page["listAccount"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|a| a["createdDate"].as_i64().expect("date"))
        .collect();
    let within =
        search(&sandbox, &session, json!({"search": {"createdDateStart": created[1], "createdDateEnd": created[2]}}))
            .await;
    assert!(names(&within).len() >= 2, "both ends are included");
    let everything =
        search(&sandbox, &session, json!({"search": {"modifiedDateStart": created[0], "modifiedDateEnd": created[3]}}))
            .await;
    assert_eq!(names(&everything).len(), 4);
    let none = search(&sandbox, &session, json!({"search": {"createdDateEnd": created[0] - 1}})).await;
    assert!(names(&none).is_empty());
}

#[tokio::test]
async fn sort_works_on_any_field_both_ways_with_empty_values_last() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    known_accounts(&sandbox, &session).await;
    let ascending =
        search(&sandbox, &session, json!({"sort": {"property": "annualRevenue", "direction": "ASC"}})).await;
    assert_eq!(names(&ascending), ["QA042220055716", "Müller Logistik GmbH", "acme widgets", "Zeta Bank"]);
    let descending =
        search(&sandbox, &session, json!({"sort": {"property": "annualRevenue", "direction": "desc"}})).await;
    assert_eq!(names(&descending), ["acme widgets", "Müller Logistik GmbH", "QA042220055716", "Zeta Bank"]);
    let by_name = search(&sandbox, &session, json!({"sort": {"property": "name", "direction": "DESC"}})).await;
    assert_eq!(names(&by_name), ["Zeta Bank", "QA042220055716", "Müller Logistik GmbH", "acme widgets"]);
    let by_classification = search(&sandbox, &session, json!({"sort": {"property": "classificationName"}})).await;
    assert_eq!(names(&by_classification)[0], "QA042220055716");
}

#[tokio::test]
async fn sorting_by_an_unknown_field_or_direction_is_a_bad_request() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let answer = sandbox
        .post("/account/accounts/search?count=5&offset=0", &session, json!({"sort": {"property": "shoeSize"}}))
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.message().contains("shoeSize"));
    let answer = sandbox
        .post(
            "/account/accounts/search?count=5&offset=0",
            &session,
            json!({"sort": {"property": "name", "direction": "UP"}}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.message().contains("direction"), "{}", answer.message());
}

#[tokio::test]
async fn search_pages_carry_next_like_the_reference() {
    let sandbox = Sandbox::seeded(7);
    let session = sandbox.login("manager").await;
    let page = sandbox
        .post("/account/accounts/search?offset=0&count=3", &session, json!({"search": {}}))
        .await
        .expect(StatusCode::OK)
        .body;
    assert_eq!(page["next"], "account/accounts/search?offset=3&count=3");
    let last = sandbox.post("/account/accounts/search?offset=6&count=3", &session, json!({})).await.body;
    assert_eq!(ids(&last).len(), 1);
    assert!(last.get("next").is_none());
}

#[tokio::test]
async fn list_rows_carry_names_of_classification_type_and_team_but_no_secure_values() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    sandbox.create(&session, json!({"name": "Named", "classificationId": 1, "typeId": 2, "agentTeamId": 16001, "secureFields": [{"field": "SECURE1", "value": "x"}]})).await;
    let page = sandbox.get("/account/accounts?count=5&offset=0", &session).await.body;
    let row = &page["listAccount"][0];
    assert_eq!(
        (row["classificationName"].as_str(), row["typeName"].as_str(), row["agentTeamName"].as_str()),
        (Some("Platinum"), Some("Bank"), Some("North Desk"))
    );
    assert!(row.get("secureFields").is_none());
}
