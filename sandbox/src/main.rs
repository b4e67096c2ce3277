//! `account-sandbox`: serves the stand-in Account API (and, with `--static`,
//! the built console) until SIGTERM or Ctrl-C.

use account_sandbox::{AppState, Db, app, config::Options, demo};
use std::io::Write as _;

use clap::Parser;

#[tokio::main]
async fn main() {
    account_sandbox::logging::init();
    if let Err(message) = run(Options::parse()).await {
        eprintln!("account-sandbox: {message}");
        std::process::exit(1);
    }
}

async fn run(options: Options) -> Result<(), String> {
    let db = Db::open(&options.data).map_err(|e| format!("cannot open {}: {e}", options.data.display()))?;
    let boot = demo::bootstrap(&db).map_err(|e| format!("cannot bootstrap: {e:?}"))?;
    let seeded = demo::seed_accounts(&db, demo::CLIENT, options.demo).map_err(|e| format!("cannot seed: {e:?}"))?;

    let settings = options.settings();
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    print_banner(&options, &db, addr, boot.created, seeded, &settings.api_prefix);

    let state = AppState::new(db, options.session_idle(), options.faults, settings);
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown_signal()).await.map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}

/// Prints where to find everything. Written with `writeln!` and errors ignored:
/// a closed stdout must not stop the server.
fn print_banner(options: &Options, db: &Db, addr: std::net::SocketAddr, created: bool, seeded: u32, prefix: &str) {
    let mut out = String::new();
    banner(&mut out, options, db, addr, created, seeded, prefix);
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
}

fn banner(
    out: &mut String,
    options: &Options,
    db: &Db,
    addr: std::net::SocketAddr,
    created: bool,
    seeded: u32,
    prefix: &str,
) {
    use std::fmt::Write as _;
    let _ = writeln!(out, "account-sandbox listening on http://{addr}");
    let _ = writeln!(out, "  API:          http://{addr}{prefix}  (e.g. POST {prefix}/session/login)");
    if let Some(dir) = &options.static_dir {
        let _ = writeln!(out, "  console:      http://{addr}/  (from {})", dir.display());
    }
    let _ = writeln!(out, "  data:         {}{}", db.path().display(), if created { " (new)" } else { "" });
    if seeded > 0 {
        let _ = writeln!(out, "  demo data:    {seeded} accounts added to client {}", demo::CLIENT);
    }
    let _ = writeln!(
        out,
        "  sign in:      client {}, users {} (password {}), access token {}",
        demo::CLIENT,
        demo::USERS.map(|(user, _, _)| user).join(" / "),
        demo::PASSWORD,
        demo::ACCESS_TOKEN
    );
    let _ = writeln!(
        out,
        "  no-key site:  client {} (same users): reads answer errorMsg instead of secure fields",
        demo::NO_KEY_CLIENT
    );
    if options.faults {
        let _ = writeln!(out, "  faults:       POST {prefix}/__sandbox/faults is on (tests only)");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
