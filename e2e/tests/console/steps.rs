//! Steps many flows share.

use account_e2e::{Page, Result, Role};

/// The demo users' password (sandbox bootstrap).
pub const PASSWORD: &str = "demo";

/// Opens the console at `path` and signs in as `user` of client DEMO, by
/// mouse; waits for the accounts list.
pub async fn sign_in(page: &mut Page, user: &str) -> Result<()> {
    expect_role_probe(page, user);
    page.goto("/accounts").await?;
    page.fill("Client", "DEMO").await?;
    page.fill("User name", user).await?;
    page.fill("Password", PASSWORD).await?;
    page.click(Role::Button, "Sign in").await?;
    accounts_listed(page).await?;
    Ok(())
}

/// Right after signing in, the console learns the role by reading one
/// account type (src/access.rs), which only Sysadmin and Superuser may do:
/// for a manager the browser logs that call's 403, on purpose.
pub fn expect_role_probe(page: &mut Page, user: &str) {
    if user == "manager" {
        page.expect_http_error(403, "/api/account/type/");
    }
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

/// A name no other flow or run uses: `prefix` and the time in milliseconds.
pub fn unique(prefix: &str) -> String {
    let millis =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    format!("{prefix} {}", millis % 100_000_000)
}
