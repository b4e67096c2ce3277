//! Managing classifications: create, rename, reorder and delete, each said
//! in the page's status line and shown in its table.

use account_e2e::{Context, Key, Page, Result, Role, ensure, flow};

use crate::steps;

/// Waits until the table's Name column satisfies `wanted`; answers it.
async fn wait_for_names(page: &Page, what: &str, wanted: impl Fn(&[String]) -> bool) -> Result<Vec<String>> {
    let started = std::time::Instant::now();
    loop {
        let names = page.wait_for_column("Name").await?;
        if wanted(&names) {
            return Ok(names);
        }
        ensure!(started.elapsed().as_secs() < 15, "the classifications never {what}: {names:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[test]
fn a_classification_is_created_renamed_moved_up_and_deleted() {
    flow("classifications", async |page| {
        steps::sign_in(page, "sysadmin").await?;
        page.click(Role::Link, "Classifications").await?;
        page.find(Role::Heading, "Classifications").await?;

        let name = steps::unique("E2E class");
        page.fill("New classification", &name).await?;
        page.click(Role::Button, "Create").await?;
        page.wait_for_announcement(&format!("Created {name}.")).await?;
        wait_for_names(page, "listed the new one", |names| names.contains(&name)).await?;
        page.check("classifications-created").await?;

        // Renaming in place: the field takes focus, Enter saves.
        let renamed = format!("{name} renamed");
        page.click(Role::Button, &format!("Rename {name}")).await?;
        page.expect_focus(Role::Textbox, &format!("New name for {name}")).await?;
        page.fill(&format!("New name for {name}"), &renamed).await?;
        page.check("classifications-rename").await?;
        page.press(Key::Enter).await?;
        page.wait_for_announcement(&format!("Renamed {name} to {renamed}.")).await?;
        wait_for_names(page, "showed the new name", |names| names.contains(&renamed) && !names.contains(&name)).await?;

        // Move up: one place nearer the top.
        let before = page.wait_for_column("Name").await?;
        let at = before.iter().position(|n| *n == renamed).context("the renamed classification is not listed")?;
        ensure!(at > 0, "the new classification is first, so it cannot move up");
        page.click(Role::Button, &format!("Move up {renamed}")).await?;
        page.wait_for_announcement(&format!("Moved {renamed}.")).await?;
        let after = wait_for_names(page, "moved it up", |names| names.get(at - 1) == Some(&renamed)).await?;
        ensure!(after[at] == before[at - 1], "moving up did not swap it with the one above: {after:?}");

        // Delete asks first.
        page.click(Role::Button, &format!("Delete {renamed}")).await?;
        let dialog = page.find(Role::AlertDialog, &format!("Delete {renamed}?")).await?;
        page.expect_focus(Role::Button, "Cancel").await?;
        page.check("classifications-delete-dialog").await?;
        page.find_in(&dialog, Role::Button, "Delete").await?.click().await?;
        page.wait_for_announcement(&format!("Deleted {renamed}.")).await?;
        wait_for_names(page, "dropped it", |names| !names.contains(&renamed)).await?;
        Ok(())
    });
}
