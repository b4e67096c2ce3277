//! Every address inside the console, built in one place: a [`Page`] knows its
//! href, and an href parses back into the page. `app.rs` maps the same paths
//! to views; the test below keeps the two directions in step.

use crate::pages::accounts::state::ListState;

/// A page of the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// The list, with its search, sort and paging.
    Accounts(ListState),
    Account(i64),
    NewAccount,
    EditAccount(i64),
    Import,
    Classifications,
    Types,
}

impl Page {
    /// The list at its defaults.
    pub fn accounts() -> Page {
        Page::Accounts(ListState::default())
    }

    pub fn href(&self) -> String {
        match self {
            Page::Accounts(state) => match state.to_query() {
                query if query.is_empty() => "/accounts".into(),
                query => format!("/accounts?{query}"),
            },
            Page::Account(id) => format!("/accounts/{id}"),
            Page::NewAccount => "/accounts/new".into(),
            Page::EditAccount(id) => format!("/accounts/{id}/edit"),
            Page::Import => "/import".into(),
            Page::Classifications => "/classifications".into(),
            Page::Types => "/types".into(),
        }
    }

    /// The page an in-console href names (path and query), if any.
    pub fn parse(href: &str) -> Option<Page> {
        let (path, query) = href.split_once('?').unwrap_or((href, ""));
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        Some(match segments.as_slice() {
            ["accounts"] => Page::Accounts(ListState::from_query_string(query)),
            ["accounts", "new"] => Page::NewAccount,
            ["accounts", id] => Page::Account(account_id(id)?),
            ["accounts", id, "edit"] => Page::EditAccount(account_id(id)?),
            ["import"] => Page::Import,
            ["classifications"] => Page::Classifications,
            ["types"] => Page::Types,
            _ => return None,
        })
    }
}

/// An account id as a path segment holds it: a positive whole number.
pub fn account_id(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_parses_back_from_its_href() {
        let searched = ListState::default().with_filter_text(account_model::Field::Name, "acme").next_page();
        for page in [
            Page::accounts(),
            Page::Accounts(searched),
            Page::Account(607_260),
            Page::NewAccount,
            Page::EditAccount(7),
            Page::Import,
            Page::Classifications,
            Page::Types,
        ] {
            assert_eq!(Page::parse(&page.href()), Some(page.clone()), "{}", page.href());
        }
    }

    #[test]
    fn hrefs_outside_the_console_or_with_bad_ids_are_no_page() {
        assert_eq!(Page::parse("/accounts/abc"), None);
        assert_eq!(Page::parse("/accounts/-3/edit"), None);
        assert_eq!(Page::parse("/elsewhere"), None);
        assert_eq!(Page::accounts().href(), "/accounts");
    }
}
