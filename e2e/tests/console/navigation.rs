//! The main navigation: every page of the console, each checked, the page
//! for an address that is none of them, and the pages' code arriving when
//! they first open.

use account_e2e::{Page, Result, Role, ensure, flow};

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

/// The release build leaves the pages other than the list out of the wasm the
/// console starts with (`scripts/split-dist.sh`): the list downloads none of
/// their chunks, and a page's own chunk comes when the page first opens.
#[test]
fn the_list_downloads_no_other_page_and_a_page_downloads_its_code_when_it_opens() {
    flow("split pages", async |page| {
        steps::sign_in(page, "manager").await?;
        let at_start = page_chunks(page).await?;
        ensure!(at_start.is_empty(), "the list downloaded other pages' code: {at_start:?}");
        page.click(Role::Link, "Import").await?;
        page.find(Role::Heading, "Import accounts").await?;
        let after_import = page_chunks(page).await?;
        ensure!(
            after_import.iter().any(|path| path.starts_with("/split_import-")),
            "opening Import downloaded no chunk of its own: {after_import:?}"
        );
        ensure!(
            !after_import.iter().any(|path| path.starts_with("/split_account_detail-")),
            "opening Import downloaded the account page's code: {after_import:?}"
        );
        Ok(())
    });
}

/// The paths of the split pages' chunks this page has downloaded.
async fn page_chunks(page: &Page) -> Result<Vec<String>> {
    let paths = page
        .script(
            "return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)\
             .filter((path) => /^\\/(split|chunk)_.*\\.wasm$/.test(path));",
            vec![],
        )
        .await?;
    Ok(paths.as_array().into_iter().flatten().filter_map(|path| path.as_str().map(str::to_string)).collect())
}
