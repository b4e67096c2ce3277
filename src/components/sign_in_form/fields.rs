//! Sign-in logic: what the form checks before calling, and what it says when
//! the API refuses.

use account_model::LoginRequest;

use crate::api::ApiError;

/// What the user typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignInFields {
    pub client: String,
    pub user: String,
    pub password: String,
    pub access_token: String,
}

/// A field of the form, for messages shown at the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignInField {
    Client,
    User,
    Password,
    AccessToken,
}

/// A message for one field.
pub type FieldError = (SignInField, &'static str);

impl SignInFields {
    /// The login request, or a message for each empty field: where a proxy
    /// adds the access token.
    pub fn validate(&self) -> Result<LoginRequest, Vec<FieldError>> {
        let errors = self.missing();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(self.request())
    }

    /// The login request and the access token typed, or a message for each
    /// empty field: where the form asks for the token.
    pub fn validate_with_token(&self) -> Result<(LoginRequest, String), Vec<FieldError>> {
        let mut errors = self.missing();
        let token = self.access_token.trim();
        if token.is_empty() {
            errors.push((SignInField::AccessToken, "Enter the API access token."));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((self.request(), token.to_string()))
    }

    /// A message for each empty field of client, user and password.
    fn missing(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.client.trim().is_empty() {
            errors.push((SignInField::Client, "Enter the client name."));
        }
        if self.user.trim().is_empty() {
            errors.push((SignInField::User, "Enter your user name."));
        }
        if self.password.is_empty() {
            errors.push((SignInField::Password, "Enter your password."));
        }
        errors
    }

    fn request(&self) -> LoginRequest {
        LoginRequest {
            client_name: self.client.trim().to_string(),
            user_name: self.user.trim().to_string(),
            password: self.password.clone(),
            agent: false,
        }
    }
}

/// What the form says when signing in fails.
pub fn failure_message(error: &ApiError) -> String {
    match error {
        ApiError::Unauthorized(message)
            if message.to_ascii_lowercase().contains("access token") || message.contains("LV-Access") =>
        {
            "The API access token was refused. Check it and try again.".into()
        }
        ApiError::Unauthorized(_) => "Wrong client name, user name or password.".into(),
        ApiError::Forbidden(_) => "This user may not use the Account API.".into(),
        ApiError::RateLimited { .. } => format!("{error} Your sign-in was not sent again by itself."),
        ApiError::Network(_) => "Cannot reach the Account API. Check your connection and try again.".into(),
        ApiError::Timeout => "The Account API did not answer in time. Try again.".into(),
        other => format!("Could not sign in: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> SignInFields {
        SignInFields {
            client: " DEMO ".into(),
            user: "manager".into(),
            password: " demo".into(),
            access_token: "t".into(),
        }
    }

    #[test]
    fn each_empty_field_gets_its_own_message() {
        let errors = SignInFields::default().validate_with_token().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(field, _)| *field).collect();
        assert_eq!(fields, [SignInField::Client, SignInField::User, SignInField::Password, SignInField::AccessToken]);
        assert!(
            SignInFields { access_token: String::new(), ..filled() }.validate().is_ok(),
            "no token asked, none needed"
        );
    }

    #[test]
    fn names_are_trimmed_but_the_password_is_sent_as_typed() {
        let (request, token) = filled().validate_with_token().unwrap();
        assert_eq!((request.client_name.as_str(), request.password.as_str()), ("DEMO", " demo"));
        assert_eq!(token, "t");
        assert!(!request.agent);
        assert_eq!(filled().validate().unwrap(), request, "the same request without the token");
    }

    #[test]
    fn refusals_read_as_what_to_do() {
        assert_eq!(
            failure_message(&ApiError::Unauthorized("Invalid access token.".into())),
            "The API access token was refused. Check it and try again."
        );
        assert_eq!(
            failure_message(&ApiError::Unauthorized("Missing LV-Access header".into())),
            "The API access token was refused. Check it and try again."
        );
        assert_eq!(
            failure_message(&ApiError::Unauthorized("Invalid client name, user name or password.".into())),
            "Wrong client name, user name or password."
        );
        assert!(failure_message(&ApiError::Network("refused".into())).starts_with("Cannot reach"));
        assert!(
            failure_message(&ApiError::RateLimited { retry_after: Some(std::time::Duration::from_secs(4)) })
                .contains("4 s")
        );
        assert!(failure_message(&ApiError::from_answer(500, None, "")).contains("HTTP 500"));
    }
}
