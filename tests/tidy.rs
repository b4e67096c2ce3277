//! Tidy: the rules of the codebase that no compiler checks, checked over the
//! whole workspace (after rust-analyzer's `xtask/src/tidy.rs`).
//!
//! - The console's layers import only downward: `platform` < `api` <
//!   `domain` < `routes` < `components` < `pages` < `app`.
//! - A page's model (`pages/<page>/model.rs` or `model/`) is logic without a
//!   browser: no views, no `web_sys`.
//! - Addresses inside the console are written in `src/routes/` alone.
//! - `use super::*` only in test modules.
//! - No source file over 600 lines.

#![cfg(not(target_arch = "wasm32"))]

use std::{
    fs,
    path::{Path, PathBuf},
};

/// The console's layers, lowest first.
const LAYERS: [&str; 7] = ["platform", "api", "domain", "routes", "components", "pages", "app"];

/// What the console's pages are called under `/`: a literal that starts with
/// one of these is an address, which only `src/routes/` may write.
const ROUTE_SEGMENTS: [&str; 4] = ["/accounts", "/classifications", "/types", "/import"];

const MAX_LINES: usize = 600;

/// Source files that are exempt from the length rule, with the reason.
const LONG_FILES: [(&str, &str); 0] = [];

#[test]
fn layers_import_only_from_layers_below() {
    let mut wrong = Vec::new();
    for file in rust_files(&root().join("src")) {
        let relative = file.strip_prefix(root().join("src")).unwrap();
        let Some(own) = layer_of(relative) else { continue };
        for used in crate_paths(non_test_code(&read(&file))) {
            if let Some(used_layer) = LAYERS.iter().position(|layer| *layer == used)
                && used_layer > own
            {
                wrong.push(format!("{}: imports crate::{used} ({} is below it)", relative.display(), LAYERS[own]));
            }
        }
    }
    assert!(wrong.is_empty(), "imports from a higher layer:\n{}", wrong.join("\n"));
}

#[test]
fn page_models_hold_no_views_and_no_browser() {
    let mut wrong = Vec::new();
    for file in rust_files(&root().join("src/pages")) {
        let relative = file.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        if !relative.split('/').any(|part| part == "model" || part == "model.rs") {
            continue;
        }
        let text = read(&file);
        let code = non_test_code(&text);
        for browser in ["view!", "web_sys", "#[component]", "gloo_net"] {
            if code.contains(browser) {
                wrong.push(format!("{relative}: {browser}"));
            }
        }
    }
    assert!(wrong.is_empty(), "a page's model uses the browser:\n{}", wrong.join("\n"));
}

#[test]
fn addresses_are_written_only_in_routes() {
    let mut wrong = Vec::new();
    for file in rust_files(&root().join("src")) {
        let relative = file.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        if relative.starts_with("src/routes/") {
            continue;
        }
        for (number, line) in non_test_code(&read(&file)).lines().enumerate() {
            let literal = |segment: &&str| {
                let quoted = format!("\"{segment}");
                line.match_indices(&quoted).any(|(at, _)| {
                    let after = line[at + quoted.len()..].chars().next();
                    !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
            };
            if ROUTE_SEGMENTS.iter().any(literal) {
                wrong.push(format!("{relative}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(wrong.is_empty(), "addresses written outside src/routes/ (use routes::Page):\n{}", wrong.join("\n"));
}

#[test]
fn glob_imports_of_the_parent_only_in_tests() {
    let mut wrong = Vec::new();
    for file in rust_files(root()) {
        let relative = file.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        // A `tests.rs` is a test module of its own.
        let in_tests_file = file.file_name().is_some_and(|name| name == "tests.rs");
        let mut module = Vec::<&str>::new();
        for (number, line) in read(&file).lines().enumerate() {
            let trimmed = line.trim_start();
            let item =
                ["pub ", "pub(crate) ", "pub(super) "].iter().fold(trimmed, |t, p| t.strip_prefix(p).unwrap_or(t));
            if let Some(name) = item.strip_prefix("mod ").and_then(|rest| rest.strip_suffix(" {")) {
                module.push(name);
            }
            if trimmed.starts_with("use super::*") && !in_tests_file && module.last() != Some(&"tests") {
                wrong.push(format!("{relative}:{}", number + 1));
            }
        }
    }
    assert!(wrong.is_empty(), "`use super::*` outside a test module:\n{}", wrong.join("\n"));
}

#[test]
fn no_source_file_is_longer_than_600_lines() {
    let mut long = Vec::new();
    for file in source_files(root()) {
        let relative = file.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        let lines = read(&file).lines().count();
        if lines > MAX_LINES && !LONG_FILES.iter().any(|(path, _)| *path == relative) {
            long.push(format!("{relative}: {lines} lines"));
        }
    }
    assert!(long.is_empty(), "files over {MAX_LINES} lines (split them by concern):\n{}", long.join("\n"));
}

#[test]
fn the_rules_catch_what_they_are_for() {
    assert_eq!(layer_of(Path::new("api/mod.rs")), Some(1));
    assert_eq!(layer_of(Path::new("pages/import/model/plan.rs")), Some(5));
    assert_eq!(layer_of(Path::new("lib.rs")), None);
    let code = "use crate::{\n    api::ApiClient,\n    domain::{format, messages},\n};\nfn f() { crate::app::start() }";
    assert_eq!(crate_paths(code), ["api", "domain", "app"]);
    let with_tests = "fn a() {}\n#[cfg(test)]\npub mod tests {\n    use crate::app;\n}\n";
    assert_eq!(non_test_code(with_tests), "fn a() {}\n");
    assert_eq!(non_test_code("#[cfg(test)]\nfn helper() {}\n"), "#[cfg(test)]\nfn helper() {}\n");
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The layer of a file under `src/`, by its first folder.
fn layer_of(relative: &Path) -> Option<usize> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    LAYERS.iter().position(|layer| *layer == name)
}

/// The first segment of every `crate::` path, braces opened one level.
fn crate_paths(code: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(group.len(), |(end, _)| end);
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(first_segment(&group[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            found.push(first_segment(&group[start..end]));
        } else {
            found.push(first_segment(rest));
        }
    }
    found.retain(|segment| !segment.is_empty());
    found
}

fn first_segment(path: &str) -> &str {
    let path = path.trim_start();
    let end = path.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(path.len());
    &path[..end]
}

/// The code before the file's test module (by convention its last item).
fn non_test_code(code: &str) -> &str {
    let test_module = code.match_indices("#[cfg(test)]\n").find(|(at, attribute)| {
        let next = code[at + attribute.len()..].lines().next().unwrap_or_default();
        next.ends_with("mod tests {")
    });
    match test_module {
        Some((at, _)) => &code[..at],
        None => code,
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    files(dir).into_iter().filter(|file| file.extension().is_some_and(|ext| ext == "rs")).collect()
}

/// The workspace's own source: Rust, shell, JavaScript, Python and CSS.
fn source_files(dir: &Path) -> Vec<PathBuf> {
    let source = ["rs", "sh", "mjs", "js", "py", "css"];
    files(dir)
        .into_iter()
        .filter(|file| file.extension().and_then(|ext| ext.to_str()).is_some_and(|ext| source.contains(&ext)))
        .collect()
}

/// Every file under `dir` but build output, tools and data.
fn files(dir: &Path) -> Vec<PathBuf> {
    const SKIP: [&str; 7] = ["target", ".git", ".tools", "node_modules", "dist", ".data", "docs"];
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display())) {
            let path = entry.unwrap_or_else(|error| panic!("{}: {error}", dir.display())).path();
            let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
            if path.is_dir() {
                if !SKIP.contains(&name) {
                    stack.push(path);
                }
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
