//! The main navigation: every page of the console, each checked, and the
//! page for an address that is none of them.

use account_e2e::{Role, ensure, flow};

use crate::steps;

#[test]
fn the_main_navigation_reaches_every_page_and_marks_the_current_one() {
    flow("navigation", async |page| {
        steps::sign_in(page, "manager").await?;
        // The pages that classification and type management, and import, will
        // turn into forms: their flows add their own checks (see main.rs).
        for (link, heading, shot, path) in [
            ("Classifications", "Classifications", "classifications", "/classifications"),
            ("Types", "Account types", "types", "/types"),
            ("Import", "Import accounts", "import", "/import"),
            ("Accounts", "Accounts", "accounts-again", "/accounts"),
        ] {
            page.click(Role::Link, link).await?;
            page.wait_for_location(path).await?;
            page.find(Role::Heading, heading).await?;
            let current = page.find(Role::Link, link).await?;
            ensure!(
                current.attr("aria-current").await?.as_deref() == Some("page"),
                "the {link} link does not say it is the current page (aria-current)"
            );
            if path != "/accounts" {
                page.check(shot).await?;
            }
        }
        Ok(())
    });
}

#[test]
fn an_unknown_address_shows_a_page_not_found_with_the_way_back() {
    flow("not found", async |page| {
        steps::sign_in(page, "manager").await?;
        page.goto("/nowhere").await?;
        page.find(Role::Heading, "Page not found").await?;
        page.check("not-found").await?;
        page.click(Role::Link, "Go to the accounts").await?;
        steps::accounts_listed(page).await?;
        Ok(())
    });
}
