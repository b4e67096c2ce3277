//! Every address inside the console, built in one place: a [`Page`] knows its
//! href, and [`Screen::of`] tells `app/mod.rs` which view a path shows. The
//! tests below parse each href back into its page through [`Screen::of`],
//! keeping the two directions in step.
//!
//! The console picks its view with one `match` on the path rather than with
//! leptos_router's `<Routes>`: the router's matching is generic over the
//! whole route tree and cost about 100 KB of wasm for eight routes.
//! `<Router>` stays for the location, `use_navigate` and the interception of
//! link clicks.

pub mod list;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::routes::list::ListState;

/// The view a path shows, and the `{id}` segment of the account pages (any
/// text: the pages say when it is no account ID). One trailing slash is
/// ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// `/`, which sends to the list.
    Root,
    Accounts,
    NewAccount,
    Account,
    EditAccount,
    Classifications,
    Types,
    Import,
    NotFound,
}

impl Screen {
    /// The screen of `path`, with the `{id}` segment where it has one.
    pub fn of(path: &str) -> (Screen, Option<&str>) {
        let path = path.strip_suffix('/').unwrap_or(path);
        let mut segments = path.strip_prefix('/').unwrap_or(path).split('/');
        match [segments.next(), segments.next(), segments.next(), segments.next()] {
            [Some(""), None, ..] => (Screen::Root, None),
            [Some("accounts"), None, ..] => (Screen::Accounts, None),
            [Some("accounts"), Some("new"), None, _] => (Screen::NewAccount, None),
            [Some("accounts"), Some(id), None, _] => (Screen::Account, Some(id)),
            [Some("accounts"), Some(id), Some("edit"), None] => (Screen::EditAccount, Some(id)),
            [Some("classifications"), None, ..] => (Screen::Classifications, None),
            [Some("types"), None, ..] => (Screen::Types, None),
            [Some("import"), None, ..] => (Screen::Import, None),
            _ => (Screen::NotFound, None),
        }
    }
}

/// What `read` makes of the address (its `{id}` segment and its query) for
/// the page of `screen`. While the address already names another screen (the
/// page is being left), it stays what it was, so the page does not load a
/// view of the next page's address on its way out.
pub fn while_shown<T>(screen: Screen, read: impl Fn(Option<&str>, &str) -> T + Send + Sync + 'static) -> Memo<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let location = use_location();
    Memo::new(move |previous: Option<&T>| {
        location.pathname.with(|path| match (Screen::of(path), previous) {
            ((now, id), _) if now == screen => location.search.with(|query| read(id, query)),
            (_, Some(previous)) => previous.clone(),
            (_, None) => location.search.with(|query| read(None, query)),
        })
    })
}

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
}

/// An account id as a path segment holds it: a positive whole number.
pub fn account_id(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page an in-console href names (path and query), if any: as the
    /// console reads an address, through [`Screen::of`].
    fn parse(href: &str) -> Option<Page> {
        let (path, query) = href.split_once('?').unwrap_or((href, ""));
        let (screen, id) = Screen::of(path);
        let id = id.and_then(account_id);
        Some(match screen {
            Screen::Accounts => Page::Accounts(ListState::from_query_string(query)),
            Screen::NewAccount => Page::NewAccount,
            Screen::Account => Page::Account(id?),
            Screen::EditAccount => Page::EditAccount(id?),
            Screen::Import => Page::Import,
            Screen::Classifications => Page::Classifications,
            Screen::Types => Page::Types,
            Screen::Root | Screen::NotFound => return None,
        })
    }

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
            assert_eq!(parse(&page.href()), Some(page.clone()), "{}", page.href());
        }
    }

    #[test]
    fn each_path_shows_its_screen() {
        for (path, expected) in [
            ("/", (Screen::Root, None)),
            ("", (Screen::Root, None)),
            ("/accounts", (Screen::Accounts, None)),
            ("/accounts/", (Screen::Accounts, None)),
            ("/accounts/new", (Screen::NewAccount, None)),
            ("/accounts/42", (Screen::Account, Some("42"))),
            ("/accounts/42/", (Screen::Account, Some("42"))),
            ("/accounts/abc", (Screen::Account, Some("abc"))),
            ("/accounts/42/edit", (Screen::EditAccount, Some("42"))),
            ("/classifications", (Screen::Classifications, None)),
            ("/types", (Screen::Types, None)),
            ("/import", (Screen::Import, None)),
            ("/elsewhere", (Screen::NotFound, None)),
            ("/accounts/42/edit/more", (Screen::NotFound, None)),
            ("/accounts/42/delete", (Screen::NotFound, None)),
            ("/import/x", (Screen::NotFound, None)),
        ] {
            assert_eq!(Screen::of(path), expected, "{path}");
        }
    }

    #[test]
    fn hrefs_outside_the_console_or_with_bad_ids_are_no_page() {
        assert_eq!(parse("/accounts/abc"), None);
        assert_eq!(parse("/accounts/-3/edit"), None);
        assert_eq!(parse("/elsewhere"), None);
        assert_eq!(Page::accounts().href(), "/accounts");
    }
}
