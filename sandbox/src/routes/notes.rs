//! Notes: `POST /account/accounts/{id}/notes`.

use account_model::{Note, NoteInput};
use axum::{extract::State, http::StatusCode};
use rusqlite::{Connection, params};

use crate::{
    AppState,
    auth::{Caller, WriteAccounts},
    db::now_ms,
    error::{ApiError, Json, Path},
    history::{self, Parent},
    routes::{IdPath, contacts::account_exists},
};

pub async fn add(
    State(state): State<AppState>,
    caller: Caller<WriteAccounts>,
    Path(IdPath { id }): Path<IdPath>,
    Json(note): Json<NoteInput>,
) -> Result<StatusCode, ApiError> {
    let name = note.name.trim().to_string();
    if name.is_empty() {
        return Err(ApiError::bad_request("name is mandatory."));
    }
    let description = note.description.map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
    let session = caller.session;
    state
        .db
        .write(move |tx| {
            account_exists(tx, session.client_id, id)?;
            tx.prepare_cached(
                "INSERT INTO notes (accountId, name, description, createdDate, createdBy) VALUES (?, ?, ?, ?, ?)",
            )?
            .execute(params![id, name, description, now_ms(), session.user_name])?;
            let note_id = tx.last_insert_rowid();
            history::record(tx, id, &session, "Note added", Some(&name), Parent::Note(note_id))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The account's notes, oldest first.
pub fn load(conn: &Connection, account_id: i64) -> Result<Vec<Note>, ApiError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, name, description, createdDate, createdBy FROM notes WHERE accountId = ? ORDER BY createdDate, id",
    )?;
    let rows = statement.query_map([account_id], |row| {
        Ok(Note {
            id: row.get(0)?,
            name: row.get(1)?,
            description: row.get(2)?,
            created_date: row.get(3)?,
            created_by: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
