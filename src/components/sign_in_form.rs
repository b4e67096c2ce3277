//! The sign-in form: on the sign-in page and in the re-sign-in dialog.

use leptos::prelude::*;

use crate::{
    api::{ApiClient, ApiError},
    session::Session,
    sign_in::{FieldError, SignInField, SignInFields, failure_message},
};

/// Asks for client, user, password (and the access token when the config
/// says so), checks them, signs in, and calls `on_signed_in`. A failure is
/// shown in the form; nothing typed is cleared.
#[component]
pub fn SignInForm(
    #[prop(optional)] initial: SignInFields,
    #[prop(into)] on_signed_in: Callback<Session>,
    #[prop(default = "Sign in")] submit_label: &'static str,
    /// Put the cursor in the password field at once (the re-sign-in dialog,
    /// where client and user are known).
    #[prop(optional)]
    focus_password: bool,
) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let ask_token = api.config().ask_access_token;
    let client = RwSignal::new(initial.client);
    let user = RwSignal::new(initial.user);
    let password = RwSignal::new(initial.password);
    let access_token = RwSignal::new(initial.access_token);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let password_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = password_input.get()
            && focus_password
        {
            let _ = input.focus();
        }
    });

    let login = Action::new_local(move |(request, token): &(account_model::LoginRequest, Option<String>)| {
        let (api, request, token) = (api.clone(), request.clone(), token.clone());
        async move { api.login(&request, token).await }
    });
    let outcome = login.value();
    Effect::new(move |_| {
        if let Some(Ok(session)) = outcome.get() {
            on_signed_in.run(session);
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = SignInFields {
            client: client.get_untracked(),
            user: user.get_untracked(),
            password: password.get_untracked(),
            access_token: access_token.get_untracked(),
        };
        match fields.validate(ask_token) {
            Err(errors) => field_errors.set(errors),
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
        <form class="sign-in" on:submit=submit novalidate>
            {form_error}
            <Field label="Client" name="client" value=client errors=field_errors field=SignInField::Client />
            <Field label="User name" name="username" value=user errors=field_errors field=SignInField::User />
            <Field label="Password" name="password" kind="password" value=password errors=field_errors field=SignInField::Password node_ref=password_input />
            {ask_token.then(|| view! {
                <Field label="API access token" name="access-token" kind="password" value=access_token errors=field_errors field=SignInField::AccessToken />
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
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    field: SignInField,
    #[prop(optional)] node_ref: NodeRef<leptos::html::Input>,
) -> impl IntoView {
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
                node_ref=node_ref
                aria-invalid=move || if message().is_some() { "true" } else { "false" }
                aria-describedby=message_id.clone()
            />
            <p class="field-error" id=message_id>{message}</p>
        </div>
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
        ApiError::Decode(_) => "decode",
    }
}
