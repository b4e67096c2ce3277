//! Signing in and out.

use account_e2e::{Role, ensure, flow};

use crate::steps::{self, PASSWORD};

#[test]
fn signing_in_shows_the_accounts_list_and_never_asks_for_the_access_token() {
    flow("sign in", async |page| {
        steps::expect_role_probe(page, "manager");
        page.goto("/accounts").await?;
        page.find(Role::Button, "Sign in").await?;
        ensure!(
            !page.is_shown(Role::Textbox, "API access token").await?,
            "the sign-in form asks for the access token although config.json says askAccessToken: false"
        );
        page.check("sign-in").await?;

        page.fill("Client", "DEMO").await?;
        page.fill("User name", "manager").await?;
        page.fill("Password", PASSWORD).await?;
        page.click(Role::Button, "Sign in").await?;
        let names = steps::accounts_listed(page).await?;
        ensure!(page.location().await?.starts_with("/accounts"), "signing in left the accounts list");
        ensure!(names.len() > 1, "the first page lists {} account(s)", names.len());
        page.find(Role::Button, "Sign out").await?;
        page.check("accounts").await
    });
}

#[test]
fn a_wrong_password_is_refused_with_an_announced_message_and_nothing_typed_is_lost() {
    flow("wrong password", async |page| {
        page.expect_http_error(401, "/api/session/login");
        page.goto("/").await?;
        page.fill("Client", "DEMO").await?;
        page.fill("User name", "manager").await?;
        page.fill("Password", "not-the-password").await?;
        page.click(Role::Button, "Sign in").await?;
        page.wait_for_announcement("Wrong client name, user name or password.").await?;
        ensure!(page.value_of("User name").await? == "manager", "the user name was cleared");
        page.check("sign-in-refused").await
    });
}

#[test]
fn signing_out_returns_to_the_sign_in_page_and_forgets_the_session() {
    flow("sign out", async |page| {
        steps::sign_in(page, "manager").await?;
        page.click(Role::Button, "Sign out").await?;
        page.find(Role::Button, "Sign in").await?;
        let stored = page.script("return sessionStorage.getItem('account-admin.session');", vec![]).await?;
        ensure!(stored.is_null(), "the session is still in sessionStorage after signing out");
        // A reload does not bring the session back.
        page.goto("/accounts").await?;
        page.find(Role::Button, "Sign in").await?;
        ensure!(!page.is_shown(Role::Button, "Sign out").await?, "signed in again after a reload");
        Ok(())
    });
}
