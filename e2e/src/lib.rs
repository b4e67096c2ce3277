//! End-to-end tests of the console as it ships: the release build (`dist/`)
//! served by Debian's nginx with the configuration of `deploy/nginx/` (only
//! ports, paths, the upstream and the token substituted), which forwards
//! `/api/` to a sandbox standing in for the vendor and adds the access token.
//! Headless Chromium drives it through chromedriver.
//!
//! A test is one flow, as a person does it: [`flow`] gives it a fresh browser
//! on a [`Page`], and afterwards fails it for any CSP violation, uncaught
//! exception or `console.error` in the browser log ([`browser_log`]) and for
//! any serious or critical axe-core finding ([`a11y`]) on the pages the flow
//! [checked](Page::check). Controls are found by role and accessible name
//! ([`Page::find`]), never by id or class.
//!
//! The servers start once per run ([`harness`]) and stop when the test
//! process ends, however it ends.

pub mod a11y;
pub mod browser_log;
pub mod bundle;
pub mod harness;
pub mod http;
pub mod nginx;
mod page;

use std::{
    panic::{AssertUnwindSafe, catch_unwind},
    sync::{Mutex, PoisonError},
};

/// A flow's errors say what went wrong for a person reading the test
/// output: `ensure!` for a check, `.context(...)` to say what was being done.
pub use anyhow::{Context, Result, bail, ensure};
pub use fantoccini::key::Key;
pub use page::{Page, Role};

/// Flows run one at a time: one browser at a time is all two cores take, and
/// the sandbox's data is shared.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs one flow in a fresh browser against the shared servers, then checks
/// the browser log; panics (fails the test) with everything that went wrong.
/// `name` names its failure screenshot.
pub fn flow<F>(name: &str, body: F)
where
    F: AsyncFnOnce(&mut Page) -> Result<()>,
{
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    let harness = match harness::Harness::get() {
        Ok(harness) => harness,
        Err(message) => panic!("the end-to-end servers did not start:\n{message}"),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => panic!("cannot start a tokio runtime: {error}"),
    };
    let mut problems = Vec::new();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        runtime.block_on(async {
            let mut page = Page::open(harness, name).await?;
            let result = body(&mut page).await;
            if let Err(error) = &result {
                problems.push(format!("the flow failed: {error:#}"));
                page.screenshot_failure().await;
            }
            problems.extend(page.finish().await);
            Ok::<(), anyhow::Error>(())
        })
    }));
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => problems.push(format!("{error:#}")),
        Err(panic) => problems.push(format!("the flow panicked: {}", panic_message(&panic))),
    }
    if !problems.is_empty() {
        panic!("{name}:\n- {}", problems.join("\n- "));
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".to_string())
}
