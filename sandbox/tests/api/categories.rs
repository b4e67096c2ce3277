//! Classifications and account types.

use axum::http::StatusCode;
use serde_json::json;

use crate::harness::Sandbox;

/// (plural path, singular path, names seeded at first start)
const KINDS: [(&str, &str, &[&str]); 2] = [
    ("/account/classifications", "/account/classification", &["Platinum", "Gold", "Silver", "Bronze"]),
    ("/account/types", "/account/type", &["Hospital", "Bank", "Grocery", "Advertisement", "Software"]),
];

#[tokio::test]
async fn lists_come_ordered_by_level() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("manager").await;
    for (plural, _, seeded) in KINDS {
        let list = sandbox.get(plural, &session).await.expect(StatusCode::OK).body;
        let names: Vec<&str> =
            list.as_array().expect("array").iter().map(|c| c["name"].as_str().unwrap_or("")).collect();
        assert_eq!(names, seeded);
        let levels: Vec<i64> =
            list.as_array().expect("array").iter().map(|c| c["level"].as_i64().unwrap_or(0)).collect();
        assert_eq!(levels, (1..=seeded.len() as i64).collect::<Vec<_>>());
    }
}

#[tokio::test]
async fn create_read_update_delete_through_both_spellings_of_the_path() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("superuser").await;
    for (plural, singular, seeded) in KINDS {
        let created = sandbox.post(singular, &session, json!({"name": "Bronze-ish"})).await.expect(StatusCode::CREATED);
        let id = created.body["id"].as_i64().expect("id");
        let read = sandbox.get(&format!("{plural}/{id}"), &session).await.expect(StatusCode::OK).body;
        assert_eq!(
            read,
            json!({"id": id, "name": "Bronze-ish", "level": seeded.len() + 1}),
            "a new one gets the next level"
        );
        sandbox.get(&format!("{singular}/{id}"), &session).await.expect(StatusCode::OK);

        sandbox
            .put(&format!("{singular}/{id}"), &session, json!({"name": "Brass", "level": "6"}))
            .await
            .expect(StatusCode::NO_CONTENT);
        let read = sandbox.get(&format!("{plural}/{id}"), &session).await.body;
        assert_eq!(read, json!({"id": id, "name": "Brass", "level": 6}));
        sandbox.put(&format!("{plural}/{id}"), &session, json!({"level": 0})).await.expect(StatusCode::NO_CONTENT);
        let list = sandbox.get(plural, &session).await.body;
        assert_eq!(list[0]["name"], "Brass", "level 0 sorts first");
        assert_eq!(
            sandbox.get(&format!("{plural}/{id}"), &session).await.body["name"],
            "Brass",
            "a missing name stays"
        );

        sandbox.delete(&format!("{singular}/{id}"), &session).await.expect(StatusCode::NO_CONTENT);
        let answer = sandbox.get(&format!("{plural}/{id}"), &session).await.expect(StatusCode::NOT_FOUND);
        assert_eq!(answer.body["code"], 203);
        sandbox.delete(&format!("{singular}/{id}"), &session).await.expect(StatusCode::NOT_FOUND);
        sandbox.put(&format!("{singular}/{id}"), &session, json!({"name": "Gone"})).await.expect(StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn names_are_mandatory_and_unique_regardless_of_case() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    for (plural, singular, _) in KINDS {
        let answer = sandbox.post(plural, &session, json!({"name": " "})).await.expect(StatusCode::BAD_REQUEST);
        assert_eq!(answer.message(), "name is mandatory.");
        sandbox.post(plural, &session, json!({})).await.expect(StatusCode::BAD_REQUEST);
        let answer = sandbox.post(plural, &session, json!({"name": "new one"})).await.expect(StatusCode::CREATED);
        let id = answer.body["id"].as_i64().expect("id");
        let answer = sandbox.post(plural, &session, json!({"name": "NEW ONE"})).await.expect(StatusCode::CONFLICT);
        assert!(answer.message().ends_with("name already exists."));
        sandbox.put(&format!("{singular}/1"), &session, json!({"name": "New One"})).await.expect(StatusCode::CONFLICT);
        sandbox
            .put(&format!("{singular}/{id}"), &session, json!({"name": "New One"}))
            .await
            .expect(StatusCode::NO_CONTENT);
        sandbox.put(&format!("{singular}/{id}"), &session, json!({"level": -1})).await.expect(StatusCode::BAD_REQUEST);
        sandbox
            .put(&format!("{singular}/{id}"), &session, json!({"level": "high"}))
            .await
            .expect(StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn one_in_use_by_an_account_cannot_be_deleted() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let account = sandbox.create(&session, json!({"name": "User", "classificationId": 1, "typeId": 1})).await;
    for path in ["/account/classification/1", "/account/type/1"] {
        let answer = sandbox.delete(path, &session).await.expect(StatusCode::CONFLICT);
        assert!(answer.message().contains("assigned to 1 account"), "{}", answer.message());
    }
    sandbox.delete(&format!("/account/accounts/{account}"), &session).await.expect(StatusCode::NO_CONTENT);
    sandbox.delete("/account/classification/1", &session).await.expect(StatusCode::NO_CONTENT);
    sandbox.delete("/account/type/1", &session).await.expect(StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_manager_may_read_classifications_but_not_one_type() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("manager").await;
    sandbox.get("/account/classifications/1", &session).await.expect(StatusCode::OK);
    let answer = sandbox.get("/account/type/1", &session).await.expect(StatusCode::FORBIDDEN);
    assert!(answer.message().contains("Sysadmin or Superuser"));
}

#[tokio::test]
async fn a_level_beyond_32_bits_is_refused_and_the_list_keeps_working() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    for (plural, singular, seeded) in KINDS {
        let before = sandbox.snapshot();
        for level in
            [json!(9223372036854775807_i64), json!(2147483648_i64), json!("2147483648"), json!(-2147483649_i64)]
        {
            let answer = sandbox.put(&format!("{singular}/1"), &session, json!({"level": level})).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{level}: {}", answer.body);
            assert!(answer.message().contains("out of range"), "{}", answer.message());
        }
        assert_eq!(sandbox.snapshot(), before, "nothing was stored");
        sandbox.post(plural, &session, json!({"name": "After"})).await.expect(StatusCode::CREATED);
        let list = sandbox.get(plural, &session).await.expect(StatusCode::OK).body;
        assert_eq!(list.as_array().map(Vec::len), Some(seeded.len() + 1));
    }
}

#[tokio::test]
async fn create_answers_409_when_the_next_level_would_leave_32_bits() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    for (plural, singular, seeded) in KINDS {
        sandbox
            .put(&format!("{singular}/1"), &session, json!({"level": 2147483647}))
            .await
            .expect(StatusCode::NO_CONTENT);
        let before = sandbox.snapshot();
        let answer = sandbox.post(plural, &session, json!({"name": "One too many"})).await.expect(StatusCode::CONFLICT);
        assert!(answer.message().contains("2147483647"), "{}", answer.message());
        assert_eq!(sandbox.snapshot(), before, "nothing was stored");
        let list = sandbox.get(plural, &session).await.expect(StatusCode::OK).body;
        assert_eq!(list.as_array().map(Vec::len), Some(seeded.len()));
        assert_eq!(list[seeded.len() - 1]["level"], 2147483647, "the highest level sorts last");
        // Lowering the highest level makes room again.
        sandbox.put(&format!("{singular}/1"), &session, json!({"level": 100})).await.expect(StatusCode::NO_CONTENT);
        let created = sandbox.post(plural, &session, json!({"name": "Room again"})).await.expect(StatusCode::CREATED);
        let id = created.body["id"].as_i64().expect("id");
        assert_eq!(sandbox.get(&format!("{plural}/{id}"), &session).await.body["level"], 101);
    }
}

#[tokio::test]
async fn names_that_differ_only_in_case_in_any_script_are_one_name() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    for (plural, singular, _) in KINDS {
        sandbox.post(plural, &session, json!({"name": "Émeraude"})).await.expect(StatusCode::CREATED);
        let other = sandbox.post(plural, &session, json!({"name": "Ωmega"})).await.expect(StatusCode::CREATED);
        let other = other.body["id"].as_i64().expect("id");
        let before = sandbox.snapshot();
        for name in ["émeraude", "ÉMERAUDE", " émeRAUDE "] {
            let answer = sandbox.post(plural, &session, json!({"name": name})).await.expect(StatusCode::CONFLICT);
            assert!(answer.message().ends_with("name already exists."), "{}", answer.message());
            sandbox
                .put(&format!("{singular}/{other}"), &session, json!({"name": name}))
                .await
                .expect(StatusCode::CONFLICT);
        }
        sandbox.post(plural, &session, json!({"name": "ωMEGA"})).await.expect(StatusCode::CONFLICT);
        assert_eq!(sandbox.snapshot(), before, "nothing was stored");
        // Renaming one to another case of its own name is no conflict.
        sandbox
            .put(&format!("{singular}/{other}"), &session, json!({"name": "ΩMEGA"}))
            .await
            .expect(StatusCode::NO_CONTENT);
    }
}

#[tokio::test]
async fn levels_stored_out_of_range_by_an_older_sandbox_are_repaired_at_start() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    // What `MAX(level) + 1` past i64 left behind: a REAL, which broke every list.
    sandbox
        .db
        .write_blocking(|tx| {
            tx.execute("UPDATE classifications SET level = 9.223372036854776e18 WHERE id = 1", [])?;
            tx.execute("UPDATE accountTypes SET level = -9.3e18 WHERE id = 1", [])?;
            Ok(())
        })
        .expect("poisoned");
    sandbox.get("/account/classifications", &session).await.expect(StatusCode::INTERNAL_SERVER_ERROR);

    let reopened = Sandbox::reopen(sandbox);
    let session = reopened.login("sysadmin").await;
    let list = reopened.get("/account/classifications", &session).await.expect(StatusCode::OK).body;
    assert_eq!(list[3], json!({"id": 1, "name": "Platinum", "level": 2147483647}));
    let list = reopened.get("/account/types", &session).await.expect(StatusCode::OK).body;
    assert_eq!(list[0], json!({"id": 1, "name": "Hospital", "level": 0}));
}
