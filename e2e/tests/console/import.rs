//! Importing accounts from a CSV file: the preview, the report, and the
//! failed rows downloaded as a CSV with the reason of each.

use account_e2e::{Context, Role, ensure, flow};

use crate::steps;

#[test]
fn importing_a_csv_creates_the_good_row_and_the_failed_rows_download_with_a_reason() {
    flow("import", async |page| {
        steps::sign_in(page, "sysadmin").await?;
        page.click(Role::Link, "Import").await?;
        page.find(Role::Heading, "Import accounts").await?;

        // One good row, one without a name.
        let name = steps::unique("E2E import");
        let number = name.replace(' ', "-");
        let csv = format!("name,accountNumber\r\n{name},{number}\r\n,{number}-nameless\r\n");
        let file = page.harness().work.join(format!("{number}.csv"));
        std::fs::write(&file, csv).with_context(|| file.display().to_string())?;
        let input = page.file_input("Choose a .csv or .json file").await?;
        input.send_keys(&file.display().to_string()).await?;

        page.find(Role::Heading, "Preview").await?;
        page.wait_for_text("Name is required.").await?;
        let send = page.find(Role::Button, "Import 1 row").await?;
        let started = std::time::Instant::now();
        // Sending waits for the check of which account numbers exist.
        while !send.is_enabled().await? {
            ensure!(started.elapsed().as_secs() < 15, "Import 1 row stayed disabled");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        page.check("import-preview").await?;
        send.click().await?;

        page.wait_for_announcement("Created 1 · Updated 0 · Failed 0").await?;
        page.wait_for_text("1 row with problems was not sent.").await?;
        page.wait_for_text("Line 3: Name is required.").await?;
        page.check("import-report").await?;

        page.click(Role::Button, "Download failed rows").await?;
        let (file_name, failed) = page.wait_for_download().await?;
        ensure!(file_name == format!("{number}-failed-rows.csv"), "the failed rows are named {file_name}");
        let lines: Vec<&str> = failed.trim_start_matches('\u{feff}').lines().collect();
        let header: Vec<&str> = lines.first().map(|l| l.split(',').collect()).unwrap_or_default();
        ensure!(header == ["name", "accountNumber", "reason"], "the failed rows' header is {header:?}");
        ensure!(lines.len() == 2, "the failed rows are {lines:?}, not the one without a name");
        ensure!(lines[1].starts_with(&format!(",{number}-nameless,")), "the failed row is {:?}", lines[1]);
        ensure!(lines[1].contains("Name is required."), "the failed row gives no reason: {:?}", lines[1]);

        // The vendor has the good row; the flow removes it again, so that
        // the list in later flows' screenshots shows only the demo data.
        let harness = page.harness();
        let session = harness.api_session("superuser").await?;
        let body = serde_json::json!({ "search": { "accountNumber": number } }).to_string();
        let answer = harness.api(&session, "POST", "/account/accounts/search?count=5&offset=0", Some(&body)).await?;
        let found: serde_json::Value =
            serde_json::from_str(&answer.body).with_context(|| format!("the search answered {}", answer.body))?;
        let imported = found["listAccount"]
            .as_array()
            .and_then(|all| all.iter().find(|a| a["name"] == name.as_str()))
            .with_context(|| format!("searching the vendor for {number} answers {}", answer.body))?;
        let id = imported["id"].as_i64().context("the imported account has no id")?;
        let deleted = harness.api(&session, "DELETE", &format!("/account/accounts/{id}"), None).await?;
        ensure!(deleted.status < 300, "deleting the imported account answered {}", deleted.status);
        Ok(())
    });
}
