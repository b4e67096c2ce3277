//! Account history: every change to an account, its notes or its contacts
//! adds an entry, in the same transaction as the change.

use account_model::HistoryEntry;
use rusqlite::{Connection, Transaction, params};

use crate::{auth::Session, db::now_ms, error::ApiError};

/// What an entry is about.
#[derive(Clone, Copy, Debug)]
pub enum Parent {
    Account(i64),
    Note(i64),
    Contact(i64),
}

impl Parent {
    fn kind(self) -> &'static str {
        match self {
            Parent::Account(_) => "ACCOUNT",
            Parent::Note(_) => "NOTE",
            Parent::Contact(_) => "CONTACT",
        }
    }

    fn id(self) -> i64 {
        match self {
            Parent::Account(id) | Parent::Note(id) | Parent::Contact(id) => id,
        }
    }
}

/// Adds an entry to `account_id`'s history.
pub fn record(
    tx: &Transaction,
    account_id: i64,
    by: &Session,
    name: &str,
    descriptions: Option<&str>,
    parent: Parent,
) -> Result<(), ApiError> {
    Ok(record_as(tx, account_id, (by.client_id, &by.user_name), name, descriptions, parent)?)
}

/// Adds an entry made by `(client id, user name)`: a user, or the sandbox
/// itself when it repairs what an older version stored (`upgrade.rs`).
pub fn record_as(
    tx: &Transaction,
    account_id: i64,
    (client_id, user_name): (i64, &str),
    name: &str,
    descriptions: Option<&str>,
    parent: Parent,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO history (accountId, clientId, createdDate, createdBy, name, descriptions, parentType, parentId)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        account_id,
        client_id,
        now_ms(),
        user_name,
        name,
        descriptions,
        parent.kind(),
        parent.id()
    ])?;
    Ok(())
}

/// The account's history, oldest first.
pub fn load(conn: &Connection, account_id: i64) -> Result<Vec<HistoryEntry>, ApiError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, clientId, createdDate, createdBy, name, descriptions, parentType, parentId
         FROM history WHERE accountId = ? ORDER BY createdDate, id",
    )?;
    let rows = statement.query_map([account_id], |row| {
        Ok(HistoryEntry {
            id: row.get(0)?,
            client_id: row.get(1)?,
            created_date: row.get(2)?,
            created_by: row.get(3)?,
            name: row.get(4)?,
            descriptions: row.get(5)?,
            parent_type: row.get(6)?,
            parent_id: row.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
