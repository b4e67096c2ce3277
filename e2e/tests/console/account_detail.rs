//! An account's page: its sections, notes, contacts, and deleting it.

use account_e2e::{Context, Key, Page, Result, Role, ensure, flow};

use crate::steps;

/// Signs in as `user` and opens the `nth` account of the first page of the
/// list (flows that change an account each take their own, so that they do
/// not meet). Managers read; sysadmins and superusers write.
async fn open_nth_account(page: &mut Page, user: &str, nth: usize) -> Result<String> {
    steps::sign_in(page, user).await?;
    let names = steps::accounts_listed(page).await?;
    let name = names.get(nth).with_context(|| format!("the list has no account number {nth}"))?.clone();
    steps::open_account(page, &name).await?;
    Ok(name)
}

#[test]
fn opening_an_account_shows_its_sections_notes_contacts_and_history() {
    flow("account detail", async |page| {
        steps::sign_in(page, "manager").await?;
        let names = steps::accounts_listed(page).await?;
        let name = names.first().context("the list has no account")?.clone();
        // A change made elsewhere, which the history says in words.
        let href = page.find(Role::Link, &name).await?.attr("href").await?.unwrap_or_default();
        let harness = page.harness();
        let session = harness.api_session("superuser").await?;
        let change = r#"{"rating": "Reviewed", "billingAddress": {"city": "Lyon"}}"#;
        harness.api(&session, "PUT", &format!("/account{href}"), Some(change)).await?;
        steps::open_account(page, &name).await?;
        for section in ["Notes", "Contacts", "History"] {
            page.find(Role::Heading, section).await?;
        }
        page.wait_for_text("to “Reviewed”").await?;
        page.script("document.querySelector('.history').scrollIntoView({block: 'start'})", vec![]).await?;
        page.check("account-history").await?;
        page.script("window.scrollTo(0, 0)", vec![]).await?;
        page.find(Role::Link, "Accounts").await?;
        page.check("account-detail").await?;
        // Back returns to the list as it was.
        page.back().await?;
        ensure!(steps::accounts_listed(page).await?.contains(&name), "Back did not return to the list");
        Ok(())
    });
}

#[test]
fn adding_a_note_shows_it_first_and_a_nameless_note_is_refused_at_its_field() {
    flow("add a note", async |page| {
        open_nth_account(page, "sysadmin", 1).await?;
        page.find(Role::Heading, "Add a note").await?;
        page.click(Role::Button, "Add note").await?;
        page.wait_for_announcement("Enter a name for the note.").await?;
        page.check("account-detail-note-refused").await?;

        page.fill("Name", "Called back").await?;
        page.fill("Description", "Wants the yearly plan.").await?;
        page.click(Role::Button, "Add note").await?;
        page.wait_for_announcement("Note “Called back” added.").await?;
        page.find(Role::Heading, "Called back").await?;
        ensure!(page.value_of("Name").await?.is_empty(), "the note form kept the name after saving");
        Ok(())
    });
}

#[test]
fn a_manager_finds_writing_controls_disabled_with_the_role_they_need() {
    flow("manager's account page", async |page| {
        open_nth_account(page, "manager", 1).await?;
        let needs = "Needs the Sysadmin or Superuser role.";
        for name in ["Edit", "Delete", "Add note"] {
            let reason = page.expect_disabled(Role::Button, name).await?;
            ensure!(reason.as_deref() == Some(needs), "the disabled button {name:?} says {reason:?}");
        }
        // The note's fields are disabled with the form; the page says why.
        page.expect_disabled(Role::Textbox, "Name").await?;
        page.wait_for_text(needs).await?;
        page.check("account-detail-manager").await
    });
}

#[test]
fn linking_contacts_one_and_many_and_unlinking_after_a_confirmation() {
    flow("contacts", async |page| {
        open_nth_account(page, "superuser", 2).await?;
        page.find(Role::Heading, "Link a contact").await?;
        let linked = page.names(Role::Button).await?;
        let free: Vec<String> = (1..=300)
            .map(|n| format!("CT-{n:04}"))
            .filter(|id| !linked.contains(&format!("Unlink {id}")))
            .take(3)
            .collect();
        let [one, two, three] = <[String; 3]>::try_from(free).ok().context("no free contact ids")?;

        page.fill("Contact ID", &one).await?;
        page.click(Role::Button, "Link").await?;
        page.find(Role::Button, &format!("Unlink {one}")).await?;

        page.fill("Contact IDs", &format!("{two}\n{three}, {two}")).await?;
        page.click(Role::Button, "Link all").await?;
        page.find(Role::Button, &format!("Unlink {three}")).await?;
        page.find(Role::Button, &format!("Unlink {two}")).await?;

        // Unlink asks first; Cancel keeps the link and gives focus back.
        let unlink = format!("Unlink {one}");
        page.click(Role::Button, &unlink).await?;
        let dialog = page.find(Role::AlertDialog, "Unlink this contact?").await?;
        page.expect_focus(Role::Button, "Cancel").await?;
        page.check("account-detail-unlink-dialog").await?;
        page.find_in(&dialog, Role::Button, "Cancel").await?.click().await?;
        page.wait_gone(Role::AlertDialog, "Unlink this contact?").await?;
        page.expect_focus(Role::Button, &unlink).await?;

        page.click(Role::Button, &unlink).await?;
        let dialog = page.find(Role::AlertDialog, "Unlink this contact?").await?;
        page.find_in(&dialog, Role::Button, "Unlink").await?.click().await?;
        page.wait_gone(Role::Button, &unlink).await?;
        ensure!(page.is_shown(Role::Button, &format!("Unlink {two}")).await?, "unlinking {one} unlinked {two} too");
        Ok(())
    });
}

#[test]
fn deleting_an_account_asks_first_then_returns_to_the_list_without_it() {
    flow("delete", async |page| {
        let name = open_nth_account(page, "sysadmin", 3).await?;
        let id = page.location().await?.trim_start_matches("/accounts/").to_string();
        let harness = page.harness();
        let session = harness.api_session("manager").await?;
        let path = format!("/account/accounts/{id}");
        ensure!(
            harness.api(&session, "GET", &path, None).await?.status == 200,
            "account {id} cannot be read through the API"
        );
        page.click(Role::Button, "Delete").await?;
        page.find(Role::AlertDialog, "Delete this account?").await?;
        page.check("account-detail-delete-dialog").await?;
        // Escape cancels, and focus returns to Delete.
        page.press(Key::Escape).await?;
        page.wait_gone(Role::AlertDialog, "Delete this account?").await?;
        page.expect_focus(Role::Button, "Delete").await?;

        page.click(Role::Button, "Delete").await?;
        page.click(Role::Button, "Delete account").await?;
        page.wait_for_location("/accounts").await?;
        let names = steps::accounts_listed(page).await?;
        ensure!(!names.contains(&name), "{name} is still listed after deleting it");
        // And the vendor (the sandbox) no longer has it.
        let answer = harness.api(&session, "GET", &path, None).await?;
        ensure!(answer.status == 404, "the deleted account {id} still answers {}", answer.status);
        Ok(())
    });
}

#[test]
fn an_account_address_opened_directly_shows_the_account_after_a_reload() {
    flow("deep link", async |page| {
        let name = open_nth_account(page, "manager", 5).await?;
        let address = page.location().await?;
        // A reload (or a bookmark) loads index.html and config.json at this depth.
        page.goto(&address).await?;
        page.find(Role::Heading, &name).await?;
        Ok(())
    });
}
