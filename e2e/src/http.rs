//! A few plain HTTP requests on loopback (readiness checks, the sandbox's
//! fault control and API) through hyper-util's client, which fantoccini
//! uses too. HTTPS requests to nginx go through `curl`, as an operator
//! checks a deployment.

use std::{io::Write, net::SocketAddr, process::Command, time::Duration};

use anyhow::{Context, Result, anyhow, bail};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};

/// How long a request may take, answer included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long connecting may take: the servers are on loopback.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// An answer: status, header lines as sent, and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Sends one request to `addr` over plain HTTP/1.1 and reads the whole
/// answer (any framing: length, chunks or close).
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<Answer> {
    let mut connector = HttpConnector::new();
    connector.set_connect_timeout(Some(CONNECT_TIMEOUT));
    // A client per request: each flow has its own runtime, and a pooled
    // connection would outlive the runtime that drives it.
    let client = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(0).build(connector);
    let mut builder = http::Request::builder()
        .method(http::Method::from_bytes(method.as_bytes())?)
        .uri(format!("http://{addr}{path}"));
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder.body(Full::new(Bytes::from(body.unwrap_or("").to_string())))?;
    let exchange = async {
        let answer = client.request(request).await?;
        let status = answer.status().as_u16();
        let headers = answer
            .headers()
            .iter()
            .map(|(name, value)| (name.to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect();
        let body = answer.into_body().collect().await?.to_bytes();
        Ok::<_, anyhow::Error>(Answer { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
    };
    tokio::time::timeout(REQUEST_TIMEOUT, exchange)
        .await
        .map_err(|_| anyhow!("no answer within {} s", REQUEST_TIMEOUT.as_secs()))?
        .with_context(|| format!("{method} http://{addr}{path}"))
}

/// [`request`] for code that runs outside a flow (a plain `#[test]`, the
/// harness starting up): on a runtime of its own, which must not be inside
/// another.
pub fn request_blocking(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<Answer> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(request(addr, method, path, headers, body))
}

/// Parses a whole HTTP answer as `curl -i` writes it (curl has decoded the
/// body already).
pub fn parse(raw: &str) -> Option<Answer> {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let mut lines = head.lines();
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect();
    Some(Answer { status, headers, body: body.to_string() })
}

/// Requests `url` from nginx over HTTPS with curl (`-k`: the test's
/// certificate is self-signed), sending `headers`; the answer as curl saw it.
/// HEAD requests are `curl -I`, as the check says.
pub fn curl(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Result<Answer> {
    let mut command = Command::new("curl");
    command.args(["-sS", "-k", "-i", "--max-time", "20"]);
    if method == "HEAD" {
        command.arg("-I");
    } else {
        command.args(["-X", method]);
    }
    for (name, value) in headers {
        command.args(["-H", &format!("{name}: {value}")]);
    }
    if body.is_some() {
        command.args(["--data-binary", "@-"]);
        command.stdin(std::process::Stdio::piped());
    }
    command.arg(url).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let mut child = command.spawn().context("cannot run curl")?;
    if let (Some(body), Some(mut stdin)) = (body, child.stdin.take()) {
        stdin.write_all(body.as_bytes()).context("curl's stdin")?;
    }
    let output = child.wait_with_output().context("curl")?;
    if !output.status.success() {
        bail!("curl {url}: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    // With HTTP/2, curl writes "HTTP/2 200" and header lines ending in \r\n.
    parse(&String::from_utf8_lossy(&output.stdout)).with_context(|| format!("curl {url}: no HTTP answer"))
}

#[cfg(test)]
mod tests {
    use std::{
        io::{Read, Write},
        net::TcpListener,
        thread,
    };

    use super::*;

    #[test]
    fn an_answer_parses_into_status_headers_and_body() {
        let answer = parse("HTTP/2 200\r\ncontent-type: text/html\r\nX-A: b: c\r\n\r\n<p>hi</p>").unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(answer.header("Content-Type"), Some("text/html"));
        assert_eq!(answer.header("x-a"), Some("b: c"));
        assert_eq!(answer.body, "<p>hi</p>");
    }

    #[test]
    fn a_head_answer_without_body_parses() {
        let answer = parse("HTTP/1.1 301 Moved Permanently\r\nLocation: https://x/\r\n\r\n").unwrap();
        assert_eq!((answer.status, answer.header("location")), (301, Some("https://x/")));
        assert!(parse("garbage").is_none());
    }

    /// A server that reads one request and sends `answer` as it is.
    fn serve_once(answer: &'static str) -> (SocketAddr, thread::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            while !String::from_utf8_lossy(&request).contains("\r\n\r\nhello") {
                let read = stream.read(&mut buffer).unwrap();
                assert!(read > 0, "the request ended early");
                request.extend_from_slice(&buffer[..read]);
            }
            stream.write_all(answer.as_bytes()).unwrap();
            String::from_utf8_lossy(&request).into_owned()
        });
        (addr, server)
    }

    #[test]
    fn a_chunked_answer_is_read_whole_and_the_request_carries_headers_and_body() {
        let (addr, server) = serve_once(
            "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nX-Kind: test\r\n\r\n\
             5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n",
        );
        let answer =
            request_blocking(addr, "POST", "/api/x?y=1", &[("Content-Type", "text/plain")], Some("hello")).unwrap();
        assert_eq!((answer.status, answer.body.as_str()), (201, "hello, world"));
        assert_eq!(answer.header("x-kind"), Some("test"));
        let sent = server.join().unwrap();
        assert!(sent.starts_with("POST /api/x?y=1 HTTP/1.1\r\n"), "{sent}");
        assert!(sent.to_ascii_lowercase().contains("content-type: text/plain\r\n"), "{sent}");
        assert!(sent.to_ascii_lowercase().contains("content-length: 5\r\n"), "{sent}");
    }
}
