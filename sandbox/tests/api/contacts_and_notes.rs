//! Notes and contact links, and the history they leave.

use account_model::error::{ALREADY_ASSOCIATED, ASSOCIATION_EXISTS};
use axum::http::StatusCode;
use serde_json::json;

use crate::harness::Sandbox;

#[tokio::test]
async fn add_note_answers_204_and_the_note_shows_in_read_and_history() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, json!({"name": "Noted"})).await;
    let answer = sandbox
        .post(
            &format!("/account/accounts/{id}/notes"),
            &session,
            json!({"name": "Note1", "description": "Documentation Note"}),
        )
        .await;
    answer.expect(StatusCode::NO_CONTENT);
    let account = sandbox.get(&format!("/account/accounts/{id}"), &session).await.body;
    let note = &account["notes"][0];
    assert_eq!((note["name"].as_str(), note["description"].as_str()), (Some("Note1"), Some("Documentation Note")));
    assert!(note["id"].is_i64() && note["createdDate"].is_i64());
    assert_eq!(note["createdBy"], "sysadmin");
    let entry = account["history"].as_array().and_then(|h| h.last()).cloned().expect("history");
    assert_eq!((entry["name"].as_str(), entry["parentType"].as_str()), (Some("Note added"), Some("NOTE")));
    assert_eq!(entry["parentId"], note["id"]);
}

#[tokio::test]
async fn a_note_needs_a_name_and_an_existing_account() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, json!({"name": "Noted"})).await;
    let answer =
        sandbox.post(&format!("/account/accounts/{id}/notes"), &session, json!({"description": "nameless"})).await;
    assert_eq!(answer.expect(StatusCode::BAD_REQUEST).message(), "name is mandatory.");
    let answer = sandbox.post("/account/accounts/999999/notes", &session, json!({"name": "N"})).await;
    assert_eq!(answer.expect(StatusCode::NOT_FOUND).body["code"], 203);
}

#[tokio::test]
async fn linking_a_contact_makes_the_first_one_primary_and_a_second_link_answers_409() {
    let sandbox = Sandbox::new();
    let admin = sandbox.login("sysadmin").await;
    let manager = sandbox.login("manager").await;
    let id = sandbox.create(&admin, json!({"name": "Linked"})).await;
    let path = format!("/account/accounts/{id}/contacts");
    sandbox.post(&path, &manager, json!({"contactId": "CT-0001"})).await.expect(StatusCode::NO_CONTENT);
    sandbox.post(&path, &manager, json!({"contactId": "CT-0002"})).await.expect(StatusCode::NO_CONTENT);
    let answer = sandbox.post(&path, &manager, json!({"contactId": "CT-0001"})).await.expect(StatusCode::CONFLICT);
    assert_eq!(answer.body, json!({"code": 409, "message": ASSOCIATION_EXISTS}));

    let account = sandbox.get(&format!("/account/accounts/{id}"), &manager).await.body;
    let contacts = account["contacts"].as_array().expect("contacts");
    assert_eq!(
        contacts.iter().map(|c| c["contact"].as_str().unwrap_or("")).collect::<Vec<_>>(),
        ["CT-0001", "CT-0002"]
    );
    assert_eq!(contacts[0]["accountId"], id);
    assert_eq!(account["primaryContact"], contacts[0]["id"]);
    assert_eq!(account["primaryAccountContact"], contacts[0]);
    let entry = account["history"].as_array().and_then(|h| h.last()).cloned().expect("history");
    assert_eq!(
        (entry["name"].as_str(), entry["parentType"].as_str(), entry["descriptions"].as_str()),
        (Some("Contact linked"), Some("CONTACT"), Some("CT-0002"))
    );
}

#[tokio::test]
async fn linking_checks_the_contact_and_the_account() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, json!({"name": "Linked"})).await;
    let answer =
        sandbox.post(&format!("/account/accounts/{id}/contacts"), &session, json!({"contactId": "nobody"})).await;
    assert_eq!(answer.expect(StatusCode::BAD_REQUEST).message(), "contactId nobody does not exist.");
    sandbox
        .post(&format!("/account/accounts/{id}/contacts"), &session, json!({"contactId": " "}))
        .await
        .expect(StatusCode::BAD_REQUEST);
    sandbox
        .post("/account/accounts/999999/contacts", &session, json!({"contactId": "CT-0001"}))
        .await
        .expect(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bulk_link_reports_each_contact_already_linked_and_skips_the_directory_check() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("manager").await;
    let admin = sandbox.login("sysadmin").await;
    let id = sandbox.create(&admin, json!({"name": "Many"})).await;
    sandbox
        .post(&format!("/account/accounts/{id}/contacts"), &session, json!({"contactId": "CT-0001"}))
        .await
        .expect(StatusCode::NO_CONTENT);
    let body = json!([{"contactId": "CT-0001"}, {"contactId": "DOC123a"}, {"contactId": "DOC123a"}, {"contactId": "Doc1234a"}, {"contactId": ""}]);
    let result = sandbox
        .post(&format!("/account/accounts/{id}/contacts/bulk"), &session, body)
        .await
        .expect(StatusCode::OK)
        .body;
    assert_eq!((result["successCount"].as_i64(), result["failCount"].as_i64()), (Some(2), Some(3)));
    assert_eq!(result["failedData"][0], json!({"itemName": "CT-0001", "cause": ALREADY_ASSOCIATED}));
    assert_eq!(result["failedData"][1], json!({"itemName": "DOC123a", "cause": ALREADY_ASSOCIATED}));
    assert_eq!(result["failedData"][2]["cause"], "contactId is mandatory.");
    let account = sandbox.get(&format!("/account/accounts/{id}"), &session).await.body;
    assert_eq!(account["contacts"].as_array().map(Vec::len), Some(3));
    sandbox
        .post("/account/accounts/999999/contacts/bulk", &session, json!([{"contactId": "a"}]))
        .await
        .expect(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unlinking_the_primary_contact_makes_the_next_one_primary() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, json!({"name": "Unlinked"})).await;
    for contact in ["CT-0001", "CT-0002"] {
        sandbox
            .post(&format!("/account/accounts/{id}/contacts"), &session, json!({"contactId": contact}))
            .await
            .expect(StatusCode::NO_CONTENT);
    }
    sandbox.delete(&format!("/account/accounts/{id}/contacts/CT-0001"), &session).await.expect(StatusCode::NO_CONTENT);
    let account = sandbox.get(&format!("/account/accounts/{id}"), &session).await.body;
    assert_eq!(account["primaryAccountContact"]["contact"], "CT-0002");
    assert_eq!(
        account["history"].as_array().and_then(|h| h.last()).map(|e| e["name"].clone()),
        Some(json!("Contact unlinked"))
    );
    sandbox.delete(&format!("/account/accounts/{id}/contacts/CT-0002"), &session).await.expect(StatusCode::NO_CONTENT);
    let account = sandbox.get(&format!("/account/accounts/{id}"), &session).await.body;
    assert!(account.get("primaryContact").is_none() && account.get("primaryAccountContact").is_none());
    let answer = sandbox
        .delete(&format!("/account/accounts/{id}/contacts/CT-0002"), &session)
        .await
        .expect(StatusCode::NOT_FOUND);
    assert_eq!(answer.body["code"], 203);
}

#[tokio::test]
async fn contact_ids_with_reserved_characters_unlink_by_their_encoded_path() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, json!({"name": "Odd ids"})).await;
    sandbox
        .post(&format!("/account/accounts/{id}/contacts/bulk"), &session, json!([{"contactId": "qa 1/2"}]))
        .await
        .expect(StatusCode::OK);
    let path = account_model::paths::account_contact(id, "qa 1/2");
    sandbox.delete(&path, &session).await.expect(StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn contact_ids_given_as_integers_keep_every_digit_and_larger_ones_are_refused() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&session, json!({"name": "Linked"})).await;
    let bulk = format!("/account/accounts/{id}/contacts/bulk");
    let send = |body: &'static str| {
        sandbox.send_raw(axum::http::Method::POST, &bulk, Some(&session), Some("application/json"), body)
    };
    let result = send(r#"[{"contactId": 18446744073709551615}]"#).await.expect(StatusCode::OK).body;
    assert_eq!(result["successCount"], 1);
    let account = sandbox.get(&format!("/account/accounts/{id}"), &session).await.body;
    assert_eq!(account["contacts"][0]["contact"], "18446744073709551615");
    let before = sandbox.snapshot();
    for body in [r#"[{"contactId": 18446744073709551616}]"#, r#"[{"contactId": 1.5}]"#] {
        let answer = send(body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}: {}", answer.body);
        assert!(answer.message().contains("contactId"), "{}", answer.message());
    }
    assert_eq!(sandbox.snapshot(), before, "nothing was stored");
}
