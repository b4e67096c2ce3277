//! The sign-in form: on the sign-in page and in the re-sign-in dialog.
//! `fields.rs` holds what it checks and says, tested natively.

mod fields;

use leptos::prelude::*;

pub use self::fields::{FieldError, SignInField, SignInFields, failure_message};
use crate::{
    api::{ApiClient, ApiError},
    components::{Handover, ToastKind},
    platform::session::Session,
};

/// Where the cursor goes when the form appears.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Autofocus {
    /// The first field that is still empty (the sign-in page).
    FirstEmpty,
    /// Leave it to the caller (the dialog puts it in the password field).
    #[default]
    Caller,
}

/// Asks for client, user, password (and the access token when the config
/// says so), checks them, signs in, and calls `on_signed_in` at once (in the
/// same turn as the session changes: say what the new user should see
/// through [`Handover`]). A failure is shown in the form; nothing typed is
/// cleared.
#[component]
pub fn SignInForm(
    #[prop(optional)] initial: SignInFields,
    #[prop(into)] on_signed_in: Callback<Session>,
    #[prop(default = "Sign in")] submit_label: &'static str,
    #[prop(optional)] autofocus: Autofocus,
) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let ask_token = api.config().ask_access_token;
    let client = RwSignal::new(initial.client);
    let user = RwSignal::new(initial.user);
    let password = RwSignal::new(initial.password);
    let access_token = RwSignal::new(initial.access_token);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(form) = form.get()
            && autofocus == Autofocus::FirstEmpty
        {
            let filled = [
                (SignInField::Client, client.get_untracked()),
                (SignInField::User, user.get_untracked()),
                (SignInField::Password, password.get_untracked()),
            ];
            let first_empty = filled.into_iter().find(|(_, value)| value.trim().is_empty()).map(|(field, _)| field);
            let field = first_empty.unwrap_or(SignInField::AccessToken);
            crate::platform::browser::focus_first(&form, &format!("#sign-in-{}", input_name(field)));
        }
    });

    let handover = expect_context::<Handover>();
    let login = Action::new_local(move |(request, token): &(account_model::LoginRequest, Option<String>)| {
        let (api, request, token, handover) = (api.clone(), request.clone(), token.clone(), handover.clone());
        async move {
            let signed_in = api.login(&request, token).await?;
            // Right after the session changed, before the console builds the
            // new user's scope (and drops this form with the old one): the
            // warning goes to that user only, and only this sign-in says it.
            if let Some(warning) = signed_in.password_warning() {
                handover.say(&api, ToastKind::Warning, warning);
            }
            on_signed_in.try_run(signed_in.session.clone());
            Ok(signed_in)
        }
    });
    let outcome = login.value();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = SignInFields {
            client: client.get_untracked(),
            user: user.get_untracked(),
            password: password.get_untracked(),
            access_token: access_token.get_untracked(),
        };
        let checked = if ask_token {
            fields.validate_with_token().map(|(request, token)| (request, Some(token)))
        } else {
            fields.validate().map(|request| (request, None))
        };
        match checked {
            Err(errors) => {
                if let (Some(form), Some((first, _))) = (form.get_untracked(), errors.first()) {
                    crate::platform::browser::focus_first(&form, &format!("#sign-in-{}", input_name(*first)));
                }
                field_errors.set(errors);
            }
            Ok(request) => {
                field_errors.set(Vec::new());
                login.dispatch(request);
            }
        }
    };
    let pending = login.pending();
    let form_error = move || match outcome.get() {
        Some(Err(error)) if !pending.get() => Some(view! {
            <p class="form-error" role="alert" data-error-kind=error_kind(&error)>{failure_message(&error)}</p>
        }),
        _ => None,
    };

    view! {
        <form class="sign-in" on:submit=submit node_ref=form novalidate>
            {form_error}
            <Field label="Client" value=client errors=field_errors field=SignInField::Client />
            <Field label="User name" value=user errors=field_errors field=SignInField::User />
            <Field label="Password" kind="password" value=password errors=field_errors field=SignInField::Password />
            {ask_token.then(|| view! {
                <Field label="API access token" kind="password" value=access_token errors=field_errors field=SignInField::AccessToken />
            })}
            <button type="submit" prop:disabled=move || pending.get()>
                {move || if pending.get() { "Signing in…" } else { submit_label }}
            </button>
        </form>
    }
}

/// One labelled input with its message.
#[component]
fn Field(
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    field: SignInField,
) -> impl IntoView {
    let name = input_name(field);
    let id = format!("sign-in-{name}");
    let message_id = format!("{id}-error");
    let message = move || errors.with(|errors| errors.iter().find(|(f, _)| *f == field).map(|(_, m)| *m));
    let autocomplete = match field {
        SignInField::Client => "organization",
        SignInField::User => "username",
        SignInField::Password => "current-password",
        SignInField::AccessToken => "off",
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                bind:value=value
                aria-invalid=move || if message().is_some() { "true" } else { "false" }
                aria-describedby=message_id.clone()
            />
            <p class="field-error" id=message_id>{message}</p>
        </div>
    }
}

/// The `name` of a field's input (its id is `sign-in-{name}`).
fn input_name(field: SignInField) -> &'static str {
    match field {
        SignInField::Client => "client",
        SignInField::User => "username",
        SignInField::Password => "password",
        SignInField::AccessToken => "access-token",
    }
}

/// A stable name of the error class, for tests and styling.
fn error_kind(error: &ApiError) -> &'static str {
    match error {
        ApiError::Unauthorized(_) => "unauthorized",
        ApiError::Forbidden(_) => "forbidden",
        ApiError::NotFound(_) => "not-found",
        ApiError::Conflict(_) => "conflict",
        ApiError::Validation(_) => "validation",
        ApiError::RateLimited { .. } => "rate-limited",
        ApiError::Server { .. } => "server",
        ApiError::Network(_) => "network",
        ApiError::Timeout => "timeout",
        ApiError::Aborted => "aborted",
        ApiError::NotSent => "not-sent",
        ApiError::Decode(_) => "decode",
    }
}
