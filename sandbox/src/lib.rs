//! account-sandbox: a local stand-in for the vendor's Account API.
//!
//! It answers every method of `shared/spec/account-api.txt` with the status
//! codes, bodies and errors the reference documents, enforces sessions and
//! roles per `NOTES.md`, and keeps its data in one SQLite file. [`app`] builds
//! the whole service as a [`Router`] so that tests drive it in-process.

pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod faults;
pub mod find;
pub mod history;
pub mod logging;
pub mod routes;
pub mod upgrade;

use std::{path::PathBuf, sync::Arc, time::Duration};

use axum::{
    Router,
    extract::{DefaultBodyLimit, Request, State},
    http::{HeaderName, HeaderValue, Method, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use tower_http::{
    compression::{CompressionLayer, predicate::SizeAbove},
    cors::{Any, CorsLayer},
    services::{ServeDir, ServeFile},
};

pub use crate::{auth::Sessions, db::Db, error::ApiError, faults::Faults};

/// What shapes the service beyond its data.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where the API is served, e.g. `/api`; empty for the root.
    pub api_prefix: String,
    /// The built console to serve, with SPA fallback to its `index.html`.
    pub static_dir: Option<PathBuf>,
    /// Answer cross-origin requests (browser tests run on their own origin).
    pub cors: bool,
    /// A delay added to every API call.
    pub latency: Duration,
    /// Calls running longer than this answer 504.
    pub request_timeout: Duration,
    /// The largest request body accepted.
    pub body_limit: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            api_prefix: "/api".into(),
            static_dir: None,
            cors: false,
            latency: Duration::ZERO,
            request_timeout: Duration::from_secs(30),
            body_limit: 16 * 1024 * 1024,
        }
    }
}

/// Everything a request can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub sessions: Arc<Sessions>,
    /// Present only when started with `--faults`.
    pub faults: Option<Arc<Faults>>,
    pub settings: Arc<Settings>,
}

impl AppState {
    pub fn new(db: Db, session_idle: Duration, faults: bool, settings: Settings) -> Self {
        AppState {
            db,
            sessions: Arc::new(Sessions::new(session_idle)),
            faults: faults.then(|| Arc::new(Faults::default())),
            settings: Arc::new(settings),
        }
    }
}

/// The whole service: the API under its prefix, the console beside it.
pub fn app(state: AppState) -> Router {
    let settings = state.settings.clone();
    let api = routes::router()
        .merge(faults::router(state.faults.is_some()))
        .fallback(no_such_method)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), delay_and_faults))
        .layer(middleware::from_fn_with_state(state.clone(), time_limit))
        .layer(DefaultBodyLimit::max(settings.body_limit))
        .layer(middleware::from_fn(error::log_internal_errors))
        // As the production proxy does (`deploy/nginx/compression.conf`):
        // answers of 1 KB or more go gzipped to clients that accept it.
        .layer(CompressionLayer::new().compress_when(SizeAbove::new(1024)))
        .with_state(state);

    let prefix = settings.api_prefix.trim_end_matches('/');
    let mut router = if prefix.is_empty() { api } else { Router::new().nest(prefix, api) };
    if let Some(dir) = &settings.static_dir {
        router = router.fallback_service(console_files(dir));
    }
    if settings.cors {
        router = router.layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
                .allow_headers(Any)
                .expose_headers([header::RETRY_AFTER, HeaderName::from_static("content-length")])
                .max_age(Duration::from_secs(600)),
        );
    }
    logging::log_requests(router)
}

/// The built console: each file as its precompressed `.br` or `.gz` sibling
/// when the client accepts that encoding and the build wrote one, and
/// `index.html` for any other path (the console routes in the browser).
fn console_files(dir: &std::path::Path) -> axum::routing::MethodRouter {
    let index = ServeFile::new(dir.join("index.html")).precompressed_br().precompressed_gzip();
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip().fallback(index);
    // The answer depends on Accept-Encoding: caches must keep one per encoding.
    axum::routing::get_service(files).layer(middleware::map_response(vary_by_encoding))
}

async fn vary_by_encoding(mut response: Response) -> Response {
    response.headers_mut().append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

async fn no_such_method(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::NoSuchMethod(format!("{method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::MethodNotAllowed(format!("{method} {}", uri.path()))
}

/// Applies `--latency-ms` and any injected fault to the call.
async fn delay_and_faults(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !state.settings.latency.is_zero() {
        tokio::time::sleep(state.settings.latency).await;
    }
    let fault = state.faults.as_ref().and_then(|faults| faults.take(request.method(), request.uri().path()));
    let Some(fault) = fault else { return next.run(request).await };
    match fault.apply().await {
        faults::Outcome::Answer(error) => error.into_response(),
        faults::Outcome::Proceed => next.run(request).await,
        faults::Outcome::HoldAnswer(delay) => {
            let response = next.run(request).await;
            tokio::time::sleep(delay).await;
            response
        }
    }
}

/// Stops a call that runs past the request timeout with a 504.
async fn time_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(state.settings.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}
