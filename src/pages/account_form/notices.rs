//! What the form says when a save did not simply land: no clear answer (and
//! what saving again does), accounts like the one typed after a create whose
//! answer was lost, and an account someone else deleted meanwhile. The
//! words are data ([`notice`], pure); one view shows any of them.

use leptos::prelude::*;

use crate::{
    domain::format::local_date_time,
    domain::messages,
    pages::account_form::{FormMode, Saving},
    routes::Page,
};

/// What a notice's button does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Create without (another) look: "Create another", "Create without looking".
    SendAgain,
    /// The account was deleted: the new-account form with what was typed.
    CreateAgain,
    /// The account was deleted: what was typed, to the clipboard.
    Copy,
}

/// An account a notice links to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub id: i64,
    pub name: String,
    /// " · ID 7 · created 2026-12-05 10:03 by sysadmin".
    pub about: String,
}

/// One notice: its class (beside `form-error`), paragraphs, accounts to
/// open, and buttons (class, label, what it does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub class: &'static str,
    pub lines: Vec<String>,
    pub found: Vec<Found>,
    pub actions: Vec<(&'static str, &'static str, Act)>,
}

/// The notice a save's state shows, if any.
pub fn notice(saving: &Saving, mode: FormMode) -> Option<Notice> {
    let notice = match saving {
        Saving::Unsure { error, look } => {
            let advice = match mode {
                FormMode::Edit(_) => {
                    "The save may or may not have landed. Saving again first reads the account and sends only what is still missing."
                }
                FormMode::Create => {
                    "The account may or may not have been created. Create account looks for it first: by its account number, or else for an account holding everything typed here."
                }
            };
            let mut lines = vec![error.to_string(), advice.to_string()];
            let mut actions = Vec::new();
            if let Some(look) = look {
                lines.push(format!("Looking for it failed: {} Nothing was sent.", messages::sentence(look)));
                actions.push(("secondary create-anyway", "Create without looking", Act::SendAgain));
            }
            Notice { class: "unsure", lines, found: Vec::new(), actions }
        }
        Saving::Lookalikes(accounts, _) => {
            let intro = match accounts.len() {
                1 => "An account holding everything typed here exists: it may be the one just created.".to_string(),
                n => format!("{n} accounts hold everything typed here: one may be the one just created."),
            };
            let found = accounts
                .iter()
                .map(|account| {
                    let mut about = format!(" · ID {}", account.id);
                    if let Some(created) = account.created_date {
                        about.push_str(&format!(" · created {}", local_date_time(created)));
                    }
                    if let Some(by) = &account.created_by {
                        about.push_str(&format!(" by {by}"));
                    }
                    Found { id: account.id, name: account.fields.name.clone(), about }
                })
                .collect();
            Notice {
                class: "lookalikes",
                lines: vec![intro, "Nothing was sent again. Open it to check, or create another account anyway.".into()],
                found,
                actions: vec![("secondary create-another", "Create another", Act::SendAgain)],
            }
        }
        Saving::Deleted => Notice {
            class: "deleted-meanwhile",
            lines: vec![
                "This account was deleted by someone else while you edited it, so it cannot be saved. What you typed is still here."
                    .into(),
            ],
            found: Vec::new(),
            actions: vec![
                ("create-again", "Create it again as a new account", Act::CreateAgain),
                ("secondary copy-typed", "Copy what you typed", Act::Copy),
            ],
        },
        Saving::Idle | Saving::Busy | Saving::Conflicts(..) => return None,
    };
    Some(notice)
}

/// Shows a [`Notice`]; its buttons call `act`.
#[component]
pub fn SaveNotice(notice: Notice, act: Callback<Act>) -> impl IntoView {
    let found = (!notice.found.is_empty()).then(|| {
        let items = notice.found.into_iter().map(|found| {
            view! { <li><a href=Page::Account(found.id).href()>{found.name}</a>{found.about}</li> }
        });
        view! { <ul>{items.collect_view()}</ul> }
    });
    let buttons = notice.actions.into_iter().map(|(class, label, what)| {
        view! { <button type="button" class=class on:click=move |_| act.run(what)>{label}</button> " " }
    });
    // Saved from the foot of a long form, the notice at its head would go
    // unseen: it comes into view when it appears.
    let shown = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(element) = shown.get() {
            element.scroll_into_view();
        }
    });
    view! {
        <div class=format!("form-error {}", notice.class) role="alert" node_ref=shown>
            {notice.lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
            {found}
            {buttons.collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use account_model::{Account, AccountInput};

    use super::*;
    use crate::api::ApiError;

    fn classes_and_acts(notice: &Notice) -> (&'static str, Vec<Act>) {
        (notice.class, notice.actions.iter().map(|(_, _, act)| *act).collect())
    }

    #[test]
    fn each_save_state_says_what_it_knows_and_offers_only_explicit_choices() {
        assert_eq!(notice(&Saving::Idle, FormMode::Create), None);
        assert_eq!(notice(&Saving::Busy, FormMode::Edit(7)), None);

        let unsure = Saving::Unsure { error: ApiError::Timeout, look: None };
        let edit = notice(&unsure, FormMode::Edit(7)).expect("a notice");
        assert_eq!(classes_and_acts(&edit), ("unsure", vec![]));
        assert!(edit.lines[1].contains("Saving again first reads the account"), "{:?}", edit.lines);
        let create = notice(&unsure, FormMode::Create).expect("a notice");
        assert_eq!(classes_and_acts(&create), ("unsure", vec![]), "Create account looks first; nothing to bypass it");
        assert!(create.lines[1].contains("may or may not have been created"), "{:?}", create.lines);

        let blind = Saving::Unsure { error: ApiError::Timeout, look: Some(ApiError::Network("offline".into())) };
        let blind = notice(&blind, FormMode::Create).expect("a notice");
        assert_eq!(classes_and_acts(&blind), ("unsure", vec![Act::SendAgain]));
        assert_eq!(blind.lines[2], "Looking for it failed: Cannot reach the Account API: offline. Nothing was sent.");

        let account = Account {
            id: 7,
            created_date: Some(0),
            created_by: Some("sysadmin".into()),
            fields: AccountInput { name: "Acme".into(), ..AccountInput::default() },
            ..Account::default()
        };
        let lookalikes = notice(&Saving::Lookalikes(vec![account], ApiError::Timeout), FormMode::Create).unwrap();
        assert_eq!(classes_and_acts(&lookalikes), ("lookalikes", vec![Act::SendAgain]));
        assert_eq!(
            lookalikes.found,
            [Found { id: 7, name: "Acme".into(), about: " · ID 7 · created 1970-01-01 00:00 by sysadmin".into() }]
        );

        let deleted = notice(&Saving::Deleted, FormMode::Edit(7)).unwrap();
        assert_eq!(classes_and_acts(&deleted), ("deleted-meanwhile", vec![Act::CreateAgain, Act::Copy]));
        assert!(deleted.lines[0].contains("deleted by someone else"), "{:?}", deleted.lines);
    }
}
