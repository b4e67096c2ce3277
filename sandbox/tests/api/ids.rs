//! Ids are never reused, even after a delete (NOTES.md): a bookmark of a
//! deleted account, classification or type never opens another record. So
//! in a new database, after a restart, and in a database an older sandbox
//! wrote, from the start that migrates it on.

use std::path::Path;

use account_sandbox::db::FILE_NAME;
use axum::http::StatusCode;
use serde_json::json;

use crate::harness::Sandbox;

/// A resource with ids: where to create one, and where one lives.
struct Kind {
    create: &'static str,
    one: &'static str,
}

const KINDS: [Kind; 3] = [
    Kind { create: "/account/accounts", one: "/account/accounts" },
    Kind { create: "/account/classifications", one: "/account/classification" },
    Kind { create: "/account/types", one: "/account/type" },
];

/// Creates `n` records of a kind (names unique per call); answers their ids.
async fn create(sandbox: &Sandbox, session: &str, kind: &Kind, n: usize, round: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        let answer = sandbox.post(kind.create, session, json!({"name": format!("{round} {i}")})).await;
        ids.push(answer.expect(StatusCode::CREATED).body["id"].as_i64().expect("an id"));
    }
    ids
}

/// Deletes the newest records of each kind, creates as many, and checks that
/// none got an id given before; answers the highest id each kind has given.
async fn delete_newest_and_create_again(sandbox: &Sandbox, round: &str, given: &mut [Vec<i64>; 3]) {
    let session = sandbox.login("sysadmin").await;
    for (kind, given) in KINDS.iter().zip(given.iter_mut()) {
        let newest = create(sandbox, &session, kind, 3, &format!("{round} first")).await;
        given.extend(&newest);
        for id in &newest {
            sandbox.delete(&format!("{}/{id}", kind.one), &session).await.expect(StatusCode::NO_CONTENT);
        }
        let again = create(sandbox, &session, kind, 3, &format!("{round} again")).await;
        for id in &again {
            assert!(!given.contains(id), "{round}: {} {id} was given before: {given:?}", kind.create);
        }
        given.extend(&again);
    }
}

#[tokio::test]
async fn deleting_the_newest_records_and_creating_as_many_never_gives_an_old_id() {
    let sandbox = Sandbox::new();
    let mut given = [Vec::new(), Vec::new(), Vec::new()];
    delete_newest_and_create_again(&sandbox, "before", &mut given).await;
    // The newest ones deleted last, so that only a kept counter knows them.
    let session = sandbox.login("sysadmin").await;
    for (kind, given) in KINDS.iter().zip(&given) {
        for id in &given[given.len() - 3..] {
            sandbox.delete(&format!("{}/{id}", kind.one), &session).await.expect(StatusCode::NO_CONTENT);
        }
    }
    let reopened = Sandbox::reopen(sandbox);
    delete_newest_and_create_again(&reopened, "after a restart", &mut given).await;
}

/// Turns the database in `dir` back into what an older sandbox wrote: the
/// same tables without AUTOINCREMENT, so that SQLite gives the highest id
/// plus one, and no record of ids given before.
fn as_an_older_sandbox_left_it(dir: &Path) {
    let conn = rusqlite::Connection::open(dir.join(FILE_NAME)).expect("opens");
    conn.execute_batch("PRAGMA foreign_keys = OFF; BEGIN;").expect("begins");
    for table in ["accounts", "classifications", "accountTypes"] {
        let sql: String = conn
            .query_row("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table], |row| row.get(0))
            .expect("the table");
        assert!(sql.contains("AUTOINCREMENT"), "{sql}");
        let older = sql.replacen(table, "older", 1).replace(" AUTOINCREMENT", "");
        conn.execute_batch(&format!(
            "{older}; INSERT INTO older SELECT * FROM {table}; DROP TABLE {table}; ALTER TABLE older RENAME TO {table};"
        ))
        .expect("rebuilt");
    }
    conn.execute_batch("COMMIT; PRAGMA foreign_keys = ON;").expect("commits");
    let kept: i64 = conn.query_row("SELECT COUNT(*) FROM sqlite_sequence", [], |row| row.get(0)).expect("counts");
    assert_eq!(kept, 0, "no counter is left");
}

#[tokio::test]
async fn a_database_an_older_sandbox_wrote_keeps_every_record_and_reuses_no_id_from_its_migration_on() {
    let sandbox = Sandbox::seeded(5);
    let session = sandbox.login("sysadmin").await;
    let page = sandbox.get("/account/accounts?count=10&offset=0", &session).await.body;
    let accounts: Vec<i64> =
        page["listAccount"].as_array().expect("rows").iter().filter_map(|a| a["id"].as_i64()).collect();
    let first = accounts[0];
    let before = sandbox.get(&format!("/account/accounts/{first}"), &session).await.expect(StatusCode::OK).body;
    assert!(before["notes"].as_array().is_some_and(|n| !n.is_empty()), "the demo account has notes: {before}");
    let snapshot = sandbox.snapshot();
    let sandbox = sandbox.reopen_after(as_an_older_sandbox_left_it);
    assert_eq!(sandbox.snapshot(), snapshot, "every record, note, link and history entry is kept");
    let schema: String = sandbox
        .db
        .read_blocking(|conn| {
            Ok(conn
                .query_row("SELECT group_concat(sql, ';') FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))?)
        })
        .expect("reads");
    assert_eq!(schema.matches("AUTOINCREMENT").count(), 3, "{schema}");
    let session = sandbox.login("sysadmin").await;
    let after = sandbox.get(&format!("/account/accounts/{first}"), &session).await.expect(StatusCode::OK).body;
    assert_eq!(after, before, "reads answer as before");
    sandbox.delete(&format!("/account/accounts/{first}"), &session).await.expect(StatusCode::NO_CONTENT);
    let children: i64 = sandbox
        .db
        .read_blocking(|conn| {
            Ok(conn.query_row("SELECT COUNT(*) FROM notes WHERE accountId = ?", [first], |r| r.get(0))?)
        })
        .expect("counts");
    assert_eq!(children, 0, "deleting still removes the account's notes");
    let mut given = [accounts, (1..=4).collect(), (1..=4).collect()];
    delete_newest_and_create_again(&sandbox, "migrated", &mut given).await;
    let reopened = Sandbox::reopen(sandbox);
    delete_newest_and_create_again(&reopened, "migrated, after a restart", &mut given).await;
}
