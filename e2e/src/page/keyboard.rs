//! The keyboard, as a person uses it: keys and Tab presses, and what has
//! focus (shown, named, kept inside a modal dialog). A focus problem fails
//! the flow at its end; the flow goes on to find what else there is.

use std::{
    fmt,
    time::{Duration, Instant},
};

use anyhow::{Result, anyhow};
use fantoccini::{
    actions::{InputSource, KeyAction, KeyActions},
    elements::Element,
    key::Key,
};
use serde_json::Value;

use super::{Page, ROLES_JS, Role};

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

impl Page {
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
        Err(anyhow!("{limit} Tabs never reached the {role} {name:?}; they went:\n  {}", path.join("\n  ")))
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
        let scope = serde_json::to_value(dialog)?;
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
        let element = serde_json::to_value(element)?;
        self.client.execute("arguments[0].focus();", vec![element]).await?;
        Ok(())
    }
}
