//! The servers of one test run, started by the first flow and shared by all:
//! the sandbox (standing in for the vendor, with demo data and its fault
//! control), nginx with the shipped configuration in front of `dist/`, and
//! chromedriver. Their logs and files are in `target/e2e/run/`.
//!
//! Each server runs under a small `sh` that stops it when its standard input
//! closes, which happens when the test process ends, however it ends (a Rust
//! static is never dropped): no server outlives the run.

use std::{
    fs,
    net::{SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::{Child, ChildStdin, Command, Stdio},
    sync::OnceLock,
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, anyhow, bail};

use crate::{http, nginx};

/// The access token the proxy adds, as the sandbox's first start creates it.
pub const ACCESS_TOKEN: &str = "demo-token";
/// Accounts the sandbox seeds into client DEMO.
pub const DEMO_ACCOUNTS: u32 = 60;

/// The running servers and where things are.
#[derive(Debug)]
pub struct Harness {
    /// The console as browsers reach it: `https://127.0.0.1:PORT`.
    pub origin: String,
    /// nginx's plain-HTTP server, which only redirects.
    pub http_origin: String,
    /// The sandbox itself, past the proxy (its fault control).
    pub sandbox: SocketAddr,
    /// chromedriver's URL.
    pub webdriver: String,
    /// Where the suite writes screenshots (`target/e2e-screenshots/`).
    pub screenshots: PathBuf,
    /// axe.min.js.
    pub axe_source: String,
    /// `target/e2e/run/`: configuration, logs, the sandbox's database.
    pub work: PathBuf,
    /// The repository.
    pub repo: PathBuf,
    /// Whether nginx serves `.br` files (Debian's brotli module is there).
    pub brotli: bool,
    _servers: Vec<Server>,
}

/// The servers, or why they did not start (said once, for every flow).
static HARNESS: OnceLock<Result<Harness, String>> = OnceLock::new();

impl Harness {
    /// The servers, started on first use; the same error for every flow when
    /// they cannot start.
    pub fn get() -> Result<&'static Harness> {
        HARNESS
            .get_or_init(|| Harness::start().map_err(|error| format!("{error:#}")))
            .as_ref()
            .map_err(|message| anyhow!("{message}"))
    }

    fn start() -> Result<Harness> {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("the e2e crate is not inside the repository")?
            .to_path_buf();
        let target = target_dir()?;
        let work = target.join("e2e/run");
        let screenshots = target.join("e2e-screenshots");
        for dir in [&work, &screenshots] {
            if dir.exists() {
                fs::remove_dir_all(dir).with_context(|| format!("cannot clear {}", dir.display()))?;
            }
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }

        let dist = repo.join("dist");
        let csp = repo.join("deploy/nginx/csp.conf");
        check_build(&dist, &csp)?;
        let axe_path = env_path("AXE_CORE").unwrap_or_else(|| repo.join(".tools/node_modules/axe-core/axe.min.js"));
        let axe_source = fs::read_to_string(&axe_path)
            .with_context(|| format!("{} (scripts/setup.sh e2e installs axe-core)", axe_path.display()))?;
        let sandbox_bin = env_path("SANDBOX").unwrap_or_else(|| target.join("debug/account-sandbox"));
        let nginx_bin = env_path("NGINX").unwrap_or_else(|| PathBuf::from("/usr/sbin/nginx"));
        let chromedriver_bin = env_path("CHROMEDRIVER").unwrap_or_else(|| PathBuf::from("chromedriver"));
        for (bin, hint) in [
            (&sandbox_bin, "cargo build -p account-sandbox"),
            (&nginx_bin, "scripts/setup.sh e2e installs Debian's nginx"),
        ] {
            if !bin.exists() {
                bail!("{} is missing: {hint}", bin.display());
            }
        }

        let [sandbox_port, https_port, http_port, webdriver_port] = free_ports()?;
        let sandbox = SocketAddr::from(([127, 0, 0, 1], sandbox_port));
        let mut servers = Vec::new();

        let data = work.join("sandbox");
        servers.push(Server::start(
            "sandbox",
            Command::new(&sandbox_bin).args([
                "--addr",
                &sandbox.to_string(),
                "--data",
                &data.display().to_string(),
                "--demo",
                &DEMO_ACCOUNTS.to_string(),
                "--faults",
            ]),
            &work,
        )?);
        if let Some(server) = servers.last() {
            server.wait_until(|| http::request_blocking(sandbox, "GET", "/api/account/types", &[], None).is_ok())?;
        }

        let brotli = Path::new(nginx::BROTLI_STATIC_MODULE).exists();
        let main_conf = write_nginx_conf(&repo, &work, sandbox, https_port, http_port, brotli)?;
        let test = Command::new(&nginx_bin)
            .args(["-t", "-q", "-p", &work.display().to_string(), "-c", &main_conf.display().to_string()])
            .output()
            .with_context(|| format!("cannot run {}", nginx_bin.display()))?;
        if !test.status.success() {
            bail!("nginx -t refuses the configuration:\n{}", String::from_utf8_lossy(&test.stderr));
        }
        servers.push(Server::start(
            "nginx",
            Command::new(&nginx_bin).args(["-p", &work.display().to_string(), "-c", &main_conf.display().to_string()]),
            &work,
        )?);
        let http_addr = SocketAddr::from(([127, 0, 0, 1], http_port));
        if let Some(server) = servers.last() {
            server.wait_until(|| http::request_blocking(http_addr, "GET", "/", &[], None).is_ok())?;
        }

        servers.push(Server::start(
            "chromedriver",
            Command::new(&chromedriver_bin).args([format!("--port={webdriver_port}"), "--log-level=WARNING".into()]),
            &work,
        )?);
        let webdriver_addr = SocketAddr::from(([127, 0, 0, 1], webdriver_port));
        if let Some(server) = servers.last() {
            server.wait_until(|| {
                http::request_blocking(webdriver_addr, "GET", "/status", &[], None).is_ok_and(|a| a.status == 200)
            })?;
        }

        Ok(Harness {
            origin: format!("https://127.0.0.1:{https_port}"),
            http_origin: format!("http://127.0.0.1:{http_port}"),
            sandbox,
            webdriver: format!("http://127.0.0.1:{webdriver_port}"),
            screenshots,
            axe_source,
            work,
            repo,
            brotli,
            _servers: servers,
        })
    }

    /// Calls the sandbox's test-only control: `POST /api/__sandbox/{what}`.
    pub async fn sandbox_control(&self, what: &str, body: &str) -> Result<http::Answer> {
        let path = format!("/api/__sandbox/{what}");
        let answer =
            http::request(self.sandbox, "POST", &path, &[("Content-Type", "application/json")], Some(body)).await?;
        if answer.status >= 300 {
            bail!("POST {path} answered {}: {}", answer.status, answer.body);
        }
        Ok(answer)
    }

    /// Signs in to the sandbox directly (with the token, as the proxy would)
    /// and answers the session id: for a flow's setup through the API.
    pub async fn api_session(&self, user: &str) -> Result<String> {
        let body = format!(r#"{{"clientName":"DEMO","userName":"{user}","password":"demo"}}"#);
        let answer = http::request(
            self.sandbox,
            "POST",
            "/api/session/login",
            &[("Content-Type", "application/json"), ("LV-Access", ACCESS_TOKEN)],
            Some(&body),
        )
        .await
        .context("sign-in")?;
        let json: serde_json::Value =
            serde_json::from_str(&answer.body).with_context(|| format!("sign-in answered {}", answer.body))?;
        json["sessionId"].as_str().map(str::to_string).with_context(|| format!("sign-in answered {}", answer.body))
    }

    /// Calls the sandbox's API directly with a session (setup and checks that
    /// should not go through the browser).
    pub async fn api(&self, session: &str, method: &str, path: &str, body: Option<&str>) -> Result<http::Answer> {
        let path = format!("/api{path}");
        http::request(
            self.sandbox,
            method,
            &path,
            &[("Content-Type", "application/json"), ("LV-Session", session)],
            body,
        )
        .await
    }
}

/// A server running under `sh`, stopped when the test process ends.
#[derive(Debug)]
struct Server {
    name: &'static str,
    log: PathBuf,
    child: std::sync::Mutex<Child>,
    _stdin: ChildStdin,
}

/// Runs the server in the background and waits for it; when sh's standard
/// input closes (the test process is gone), `cat` returns and the server is
/// stopped with SIGTERM. sh exits when the server does, so an early exit shows.
/// (A background job's standard input is /dev/null: `cat` reads a copy, fd 3.)
const REAPER: &str = r#"exec 3<&0
"$@" </dev/null 3<&- & server=$!
{ cat <&3 >/dev/null; kill "$server" 2>/dev/null; } &
exec 3<&-
wait "$server""#;

impl Server {
    fn start(name: &'static str, command: &mut Command, work: &Path) -> Result<Server> {
        let log = work.join(format!("{name}.log"));
        let file = fs::File::create(&log).with_context(|| log.display().to_string())?;
        let err = file.try_clone()?;
        let mut shell = Command::new("sh");
        shell.arg("-c").arg(REAPER).arg("sh").arg(command.get_program()).args(command.get_args());
        let mut child = shell
            .stdin(Stdio::piped())
            .stdout(file)
            .stderr(err)
            .spawn()
            .with_context(|| format!("cannot start {name}"))?;
        let stdin = child.stdin.take().context("no stdin")?;
        Ok(Server { name, log, child: std::sync::Mutex::new(child), _stdin: stdin })
    }

    /// Waits up to 60 s for `ready`; fails at once with the log when the
    /// server exits.
    fn wait_until(&self, ready: impl Fn() -> bool) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if ready() {
                return Ok(());
            }
            let exited = self.child.lock().map(|mut c| c.try_wait().ok().flatten()).unwrap_or(None);
            if let Some(status) = exited {
                bail!("{} exited ({status}):\n{}", self.name, self.log_text());
            }
            thread::sleep(Duration::from_millis(50));
        }
        bail!("{} did not answer within 60 s:\n{}", self.name, self.log_text())
    }

    fn log_text(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// The shipped configuration in `work/conf/`, substituted, and the main
/// configuration that includes it.
fn write_nginx_conf(
    repo: &Path,
    work: &Path,
    sandbox: SocketAddr,
    https_port: u16,
    http_port: u16,
    brotli: bool,
) -> Result<PathBuf> {
    let shipped = repo.join("deploy/nginx");
    let conf = work.join("conf");
    fs::create_dir_all(conf.join("modules"))?;
    let temp = work.join("nginx-temp");
    fs::create_dir_all(&temp)?;
    // Workers of a root master run as nobody: let them buffer request bodies.
    set_mode(&temp, 0o777)?;

    let (certificate, certificate_key) = (work.join("tls.pem"), work.join("tls.key"));
    self_signed_certificate(&certificate, &certificate_key)?;

    let read = |name: &str| fs::read_to_string(shipped.join(name)).with_context(|| format!("deploy/nginx/{name}"));
    let write = |path: PathBuf, text: String| fs::write(&path, text).with_context(|| path.display().to_string());
    let upstream = format!("http://{sandbox}/api/");
    let site = nginx::site(
        &read("account-admin.conf")?,
        &nginx::Substitutions {
            conf_dir: &conf,
            root: &repo.join("dist"),
            upstream: &upstream,
            https_port,
            http_port,
            certificate: &certificate,
            certificate_key: &certificate_key,
        },
    )?;
    write(conf.join("account-admin.conf"), site)?;
    for name in ["security-headers.conf", "csp.conf", "compression.conf", "brotli-static.conf", "config.json"] {
        write(conf.join(name), nginx::include_file(&read(name)?, &conf)?)?;
    }
    let token = conf.join("access-token.conf");
    write(token.clone(), nginx::access_token(&read("access-token.conf.example")?, ACCESS_TOKEN)?)?;
    set_mode(&token, 0o600)?;
    if brotli {
        // As deploy/README.md says: link the brotli include where the module is.
        std::os::unix::fs::symlink("../brotli-static.conf", conf.join("modules/brotli-static.conf"))?;
    }
    let main = work.join("nginx.conf");
    write(main.clone(), nginx::main_conf(work, &conf.join("account-admin.conf"), brotli))?;
    Ok(main)
}

fn self_signed_certificate(certificate: &Path, key: &Path) -> Result<()> {
    let output = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"])
        .args(["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(key)
        .arg("-out")
        .arg(certificate)
        .output()
        .context("cannot run openssl")?;
    if !output.status.success() {
        bail!("openssl: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(())
}

/// The release build and its CSP include must be there, the include written
/// from this very build.
fn check_build(dist: &Path, csp: &Path) -> Result<()> {
    let index = dist.join("index.html");
    let modified = |path: &Path| fs::metadata(path).and_then(|m| m.modified());
    let built = modified(&index).with_context(|| format!("{} (make console builds it)", index.display()))?;
    let written = modified(csp).with_context(|| format!("{} (scripts/finish-dist.sh writes it)", csp.display()))?;
    if written < built {
        bail!("{} is older than {}: run scripts/finish-dist.sh (make console does)", csp.display(), index.display());
    }
    Ok(())
}

fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).with_context(|| path.display().to_string())
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The workspace's target folder: the test binary is in `target/<profile>/deps/`.
fn target_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    exe.ancestors().nth(3).map(Path::to_path_buf).with_context(|| format!("no target folder above {}", exe.display()))
}

/// Ports free now on loopback (the servers bind them a moment later).
fn free_ports<const N: usize>() -> Result<[u16; N]> {
    let listeners: Vec<TcpListener> =
        (0..N).map(|_| TcpListener::bind("127.0.0.1:0")).collect::<Result<_, _>>().context("no free port")?;
    let ports: Vec<u16> = listeners.iter().map(|l| l.local_addr().map(|a| a.port())).collect::<Result<_, _>>()?;
    ports.try_into().map_err(|_| anyhow!("port count"))
}
