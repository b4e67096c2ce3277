//! What the sandbox logs: at INFO (the default), one line per request with
//! its method, path (never the query), status and latency; never a header,
//! so never a session id or an access token. `RUST_LOG` asks for more (e.g.
//! `RUST_LOG=debug`) or less (`RUST_LOG=warn`).

use std::{io::IsTerminal, time::Duration};

use axum::{extract::Request, response::Response};
use tower_http::trace::TraceLayer;
use tracing::Span;
use tracing_subscriber::EnvFilter;

/// The log level when `RUST_LOG` is not set.
pub const DEFAULT_FILTER: &str = "info";

/// Logs to standard output at `RUST_LOG`'s level, else [`DEFAULT_FILTER`];
/// colours only on a terminal.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    tracing_subscriber::fmt().with_env_filter(filter).with_ansi(std::io::stdout().is_terminal()).init();
}

/// Adds the request log to `router`: one INFO line per request, when it is
/// answered, and a DEBUG line when it comes in.
pub fn log_requests(router: axum::Router) -> axum::Router {
    let layer = TraceLayer::new_for_http()
        .make_span_with(|request: &Request| {
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
        })
        // More for `RUST_LOG=debug`: when each request came in.
        .on_request(|_: &Request, _: &Span| tracing::debug!("received"))
        .on_response(|response: &Response, latency: Duration, _: &Span| {
            tracing::info!(status = response.status().as_u16(), latency_ms = latency.as_millis(), "answered");
        })
        // The line above gives the status of a failed call too.
        .on_failure(());
    router.layer(layer)
}
