//! The binary itself over TCP: the command line, persistence across a restart
//! and a kill, and graceful shutdown on SIGTERM.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    path::Path,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::{Value, json};

/// A running `account-sandbox` and the address it printed.
struct Running {
    child: Child,
    addr: String,
}

impl Running {
    fn start(data: &Path, extra: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_account-sandbox"))
            .args(["--addr", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the sandbox starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut stdout = BufReader::new(stdout);
        let mut first = String::new();
        stdout.read_line(&mut first).expect("a banner");
        // Keep reading so that the sandbox never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let addr = first.trim().rsplit("http://").next().expect("an address").to_string();
        assert!(addr.starts_with("127.0.0.1:"), "banner: {first}");
        Running { child, addr }
    }

    /// One HTTP/1.1 request; answers the status and the JSON body.
    fn call(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<Value>) -> (u16, Value) {
        let mut stream = TcpStream::connect(&self.addr).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if !body.is_empty() {
            request.push_str("Content-Type: application/json\r\n");
        }
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(&body);
        stream.write_all(request.as_bytes()).expect("writes");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("reads");
        let status = response.get(9..12).and_then(|s| s.parse().ok()).expect("a status line");
        let body = response.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
        (status, serde_json::from_str(body).unwrap_or(Value::Null))
    }

    fn login(&self) -> String {
        let body = json!({"clientName": "DEMO", "userName": "sysadmin", "password": "demo"});
        let (status, answer) = self.call("POST", "/api/session/login", &[("LV-Access", "demo-token")], Some(body));
        assert_eq!(status, 200, "{answer}");
        answer["sessionId"].as_str().expect("session").to_string()
    }

    fn wait(mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait().expect("waits") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        None
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn count_accounts(sandbox: &Running, session: &str) -> usize {
    let (status, page) =
        sandbox.call("GET", "/api/account/accounts?count=1000&offset=0", &[("LV-Session", session)], None);
    assert_eq!(status, 200);
    page["listAccount"].as_array().map_or(0, Vec::len)
}

#[test]
fn data_survives_a_restart_and_a_kill_and_demo_seeding_happens_once() {
    let data = tempfile::tempdir().expect("dir");
    let first = Running::start(data.path(), &["--demo", "5"]);
    let session = first.login();
    assert_eq!(count_accounts(&first, &session), 5);
    let (status, created) =
        first.call("POST", "/api/account/accounts", &[("LV-Session", &session)], Some(json!({"name": "Survivor"})));
    assert_eq!(status, 201);
    let id = created["id"].as_i64().expect("id");
    drop(first); // SIGKILL: no chance to flush anything more.

    let second = Running::start(data.path(), &["--demo", "5"]);
    let session = second.login();
    assert_eq!(count_accounts(&second, &session), 6, "the demo data is not seeded twice");
    let (status, account) =
        second.call("GET", &format!("/api/account/accounts/{id}"), &[("LV-Session", &session)], None);
    assert_eq!((status, account["name"].as_str()), (200, Some("Survivor")));
}

#[test]
fn ids_of_deleted_accounts_are_not_given_again_after_a_restart() {
    let data = tempfile::tempdir().expect("dir");
    let create = |sandbox: &Running, session: &str| {
        let body = json!({"name": "Short-lived"});
        let (status, created) = sandbox.call("POST", "/api/account/accounts", &[("LV-Session", session)], Some(body));
        assert_eq!(status, 201, "{created}");
        created["id"].as_i64().expect("id")
    };
    let first = Running::start(data.path(), &["--demo", "3"]);
    let session = first.login();
    let newest: Vec<i64> = (0..3).map(|_| create(&first, &session)).collect();
    for id in &newest {
        let (status, _) =
            first.call("DELETE", &format!("/api/account/accounts/{id}"), &[("LV-Session", &session)], None);
        assert_eq!(status, 204);
    }
    drop(first);

    let second = Running::start(data.path(), &["--demo", "3"]);
    let session = second.login();
    for _ in 0..3 {
        let id = create(&second, &session);
        assert!(id > newest[2], "{id} was given before: {newest:?}");
    }
}

#[test]
fn sessions_do_not_survive_a_restart() {
    let data = tempfile::tempdir().expect("dir");
    let first = Running::start(data.path(), &[]);
    let session = first.login();
    drop(first);
    let second = Running::start(data.path(), &[]);
    let (status, _) = second.call("GET", "/api/account/types", &[("LV-Session", &session)], None);
    assert_eq!(status, 401);
}

#[test]
fn sigterm_stops_the_sandbox_cleanly() {
    let data = tempfile::tempdir().expect("dir");
    let sandbox = Running::start(data.path(), &["--api-prefix", "/proxy"]);
    let (status, _) = sandbox.call("DELETE", "/proxy/session/logout", &[], None);
    assert_eq!(status, 401, "the API answers under the chosen prefix");
    let pid = sandbox.child.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
    assert!(sent.success());
    let exit = sandbox.wait(Duration::from_secs(10)).expect("it stops within 10 s");
    assert!(exit.success(), "{exit:?}");
}
