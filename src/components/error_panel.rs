//! How a failed load is shown: what went wrong and a way to try again.

use leptos::prelude::*;

use crate::api::ApiError;

/// An error with a "Try again" button (when there is something to retry).
#[component]
pub fn ErrorPanel(error: ApiError, #[prop(optional, into)] on_retry: Option<Callback<()>>) -> impl IntoView {
    let title = match &error {
        ApiError::Forbidden(_) => "Not allowed",
        ApiError::NotFound(_) => "Not found",
        ApiError::RateLimited { .. } => "Too many requests",
        ApiError::Network(_) | ApiError::Timeout => "The Account API is out of reach",
        _ => "Something went wrong",
    };
    view! {
        <section class="error-panel" role="alert">
            <h2>{title}</h2>
            <p>{error.to_string()}</p>
            {on_retry.map(|retry| view! {
                <button type="button" on:click=move |_| retry.run(())>"Try again"</button>
            })}
        </section>
    }
}

/// Shown instead of the console when it cannot start (e.g. a broken config.json).
#[component]
pub fn StartupError(message: String) -> impl IntoView {
    view! {
        <main class="startup-error" role="alert">
            <h1>"The console cannot start"</h1>
            <p>{message}</p>
        </main>
    }
}

/// The first error an `<ErrorBoundary>` caught, as the API error it was (or as
/// a decoding failure when something else threw).
pub fn first_api_error(errors: &leptos::error::Errors) -> ApiError {
    errors
        .iter()
        .next()
        .map(|(_, error)| {
            error.downcast_ref::<ApiError>().cloned().unwrap_or_else(|| ApiError::Decode(error.to_string()))
        })
        .unwrap_or_else(|| ApiError::Decode("unknown error".into()))
}
