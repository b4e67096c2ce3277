//! One browser session, as a flow drives it: find controls by role and
//! accessible name, act on them by mouse or keyboard, wait for what a person
//! waits for, and check pages (axe, screenshots in both colour schemes).

use std::{
    collections::BTreeSet,
    fmt,
    time::{Duration, Instant},
};

use fantoccini::{
    Client, ClientBuilder,
    actions::{InputSource, KeyAction, KeyActions},
    elements::{Element, ElementRef},
    key::Key,
    wd::WebDriverCompatibleCommand,
};
use serde_json::{Value, json};

use crate::{
    Error, Result, a11y,
    browser_log::{self, Entry, ExpectedHttpError, Verdict},
    harness::Harness,
};

/// How long a flow waits for something a person would wait for.
const PATIENCE: Duration = Duration::from_secs(15);
/// The browser window: flows run at the widest of [`WIDTHS`].
const WINDOW: &str = "--window-size=1400,900";
/// The widths every checked page is screenshot at (a wide desktop, a small
/// laptop or tablet, a phone), with the height of the viewport at each.
pub const WIDTHS: [(u32, u32); 3] = [(1400, 900), (1024, 768), (390, 844)];
/// The widths axe runs at too: the widest and the narrowest layout.
const AXE_WIDTHS: [u32; 2] = [1400, 390];
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

const ROLES_JS: &str = include_str!("roles.js");

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

/// An ARIA role, as [`Page::find`] looks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Alert,
    AlertDialog,
    Button,
    Cell,
    Checkbox,
    ColumnHeader,
    Combobox,
    Dialog,
    Heading,
    Link,
    ListItem,
    Navigation,
    Option,
    Radio,
    Region,
    Row,
    Searchbox,
    Spinbutton,
    Status,
    Table,
    Textbox,
}

impl Role {
    /// The role's name in ARIA (and in WebDriver's computedrole).
    pub fn aria(self) -> &'static str {
        match self {
            Role::Alert => "alert",
            Role::AlertDialog => "alertdialog",
            Role::Button => "button",
            Role::Cell => "cell",
            Role::Checkbox => "checkbox",
            Role::ColumnHeader => "columnheader",
            Role::Combobox => "combobox",
            Role::Dialog => "dialog",
            Role::Heading => "heading",
            Role::Link => "link",
            Role::ListItem => "listitem",
            Role::Navigation => "navigation",
            Role::Option => "option",
            Role::Radio => "radio",
            Role::Region => "region",
            Role::Row => "row",
            Role::Searchbox => "searchbox",
            Role::Spinbutton => "spinbutton",
            Role::Status => "status",
            Role::Table => "table",
            Role::Textbox => "textbox",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.aria())
    }
}

/// How a name is matched.
#[derive(Debug, Clone, Copy)]
enum Match {
    Exact,
    Contains,
}

/// What has keyboard focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    pub role: Option<String>,
    pub name: String,
    /// Whether the focused element shows it (`:focus-visible` with an
    /// outline or a box shadow).
    pub visible: bool,
    /// Its start tag, to say which element it is.
    pub html: String,
}

impl fmt::Display for Focus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.role {
            Some(role) => write!(f, "the {role} {:?} {}", self.name, self.html),
            None => write!(f, "{} (no role)", self.html),
        }
    }
}

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
        std::fs::create_dir_all(&downloads).map_err(|e| Error(format!("{}: {e}", downloads.display())))?;
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
            .await?;
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
                return Err(Error(format!("the page stayed at {now}, not {path_prefix}…")));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Goes back in history, as the browser's Back button.
    pub async fn back(&self) -> Result<()> {
        Ok(self.client.back().await?)
    }

    /// Waits for a rendered element of `role` named exactly `name`.
    pub async fn find(&self, role: Role, name: &str) -> Result<Element> {
        self.find_by(role, name, Match::Exact, None).await
    }

    /// Waits for a rendered element of `role` whose name contains `part`.
    pub async fn find_containing(&self, role: Role, part: &str) -> Result<Element> {
        self.find_by(role, part, Match::Contains, None).await
    }

    /// Waits for an element of `role` named `name` inside `scope` (a dialog, a row).
    pub async fn find_in(&self, scope: &Element, role: Role, name: &str) -> Result<Element> {
        self.find_by(role, name, Match::Exact, Some(scope)).await
    }

    /// Waits for an element of `role` inside `scope` whose name contains `part`.
    pub async fn find_in_containing(&self, scope: &Element, role: Role, part: &str) -> Result<Element> {
        self.find_by(role, part, Match::Contains, Some(scope)).await
    }

    /// Waits for the `role` named `name` and checks that it is disabled (a
    /// control the user's role may not use); answers its `title`, the
    /// reason a pointer user sees, if it has one.
    pub async fn expect_disabled(&self, role: Role, name: &str) -> Result<Option<String>> {
        let element = self.find(role, name).await?;
        if element.is_enabled().await? {
            return Err(Error(format!("the {role} {name:?} is enabled")));
        }
        Ok(element.attr("title").await?.filter(|title| !title.trim().is_empty()))
    }

    /// The file input labelled `label` (a file input has no ARIA role, so
    /// it is found by its label's text, as a person finds it).
    pub async fn file_input(&self, label: &str) -> Result<Element> {
        let script = "const text = arguments[0];
            const label = [...document.querySelectorAll('label')]
                .find(l => l.textContent.replace(/\\s+/g, ' ').trim() === text);
            const input = label && label.control;
            return input && input.type === 'file' ? input : null;";
        let started = Instant::now();
        loop {
            let answer = self.client.execute(script, vec![json!(label)]).await?;
            if let Some(input) = self.element(&answer) {
                return Ok(input);
            }
            if started.elapsed() > PATIENCE {
                return Err(Error(format!("no file input labelled {label:?} appeared")));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Whether a rendered element of `role` named `name` is there now.
    pub async fn is_shown(&self, role: Role, name: &str) -> Result<bool> {
        Ok(!self.query(role, name, Match::Exact, None).await?.0.is_empty())
    }

    /// Waits until no rendered element of `role` is named `name`.
    pub async fn wait_gone(&self, role: Role, name: &str) -> Result<()> {
        let started = Instant::now();
        while self.is_shown(role, name).await? {
            if started.elapsed() > PATIENCE {
                return Err(Error(format!("the {role} {name:?} is still there")));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// The names of every rendered element of `role`, in document order.
    pub async fn names(&self, role: Role) -> Result<Vec<String>> {
        Ok(self.query(role, "", Match::Contains, None).await?.1)
    }

    /// Clicks the `role` named `name`.
    pub async fn click(&self, role: Role, name: &str) -> Result<()> {
        let element = self.find(role, name).await?;
        element.click().await.map_err(|e| Error(format!("clicking the {role} {name:?}: {e}")))
    }

    /// Clears the text field named `label` and types `text` into it.
    pub async fn fill(&self, label: &str, text: &str) -> Result<()> {
        let field = self.text_field(label).await?;
        field.clear().await?;
        field.send_keys(text).await.map_err(|e| Error(format!("typing into {label:?}: {e}")))
    }

    /// Picks the option `option` of the select named `label`.
    pub async fn select(&self, label: &str, option: &str) -> Result<()> {
        let select = self.find(Role::Combobox, label).await?;
        select.select_by_label(option).await.map_err(|e| Error(format!("choosing {option:?} in {label:?}: {e}")))
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
                return Err(Error(format!("nothing was downloaded into {}", dir.display())));
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
                return Err(Error(format!("the page never said {text:?}")));
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
                return Err(Error(format!("no alert or live region said {text:?}; they said {said:?}")));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The texts of the column headed `header` of the table shown, top to bottom.
    pub async fn column(&self, header: &str) -> Result<Vec<String>> {
        let script = format!("{ROLES_JS}\nreturn column(arguments[0]);");
        let texts = self.client.execute(&script, vec![json!(header)]).await?;
        serde_json::from_value(texts).map_err(|_| Error(format!("no table with a column headed {header:?}")))
    }

    /// Waits until a table shows rows, and answers its column headed `header`.
    pub async fn wait_for_column(&self, header: &str) -> Result<Vec<String>> {
        let started = Instant::now();
        loop {
            let script = format!("{ROLES_JS}\nreturn column(arguments[0]);");
            let texts = self.client.execute(&script, vec![json!(header)]).await?;
            if let Ok(texts) = serde_json::from_value::<Vec<String>>(texts)
                && !texts.is_empty()
            {
                return Ok(texts);
            }
            if started.elapsed() > PATIENCE {
                return Err(Error(format!("no table with rows under a column headed {header:?} appeared")));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses one key on whatever has focus (Tab, Enter, Escape…).
    pub async fn press(&self, key: Key) -> Result<()> {
        self.keys(&[char::from(key)]).await
    }

    /// Presses Shift+Tab.
    pub async fn press_shift_tab(&self) -> Result<()> {
        let (shift, tab) = (char::from(Key::Shift), char::from(Key::Tab));
        let actions = KeyActions::new("keyboard".to_string())
            .then(KeyAction::Down { value: shift })
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab })
            .then(KeyAction::Up { value: shift });
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Types `text` on whatever has focus, key by key.
    pub async fn type_text(&self, text: &str) -> Result<()> {
        let keys: Vec<char> = text.chars().collect();
        self.keys(&keys).await
    }

    async fn keys(&self, keys: &[char]) -> Result<()> {
        let mut actions = KeyActions::new("keyboard".to_string());
        for &value in keys {
            actions = actions.then(KeyAction::Down { value }).then(KeyAction::Up { value });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// What has keyboard focus now.
    pub async fn focused(&self) -> Result<Focus> {
        let script = format!("{ROLES_JS}\nreturn focused();");
        let answer = self.client.execute(&script, vec![]).await?;
        Ok(Focus {
            role: answer["role"].as_str().map(str::to_string),
            name: answer["name"].as_str().unwrap_or_default().to_string(),
            visible: answer["visible"].as_bool().unwrap_or(false),
            html: answer["html"].as_str().unwrap_or_default().to_string(),
        })
    }

    /// Presses Tab until the `role` named `name` has focus (at most `limit`
    /// presses); answers the number of presses. Every stop must show its
    /// focus: one that does not, or that has no role, fails the flow at the
    /// end (the flow goes on, to find what else there is).
    pub async fn tab_to(&mut self, role: Role, name: &str, limit: usize) -> Result<usize> {
        let mut path = Vec::new();
        for presses in 1..=limit {
            self.press(Key::Tab).await?;
            let focus = self.focused().await?;
            if focus.html == "<body>" {
                self.problem(format!(
                    "Tab number {presses} towards the {role} {name:?} left the page for the browser: focus had \
                     been lost (its element went away?), so Tab went on from the end of the document"
                ));
            } else if !focus.visible {
                self.problem(format!(
                    "Tab reached {focus}, which shows no focus (no :focus-visible outline or shadow)"
                ));
            } else if focus.role.is_none() {
                self.problem(format!("Tab reached {focus}, which a screen reader cannot name"));
            }
            if focus.role.as_deref() == Some(role.aria()) && focus.name == name {
                return Ok(presses);
            }
            path.push(focus.to_string());
        }
        Err(Error(format!("{limit} Tabs never reached the {role} {name:?}; they went:\n  {}", path.join("\n  "))))
    }

    /// Checks that the `role` named `name` has focus (a dialog gave focus to
    /// its safe button, or gave it back on closing). When not, the flow
    /// fails at the end but goes on.
    pub async fn expect_focus(&mut self, role: Role, name: &str) -> Result<()> {
        let started = Instant::now();
        loop {
            let focus = self.focused().await?;
            if focus.role.as_deref() == Some(role.aria()) && focus.name == name {
                return Ok(());
            }
            // Focus moves after the render that shows or hides a dialog.
            if started.elapsed() > Duration::from_secs(2) {
                self.problem(format!("focus is on {focus}, not the {role} {name:?}"));
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Checks that a modal dialog keeps focus: `presses` Tabs forward and as
    /// many Shift+Tabs back never reach the page behind `dialog` (between the
    /// last control and the first, Tab stops in the browser's own controls,
    /// where the page sees its body focused). When one does, the flow fails
    /// at the end but goes on.
    pub async fn expect_focus_trapped(&mut self, dialog: &Element, what: &str, presses: usize) -> Result<()> {
        let scope = serde_json::to_value(dialog).map_err(|e| Error(e.to_string()))?;
        for backwards in [false, true] {
            for press in 1..=presses {
                if backwards {
                    self.press_shift_tab().await?;
                } else {
                    self.press(Key::Tab).await?;
                }
                let inside = self
                    .client
                    .execute(
                        "const focus = document.activeElement; return focus === document.body || arguments[0].contains(focus);",
                        vec![scope.clone()],
                    )
                    .await?;
                if inside != Value::Bool(true) {
                    let focus = self.focused().await?;
                    let key = if backwards { "Shift+Tab" } else { "Tab" };
                    self.problem(format!(
                        "{key} number {press} left {what} for {focus}: the dialog does not keep focus"
                    ));
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Puts focus on `element` by script: to carry on after a focus check
    /// failed, never instead of a person's way there.
    pub async fn focus(&self, element: &Element) -> Result<()> {
        let element = serde_json::to_value(element).map_err(|e| Error(e.to_string()))?;
        self.client.execute("arguments[0].focus();", vec![element]).await?;
        Ok(())
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
        id.as_str().map(str::to_string).ok_or_else(|| Error("the console holds no session".into()))
    }

    /// Checks the page as it is now, named `name` (e.g. `accounts`, or
    /// `account-detail-unlink-dialog` with a dialog open): at each of
    /// [`WIDTHS`], in the light and the dark colour scheme, a screenshot into
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
                std::fs::write(&path, png).map_err(|e| Error(format!("{}: {e}", path.display())))?;
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
                return Err(Error("axe-core did not load into the page".into()));
            }
        }
        let answer = self.client.execute_async(a11y::RUN, vec![json!(a11y::TAGS)]).await?;
        let outcome: a11y::Outcome =
            serde_json::from_value(answer).map_err(|e| Error(format!("axe answered oddly: {e}")))?;
        match outcome.error {
            Some(error) => Err(Error(format!("axe failed: {error}"))),
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
    async fn read_log(&mut self) -> Result<()> {
        let entries = self.client.issue_cmd(SessionCommand::post("se/log", json!({ "type": "browser" }))).await?;
        let entries: Vec<Entry> =
            serde_json::from_value(entries).map_err(|e| Error(format!("the browser log reads oddly: {e}")))?;
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
            self.problems.push(format!("cannot read the browser log: {error}"));
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

    async fn text_field(&self, label: &str) -> Result<Element> {
        for role in [Role::Textbox, Role::Searchbox, Role::Spinbutton] {
            if let Some(field) = self.query(role, label, Match::Exact, None).await?.0.into_iter().next() {
                return Ok(field);
            }
        }
        self.find(Role::Textbox, label).await
    }

    async fn find_by(&self, role: Role, name: &str, how: Match, scope: Option<&Element>) -> Result<Element> {
        let started = Instant::now();
        loop {
            let (matches, names) = self.query(role, name, how, scope).await?;
            if let Some(element) = matches.into_iter().next() {
                if let Match::Exact = how {
                    self.confirm_with_browser(&element, role, name).await?;
                }
                return Ok(element);
            }
            if started.elapsed() > PATIENCE {
                let seen = if names.is_empty() { "none".to_string() } else { format!("{names:?}") };
                return Err(Error(format!("no {role} named {name:?} appeared; the {role}s shown: {seen}")));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn query(
        &self,
        role: Role,
        name: &str,
        how: Match,
        scope: Option<&Element>,
    ) -> Result<(Vec<Element>, Vec<String>)> {
        let script = format!("{ROLES_JS}\nreturn find(arguments[0], arguments[1], arguments[2], arguments[3]);");
        let mode = match how {
            Match::Exact => "exact",
            Match::Contains => "contains",
        };
        let scope = match scope {
            Some(element) => serde_json::to_value(element).map_err(|e| Error(e.to_string()))?,
            None => Value::Null,
        };
        let answer = self.client.execute(&script, vec![json!(role.aria()), json!(name), json!(mode), scope]).await?;
        let matches = answer["matches"]
            .as_array()
            .map(|all| all.iter().filter_map(|v| self.element(v)).collect())
            .unwrap_or_default();
        let names = serde_json::from_value(answer["names"].clone()).unwrap_or_default();
        Ok((matches, names))
    }

    /// Chromium's own accessible name and role of `element` must be what the
    /// flow looked for: the test's reading of the markup is checked, not trusted.
    async fn confirm_with_browser(&self, element: &Element, role: Role, name: &str) -> Result<()> {
        let id = element.element_id().to_string();
        let label = self.client.issue_cmd(SessionCommand::get(format!("element/{id}/computedlabel"))).await?;
        let computed_role = self.client.issue_cmd(SessionCommand::get(format!("element/{id}/computedrole"))).await?;
        let label = label.as_str().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
        if label != name {
            return Err(Error(format!("the {role} found as {name:?} is named {label:?} by Chromium")));
        }
        let computed_role = computed_role.as_str().unwrap_or_default();
        if computed_role != role.aria() && !same_role(role, computed_role) {
            return Err(Error(format!("the {role} {name:?} has the role {computed_role:?} in Chromium")));
        }
        Ok(())
    }

    fn element(&self, value: &Value) -> Option<Element> {
        let id = value.as_object()?.values().next()?.as_str()?;
        Some(Element::from_element_id(self.client.clone(), ElementRef::from(id.to_string())))
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

/// Roles Chromium names differently from ARIA for the same thing.
fn same_role(role: Role, computed: &str) -> bool {
    matches!((role, computed), (Role::Textbox, "textbox" | "searchbox") | (Role::Row, "row"))
}

/// A chromedriver command under `/session/{id}/` that fantoccini has no method for.
#[derive(Debug)]
struct SessionCommand {
    method: http::Method,
    path: String,
    body: Option<Value>,
}

impl SessionCommand {
    fn get(path: String) -> Self {
        SessionCommand { method: http::Method::GET, path, body: None }
    }

    fn post(path: &str, body: Value) -> Self {
        SessionCommand { method: http::Method::POST, path: path.to_string(), body: Some(body) }
    }
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/{}", session_id.unwrap_or_default(), self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (self.method.clone(), self.body.as_ref().map(Value::to_string))
    }
}
