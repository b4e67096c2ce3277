//! Accessibility checks with axe-core (npm, pinned in scripts/setup.sh and
//! installed into `.tools/`), injected into the page with WebDriver's
//! executeScript, which the page's CSP does not govern.
//!
//! Every [checked](crate::Page::check) page and open dialog runs the WCAG
//! 2.0, 2.1 and 2.2 A and AA rules, in the light and the dark colour scheme;
//! a serious or critical violation fails the flow, lesser ones are printed.

use serde::Deserialize;

/// The axe-core rule tags a page is held to.
pub const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Whether the page has axe already (a client-side route change keeps it).
pub const PRESENT: &str = "return !!window.axe;";

/// The script that defines `window.axe`: axe.min.js itself, as the body of
/// the executed function (wrapping it in `eval` would meet the page's CSP).
pub fn inject(axe_source: &str) -> String {
    format!("{axe_source}\n;return !!window.axe;")
}

/// Runs axe on the document; answers `{violations}` or `{error}`.
pub const RUN: &str = r#"
const [tags, done] = [arguments[0], arguments[arguments.length - 1]];
axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
  .then(result => done({ violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html.slice(0, 300),
                                 summary: n.failureSummary || '' })) })) }))
  .catch(error => done({ error: String(error) }));
"#;

/// One rule broken somewhere on the page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Violation {
    pub id: String,
    #[serde(default)]
    pub impact: Option<String>,
    pub help: String,
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    pub nodes: Vec<Node>,
}

/// One element that breaks it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Node {
    pub target: String,
    pub html: String,
    pub summary: String,
}

/// What axe answered.
#[derive(Debug, Clone, Deserialize)]
pub struct Outcome {
    #[serde(default)]
    pub violations: Vec<Violation>,
    #[serde(default)]
    pub error: Option<String>,
}

impl Violation {
    /// Serious and critical violations fail a flow.
    pub fn fails(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }

    /// The violation with its elements, for the test output.
    pub fn describe(&self, page: &str) -> String {
        let nodes: Vec<String> = self
            .nodes
            .iter()
            .map(|n| format!("    {} — {}\n      {}", n.target, n.html, n.summary.replace('\n', "\n      ")))
            .collect();
        format!(
            "axe {} ({}) on {page}: {} <{}>\n{}",
            self.id,
            self.impact.as_deref().unwrap_or("no impact"),
            self.help,
            self.help_url,
            nodes.join("\n")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_serious_and_critical_violations_fail_a_flow() {
        let answer = r#"{"violations": [
            {"id": "color-contrast", "impact": "serious", "help": "h", "helpUrl": "u", "nodes": []},
            {"id": "region", "impact": "moderate", "help": "h", "helpUrl": "u", "nodes": []},
            {"id": "aria-dialog-name", "impact": "critical", "help": "h", "helpUrl": "u", "nodes": []},
            {"id": "x", "impact": null, "help": "h", "helpUrl": "u", "nodes": []}
        ]}"#;
        let outcome: Outcome = serde_json::from_str(answer).unwrap();
        let failing: Vec<_> = outcome.violations.iter().filter(|v| v.fails()).map(|v| v.id.as_str()).collect();
        assert_eq!(failing, ["color-contrast", "aria-dialog-name"]);
    }

    #[test]
    fn a_violation_names_its_elements() {
        let violation = Violation {
            id: "label".into(),
            impact: Some("critical".into()),
            help: "Form elements must have labels".into(),
            help_url: "https://example/label".into(),
            nodes: vec![Node {
                target: "#q".into(),
                html: "<input id=\"q\">".into(),
                summary: "Fix: add a label".into(),
            }],
        };
        let text = violation.describe("accounts (dark)");
        assert!(text.contains("axe label (critical) on accounts (dark)"), "{text}");
        assert!(text.contains("#q — <input id=\"q\">"), "{text}");
    }
}
