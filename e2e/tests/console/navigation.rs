//! The main navigation: every page of the console, each checked, the page
//! for an address that is none of them, the pages' code arriving when they
//! first open, and the start: what shows before the console has arrived, or
//! when it cannot.

use account_e2e::{Context, Page, Result, Role, bundle::Bundle, ensure, flow};
use serde_json::json;

use crate::steps;

#[test]
fn the_main_navigation_reaches_every_page_and_marks_the_current_one() {
    flow("navigation", async |page| {
        steps::sign_in(page, "manager").await?;
        // The pages that classification and type management, and import, will
        // turn into forms: their flows add their own checks (see main.rs).
        for (link, heading, shot, path) in [
            ("Classifications", "Classifications", "classifications", "/classifications"),
            ("Types", "Account types", "types", "/types"),
            ("Import", "Import accounts", "import", "/import"),
            ("Accounts", "Accounts", "accounts-again", "/accounts"),
        ] {
            page.click(Role::Link, link).await?;
            page.wait_for_location(path).await?;
            page.find(Role::Heading, heading).await?;
            let current = page.find(Role::Link, link).await?;
            ensure!(
                current.attr("aria-current").await?.as_deref() == Some("page"),
                "the {link} link does not say it is the current page (aria-current)"
            );
            if path != "/accounts" {
                page.check(shot).await?;
            }
        }
        Ok(())
    });
}

#[test]
fn an_unknown_address_shows_a_page_not_found_with_the_way_back() {
    flow("not found", async |page| {
        steps::sign_in(page, "manager").await?;
        page.goto("/nowhere").await?;
        page.find(Role::Heading, "Page not found").await?;
        page.check("not-found").await?;
        page.click(Role::Link, "Go to the accounts").await?;
        steps::accounts_listed(page).await?;
        Ok(())
    });
}

/// The release build leaves the pages other than the list out of the wasm the
/// console starts with (`scripts/split-dist.sh`): the list downloads none of
/// their chunks, and a page's own chunk comes when the page first opens.
#[test]
fn the_list_downloads_no_other_page_and_a_page_downloads_its_code_when_it_opens() {
    let bundle = Bundle::served();
    flow("split pages", async |page| {
        steps::sign_in(page, "manager").await?;
        let at_start = page_chunks(page, &bundle).await?;
        ensure!(at_start.is_empty(), "the list downloaded other pages' code: {at_start:?}");
        page.click(Role::Link, "Import").await?;
        page.find(Role::Heading, "Import accounts").await?;
        let after_import = page_chunks(page, &bundle).await?;
        ensure!(
            after_import.iter().any(|file| file == bundle.page("import")),
            "opening Import downloaded no chunk of its own: {after_import:?}"
        );
        ensure!(
            !after_import.iter().any(|file| file == bundle.page("account_detail")),
            "opening Import downloaded the account page's code: {after_import:?}"
        );
        Ok(())
    });
}

/// The chunks of the bundle (`dist/bundle.json`) this page has downloaded.
async fn page_chunks(page: &Page, bundle: &Bundle) -> Result<Vec<String>> {
    let paths = page
        .script("return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);", vec![])
        .await?;
    let downloaded = paths.as_array().into_iter().flatten().filter_map(|path| path.as_str()?.strip_prefix('/'));
    Ok(downloaded.filter(|file| bundle.chunks.iter().any(|chunk| chunk == file)).map(str::to_string).collect())
}

/// What `index.html` shows at first paint, until the console mounts.
const LOADING: &str = "Loading the account console…";

/// When the loading state (`elementtiming="boot-loading"` in index.html)
/// was painted, and when the wasm finished arriving, in ms since navigation
/// (Element Timing and Resource Timing); -1 for what did not happen in 20 s.
const FIRST_PAINT_JS: &str = r#"
const done = arguments[0];
const seen = {};
const watch = (type, pick, key) => new PerformanceObserver((list) => {
  const entry = list.getEntries().find(pick);
  if (entry) {
    seen[key] = entry.renderTime || entry.responseEnd || entry.loadTime;
    if ("boot" in seen && "wasm" in seen) done([seen.boot, seen.wasm]);
  }
}).observe({ type, buffered: true });
watch("element", (e) => e.identifier === "boot-loading", "boot");
watch("resource", (e) => e.name.endsWith("_bg.wasm"), "wasm");
setTimeout(() => done([seen.boot ?? -1, seen.wasm ?? -1]), 20000);
"#;

/// On a slow link the first paint already says the console is loading, long
/// before its wasm has arrived; a console whose script or wasm cannot
/// download says so with Reload, which starts it once it can.
#[test]
fn the_first_paint_says_loading_and_a_console_that_cannot_download_offers_reload() {
    flow("start", async |page| {
        // The checklist's slow link: 400 ms, 1 Mbit/s.
        let slow =
            json!({ "offline": false, "latency": 400, "downloadThroughput": 125_000, "uploadThroughput": 125_000 });
        page.devtools(json!({ "cmd": "Network.enable", "params": {} })).await?;
        page.devtools(json!({ "cmd": "Network.emulateNetworkConditions", "params": slow })).await?;
        page.goto("/accounts").await?;
        let times = page.client().execute_async(FIRST_PAINT_JS, vec![]).await?;
        let times: Vec<f64> = serde_json::from_value(times).context("timings read oddly")?;
        ensure!(times.len() == 2 && times[0] > 0.0, "the loading state was never painted: {times:?}");
        ensure!(times[0] < times[1], "the loading state came only after the wasm (ms {times:?})");
        page.find(Role::Button, "Sign in").await?;
        ensure!(!page.is_shown(Role::Status, LOADING).await?, "the loading state stayed beside the console");
        let fast = json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
        page.devtools(json!({ "cmd": "Network.emulateNetworkConditions", "params": fast })).await?;

        for blocked in ["*/account-admin-*.js", "*_bg.wasm"] {
            page.devtools(json!({ "cmd": "Network.setBlockedURLs", "params": { "urls": [blocked] } })).await?;
            page.goto("/accounts").await?;
            page.wait_for_announcement("The account console could not be loaded").await?;
            ensure!(
                !page.is_shown(Role::Status, LOADING).await?,
                "{blocked} blocked: still loading beside the failure"
            );
            page.find(Role::Button, "Reload").await?;
            // The blocked download and the failed start, provoked on purpose.
            page.clear_log().await?;
        }
        page.check("start-failed").await?;

        page.devtools(json!({ "cmd": "Network.setBlockedURLs", "params": { "urls": [] } })).await?;
        page.click(Role::Button, "Reload").await?;
        page.find(Role::Button, "Sign in").await?;
        ensure!(!page.is_shown(Role::Button, "Reload").await?, "the failure stayed beside the console");
        Ok(())
    });
}
