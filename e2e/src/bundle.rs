//! The files of the release build as `scripts/split-dist.sh` lists them in
//! `dist/bundle.json`, the one place that names them: what the console
//! downloads at start, and the chunks of its split pages.

use std::{collections::BTreeMap, fs, path::Path};

use serde::Deserialize;

use crate::{Context, Result, harness::Harness};

/// `dist/bundle.json`. File names are relative to `dist/`.
#[derive(Debug, Deserialize)]
pub struct Bundle {
    /// Downloaded before the console shows the list: its script, the main
    /// wasm, the chunk loader and the stylesheet.
    pub start: Vec<String>,
    /// The module of each split point (a page), by its name in `src/app/mod.rs`.
    pub pages: BTreeMap<String, String>,
    /// Every module downloaded later: the pages' and the code they share.
    pub chunks: Vec<String>,
}

impl Bundle {
    /// The bundle of the build in `dist`.
    pub fn read(dist: &Path) -> Result<Bundle> {
        let path = dist.join("bundle.json");
        let text = fs::read_to_string(&path).with_context(|| format!("{} (make console writes it)", path.display()))?;
        serde_json::from_str(&text).with_context(|| path.display().to_string())
    }

    /// The bundle of the build the end-to-end servers serve; panics, as a
    /// test's setup does, when there is none.
    pub fn served() -> Bundle {
        let dist = match Harness::get() {
            Ok(harness) => harness.repo.join("dist"),
            Err(message) => panic!("the end-to-end servers did not start:\n{message}"),
        };
        Bundle::read(&dist).unwrap_or_else(|error| panic!("{error:#}"))
    }

    /// Every file it names, at start and later.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.start.iter().chain(&self.chunks).map(String::as_str)
    }

    /// The module of the split point `name`.
    pub fn page(&self, name: &str) -> &str {
        self.pages.get(name).unwrap_or_else(|| panic!("dist/bundle.json names no split point {name}"))
    }
}
