//! `POST /session/login` and `DELETE /session/logout`.

use account_model::{LoginRequest, LoginResponse, paths};
use gloo_net::http::Method;

use crate::{
    api::{ApiClient, ApiError, Call, Kind},
    session::Session,
};

impl ApiClient {
    /// Signs in; on success the new session replaces the old one (and every
    /// request waiting on a re-sign-in may resend).
    pub async fn login(&self, request: &LoginRequest, access_token: Option<String>) -> Result<Session, ApiError> {
        let call = Call::new(Kind::Login, Method::POST, paths::LOGIN).json(request)?.access_token(access_token);
        let answer: LoginResponse = self.request(call).await?;
        let session = Session {
            session_id: answer.session_id,
            client_name: request.client_name.clone(),
            user_name: request.user_name.clone(),
        };
        self.set_session(Some(session.clone()));
        Ok(session)
    }

    /// Ends the session. The console forgets it whatever the answer: a 401
    /// means it had ended already.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let result = self.request::<()>(Call::new(Kind::Login, Method::DELETE, paths::LOGOUT).with_session()).await;
        self.set_session(None);
        match result {
            Err(ApiError::Unauthorized(_)) => Ok(()),
            other => other,
        }
    }
}
