//! A session that ends in the middle of work: the re-sign-in dialog, and the
//! interrupted call carried on with nothing lost.

use account_e2e::{Key, Role, ensure, flow};

use crate::steps::{self, PASSWORD};

#[test]
fn a_session_expiring_while_adding_a_note_asks_to_sign_in_again_and_the_note_is_saved() {
    flow("session expiry", async |page| {
        steps::sign_in(page, "sysadmin").await?;
        let names = steps::accounts_listed(page).await?;
        steps::open_account(page, &names[4]).await?;

        // Half the work done, then the session ends on the vendor's side.
        page.fill("Name", "Typed before expiry").await?;
        page.fill("Description", "Nothing typed is lost.").await?;
        let session = page.console_session_id().await?;
        page.harness().sandbox_control("sessions/expire", &format!(r#"{{"sessionId":"{session}"}}"#)).await?;
        page.expect_http_error(401, "/api/account/");

        page.click(Role::Button, "Add note").await?;
        let dialog = page.find(Role::Dialog, "Sign in again").await?;
        page.expect_focus(Role::Textbox, "Password").await?;
        page.check("sign-in-again").await?;
        page.expect_focus_trapped(&dialog, "the re-sign-in dialog", 6).await?;
        page.find_in(&dialog, Role::Textbox, "Password").await?.click().await?;

        // The password, by keyboard, and Enter.
        page.type_text(PASSWORD).await?;
        page.press(Key::Enter).await?;
        page.wait_gone(Role::Dialog, "Sign in again").await?;
        page.wait_for_announcement("Note “Typed before expiry” added.").await?;
        page.find(Role::Heading, "Typed before expiry").await?;
        ensure!(page.console_session_id().await? != session, "the console kept the expired session");
        Ok(())
    });
}

#[test]
fn signing_out_from_the_re_sign_in_dialog_returns_to_the_sign_in_page() {
    flow("session expiry, sign out instead", async |page| {
        steps::sign_in(page, "manager").await?;
        let session = page.console_session_id().await?;
        page.harness().sandbox_control("sessions/expire", &format!(r#"{{"sessionId":"{session}"}}"#)).await?;
        page.expect_http_error(401, "/api/account/");
        page.click(Role::Button, "Next ›").await?;
        page.find(Role::Dialog, "Sign in again").await?;
        page.click(Role::Button, "Sign out instead").await?;
        page.find(Role::Button, "Sign in").await?;
        ensure!(!page.is_shown(Role::Dialog, "Sign in again").await?, "the dialog stayed over the sign-in page");
        Ok(())
    });
}
