//! Classifications and account types: the same resource twice, `{id, name,
//! level}`, kept in two tables. A new one gets the next level; lists come
//! ordered by level.

use account_model::{Category, CategoryInput, CategoryKind as Kind, CategoryPatch, Created};
use axum::{
    extract::State,
    http::StatusCode,
    routing::{MethodRouter, get},
};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{
    AppState,
    auth::{Caller, ReadCategories, ReadType, WriteCategories},
    db::fold_case,
    error::{ApiError, Json, Path},
    routes::IdPath,
};

/// The highest level: levels are the reference's 32-bit "Integer" (NOTES.md),
/// which `account_model::lenient::int32` holds updates to.
const MAX_LEVEL: i64 = i32::MAX as i64;

/// The table that holds `kind`.
fn table(kind: Kind) -> &'static str {
    match kind {
        Kind::Classification => "classifications",
        Kind::Type => "accountTypes",
    }
}

/// The accounts column that refers to `kind`: the account field's name.
fn account_column(kind: Kind) -> &'static str {
    kind.field().name()
}

/// "Classification", "Account type": the start of a message about one.
fn label(kind: Kind) -> String {
    let noun = kind.noun();
    noun[..1].to_ascii_uppercase() + &noun[1..]
}

/// The methods of the list's and of one's paths (routed by `routes::router`
/// at each pattern [`Kind`] gives).
pub fn methods(kind: Kind) -> (MethodRouter<AppState>, MethodRouter<AppState>) {
    match kind {
        Kind::Classification => (
            get(list_classifications).post(create_classification),
            get(read_classification).put(update_classification).delete(delete_classification),
        ),
        Kind::Type => (get(list_types).post(create_type), get(read_type).put(update_type).delete(delete_type)),
    }
}

pub async fn list_classifications(
    State(state): State<AppState>,
    caller: Caller<ReadCategories>,
) -> Result<Json<Vec<Category>>, ApiError> {
    list(&state, Kind::Classification, caller.session.client_id).await
}

pub async fn list_types(
    State(state): State<AppState>,
    caller: Caller<ReadCategories>,
) -> Result<Json<Vec<Category>>, ApiError> {
    list(&state, Kind::Type, caller.session.client_id).await
}

pub async fn read_classification(
    State(state): State<AppState>,
    caller: Caller<ReadCategories>,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<Json<Category>, ApiError> {
    read(&state, Kind::Classification, caller.session.client_id, id).await
}

pub async fn read_type(
    State(state): State<AppState>,
    caller: Caller<ReadType>,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<Json<Category>, ApiError> {
    read(&state, Kind::Type, caller.session.client_id, id).await
}

pub async fn create_classification(
    State(state): State<AppState>,
    caller: Caller<WriteCategories>,
    Json(input): Json<CategoryInput>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    create(&state, Kind::Classification, caller.session.client_id, input).await
}

pub async fn create_type(
    State(state): State<AppState>,
    caller: Caller<WriteCategories>,
    Json(input): Json<CategoryInput>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    create(&state, Kind::Type, caller.session.client_id, input).await
}

pub async fn update_classification(
    State(state): State<AppState>,
    caller: Caller<WriteCategories>,
    Path(IdPath { id }): Path<IdPath>,
    Json(patch): Json<CategoryPatch>,
) -> Result<StatusCode, ApiError> {
    update(&state, Kind::Classification, caller.session.client_id, id, patch).await
}

pub async fn update_type(
    State(state): State<AppState>,
    caller: Caller<WriteCategories>,
    Path(IdPath { id }): Path<IdPath>,
    Json(patch): Json<CategoryPatch>,
) -> Result<StatusCode, ApiError> {
    update(&state, Kind::Type, caller.session.client_id, id, patch).await
}

pub async fn delete_classification(
    State(state): State<AppState>,
    caller: Caller<WriteCategories>,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<StatusCode, ApiError> {
    delete(&state, Kind::Classification, caller.session.client_id, id).await
}

pub async fn delete_type(
    State(state): State<AppState>,
    caller: Caller<WriteCategories>,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<StatusCode, ApiError> {
    delete(&state, Kind::Type, caller.session.client_id, id).await
}

async fn list(state: &AppState, kind: Kind, client_id: i64) -> Result<Json<Vec<Category>>, ApiError> {
    let all = state
        .db
        .read(move |conn| {
            let mut statement = conn.prepare_cached(&format!(
                "SELECT id, name, level FROM {} WHERE clientId = ? ORDER BY level, id",
                table(kind)
            ))?;
            let rows = statement.query_map([client_id], category_from_row)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(all))
}

async fn read(state: &AppState, kind: Kind, client_id: i64, id: i64) -> Result<Json<Category>, ApiError> {
    let found = state.db.read(move |conn| find(conn, kind, client_id, id)).await?;
    found.map(Json).ok_or(ApiError::NotFound)
}

async fn create(
    state: &AppState,
    kind: Kind,
    client_id: i64,
    input: CategoryInput,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let name = checked_name(&input.name)?;
    let id = state
        .db
        .write(move |tx| {
            ensure_unique(tx, kind, client_id, &name, None)?;
            let table = table(kind);
            let highest: Option<i64> =
                tx.query_row(&format!("SELECT MAX(level) FROM {table} WHERE clientId = ?"), [client_id], |row| {
                    row.get(0)
                })?;
            let level = highest.unwrap_or(0).checked_add(1).filter(|level| *level <= MAX_LEVEL).ok_or_else(|| {
                ApiError::Conflict(format!(
                    "{} levels are used up to {MAX_LEVEL}: lower the highest level before adding another.",
                    label(kind)
                ))
            })?;
            tx.execute(
                &format!("INSERT INTO {table} (clientId, name, level) VALUES (?, ?, ?)"),
                params![client_id, name, level],
            )?;
            Ok(tx.last_insert_rowid())
        })
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

async fn update(
    state: &AppState,
    kind: Kind,
    client_id: i64,
    id: i64,
    patch: CategoryPatch,
) -> Result<StatusCode, ApiError> {
    let name = patch.name.as_deref().map(checked_name).transpose()?;
    if patch.level.is_some_and(|level| level < 0) {
        return Err(ApiError::bad_request("level cannot be negative."));
    }
    state
        .db
        .write(move |tx| {
            let old = find(tx, kind, client_id, id)?.ok_or(ApiError::NotFound)?;
            if let Some(name) = &name {
                ensure_unique(tx, kind, client_id, name, Some(id))?;
            }
            tx.execute(
                &format!("UPDATE {} SET name = ?, level = ? WHERE id = ?", table(kind)),
                params![name.unwrap_or(old.name), patch.level.or(old.level), id],
            )?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Refuses (409) while accounts still use it, so no account silently loses
/// its classification or type.
async fn delete(state: &AppState, kind: Kind, client_id: i64, id: i64) -> Result<StatusCode, ApiError> {
    state
        .db
        .write(move |tx| {
            find(tx, kind, client_id, id)?.ok_or(ApiError::NotFound)?;
            let in_use: i64 = tx.query_row(
                &format!("SELECT COUNT(*) FROM accounts WHERE clientId = ? AND {} = ?", account_column(kind)),
                [client_id, id],
                |row| row.get(0),
            )?;
            if in_use > 0 {
                let accounts = if in_use == 1 { "account" } else { "accounts" };
                return Err(ApiError::Conflict(format!(
                    "{} is assigned to {in_use} {accounts}: assign them another one first.",
                    label(kind)
                )));
            }
            tx.execute(&format!("DELETE FROM {} WHERE id = ?", table(kind)), [id])?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn checked_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() { Err(ApiError::bad_request("name is mandatory.")) } else { Ok(name.to_string()) }
}

fn find(conn: &Connection, kind: Kind, client_id: i64, id: i64) -> Result<Option<Category>, ApiError> {
    Ok(conn
        .prepare_cached(&format!("SELECT id, name, level FROM {} WHERE id = ? AND clientId = ?", table(kind)))?
        .query_row([id, client_id], category_from_row)
        .optional()?)
}

/// Two classifications (or types) of one client may not share a name, in any
/// case of any script ("Émeraude" and "émeraude" are one name).
fn ensure_unique(
    conn: &Connection,
    kind: Kind,
    client_id: i64,
    name: &str,
    except: Option<i64>,
) -> Result<(), ApiError> {
    let taken: bool = conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM {} WHERE clientId = ? AND fold_case(name) = ? AND id IS NOT ?)",
            table(kind)
        ))?
        .query_row(params![client_id, fold_case(name), except], |row| row.get(0))?;
    if taken { Err(ApiError::Conflict(format!("{} name already exists.", label(kind)))) } else { Ok(()) }
}

fn category_from_row(row: &rusqlite::Row) -> rusqlite::Result<Category> {
    Ok(Category { id: row.get(0)?, name: row.get(1)?, level: row.get(2)? })
}
