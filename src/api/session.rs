//! `POST /session/login` and `DELETE /session/logout`.

use account_model::{LoginRequest, LoginResponse, paths};
use gloo_net::http::Method;

use crate::{
    api::{ApiClient, ApiError, Call, Kind},
    platform::session::Session,
};

/// A successful sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub session: Session,
    /// Days until the user's password expires, when the API says.
    pub password_expires_in_days: Option<i64>,
}

/// Warn this many days (or fewer) before the password expires.
pub const PASSWORD_WARNING_DAYS: i64 = 14;

impl SignedIn {
    /// The warning to show after signing in, when the password expires soon.
    pub fn password_warning(&self) -> Option<String> {
        let days = self.password_expires_in_days.filter(|d| *d <= PASSWORD_WARNING_DAYS)?;
        let when = match days {
            ..=0 => "today".to_string(),
            1 => "in 1 day".to_string(),
            n => format!("in {n} days"),
        };
        Some(format!(
            "Your password expires {when}. Change it in the LiveVox Portal (your user profile) before then; this console cannot change it."
        ))
    }
}

impl ApiClient {
    /// Signs in; on success the new session replaces the old one (and every
    /// request waiting on a re-sign-in may resend).
    pub async fn login(&self, request: &LoginRequest, access_token: Option<String>) -> Result<SignedIn, ApiError> {
        let call = Call::new(Kind::Login, Method::POST, paths::LOGIN).json(request)?.access_token(access_token);
        let answer: LoginResponse = self.request(call).await?;
        let session = Session {
            session_id: answer.session_id,
            client_name: request.client_name.clone(),
            user_name: request.user_name.clone(),
        };
        self.set_session(Some(session.clone()));
        Ok(SignedIn { session, password_expires_in_days: answer.days_until_password_expires })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn signed_in(days: Option<i64>) -> SignedIn {
        let session = Session { session_id: "s".into(), client_name: "DEMO".into(), user_name: "ann".into() };
        SignedIn { session, password_expires_in_days: days }
    }

    #[test]
    fn a_password_expiring_within_two_weeks_is_warned_about_with_where_to_change_it() {
        assert_eq!(signed_in(Some(30)).password_warning(), None);
        assert_eq!(signed_in(None).password_warning(), None);
        let warning = signed_in(Some(14)).password_warning().expect("a warning");
        assert!(warning.contains("in 14 days") && warning.contains("LiveVox Portal"), "{warning}");
        assert!(signed_in(Some(1)).password_warning().is_some_and(|w| w.contains("in 1 day.")));
        assert!(signed_in(Some(0)).password_warning().is_some_and(|w| w.contains("today")));
    }
}
