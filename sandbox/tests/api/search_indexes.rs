//! The indexes search reads (`find::index`): every write through the API
//! keeps the text indexes in step (create, update, clear, delete, bulk rows),
//! and a database an older sandbox wrote gets them when it opens, its
//! accounts included. That every plan answers what the plain definition does
//! is `find`'s own test.

use account_sandbox::find::index::{SORT_INDEXES, TEXT_INDEXES, terms_table};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::harness::Sandbox;

/// The ids a search finds, ascending.
async fn found(sandbox: &Sandbox, session: &str, search: Value) -> Vec<i64> {
    let page = sandbox
        .post("/account/accounts/search?count=100&offset=0", session, json!({"search": search}))
        .await
        .expect(StatusCode::OK)
        .body;
    let mut ids: Vec<i64> =
        page["listAccount"].as_array().expect("rows").iter().filter_map(|a| a["id"].as_i64()).collect();
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn every_write_keeps_the_text_indexes_in_step() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let zurich = sandbox
        .create(
            &session,
            json!({"name": "Zürich Logistik", "accountNumber": "ZL-7", "billingAddress": {"city": "Zürich"},
                "phoneOffice": "+41 44 555 01", "phoneFax": "+41 44 555 09"}),
        )
        .await;
    let osaka = sandbox
        .create(&session, json!({"name": "Osaka Foods", "accountNumber": "OF-8", "phoneAlternate": "+81 6 777"}))
        .await;
    let cases = [
        (json!({"name": "zü"}), vec![zurich]),
        (json!({"name": "K"}), vec![zurich, osaka]),
        (json!({"name": "LOGISTIK"}), vec![zurich]),
        (json!({"name": "o"}), vec![zurich, osaka]),
        (json!({"accountNumber": "-"}), vec![zurich, osaka]),
        (json!({"accountNumber": "l-7"}), vec![zurich]),
        (json!({"billingAddress": {"city": "ÜRICH"}}), vec![zurich]),
        (json!({"phoneOffice": "4455501"}), vec![]),
        (json!({"phoneOffice": "555 01"}), vec![zurich]),
        (json!({"phoneFax": "9"}), vec![zurich]),
        (json!({"phoneAlternate": "777"}), vec![osaka]),
    ];
    for (search, expected) in cases {
        assert_eq!(found(&sandbox, &session, search.clone()).await, expected, "{search}");
    }

    let path = format!("/account/accounts/{zurich}");
    let change = json!({"name": "Basel Bank", "billingAddress": {"city": "Basel"}, "phoneFax": null});
    sandbox.put(&path, &session, change).await.expect(StatusCode::NO_CONTENT);
    let cases = [
        (json!({"name": "zü"}), vec![]),
        (json!({"name": "basel"}), vec![zurich]),
        (json!({"name": "k"}), vec![zurich, osaka]),
        (json!({"billingAddress": {"city": "zür"}}), vec![]),
        (json!({"billingAddress": {"city": "sel"}}), vec![zurich]),
        (json!({"phoneFax": "9"}), vec![]),
        (json!({"phoneOffice": "555 01"}), vec![zurich]),
        (json!({"accountNumber": "ZL"}), vec![zurich]),
    ];
    for (search, expected) in cases {
        assert_eq!(found(&sandbox, &session, search.clone()).await, expected, "after the update: {search}");
    }

    sandbox.delete(&path, &session).await.expect(StatusCode::NO_CONTENT);
    let rows = json!([
        {"name": "Ümit Textiles", "accountNumber": "UT-1"},
        {"accountNumber": "OF-8", "name": "Osaka Fresh"},
    ]);
    sandbox.post("/account/accounts/bulk", &session, rows).await.expect(StatusCode::OK);
    let cases = [
        (json!({"name": "basel"}), vec![]),
        (json!({"accountNumber": "ZL"}), vec![]),
        (json!({"name": "foods"}), vec![]),
        (json!({"name": "fresh"}), vec![osaka]),
        (json!({"name": "ü"}), found(&sandbox, &session, json!({"accountNumber": "UT-1"})).await),
    ];
    for (search, expected) in cases {
        assert_eq!(found(&sandbox, &session, search.clone()).await, expected, "after delete and bulk: {search}");
    }
}

#[tokio::test]
async fn a_database_an_older_sandbox_wrote_gets_the_search_indexes_when_it_opens() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let zurich = sandbox
        .create(&session, json!({"name": "Zürich Logistik", "accountNumber": "ZL-7", "annualRevenue": 20}))
        .await;
    let sandbox = sandbox.reopen_after(|dir| {
        // An older sandbox had one index by name and none of these, and
        // stored an account after.
        let conn = rusqlite::Connection::open(dir.join(account_sandbox::db::FILE_NAME)).expect("opens");
        let mut sql = String::from(
            "CREATE INDEX accountsByName ON accounts (clientId, name COLLATE NOCASE, id);
             DROP TRIGGER textIndexesOnInsert; DROP TRIGGER textIndexesOnDelete;",
        );
        for (_, table) in TEXT_INDEXES {
            sql.push_str(&format!(
                "DROP TRIGGER {table}OnUpdate; DROP TABLE {}; DROP TABLE {table};",
                terms_table(table)
            ));
        }
        for (index, _) in SORT_INDEXES {
            sql.push_str(&format!("DROP INDEX {index};"));
        }
        sql.push_str(
            "INSERT INTO accounts (clientId, createdDate, createdBy, modifiedDate, modifiedBy, name, billingCity,
                annualRevenue) VALUES (94572, 1, 'sysadmin', 1, 'sysadmin', 'Ünterwegs Kraków', 'Kraków', 10);",
        );
        conn.execute_batch(&sql).expect("as an older sandbox left it");
    });
    let session = sandbox.login("sysadmin").await;
    let older = found(&sandbox, &session, json!({"name": "ünter"})).await;
    assert_eq!(older.len(), 1, "the account stored by the older sandbox is indexed");
    let cases = [
        (json!({"name": "ü"}), vec![zurich, older[0]]),
        (json!({"name": "zürich"}), vec![zurich]),
        (json!({"accountNumber": "l-"}), vec![zurich]),
        (json!({"billingAddress": {"city": "KRA"}}), older.clone()),
    ];
    for (search, expected) in cases {
        assert_eq!(found(&sandbox, &session, search.clone()).await, expected, "{search}");
    }
    let by_revenue = sandbox
        .post(
            "/account/accounts/search?count=10&offset=0",
            &session,
            json!({"sort": {"property": "annualRevenue", "direction": "DESC"}}),
        )
        .await
        .expect(StatusCode::OK)
        .body;
    let order: Vec<i64> =
        by_revenue["listAccount"].as_array().expect("rows").iter().filter_map(|a| a["id"].as_i64()).collect();
    assert_eq!(order, [zurich, older[0]]);
    let names: Vec<String> = sandbox
        .db
        .read_blocking(|conn| {
            let mut statement = conn.prepare("SELECT name FROM sqlite_master ORDER BY name")?;
            let names = statement.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
            Ok(names)
        })
        .expect("the schema reads");
    for (index, _) in SORT_INDEXES {
        assert!(names.iter().any(|n| n == index), "{index} is built");
    }
    for (_, table) in TEXT_INDEXES {
        assert!(names.iter().any(|n| *n == table), "{table} is built");
    }
    assert!(!names.iter().any(|n| n == "accountsByName"), "the index they replace is gone");
}
