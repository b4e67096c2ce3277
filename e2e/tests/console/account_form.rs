//! The account form: editing and saving, the prompt when someone else
//! changed the same field meanwhile, and a session ending mid-edit.

use account_e2e::{Context, Key, Page, Result, Role, ensure, flow};

use crate::steps;

/// Signs in as a sysadmin, opens the `nth` account of the list and its edit
/// form; answers the account's name and id.
async fn edit_nth_account(page: &mut Page, nth: usize) -> Result<(String, String)> {
    steps::sign_in(page, "sysadmin").await?;
    open_edit_form(page, nth).await
}

/// From the list, opens the `nth` account and its edit form.
async fn open_edit_form(page: &Page, nth: usize) -> Result<(String, String)> {
    let names = steps::accounts_listed(page).await?;
    let name = names.get(nth).with_context(|| format!("the list has no account number {nth}"))?.clone();
    steps::open_account(page, &name).await?;
    let id = page.location().await?.trim_start_matches("/accounts/").to_string();
    page.click(Role::Link, "Edit").await?;
    page.wait_for_location(&format!("/accounts/{id}/edit")).await?;
    page.find(Role::Heading, &format!("Edit {name}")).await?;
    Ok((name, id))
}

/// Waits until the form has given way to the account's page.
async fn wait_for_account_page(page: &Page, id: &str) -> Result<()> {
    let started = std::time::Instant::now();
    while page.location().await? != format!("/accounts/{id}") {
        ensure!(started.elapsed().as_secs() < 15, "saving stayed at {}", page.location().await?);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Ok(())
}

/// The account's description as the vendor (the sandbox) holds it.
async fn saved_description(page: &Page, session: &str, id: &str) -> Result<String> {
    let answer = page.harness().api(session, "GET", &format!("/account/accounts/{id}"), None).await?;
    let account: serde_json::Value =
        serde_json::from_str(&answer.body).with_context(|| format!("account {id} reads oddly"))?;
    Ok(account["description"].as_str().unwrap_or_default().to_string())
}

#[test]
fn editing_an_account_and_saving_shows_the_new_value_on_its_page() {
    flow("edit and save", async |page| {
        // The new-account form first, as a page of its own.
        steps::sign_in(page, "sysadmin").await?;
        page.click(Role::Link, "New account").await?;
        page.find(Role::Heading, "New account").await?;
        page.check("account-new").await?;
        page.back().await?;

        let (_, id) = open_edit_form(page, 6).await?;
        page.check("account-edit").await?;
        let description = steps::unique("Edited by the end-to-end test");
        page.fill("Description", &description).await?;
        page.click(Role::Button, "Save").await?;
        wait_for_account_page(page, &id).await?;
        page.wait_for_announcement("Saved.").await?;
        page.wait_for_text(&description).await?;
        let session = page.harness().api_session("manager").await?;
        let saved = saved_description(page, &session, &id).await?;
        ensure!(saved == description, "the vendor holds the description {saved:?}");
        Ok(())
    });
}

#[test]
fn a_field_changed_by_someone_else_meanwhile_asks_which_value_to_keep() {
    flow("conflict", async |page| {
        let (_, id) = edit_nth_account(page, 7).await?;
        let mine = steps::unique("Mine");
        page.fill("Description", &mine).await?;

        // Someone else saves the same field while the form is open.
        let theirs = steps::unique("Theirs");
        let harness = page.harness();
        let session = harness.api_session("superuser").await?;
        let body = serde_json::json!({ "description": theirs }).to_string();
        let answer = harness.api(&session, "PUT", &format!("/account/accounts/{id}"), Some(&body)).await?;
        ensure!(answer.status == 204, "the other session's save answered {}: {}", answer.status, answer.body);

        page.click(Role::Button, "Save").await?;
        let dialog = page.find(Role::Dialog, "Someone changed this account meanwhile").await?;
        page.find_in(&dialog, Role::Radio, &format!("Yours: {mine}")).await?;
        page.check("account-edit-conflict").await?;
        // Keep theirs: the account stays as the other person saved it.
        page.find_in(&dialog, Role::Radio, &format!("Theirs: {theirs}")).await?.click().await?;
        page.find_in(&dialog, Role::Button, "Save with these choices").await?.click().await?;
        page.wait_gone(Role::Dialog, "Someone changed this account meanwhile").await?;
        wait_for_account_page(page, &id).await?;
        page.wait_for_text(&theirs).await?;
        ensure!(
            saved_description(page, &session, &id).await? == theirs,
            "the vendor no longer holds their description"
        );
        Ok(())
    });
}

#[test]
fn a_session_expiring_in_the_middle_of_an_edit_asks_to_sign_in_again_and_the_edit_is_saved() {
    flow("session expiry while editing", async |page| {
        let (_, id) = edit_nth_account(page, 10).await?;
        let description = steps::unique("Typed before the session expired");
        page.fill("Description", &description).await?;

        // The session ends on the vendor's side before Save.
        let session = page.console_session_id().await?;
        page.harness().sandbox_control("sessions/expire", &format!(r#"{{"sessionId":"{session}"}}"#)).await?;
        page.expect_http_error(401, "/api/account/");
        page.click(Role::Button, "Save").await?;
        let dialog = page.find(Role::Dialog, "Sign in again").await?;
        page.expect_focus(Role::Textbox, "Password").await?;
        page.find_in(&dialog, Role::Textbox, "Password").await?.click().await?;
        page.type_text(steps::PASSWORD).await?;
        page.press(Key::Enter).await?;
        page.wait_gone(Role::Dialog, "Sign in again").await?;

        // The save carries on with what was typed.
        wait_for_account_page(page, &id).await?;
        page.wait_for_text(&description).await?;
        let session = page.harness().api_session("manager").await?;
        let saved = saved_description(page, &session, &id).await?;
        ensure!(saved == description, "the vendor holds the description {saved:?}");
        Ok(())
    });
}
