//! A few plain HTTP/1.1 requests on loopback (readiness checks, the sandbox's
//! fault control, closing a browser session from a failed flow), with the
//! standard library only. HTTPS requests to nginx go through `curl`, as an
//! operator checks a deployment.

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
    process::Command,
    time::Duration,
};

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

/// Sends one request to `addr` and reads the whole answer (`Connection: close`).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> std::io::Result<Answer> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() || method != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let raw = read_answer(&mut stream)?;
    parse(&String::from_utf8_lossy(&raw))
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "not an HTTP answer"))
}

/// Reads one answer: up to its Content-Length when it has one (some servers,
/// chromedriver among them, keep the connection open), else to the end.
fn read_answer(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let read = stream.read(&mut chunk)?;
        if read == 0 {
            return Ok(raw);
        }
        raw.extend_from_slice(&chunk[..read]);
        let text = String::from_utf8_lossy(&raw);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head.lines().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim().eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
            });
            if length.is_some_and(|length| body.len() >= length) {
                return Ok(raw);
            }
        }
    }
}

/// Parses a whole HTTP/1.x answer as `curl -i` or a socket gives it (no
/// chunked decoding: the few answers read here are short and not chunked, or
/// only their headers matter).
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
pub fn curl(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Result<Answer, String> {
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
    let mut child = command.spawn().map_err(|e| format!("cannot run curl: {e}"))?;
    if let (Some(body), Some(mut stdin)) = (body, child.stdin.take()) {
        stdin.write_all(body.as_bytes()).map_err(|e| format!("curl's stdin: {e}"))?;
    }
    let output = child.wait_with_output().map_err(|e| format!("curl: {e}"))?;
    if !output.status.success() {
        return Err(format!("curl {url}: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    // With HTTP/2, curl writes "HTTP/2 200" and header lines ending in \r\n.
    parse(&String::from_utf8_lossy(&output.stdout)).ok_or_else(|| format!("curl {url}: no HTTP answer"))
}

#[cfg(test)]
mod tests {
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
}
