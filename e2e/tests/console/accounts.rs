//! The accounts list: paging, quick search, sorting, page size, Back
//! restoring each step, and the Columns and Saved searches menus.

use account_e2e::{Key, Role, ensure, flow};
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};

use crate::steps;

#[test]
fn paging_searching_and_sorting_the_list_and_back_restores_each_step() {
    flow("list", async |page| {
        steps::sign_in(page, "manager").await?;
        let first_page = steps::accounts_listed(page).await?;

        // Next page: other accounts, a new history entry.
        page.click(Role::Button, "Next ›").await?;
        let second_page = wait_for_other_rows(page, &first_page).await?;
        ensure!(second_page.iter().all(|name| !first_page.contains(name)), "page 2 repeats accounts of page 1");
        page.click(Role::Button, "‹ Previous").await?;
        ensure!(wait_for_other_rows(page, &second_page).await? == first_page, "Previous did not show page 1 again");
        page.click(Role::Button, "Next ›").await?;
        wait_for_other_rows(page, &first_page).await?;
        page.back().await?;
        ensure!(wait_for_other_rows(page, &second_page).await? == first_page, "Back did not return to page 1");

        // The list comes sorted by name, A to Z (the API's own order), as
        // aria-sort says; the first click on Name turns it, the second turns
        // it back, each a step Back undoes.
        let header = page.find_containing(Role::ColumnHeader, "Name").await?;
        ensure!(header.attr("aria-sort").await?.as_deref() == Some("ascending"), "the list is not sorted by name");
        let ascending = page.wait_for_column("Name").await?;
        ensure!(is_sorted(&ascending), "sorted by name, the rows are {ascending:?}");
        ensure!(sort_by(page, "Name").await? == "descending", "the Name column is not sorted descending");
        let descending = wait_for_other_rows(page, &ascending).await?;
        let upward: Vec<String> = descending.iter().rev().cloned().collect();
        ensure!(is_sorted(&upward), "sorted down by name, the rows are {descending:?}");
        ensure!(sort_by(page, "Name").await? == "ascending", "a second click did not sort ascending again");
        ensure!(wait_for_other_rows(page, &descending).await? == ascending, "sorting up again shows other rows");
        page.back().await?;
        ensure!(wait_for_other_rows(page, &ascending).await? == descending, "Back did not restore the descending sort");
        let header = page.find_containing(Role::ColumnHeader, "Name").await?;
        ensure!(header.attr("aria-sort").await?.as_deref() == Some("descending"), "Back left aria-sort behind");
        page.back().await?;
        ensure!(
            wait_for_other_rows(page, &descending).await? == ascending,
            "Back did not return to the list as first shown"
        );

        // Page size.
        page.select("Per page", "25").await?;
        let sized = wait_for_count(page, 25).await?;
        ensure!(page.location().await?.contains("25"), "the page size is not in the address");

        // Quick search: every row has the word, the criterion shows as a chip
        // that removes it.
        let word = sized[0].split_whitespace().next().unwrap_or("a").to_string();
        page.fill("Search by name", &word).await?;
        let found = wait_for_other_rows(page, &sized).await?;
        let lower = word.to_lowercase();
        ensure!(found.iter().all(|name| name.to_lowercase().contains(&lower)), "searching {word:?} shows {found:?}");
        page.check("accounts-search").await?;
        page.find_containing(Role::Button, "Remove").await?.click().await?;
        ensure!(wait_for_other_rows(page, &found).await? == sized, "removing the criterion did not list all again");
        Ok(())
    });
}

#[test]
fn advanced_search_opens_as_a_form_and_closes_again() {
    flow("advanced search", async |page| {
        steps::sign_in(page, "manager").await?;
        page.click(Role::Button, "Advanced search").await?;
        page.find(Role::Button, "Search").await?;
        page.check("advanced-search").await?;
        page.click(Role::Button, "Hide advanced search").await?;
        page.wait_gone(Role::Button, "Clear all").await
    });
}

#[test]
fn the_list_menus_close_on_escape_and_on_a_click_outside_giving_focus_back() {
    flow("list menus", async |page| {
        steps::sign_in(page, "sysadmin").await?;
        for (menu, first) in [
            ("Columns", (Role::Checkbox, "Account number")),
            ("Saved searches", (Role::Textbox, "Save this search as")),
        ] {
            // By keyboard: Tab goes from the button into the open menu,
            // Escape closes it and focus is back on the button.
            page.click(Role::Button, menu).await?;
            page.tab_to(first.0, first.1, 3).await?;
            if menu == "Columns" {
                page.check("accounts-columns-menu").await?;
            }
            page.press(Key::Escape).await?;
            page.wait_gone(first.0, first.1).await?;
            page.expect_focus(Role::Button, menu).await?;
            // By mouse: a click beside the list closes it, focus on the button.
            page.click(Role::Button, menu).await?;
            page.find(first.0, first.1).await?;
            click_at(page, 5.0, 400.0).await?;
            page.wait_gone(first.0, first.1).await?;
            page.expect_focus(Role::Button, menu).await?;
        }
        Ok(())
    });
}

/// Clicks the point `x`, `y` of the window (a place, not an element).
async fn click_at(page: &account_e2e::Page, x: f64, y: f64) -> account_e2e::Result<()> {
    let click = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo { duration: None, x, y })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    page.client().perform_actions(click).await?;
    Ok(())
}

/// Clicks the sort button of the column headed `header`; answers the
/// header's aria-sort once it changed.
async fn sort_by(page: &account_e2e::Page, header: &str) -> account_e2e::Result<String> {
    let column = page.find_containing(Role::ColumnHeader, header).await?;
    let before = column.attr("aria-sort").await?.unwrap_or_default();
    page.find_in_containing(&column, Role::Button, header).await?.click().await?;
    let started = std::time::Instant::now();
    loop {
        let column = page.find_containing(Role::ColumnHeader, header).await?;
        let now = column.attr("aria-sort").await?.unwrap_or_default();
        if now != before {
            return Ok(now);
        }
        ensure!(started.elapsed().as_secs() < 15, "sorting by {header} left aria-sort at {before:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[test]
fn exporting_the_page_downloads_its_accounts_as_csv() {
    flow("export", async |page| {
        steps::sign_in(page, "manager").await?;
        let names = steps::accounts_listed(page).await?;
        page.click(Role::Button, "Export this page").await?;
        page.wait_for_announcement(&format!("Exported {} accounts to ", names.len())).await?;
        let (file, csv) = page.wait_for_download().await?;
        ensure!(file.ends_with(".csv"), "the export is named {file}");
        let lines: Vec<&str> = csv.lines().filter(|line| !line.trim().is_empty()).collect();
        ensure!(lines.len() == names.len() + 1, "the CSV has {} lines for {} accounts", lines.len(), names.len());
        ensure!(lines[0].to_lowercase().contains("name"), "the CSV starts with {:?}, not a header", lines[0]);
        ensure!(csv.contains(names[0].as_str()), "the CSV lacks {}", names[0]);
        Ok(())
    });
}

fn is_sorted(names: &[String]) -> bool {
    names.windows(2).all(|pair| pair[0].to_lowercase() <= pair[1].to_lowercase())
}

/// Waits until the Name column differs from `before`; answers it.
async fn wait_for_other_rows(page: &account_e2e::Page, before: &[String]) -> account_e2e::Result<Vec<String>> {
    let started = std::time::Instant::now();
    loop {
        let now = page.wait_for_column("Name").await?;
        if now != before {
            return Ok(now);
        }
        ensure!(started.elapsed().as_secs() < 15, "the list still shows {before:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn wait_for_count(page: &account_e2e::Page, count: usize) -> account_e2e::Result<Vec<String>> {
    let started = std::time::Instant::now();
    loop {
        let now = page.wait_for_column("Name").await?;
        if now.len() == count {
            return Ok(now);
        }
        ensure!(started.elapsed().as_secs() < 15, "the list shows {} rows, not {count}", now.len());
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
