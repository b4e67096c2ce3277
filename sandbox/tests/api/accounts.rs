//! Create, read, update and delete one account.

use account_model::error::{DUPLICATE_ACCOUNT_NUMBER, NO_RECORD_FOUND};
use account_sandbox::demo::{FIRST_AGENT_ID, FIRST_CAMPAIGN_ID, FIRST_TEAM_ID};
use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use serde_json::{Value, json};

use crate::harness::Sandbox;

/// The reference's create example, with ids that exist in the sandbox.
fn full_account() -> Value {
    json!({
        "name": "DOC123",
        "description": "Test for Doc",
        "industry": "Software",
        "annualRevenue": "2000",
        "phoneFax": "6503517485",
        "billingAddress": {"street": "MG Road", "city": "Bangalore", "state": "Karnataka", "postalCode": "560005", "country": "India"},
        "rating": "Good",
        "phoneOffice": "9176754178",
        "phoneAlternate": "6178498807 ",
        "website": "www.livevox.com",
        "ownershipType": "Private",
        "numOfEmployees": "450",
        "tickerSymbol": "LV",
        "shippingAddress": {"street": "Trinity Circle", "city": "Banagalore", "state": "Karnataka", "postalCode": "560006", "country": "India"},
        "campaignId": FIRST_CAMPAIGN_ID.to_string(),
        "accountNumber": "DOC1231",
        "originalAccountNumber": "ONA12",
        "agentId": FIRST_AGENT_ID.to_string(),
        "agentTeamId": FIRST_TEAM_ID.to_string(),
        "accountSource": "Advertisement",
        "sicCode": "qa12345678",
        "sicDesc": "qa12345678",
        "classificationId": "2",
        "typeId": "1",
        "customFields": [{"field": "COL1", "value": "15"}],
        "secureFields": [{"field": "SECURE1", "value": "TRUE"}]
    })
}

#[tokio::test]
async fn create_answers_201_with_the_id_and_read_returns_every_field() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, full_account()).await;
    let account = sandbox.get(&format!("/account/accounts/{id}"), &session).await.expect(StatusCode::OK).body;

    assert_eq!(account["id"], id);
    assert_eq!(account["name"], "DOC123");
    assert_eq!(account["annualRevenue"], 2000, "integers given as strings are stored as numbers");
    assert_eq!(account["numOfEmployees"], 450);
    assert_eq!(account["phoneAlternate"], "6178498807", "text is trimmed");
    assert_eq!(account["billingAddress"]["postalCode"], "560005");
    assert_eq!(account["shippingAddress"]["city"], "Banagalore");
    assert_eq!(account["campaignId"], FIRST_CAMPAIGN_ID.to_string());
    assert_eq!(account["agentId"], FIRST_AGENT_ID);
    assert_eq!(account["agentName"], "Ana Souza");
    assert_eq!(account["agentTeamName"], "North Desk");
    assert_eq!(account["classificationName"], "Gold");
    assert_eq!(account["typeName"], "Hospital");
    assert_eq!(account["customFields"], json!([{"field": "COL1", "value": "15"}]));
    assert_eq!(account["secureFields"], json!([{"field": "SECURE1", "value": "TRUE"}]));
    assert_eq!(account["createdBy"], "sysadmin");
    assert_eq!(account["modifiedBy"], "sysadmin");
    assert!(account["createdDate"].as_i64().is_some_and(|ms| ms > 1_700_000_000_000), "dates are epoch ms");
    assert_eq!(account["notes"], json!([]));
    assert_eq!(account["contacts"], json!([]));
    assert_eq!(account["history"][0]["name"], "Account created");
    assert_eq!(account["history"][0]["parentType"], "ACCOUNT");
    assert!(account.get("errorMsg").is_none());
    for key in [
        "description",
        "industry",
        "phoneFax",
        "rating",
        "phoneOffice",
        "website",
        "ownershipType",
        "tickerSymbol",
        "accountNumber",
        "originalAccountNumber",
        "agentTeamId",
        "accountSource",
        "sicCode",
        "sicDesc",
        "classificationId",
        "typeId",
    ] {
        assert!(!account[key].is_null(), "{key} is missing");
    }
}

#[tokio::test]
async fn a_site_without_encryption_key_answers_error_msg_and_log_id_instead_of_secure_fields() {
    let sandbox = Sandbox::new();
    let answer = sandbox.login_as("NOKEY", "sysadmin", "demo", Some("demo-token")).await;
    let session = answer.body["sessionId"].as_str().expect("session").to_string();
    let id =
        sandbox.create(&session, json!({"name": "Secret", "secureFields": [{"field": "SECURE2", "value": "x"}]})).await;
    let account = sandbox.get(&format!("/account/accounts/{id}"), &session).await.expect(StatusCode::OK).body;
    assert!(account["errorMsg"].as_str().is_some_and(|m| m.starts_with("ERROR_CCSFEATURES_ENCRYPTED_FALSE")));
    assert_eq!(account["logId"].as_str().map(str::len), Some(36), "a UUID");
    assert!(account.get("secureFields").is_none());
}

#[tokio::test]
async fn a_duplicate_account_number_answers_409_with_the_reference_message() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("superuser").await;
    sandbox.create(&session, full_account()).await;
    let answer = sandbox.post("/account/accounts", &session, full_account()).await.expect(StatusCode::CONFLICT);
    assert_eq!(answer.body, json!({"code": 409, "message": DUPLICATE_ACCOUNT_NUMBER}));
}

#[tokio::test]
async fn create_without_a_name_is_a_bad_request() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    for body in [json!({"industry": "Software"}), json!({"name": "   "}), json!({"name": null})] {
        let answer = sandbox.post("/account/accounts", &session, body.clone()).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(answer.message().contains("name"), "{}", answer.message());
    }
}

#[tokio::test]
async fn create_checks_every_referenced_id_and_names_the_field() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    for field in ["classificationId", "typeId", "agentId", "agentTeamId", "campaignId"] {
        let answer = sandbox.post("/account/accounts", &session, json!({"name": "X", field: "999"})).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(answer.body["code"], 400);
        assert_eq!(answer.message(), format!("{field} 999 does not exist."));
    }
}

#[tokio::test]
async fn wrong_types_answer_400_naming_the_field_never_500() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    for (field, value) in [
        ("annualRevenue", json!("lots")),
        ("numOfEmployees", json!(true)),
        ("billingAddress", json!(5)),
        ("customFields", json!("COL1")),
    ] {
        let answer = sandbox.post("/account/accounts", &session, json!({"name": "X", field: value})).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{field}: {}", answer.body);
        assert!(answer.message().contains(field), "{field}: {}", answer.message());
    }
}

#[tokio::test]
async fn malformed_json_and_a_missing_content_type_answer_400_in_the_error_shape() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let malformed = Request::post("/api/account/accounts")
        .header("LV-Session", &session)
        .header("content-type", "application/json")
        .body(Body::from("{\"name\": \"A\","))
        .expect("request");
    let answer = sandbox.send(malformed).await.expect(StatusCode::BAD_REQUEST);
    assert_eq!(answer.body["code"], 400);
    let untyped =
        Request::post("/api/account/accounts").header("LV-Session", &session).body(Body::from("{}")).expect("request");
    let answer = sandbox.send(untyped).await.expect(StatusCode::BAD_REQUEST);
    assert!(answer.message().contains("Content-Type"), "{}", answer.message());
}

#[tokio::test]
async fn custom_and_secure_field_names_are_checked() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    for body in [
        json!({"name": "X", "customFields": [{"field": "COL101", "value": "1"}]}),
        json!({"name": "X", "customFields": [{"field": "col1", "value": "1"}]}),
        json!({"name": "X", "secureFields": [{"field": "SECURE6", "value": "1"}]}),
    ] {
        let answer = sandbox.post("/account/accounts", &session, body.clone()).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
    }
    sandbox.create(&session, json!({"name": "X", "customFields": [{"field": "COL100", "value": "1"}]})).await;
}

#[tokio::test]
async fn reading_a_missing_account_answers_404_with_code_203() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("manager").await;
    let answer = sandbox.get("/account/accounts/604451", &session).await.expect(StatusCode::NOT_FOUND);
    assert_eq!(answer.body, json!({"code": 203, "message": NO_RECORD_FOUND}));
    let answer = sandbox.get("/account/accounts/not-a-number", &session).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn update_changes_only_the_fields_sent_and_null_clears() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, full_account()).await;
    let path = format!("/account/accounts/{id}");
    let patch = json!({
        "industry": "Telecom Software",
        "annualRevenue": "5000",
        "website": null,
        "billingAddress": {"city": "Mysore", "state": null},
        "customFields": [{"field": "COL2", "value": "7"}]
    });
    let answer = sandbox.put(&path, &session, patch).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(answer.body, Value::Null);

    let account = sandbox.get(&path, &session).await.body;
    assert_eq!(account["industry"], "Telecom Software");
    assert_eq!(account["annualRevenue"], 5000);
    assert!(account.get("website").is_none(), "null cleared the website");
    assert_eq!(account["rating"], "Good", "fields not sent are unchanged");
    assert_eq!(
        account["billingAddress"],
        json!({"street": "MG Road", "city": "Mysore", "postalCode": "560005", "country": "India"})
    );
    assert_eq!(account["customFields"], json!([{"field": "COL1", "value": "15"}, {"field": "COL2", "value": "7"}]));
    assert_eq!(account["secureFields"], json!([{"field": "SECURE1", "value": "TRUE"}]));

    let history = account["history"].as_array().expect("history");
    let update = history.last().expect("an update entry");
    assert_eq!(update["name"], "Account updated");
    let said = update["descriptions"].as_str().expect("descriptions");
    assert!(said.contains("industry: Software → Telecom Software"), "{said}");
    assert!(said.contains("website: www.livevox.com → (empty)"), "{said}");
}

#[tokio::test]
async fn update_merges_custom_fields_by_name_and_null_values_remove_them() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox
        .create(
            &session,
            json!({"name": "F", "customFields": [{"field": "COL1", "value": "a"}, {"field": "COL10", "value": "b"}]}),
        )
        .await;
    let path = format!("/account/accounts/{id}");
    sandbox
        .put(
            &path,
            &session,
            json!({"customFields": [{"field": "COL1", "value": null}, {"field": "COL2", "value": "c"}]}),
        )
        .await
        .expect(StatusCode::NO_CONTENT);
    let account = sandbox.get(&path, &session).await.body;
    assert_eq!(account["customFields"], json!([{"field": "COL2", "value": "c"}, {"field": "COL10", "value": "b"}]));
    sandbox.put(&path, &session, json!({"customFields": null})).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(sandbox.get(&path, &session).await.body["customFields"], json!([]));
}

#[tokio::test]
async fn update_of_a_missing_account_answers_404_with_code_203() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let answer = sandbox
        .put("/account/accounts/604451", &session, json!({"name": "DOC123x"}))
        .await
        .expect(StatusCode::NOT_FOUND);
    assert_eq!(answer.body, json!({"code": 203, "message": NO_RECORD_FOUND}));
}

#[tokio::test]
async fn update_validates_like_create() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let first = sandbox.create(&session, json!({"name": "A", "accountNumber": "N-1"})).await;
    let second = sandbox.create(&session, json!({"name": "B", "accountNumber": "N-2"})).await;
    let path = format!("/account/accounts/{second}");
    let answer = sandbox.put(&path, &session, json!({"accountNumber": "N-1"})).await.expect(StatusCode::CONFLICT);
    assert!(answer.message().contains("Unique account number already exists"));
    sandbox.put(&path, &session, json!({"name": null})).await.expect(StatusCode::BAD_REQUEST);
    let answer = sandbox.put(&path, &session, json!({"typeId": 999})).await.expect(StatusCode::BAD_REQUEST);
    assert_eq!(answer.message(), "typeId 999 does not exist.");
    sandbox.put(&path, &session, json!({"annualRevenue": -5})).await.expect(StatusCode::BAD_REQUEST);
    // Keeping its own number is no conflict.
    sandbox
        .put(&format!("/account/accounts/{first}"), &session, json!({"accountNumber": "N-1"}))
        .await
        .expect(StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_update_that_changes_nothing_adds_no_history() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, json!({"name": "Same", "rating": "Hot"})).await;
    let path = format!("/account/accounts/{id}");
    sandbox.put(&path, &session, json!({"rating": "Hot"})).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(sandbox.get(&path, &session).await.body["history"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn delete_removes_the_account_and_a_second_delete_answers_404() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, json!({"name": "Doomed"})).await;
    let path = format!("/account/accounts/{id}");
    sandbox.delete(&path, &session).await.expect(StatusCode::NO_CONTENT);
    sandbox.get(&path, &session).await.expect(StatusCode::NOT_FOUND);
    let answer = sandbox.delete(&path, &session).await.expect(StatusCode::NOT_FOUND);
    assert_eq!(answer.body["code"], 203);
}

#[tokio::test]
async fn account_paths_also_answer_behind_a_version_segment() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let answer = sandbox
        .post("/account/v17.0/accounts", &session, json!({"name": "Versioned"}))
        .await
        .expect(StatusCode::CREATED);
    let id = answer.body["id"].as_i64().expect("id");
    let account = sandbox.get(&format!("/account/v17.0/accounts/{id}"), &session).await.expect(StatusCode::OK);
    assert_eq!(account.body["name"], "Versioned");
}

#[tokio::test]
async fn an_unknown_path_answers_404_and_an_unknown_method_405_in_the_error_shape() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let answer = sandbox.get("/account/nothing-here", &session).await.expect(StatusCode::NOT_FOUND);
    assert_eq!(answer.body["code"], 404);
    let answer = sandbox.call(Method::PATCH, "/account/accounts", Some(&session), None).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.body["code"], 405);
    assert!(answer.message().contains("PATCH"));
}

#[tokio::test]
async fn an_existing_account_number_with_surrounding_spaces_answers_409_on_create_and_update() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    sandbox.create(&session, json!({"name": "First", "accountNumber": "ACC-000001"})).await;
    let second = sandbox.create(&session, json!({"name": "Second", "accountNumber": "ACC-000002"})).await;
    let before = sandbox.snapshot();
    for number in ["ACC-000001 ", " ACC-000001", "\tACC-000001\n"] {
        let answer = sandbox
            .post("/account/accounts", &session, json!({"name": "Copy", "accountNumber": number}))
            .await
            .expect(StatusCode::CONFLICT);
        assert_eq!(answer.body, json!({"code": 409, "message": DUPLICATE_ACCOUNT_NUMBER}));
        let answer = sandbox
            .put(&format!("/account/accounts/{second}"), &session, json!({"accountNumber": number}))
            .await
            .expect(StatusCode::CONFLICT);
        assert!(answer.message().starts_with("Cannot update account."), "{}", answer.message());
    }
    assert_eq!(sandbox.snapshot(), before, "nothing was stored");
    // A blank number is no number: it clears, and never conflicts.
    sandbox.create(&session, json!({"name": "Blank", "accountNumber": "  "})).await;
    sandbox.create(&session, json!({"name": "Blank too", "accountNumber": ""})).await;
}

#[tokio::test]
async fn integers_given_for_text_keep_every_digit_up_to_u64_and_larger_ones_are_refused() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let create = |number: &str| {
        let body = format!(r#"{{"name": "Numbered", "accountNumber": {number}, "sicCode": {number}}}"#);
        sandbox.send_raw(Method::POST, "/account/accounts", Some(&session), Some("application/json"), body)
    };
    let id = create("18446744073709551615").await.expect(StatusCode::CREATED).body["id"].as_i64().expect("id");
    let account = sandbox.get(&format!("/account/accounts/{id}"), &session).await.body;
    assert_eq!(account["accountNumber"], "18446744073709551615");
    assert_eq!(account["sicCode"], "18446744073709551615");
    // Rounded through a float, this one used to collide with the one above.
    create("18446744073709551614").await.expect(StatusCode::CREATED);
    create("-9223372036854775808").await.expect(StatusCode::CREATED);
    let before = sandbox.snapshot();
    for number in ["18446744073709551616", "99999999999999999999999", "-9223372036854775809", "1.5", "1e3"] {
        let answer = create(number).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{number}: {}", answer.body);
        assert!(answer.message().contains("accountNumber"), "{number}: {}", answer.message());
    }
    assert_eq!(sandbox.snapshot(), before, "nothing was stored");
}

#[tokio::test]
async fn custom_and_secure_field_names_with_a_sign_or_a_leading_zero_are_refused() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, json!({"name": "Fields"})).await;
    let before = sandbox.snapshot();
    for (list, name) in [
        ("customFields", "COL+5"),
        ("customFields", "COL-5"),
        ("customFields", "COL05"),
        ("customFields", "COL 5"),
        ("secureFields", "SECURE+1"),
        ("secureFields", "SECURE01"),
    ] {
        let fields = json!([{"field": name, "value": "x"}]);
        let answer = sandbox.post("/account/accounts", &session, json!({"name": "X", list: fields})).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "create {name}: {}", answer.body);
        assert!(answer.message().contains(name), "{}", answer.message());
        let answer = sandbox.put(&format!("/account/accounts/{id}"), &session, json!({list: fields})).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "update {name}: {}", answer.body);
    }
    assert_eq!(sandbox.snapshot(), before, "nothing was stored");
}

#[tokio::test]
async fn arrays_where_the_reference_has_objects_are_refused_at_any_depth() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, json!({"name": "Target", "industry": "Kept"})).await;
    let one = format!("/account/accounts/{id}");
    let before = sandbox.snapshot();
    let cases = [
        (Method::POST, "/account/accounts".to_string(), json!(["Acme"])),
        (Method::POST, "/account/accounts".to_string(), json!([1, 2, 3])),
        (Method::PUT, one.clone(), json!([1, 2, 3])),
        (Method::POST, format!("{one}/notes"), json!(["Note1", "desc"])),
        (Method::POST, format!("{one}/contacts"), json!(["CT-0005"])),
        (Method::POST, format!("{one}/contacts/bulk"), json!([["X"]])),
        (Method::POST, "/account/classifications".to_string(), json!(["Name"])),
        (Method::POST, "/account/types".to_string(), json!(["Name"])),
        (Method::PUT, "/account/classification/1".to_string(), json!(["Name", 3])),
        (Method::POST, "/account/accounts/search?count=5&offset=0".to_string(), json!({"search": ["Acme"]})),
        (Method::POST, "/account/accounts".to_string(), json!({"name": "A", "billingAddress": ["Main St"]})),
        (Method::PUT, one.clone(), json!({"shippingAddress": ["Main St", "Paris"]})),
        (Method::POST, "/account/accounts".to_string(), json!({"name": "A", "customFields": [["COL1", "x"]]})),
        (Method::PUT, one.clone(), json!({"secureFields": [["SECURE1", "x"]]})),
    ];
    for (method, path, body) in cases {
        let answer = sandbox.call(method.clone(), &path, Some(&session), Some(body.clone())).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{method} {path} {body}: {}", answer.body);
        assert!(answer.message().contains("invalid type: sequence"), "{body}: {}", answer.message());
    }
    assert_eq!(sandbox.snapshot(), before, "nothing was stored");

    // In a bulk create, a row that is an array fails alone; the others land.
    let rows = json!([["X-1"], {"name": "X-3"}]);
    let result = sandbox.post("/account/accounts/bulk", &session, rows).await.expect(StatusCode::OK).body;
    assert_eq!((result["successCount"].as_i64(), result["failCount"].as_i64()), (Some(1), Some(1)), "{result}");
    assert_eq!(result["failedData"][0]["ordinal"], 1);
}

#[tokio::test]
async fn a_campaign_id_is_checked_as_it_is_stored_trimmed_and_a_blank_one_clears_it() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id =
        sandbox.create(&session, json!({"name": "Campaign", "campaignId": format!(" {FIRST_CAMPAIGN_ID} ")})).await;
    let path = format!("/account/accounts/{id}");
    assert_eq!(sandbox.get(&path, &session).await.body["campaignId"], FIRST_CAMPAIGN_ID.to_string());
    sandbox.put(&path, &session, json!({"campaignId": "  "})).await.expect(StatusCode::NO_CONTENT);
    assert!(sandbox.get(&path, &session).await.body.get("campaignId").is_none(), "a blank campaign clears it");
    sandbox.create(&session, json!({"name": "No campaign", "campaignId": ""})).await;
}
