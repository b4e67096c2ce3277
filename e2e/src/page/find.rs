//! Finding controls as a person does: by ARIA role and accessible name
//! (`roles.js` reads the markup), each exact match confirmed by Chromium's
//! own computed role and label; and reading what tables show.

use std::{
    fmt,
    time::{Duration, Instant},
};

use anyhow::{Result, anyhow, bail};
use fantoccini::elements::{Element, ElementRef};
use serde_json::{Value, json};

use super::{PATIENCE, Page, ROLES_JS, command::SessionCommand};

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

impl Page {
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
            bail!("the {role} {name:?} is enabled");
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
                bail!("no file input labelled {label:?} appeared");
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
                bail!("the {role} {name:?} is still there");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// The names of every rendered element of `role`, in document order.
    pub async fn names(&self, role: Role) -> Result<Vec<String>> {
        Ok(self.query(role, "", Match::Contains, None).await?.1)
    }

    /// The texts of the column headed `header` of the table shown, top to bottom.
    pub async fn column(&self, header: &str) -> Result<Vec<String>> {
        let script = format!("{ROLES_JS}\nreturn column(arguments[0]);");
        let texts = self.client.execute(&script, vec![json!(header)]).await?;
        serde_json::from_value(texts).map_err(|_| anyhow!("no table with a column headed {header:?}"))
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
                bail!("no table with rows under a column headed {header:?} appeared");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub(super) async fn text_field(&self, label: &str) -> Result<Element> {
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
                bail!("no {role} named {name:?} appeared; the {role}s shown: {seen}");
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
            Some(element) => serde_json::to_value(element)?,
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
            bail!("the {role} found as {name:?} is named {label:?} by Chromium");
        }
        let computed_role = computed_role.as_str().unwrap_or_default();
        if computed_role != role.aria() && !same_role(role, computed_role) {
            bail!("the {role} {name:?} has the role {computed_role:?} in Chromium");
        }
        Ok(())
    }

    fn element(&self, value: &Value) -> Option<Element> {
        let id = value.as_object()?.values().next()?.as_str()?;
        Some(Element::from_element_id(self.client.clone(), ElementRef::from(id.to_string())))
    }
}

/// Roles Chromium names differently from ARIA for the same thing.
fn same_role(role: Role, computed: &str) -> bool {
    matches!((role, computed), (Role::Textbox, "textbox" | "searchbox") | (Role::Row, "row"))
}
