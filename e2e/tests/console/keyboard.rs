//! The console by keyboard alone: Tab, typing, Enter and Escape, every stop
//! showing its focus. A sysadmin, whose Delete is enabled (a manager's is
//! disabled, and disabled controls take no focus).

use account_e2e::{Key, Role, ensure, flow};

use crate::steps::PASSWORD;

#[test]
fn signing_in_and_opening_an_account_work_by_keyboard_alone() {
    flow("keyboard", async |page| {
        page.goto("/accounts").await?;
        page.find(Role::Button, "Sign in").await?;
        // The cursor starts in the first empty field; Tab goes on from there.
        page.expect_focus(Role::Textbox, "Client").await?;
        page.type_text("DEMO").await?;
        for (field, text) in [("User name", "sysadmin"), ("Password", PASSWORD)] {
            page.tab_to(Role::Textbox, field, 3).await?;
            page.type_text(text).await?;
        }
        page.tab_to(Role::Button, "Sign in", 3).await?;
        page.press(Key::Enter).await?;
        page.find(Role::Heading, "Accounts").await?;
        let names = page.wait_for_column("Name").await?;

        // Through the header, navigation, search and sorting to the first account.
        page.tab_to(Role::Link, &names[0], 40).await?;
        page.press(Key::Enter).await?;
        page.wait_for_location("/accounts/").await?;
        page.find(Role::Heading, &names[0]).await?;

        // Delete's question opens and closes by keyboard, focus coming back.
        page.tab_to(Role::Button, "Delete", 15).await?;
        page.press(Key::Enter).await?;
        let dialog = page.find(Role::AlertDialog, "Delete this account?").await?;
        page.expect_focus(Role::Button, "Cancel").await?;
        page.expect_focus_trapped(&dialog, "the question whether to delete", 3).await?;
        page.focus(&page.find_in(&dialog, Role::Button, "Cancel").await?).await?;
        page.press(Key::Escape).await?;
        page.wait_gone(Role::AlertDialog, "Delete this account?").await?;
        page.expect_focus(Role::Button, "Delete").await?;
        ensure!(page.location().await?.starts_with("/accounts/"), "Escape left the account");

        // On the form, Escape asks before discarding (a real key press: the
        // browser's own Escape must not close the question it opens), and
        // Escape again keeps what was typed.
        let account = page.location().await?;
        page.goto(&format!("{account}/edit")).await?;
        let website = page.find(Role::Textbox, "Website").await?;
        page.focus(&website).await?;
        page.type_text("example.org").await?;
        page.press(Key::Escape).await?;
        page.find(Role::AlertDialog, "Discard your changes?").await?;
        page.expect_focus(Role::Button, "Cancel").await?;
        page.press(Key::Escape).await?;
        page.wait_gone(Role::AlertDialog, "Discard your changes?").await?;
        ensure!(page.value_of("Website").await?.contains("example.org"), "Escape kept what was typed");
        Ok(())
    });
}
