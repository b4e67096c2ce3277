//! Steps many flows share.

use account_e2e::{Page, Result, Role};

/// The demo users' password (sandbox bootstrap).
pub const PASSWORD: &str = "demo";

/// Opens the console at `path` and signs in as `user` of client DEMO, by
/// mouse; waits for the accounts list.
pub async fn sign_in(page: &Page, user: &str) -> Result<()> {
    page.goto("/accounts").await?;
    page.fill("Client", "DEMO").await?;
    page.fill("User name", user).await?;
    page.fill("Password", PASSWORD).await?;
    page.click(Role::Button, "Sign in").await?;
    accounts_listed(page).await?;
    Ok(())
}

/// Waits for the accounts list with its rows; answers the names shown.
pub async fn accounts_listed(page: &Page) -> Result<Vec<String>> {
    page.find(Role::Heading, "Accounts").await?;
    page.wait_for_column("Name").await
}

/// Opens the account named `name` from the list; waits for its page.
pub async fn open_account(page: &Page, name: &str) -> Result<()> {
    page.click(Role::Link, name).await?;
    page.wait_for_location("/accounts/").await?;
    page.find(Role::Heading, name).await?;
    Ok(())
}
