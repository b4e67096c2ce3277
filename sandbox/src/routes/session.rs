//! `POST /session/login` and `DELETE /session/logout`.

use account_model::{ACCESS_TOKEN_HEADER, LoginRequest, LoginResponse, Role};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
};
use rusqlite::OptionalExtension;

use crate::{
    AppState,
    auth::{self, Session},
    error::{ApiError, Json},
};

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let token = headers
        .get(ACCESS_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| {
            ApiError::Unauthorized(format!("Missing {ACCESS_TOKEN_HEADER} header: an access token is needed."))
        })?;

    let found = state
        .db
        .read(move |conn| {
            let known: bool = conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM accessTokens WHERE token = ?)")?
                .query_row([&token], |row| row.get(0))?;
            if !known {
                return Err(ApiError::Unauthorized("Invalid access token.".into()));
            }
            Ok(conn
                .prepare_cached(
                    "SELECT u.id, c.id, u.userName, u.role FROM users u JOIN clients c ON c.id = u.clientId
                     WHERE c.name = ?1 COLLATE NOCASE AND u.userName = ?2 COLLATE NOCASE AND u.password = ?3",
                )?
                .query_row([&request.client_name, &request.user_name, &request.password], |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                    ))
                })
                .optional()?
                .map(|user| (user, request.agent)))
        })
        .await?;

    let Some(((user_id, client_id, user_name, role), agent)) = found else {
        return Err(ApiError::Unauthorized("Invalid client name, user name or password.".into()));
    };
    let role = if agent { Role::Agent } else { parse_role(&role)? };
    let days_left = crate::demo::password_days_left(&user_name);
    let session_id = state.sessions.open(Session { user_id, client_id, user_name, role });
    Ok(Json(LoginResponse {
        session_id,
        client_id: Some(client_id),
        user_id: Some(user_id),
        days_until_password_expires: Some(days_left),
    }))
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<StatusCode, ApiError> {
    let id = auth::session_id(&headers)?;
    if state.sessions.close(id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::Unauthorized("Session is invalid or has expired.".into()))
    }
}

pub fn parse_role(text: &str) -> Result<Role, ApiError> {
    match text {
        "Sysadmin" => Ok(Role::Sysadmin),
        "Superuser" => Ok(Role::Superuser),
        "Manager" => Ok(Role::Manager),
        "Agent" => Ok(Role::Agent),
        other => Err(ApiError::Internal(format!("unknown role {other:?} in the users table"))),
    }
}
