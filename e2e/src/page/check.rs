//! Checking a page as it is: screenshots at three widths in both colour
//! schemes, axe-core, reflow, through Chromium's DevTools protocol where
//! WebDriver has no command; and reading the browser log.

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};

use super::{Page, command::SessionCommand};
use crate::{
    a11y,
    browser_log::{self, Entry, Verdict},
};

/// The widths every checked page is screenshot at (a wide desktop, a small
/// laptop or tablet, a phone), with the height of the viewport at each.
pub const WIDTHS: [(u32, u32); 3] = [(1400, 900), (1024, 768), (390, 844)];
/// The widths axe runs at too: the widest and the narrowest layout.
const AXE_WIDTHS: [u32; 2] = [1400, 390];

/// Whether the page scrolls sideways; answers the start tags of the
/// outermost elements that stick out past its width (inside a box that
/// scrolls or clips on its own, nothing counts).
const REFLOW_JS: &str = r#"
const root = document.documentElement, width = root.clientWidth;
if (root.scrollWidth <= width) return [];
const clipped = el => {
  for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
    if (getComputedStyle(up).overflowX !== 'visible') return true;
  }
  return false;
};
const out = new Set([...document.body.querySelectorAll('*')].filter(el => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.right > width + 1 && !clipped(el);
}));
return [...out].filter(el => !out.has(el.parentElement)).slice(0, 5)
  .map(el => `${el.outerHTML.slice(0, el.outerHTML.indexOf('>') + 1)} reaches ${Math.round(el.getBoundingClientRect().right)} px of ${width}`);
"#;

impl Page {
    /// Checks the page as it is now, named `name` (e.g. `accounts`, or
    /// `account-detail-unlink-dialog` with a dialog open): at each of
    /// `WIDTHS`, in the light and the dark colour scheme, a screenshot into
    /// `target/e2e-screenshots/{name}-{width}-{light,dark}.png` and axe-core
    /// (at the widest and the narrowest width); then the browser log so far.
    pub async fn check(&mut self, name: &str) -> Result<()> {
        for (width, height) in WIDTHS {
            self.viewport(Some((width, height))).await?;
            for scheme in ["light", "dark"] {
                self.color_scheme(scheme).await?;
                if AXE_WIDTHS.contains(&width) {
                    self.run_axe(&format!("{name} ({width} px, {scheme})")).await?;
                }
                if scheme == "light" {
                    self.check_reflow(&format!("{name} ({width} px)")).await?;
                }
                let png = self.client.screenshot().await?;
                let path = self.harness.screenshots.join(format!("{name}-{width}-{scheme}.png"));
                std::fs::write(&path, png).with_context(|| path.display().to_string())?;
            }
        }
        self.viewport(None).await?;
        self.color_scheme("light").await?;
        self.read_log().await
    }

    /// The page must fit its width (WCAG 1.4.10, reflow): wide content such
    /// as a table scrolls inside its own box, never the whole page sideways.
    /// When the page does, the flow fails at the end, naming what sticks out.
    async fn check_reflow(&mut self, page: &str) -> Result<()> {
        let answer = self.client.execute(REFLOW_JS, vec![]).await?;
        if let Some(wide) = answer.as_array().filter(|wide| !wide.is_empty()) {
            let wide: Vec<&str> = wide.iter().filter_map(Value::as_str).collect();
            self.problem(format!("{page} scrolls sideways; what sticks out:\n    {}", wide.join("\n    ")));
        }
        Ok(())
    }

    /// Sends one command of Chromium's DevTools protocol through chromedriver,
    /// `{"cmd": "Network.enable", "params": {}}`, and answers its result.
    pub async fn devtools(&self, command: Value) -> Result<Value> {
        Ok(self.client.issue_cmd(SessionCommand::post("goog/cdp/execute", command)).await?)
    }

    /// Emulates a viewport `width` × `height` CSS pixels wide (Chromium's
    /// DevTools protocol), or the window's own again with `None`.
    pub async fn viewport(&self, size: Option<(u32, u32)>) -> Result<()> {
        let command = match size {
            Some((width, height)) => json!({
                "cmd": "Emulation.setDeviceMetricsOverride",
                "params": { "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false },
            }),
            None => json!({ "cmd": "Emulation.clearDeviceMetricsOverride", "params": {} }),
        };
        self.devtools(command).await?;
        Ok(())
    }

    /// Emulates `prefers-color-scheme` (Chromium's DevTools protocol through
    /// chromedriver), then waits two frames for the page to repaint.
    pub async fn color_scheme(&self, scheme: &str) -> Result<()> {
        let params = json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
        self.devtools(json!({ "cmd": "Emulation.setEmulatedMedia", "params": params })).await?;
        self.client
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        Ok(())
    }

    /// Runs axe-core on the page as it is now (WCAG 2.0–2.2 A and AA) and
    /// answers every violation.
    pub async fn axe(&self) -> Result<Vec<a11y::Violation>> {
        let present = self.client.execute(a11y::PRESENT, vec![]).await?;
        if present != Value::Bool(true) {
            let injected = self.client.execute(&a11y::inject(&self.harness.axe_source), vec![]).await?;
            if injected != Value::Bool(true) {
                bail!("axe-core did not load into the page");
            }
        }
        let answer = self.client.execute_async(a11y::RUN, vec![json!(a11y::TAGS)]).await?;
        let outcome: a11y::Outcome = serde_json::from_value(answer).context("axe answered oddly")?;
        match outcome.error {
            Some(error) => Err(anyhow!("axe failed: {error}")),
            None => Ok(outcome.violations),
        }
    }

    async fn run_axe(&mut self, page: &str) -> Result<()> {
        let violations = self.axe().await?;
        for violation in violations {
            let targets: Vec<&str> = violation.nodes.iter().map(|n| n.target.as_str()).collect();
            if !self.reported.insert(format!("{} {}", violation.id, targets.join(","))) {
                continue;
            }
            if violation.fails() {
                self.problems.push(violation.describe(page));
            } else {
                self.notes.push(violation.describe(page));
            }
        }
        Ok(())
    }

    /// Adds what the browser logged since the last read.
    pub(super) async fn read_log(&mut self) -> Result<()> {
        let entries = self.client.issue_cmd(SessionCommand::post("se/log", json!({ "type": "browser" }))).await?;
        let entries: Vec<Entry> = serde_json::from_value(entries).context("the browser log reads oddly")?;
        self.log.extend(entries);
        Ok(())
    }

    /// The browser log so far, as [`browser_log::judge`] sees each entry:
    /// for a flow that checks the checker.
    pub async fn log_verdicts(&mut self) -> Result<Vec<(Entry, Verdict)>> {
        self.read_log().await?;
        Ok(self.log.iter().map(|e| (e.clone(), browser_log::judge(e, &self.expected_http_errors))).collect())
    }

    /// Forgets the log so far: for a flow that provoked a problem on purpose
    /// to check the checker.
    pub async fn clear_log(&mut self) -> Result<()> {
        self.read_log().await?;
        self.log.clear();
        Ok(())
    }
}
