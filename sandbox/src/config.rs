//! The command line. The console's `make run`, the browser test harness and
//! operators rely on these flags; change them with care.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::Parser;

use crate::Settings;

/// Local stand-in for the vendor's Account API (axum + SQLite).
#[derive(Debug, Parser)]
#[command(name = "account-sandbox", version, about)]
pub struct Options {
    /// Address to listen on. Loopback by default: the sandbox has demo passwords.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Folder of the SQLite database; created when missing.
    #[arg(long, default_value = ".data/sandbox")]
    pub data: PathBuf,

    /// Seed this many demo accounts into the DEMO client when it has none.
    #[arg(long, default_value_t = 0)]
    pub demo: u32,

    /// Serve this folder (the built console) beside the API, with SPA fallback.
    #[arg(long = "static")]
    pub static_dir: Option<PathBuf>,

    /// Where the API is served, like a reverse proxy would map it.
    #[arg(long, default_value = "/api")]
    pub api_prefix: String,

    /// Answer cross-origin requests (for browser tests served from another origin).
    #[arg(long)]
    pub cors: bool,

    /// Delay every API call by this many milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,

    /// Sessions expire after this many seconds without a call.
    #[arg(long, default_value_t = 7200)]
    pub session_idle_secs: u64,

    /// Calls running longer than this many seconds answer 504.
    #[arg(long, default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Enable the fault-injection control under {api-prefix}/__sandbox/ (tests only).
    #[arg(long)]
    pub faults: bool,
}

impl Options {
    pub fn settings(&self) -> Settings {
        let prefix = self.api_prefix.trim().trim_end_matches('/');
        let api_prefix = match prefix {
            "" => String::new(),
            p if p.starts_with('/') => p.to_string(),
            p => format!("/{p}"),
        };
        Settings {
            api_prefix,
            static_dir: self.static_dir.clone(),
            cors: self.cors,
            latency: Duration::from_millis(self.latency_ms),
            request_timeout: Duration::from_secs(self.request_timeout_secs),
            ..Settings::default()
        }
    }

    pub fn session_idle(&self) -> Duration {
        Duration::from_secs(self.session_idle_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_flag_parses() {
        let options = Options::try_parse_from([
            "account-sandbox",
            "--addr",
            "127.0.0.1:9000",
            "--data",
            "/tmp/x",
            "--demo",
            "50",
            "--static",
            "dist",
            "--api-prefix",
            "proxy/api/",
            "--cors",
            "--latency-ms",
            "250",
            "--session-idle-secs",
            "60",
            "--faults",
        ])
        .expect("parses");
        assert_eq!(options.addr.port(), 9000);
        assert_eq!(options.demo, 50);
        assert!(options.cors && options.faults);
        let settings = options.settings();
        assert_eq!(settings.api_prefix, "/proxy/api");
        assert_eq!(settings.latency, Duration::from_millis(250));
        assert_eq!(options.session_idle(), Duration::from_secs(60));
    }

    #[test]
    fn defaults_bind_to_loopback_and_serve_the_api_under_api() {
        let options = Options::try_parse_from(["account-sandbox"]).expect("parses");
        assert!(options.addr.ip().is_loopback());
        assert_eq!(options.settings().api_prefix, "/api");
        assert_eq!(options.session_idle(), Duration::from_secs(7200));
    }
}
