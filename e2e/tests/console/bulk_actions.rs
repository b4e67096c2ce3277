//! Bulk actions on rows selected in the list.

use account_e2e::{Context, Role, ensure, flow};

use crate::steps;

#[test]
fn setting_a_type_on_two_selected_rows_sets_it_on_both_accounts() {
    flow("bulk set type", async |page| {
        steps::sign_in(page, "sysadmin").await?;
        let names = steps::accounts_listed(page).await?;
        let chosen = [names.get(8).context("too few rows")?.clone(), names.get(9).context("too few rows")?.clone()];

        // The type to set: the last one, as the vendor lists them.
        let harness = page.harness();
        let session = harness.api_session("superuser").await?;
        let types: serde_json::Value =
            serde_json::from_str(&harness.api(&session, "GET", "/account/types", None).await?.body)
                .context("the types read oddly")?;
        let last = types.as_array().and_then(|all| all.last()).context("the sandbox has no account types")?;
        let (type_id, type_name) = (last["id"].as_i64().unwrap_or_default(), last["name"].as_str().unwrap_or_default());

        let mut ids = Vec::new();
        for name in &chosen {
            let checkbox = page.find(Role::Checkbox, &format!("Select {name}")).await?;
            checkbox.click().await?;
            let link = page.find(Role::Link, name).await?.attr("href").await?.unwrap_or_default();
            ids.push(link.trim_start_matches("/accounts/").to_string());
        }
        page.wait_for_announcement("2 selected").await?;
        page.select("Set", "Type").await?;
        page.select("Value", type_name).await?;
        page.check("accounts-bulk-selected").await?;
        page.click(Role::Button, "Apply").await?;
        // Nothing is sent before the confirmation names the field, the value and the count.
        let question = format!("Set Type to {type_name} on 2 accounts?");
        page.find(Role::AlertDialog, &question).await?;
        page.check("bulk-confirm").await?;
        page.click(Role::Button, "Set Type").await?;
        page.wait_for_announcement(&format!("Set Type to {type_name}: done for 2 of 2 accounts.")).await?;

        for id in &ids {
            let answer = harness.api(&session, "GET", &format!("/account/accounts/{id}"), None).await?;
            let account: serde_json::Value =
                serde_json::from_str(&answer.body).with_context(|| format!("account {id} reads oddly"))?;
            ensure!(account["typeId"].as_i64() == Some(type_id), "account {id} has the type {}", account["typeId"]);
        }
        // The list shows it too, once read again.
        let started = std::time::Instant::now();
        loop {
            let (shown_names, types) = (page.wait_for_column("Name").await?, page.wait_for_column("Type").await?);
            let shown: Vec<&String> = chosen
                .iter()
                .filter_map(|name| shown_names.iter().position(|n| n == name).and_then(|at| types.get(at)))
                .collect();
            if shown.len() == 2 && shown.iter().all(|t| *t == type_name) {
                break;
            }
            ensure!(started.elapsed().as_secs() < 15, "the list shows the types {shown:?}, not {type_name}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        page.check("accounts-bulk-done").await
    });
}
