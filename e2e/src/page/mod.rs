//! One browser session, as a flow drives it: find controls by role and
//! accessible name ([`find`]), act on them by mouse or keyboard
//! ([`keyboard`]), wait for what a person waits for, and check pages (axe,
//! reflow, screenshots in both colour schemes, the browser log: [`check`]).

mod check;
mod command;
mod find;
mod keyboard;

use std::{
    collections::BTreeSet,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

pub use find::Role;

use crate::{
    browser_log::{self, Entry, ExpectedHttpError, Verdict},
    harness::Harness,
};

/// How long a flow waits for something a person would wait for.
const PATIENCE: Duration = Duration::from_secs(15);
/// The browser window: flows run at the widest of [`check::WIDTHS`].
const WINDOW: &str = "--window-size=1400,900";
/// Chromium as this closed machine needs it (see the preamble of
/// scripts/setup.sh): no sandbox in a container, no background traffic.
const CHROMIUM_ARGS: [&str; 7] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// What finds controls by role and name, reads focus and live regions in
/// the page (run with WebDriver executeScript).
const ROLES_JS: &str = include_str!("roles.js");

/// A browser session on the console, for one flow.
#[derive(Debug)]
pub struct Page {
    client: Client,
    harness: &'static Harness,
    flow: String,
    expected_http_errors: Vec<ExpectedHttpError>,
    log: Vec<Entry>,
    reported: BTreeSet<String>,
    problems: Vec<String>,
    notes: Vec<String>,
}

impl Page {
    /// A fresh browser (empty storage), on no page yet.
    pub(crate) async fn open(harness: &'static Harness, flow: &str) -> Result<Page> {
        let mut args: Vec<&str> = CHROMIUM_ARGS.to_vec();
        args.push(WINDOW);
        let downloads = downloads_dir(harness, flow);
        std::fs::create_dir_all(&downloads).with_context(|| downloads.display().to_string())?;
        let capabilities = json!({
            "browserName": "chrome",
            "acceptInsecureCerts": true,
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "args": args,
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        });
        let Value::Object(capabilities) = capabilities else { unreachable!("an object literal") };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&harness.webdriver)
            .await
            .context("cannot open a browser")?;
        Ok(Page {
            client,
            harness,
            flow: flow.to_string(),
            expected_http_errors: Vec::new(),
            log: Vec::new(),
            reported: BTreeSet::new(),
            problems: Vec::new(),
            notes: Vec::new(),
        })
    }

    /// The servers of this run.
    pub fn harness(&self) -> &'static Harness {
        self.harness
    }

    /// The WebDriver client, for what the helpers here do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `path` of the console (`/accounts`), as typing it in the address bar.
    pub async fn goto(&self, path: &str) -> Result<()> {
        Ok(self.client.goto(&format!("{}{path}", self.harness.origin)).await?)
    }

    /// The path and query of the page shown, e.g. `/accounts?page=2`.
    pub async fn location(&self) -> Result<String> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        })
    }

    /// Waits until the page shows `path_prefix` (client-side routing).
    pub async fn wait_for_location(&self, path_prefix: &str) -> Result<String> {
        let started = Instant::now();
        loop {
            let now = self.location().await?;
            if now.starts_with(path_prefix) {
                return Ok(now);
            }
            if started.elapsed() > PATIENCE {
                bail!("the page stayed at {now}, not {path_prefix}…");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Goes back in history, as the browser's Back button.
    pub async fn back(&self) -> Result<()> {
        Ok(self.client.back().await?)
    }

    /// Clicks the `role` named `name`.
    pub async fn click(&self, role: Role, name: &str) -> Result<()> {
        let element = self.find(role, name).await?;
        element.click().await.with_context(|| format!("clicking the {role} {name:?}"))
    }

    /// Clears the text field named `label` and types `text` into it.
    pub async fn fill(&self, label: &str, text: &str) -> Result<()> {
        let field = self.text_field(label).await?;
        field.clear().await?;
        field.send_keys(text).await.with_context(|| format!("typing into {label:?}"))
    }

    /// Picks the option `option` of the select named `label`.
    pub async fn select(&self, label: &str, option: &str) -> Result<()> {
        let select = self.find(Role::Combobox, label).await?;
        select.select_by_label(option).await.with_context(|| format!("choosing {option:?} in {label:?}"))
    }

    /// The current value of the text field named `label`.
    pub async fn value_of(&self, label: &str) -> Result<String> {
        let field = self.text_field(label).await?;
        Ok(field.prop("value").await?.unwrap_or_default())
    }

    /// Waits for the file the page downloads next (a CSV export, a report of
    /// failures) and answers its name and content.
    pub async fn wait_for_download(&self) -> Result<(String, String)> {
        let dir = downloads_dir(self.harness, &self.flow);
        let started = Instant::now();
        loop {
            let done = std::fs::read_dir(&dir)?
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.path())
                // Not Chromium's partial files: `x.csv.crdownload` and its
                // hidden `.org.chromium.Chromium.*` before it is named.
                .find(|path| {
                    let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
                    !hidden && path.extension().is_none_or(|ext| ext != "crdownload")
                });
            if let Some(path) = done {
                let content = std::fs::read_to_string(&path)?;
                std::fs::remove_file(&path)?;
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                return Ok((name, content));
            }
            if started.elapsed() > PATIENCE {
                bail!("nothing was downloaded into {}", dir.display());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the page's text contains `text`.
    pub async fn wait_for_text(&self, text: &str) -> Result<()> {
        let started = Instant::now();
        loop {
            let shown = self.client.execute("return document.body.innerText;", vec![]).await?;
            if shown.as_str().is_some_and(|shown| shown.contains(text)) {
                return Ok(());
            }
            if started.elapsed() > PATIENCE {
                bail!("the page never said {text:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until a live region (role alert or status, or aria-live) says
    /// something containing `text`: what a screen reader announces.
    pub async fn wait_for_announcement(&self, text: &str) -> Result<()> {
        let started = Instant::now();
        let script = format!("{ROLES_JS}\nreturn announcements();");
        loop {
            let said: Vec<String> =
                serde_json::from_value(self.client.execute(&script, vec![]).await?).unwrap_or_default();
            if said.iter().any(|s| s.contains(text)) {
                return Ok(());
            }
            if started.elapsed() > PATIENCE {
                bail!("no alert or live region said {text:?}; they said {said:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Records a problem that fails the flow at its end, once.
    pub fn problem(&mut self, problem: String) {
        if !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }

    /// Says that the flow provokes `status` on a URL containing `url_part`
    /// on purpose: its network line in the browser log is expected.
    pub fn expect_http_error(&mut self, status: u16, url_part: &str) {
        self.expected_http_errors.push(ExpectedHttpError { status, url_part: url_part.to_string() });
    }

    /// Runs `script` in the page (WebDriver executeScript).
    pub async fn script(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// The console's session id (sessionStorage `account-admin.session`), for
    /// the sandbox's fault control.
    pub async fn console_session_id(&self) -> Result<String> {
        let id = self
            .script(
                "const s = sessionStorage.getItem('account-admin.session'); return s && JSON.parse(s).sessionId;",
                vec![],
            )
            .await?;
        id.as_str().map(str::to_string).context("the console holds no session")
    }

    /// A screenshot named after the failed flow, for the person reading why.
    pub(crate) async fn screenshot_failure(&self) {
        if let Ok(png) = self.client.screenshot().await {
            let name = slug(&self.flow);
            let _ = std::fs::write(self.harness.screenshots.join(format!("failed-{name}.png")), png);
        }
    }

    /// Ends the session; answers what fails the flow (axe findings, browser
    /// log problems) and prints the rest.
    pub(crate) async fn finish(mut self) -> Vec<String> {
        if let Err(error) = self.read_log().await {
            self.problems.push(format!("cannot read the browser log: {error:#}"));
        }
        for entry in &self.log {
            let line =
                format!("browser log {} [{}]: {}", entry.level, entry.source.as_deref().unwrap_or("?"), entry.message);
            match browser_log::judge(entry, &self.expected_http_errors) {
                Verdict::Problem if !self.problems.contains(&line) => self.problems.push(line),
                Verdict::Problem => {}
                Verdict::Note => self.notes.push(line),
                Verdict::Expected | Verdict::Fine => {}
            }
        }
        let mut printed = BTreeSet::new();
        for note in self.notes.iter().filter(|note| printed.insert(*note)) {
            eprintln!("note ({}): {note}", self.flow);
        }
        if let Err(error) = self.client.close().await {
            eprintln!("note ({}): the browser did not close: {error}", self.flow);
        }
        self.problems
    }
}

/// Where a flow's browser saves downloads: `target/e2e/run/downloads/<flow>/`.
fn downloads_dir(harness: &Harness, flow: &str) -> std::path::PathBuf {
    harness.work.join("downloads").join(slug(flow))
}

/// A flow's name as a file name.
fn slug(flow: &str) -> String {
    flow.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
}
