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
    fmt,
    panic::{AssertUnwindSafe, catch_unwind},
    sync::{Mutex, PoisonError},
};

pub use fantoccini::key::Key;
pub use page::{Page, Role};

/// What went wrong in a flow, said for a person reading the test output.
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<fantoccini::error::CmdError> for Error {
    fn from(error: fantoccini::error::CmdError) -> Self {
        Error(format!("WebDriver: {error}"))
    }
}

impl From<fantoccini::error::NewSessionError> for Error {
    fn from(error: fantoccini::error::NewSessionError) -> Self {
        Error(format!("cannot open a browser: {error}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Error(error.to_string())
    }
}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Error(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Self {
        Error(message.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Fails the flow with a message when `condition` does not hold.
#[macro_export]
macro_rules! ensure {
    ($condition:expr, $($message:tt)+) => {
        if !$condition {
            return Err($crate::Error(format!($($message)+)));
        }
    };
}

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
                problems.push(format!("the flow failed: {error}"));
                page.screenshot_failure().await;
            }
            problems.extend(page.finish().await);
            Ok::<(), Error>(())
        })
    }));
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => problems.push(error.to_string()),
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
