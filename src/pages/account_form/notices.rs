//! What the form says when a save did not simply land: no clear answer (and
//! what saving again does), accounts like the one typed after a create whose
//! answer was lost, and an account someone else deleted meanwhile.

use account_model::Account;
use leptos::prelude::*;

use crate::{
    api::ApiError,
    format::{local_date_time, now_ms, relative_age},
    pages::account_form::FormMode,
    routes::Page,
};

/// After a save without a clear answer. `look` is why the last look for a
/// created account failed, if it did: then the user may create without one.
#[component]
pub fn UnsureSave(
    error: ApiError,
    look: Option<ApiError>,
    mode: FormMode,
    create_anyway: Callback<()>,
) -> impl IntoView {
    let advice = match mode {
        FormMode::Edit(_) => {
            "The save may or may not have landed. Saving again first reads the account and sends only what is still missing."
        }
        FormMode::Create => {
            "The account may or may not have been created. Create account looks for it first: by its account number, or else for an account holding everything typed here."
        }
    };
    view! {
        <div class="form-error unsure" role="alert">
            <p>{error.to_string()}</p>
            <p>{advice}</p>
            {look.map(|look| view! {
                <p>"Looking for it failed: " {look.to_string()} " Nothing was sent."</p>
                <button type="button" class="secondary create-anyway" on:click=move |_| create_anyway.run(())>
                    "Create without looking"
                </button>
            })}
        </div>
    }
}

/// After a create without an account number whose answer was lost: the
/// accounts holding everything typed. Sending again is "Create another".
#[component]
pub fn Lookalikes(found: Vec<Account>, create_another: Callback<()>) -> impl IntoView {
    let intro = match found.len() {
        1 => "An account holding everything typed here exists: it may be the one just created.".to_string(),
        n => format!("{n} accounts hold everything typed here: one may be the one just created."),
    };
    let now = now_ms();
    let items = found
        .into_iter()
        .map(|account| {
            let created = account
                .created_date
                .map(|ms| format!(" · created {} ({})", local_date_time(ms), relative_age(ms, now)));
            let by = account.created_by.map(|by| format!(" by {by}"));
            view! {
                <li>
                    <a href=Page::Account(account.id).href()>{account.fields.name}</a>
                    {format!(" · ID {}", account.id)}
                    {created}
                    {by}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="form-error lookalikes" role="alert">
            <p>{intro}</p>
            <ul>{items}</ul>
            <p>"Nothing was sent again. Open it to check, or create another account anyway."</p>
            <button type="button" class="secondary create-another" on:click=move |_| create_another.run(())>
                "Create another"
            </button>
        </div>
    }
}

/// The account being edited was deleted by someone else.
#[component]
pub fn DeletedMeanwhile(create_again: Callback<()>, copy: Callback<()>) -> impl IntoView {
    view! {
        <div class="form-error deleted-meanwhile" role="alert">
            <p>
                "This account was deleted by someone else while you edited it, so it cannot be saved. "
                "What you typed is still here."
            </p>
            <button type="button" class="create-again" on:click=move |_| create_again.run(())>
                "Create it again as a new account"
            </button>
            " "
            <button type="button" class="secondary copy-typed" on:click=move |_| copy.run(())>
                "Copy what you typed"
            </button>
        </div>
    }
}
