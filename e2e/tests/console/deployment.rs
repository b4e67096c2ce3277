//! The deployment itself, as `curl` sees it: the security headers on every
//! answer, caching, precompressed assets, the access token added by the
//! proxy and never sent to a browser, HTTPS only, and the limits. And the
//! checks of this suite, shown to catch what they are there to catch.

use std::{fs, path::PathBuf};

use account_e2e::{
    Role,
    browser_log::Verdict,
    bundle::Bundle,
    ensure, flow,
    harness::{ACCESS_TOKEN, Harness},
    http::{self, Answer},
};

/// The policy's directives, as the issue lists them.
const CSP_DIRECTIVES: [&str; 9] = [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
];

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn harness() -> &'static Harness {
    Harness::get().unwrap_or_else(|error| panic!("the end-to-end servers did not start:\n{error}"))
}

fn head(path: &str, headers: &[(&str, &str)]) -> Answer {
    let url = format!("{}{path}", harness().origin);
    http::curl("HEAD", &url, headers, None).unwrap_or_else(|error| panic!("{error:#}"))
}

fn get(path: &str, headers: &[(&str, &str)]) -> Answer {
    let url = format!("{}{path}", harness().origin);
    http::curl("GET", &url, headers, None).unwrap_or_else(|error| panic!("{error:#}"))
}

/// The hashed assets of the build, `/account-admin-<hash>.js` and so on: the
/// files `dist/bundle.json` names, which must be every script, wasm and
/// stylesheet of `dist/`. The tests below check that nginx serves each of
/// them, chunks included, as a hashed asset (its `location` is a pattern).
fn assets() -> Vec<String> {
    let dist = harness().repo.join("dist");
    let mut in_dist: Vec<String> = fs::read_dir(&dist)
        .unwrap_or_else(|e| panic!("{}: {e}", dist.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| [".js", ".wasm", ".css"].iter().any(|ext| name.ends_with(ext)))
        .collect();
    in_dist.sort();
    let bundle = Bundle::served();
    let mut named: Vec<String> = bundle.files().map(str::to_string).collect();
    named.sort();
    assert_eq!(named, in_dist, "dist/bundle.json does not name exactly the assets of dist/");
    assert!(named.iter().any(|a| a.ends_with("_bg.wasm")), "no wasm in dist/: {named:?}");
    assert!(!bundle.chunks.is_empty(), "no chunk in dist/bundle.json");
    named.iter().map(|name| format!("/{name}")).collect()
}

fn missing_headers(answer: &Answer) -> Vec<String> {
    let mut missing = Vec::new();
    let policy = answer.header("Content-Security-Policy").unwrap_or_default();
    for directive in CSP_DIRECTIVES {
        if !policy.split(';').any(|d| d.trim().starts_with(directive)) {
            missing.push(format!("CSP {directive}"));
        }
    }
    for (name, value) in [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ] {
        if answer.header(name) != Some(value) {
            missing.push(format!("{name}: {value} (is {:?})", answer.header(name)));
        }
    }
    let permissions = answer.header("Permissions-Policy").unwrap_or_default();
    for feature in ["camera=()", "microphone=()", "geolocation=()", "clipboard-write=(self)"] {
        if !permissions.contains(feature) {
            missing.push(format!("Permissions-Policy {feature}"));
        }
    }
    if answer.header("Server").is_some_and(|server| server.contains('/')) {
        missing.push("Server without its version".into());
    }
    missing
}

#[test]
fn every_answer_of_the_served_console_carries_the_security_headers() {
    let mut paths: Vec<String> =
        ["/", "/accounts/42", "/index.html", "/config.json", "/api/account/types", "/api/no-such-call"]
            .map(String::from)
            .to_vec();
    paths.extend(assets());
    paths.push("/account-admin-ffffffffffffffff_bg.wasm".into());
    let mut failures = Vec::new();
    for path in &paths {
        let answer = head(path, &[]);
        for missing in missing_headers(&answer) {
            failures.push(format!("{path} ({}): {missing}", answer.status));
        }
    }
    assert!(failures.is_empty(), "missing headers:\n{}", failures.join("\n"));
}

#[test]
fn the_policy_allows_exactly_the_inline_scripts_of_this_build() {
    // The generator, run again on dist/, must give the policy nginx sends.
    let harness = harness();
    let check = harness.work.join("csp-check.conf");
    let status = std::process::Command::new(harness.repo.join("scripts/csp.py"))
        .arg(harness.repo.join("dist/index.html"))
        .arg(harness.repo.join("deploy/nginx/csp.conf.in"))
        .arg(&check)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("scripts/csp.py runs");
    assert!(status.success());
    let generated = fs::read_to_string(&check).expect("scripts/csp.py wrote its file");
    let served = head("/", &[]).header("Content-Security-Policy").map(str::to_string).expect("a CSP");
    assert!(generated.contains(&format!("\"{served}\"")), "nginx sends {served:?}, the build needs:\n{generated}");
    let hashes = served.matches("'sha256-").count();
    let scripts =
        fs::read_to_string(harness.repo.join("dist/index.html")).expect("index.html").matches("<script").count();
    assert_eq!(hashes, scripts, "one hash per inline script of index.html");
}

#[test]
fn the_console_is_never_cached_and_its_hashed_assets_are_cached_for_good() {
    for path in ["/", "/index.html", "/accounts/42?page=2", "/config.json", "/api/account/types"] {
        assert_eq!(head(path, &[]).header("Cache-Control"), Some("no-store"), "{path}");
    }
    for asset in assets() {
        let answer = head(&asset, &[]);
        assert_eq!((answer.status, answer.header("Cache-Control")), (200, Some(IMMUTABLE)), "{asset}");
    }
    let spa = get("/accounts/42", &[]);
    assert_eq!(spa.status, 200);
    assert!(spa.header("Content-Type").is_some_and(|t| t.starts_with("text/html")));
    assert!(spa.body.contains("<script type=\"module\""), "the console's routes get index.html");
    // A hashed asset that is not there is a 404, never index.html as script.
    assert_eq!(head("/account-admin-ffffffffffffffff.js", &[]).status, 404);
}

#[test]
fn assets_are_served_precompressed_with_their_types() {
    let harness = harness();
    for asset in assets() {
        let file = harness.repo.join("dist").join(asset.trim_start_matches('/'));
        let expected_type = match file.extension().and_then(|e| e.to_str()) {
            Some("wasm") => "application/wasm",
            Some("js") => "application/javascript",
            _ => "text/css",
        };
        let mut encodings = vec![("gzip", "gz")];
        if harness.brotli {
            encodings.push(("br", "br"));
        }
        for (encoding, extension) in encodings {
            let answer = head(&asset, &[("Accept-Encoding", encoding)]);
            let precompressed = PathBuf::from(format!("{}.{extension}", file.display()));
            let size = fs::metadata(&precompressed).map(|m| m.len().to_string()).unwrap_or_default();
            assert_eq!(answer.header("Content-Encoding"), Some(encoding), "{asset} asked with {encoding}");
            assert_eq!(
                answer.header("Content-Length"),
                Some(size.as_str()),
                "{asset}: not the file {}",
                precompressed.display()
            );
            assert!(answer.header("Content-Type").is_some_and(|t| t.starts_with(expected_type)), "{asset}");
            assert_eq!(answer.header("Vary"), Some("Accept-Encoding"), "{asset}");
        }
    }
}

#[test]
fn the_proxy_adds_the_access_token_and_no_answer_carries_it() {
    let harness = harness();
    let login = r#"{"clientName":"DEMO","userName":"manager","password":"demo"}"#;
    let json = [("Content-Type", "application/json")];
    // Straight to the sandbox without the token: refused.
    let direct =
        http::request_blocking(harness.sandbox, "POST", "/api/session/login", &json, Some(login)).expect("sandbox");
    assert_eq!(direct.status, 401, "{}", direct.body);
    // Through the proxy, with no token or a wrong one from the browser: signed in.
    for headers in [json.to_vec(), vec![json[0], ("LV-Access", "forged")]] {
        let url = format!("{}/api/session/login", harness.origin);
        let answer = http::curl("POST", &url, &headers, Some(login)).expect("curl");
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(answer.body.contains("sessionId"), "{}", answer.body);
        assert!(!answer.body.contains(ACCESS_TOKEN) && answer.header("LV-Access").is_none());
    }
    // The console is told not to ask for it, and nothing served contains it.
    let config = get("/config.json", &[]);
    let config_json: serde_json::Value = serde_json::from_str(&config.body).expect("config.json is JSON");
    assert_eq!(config_json["askAccessToken"], false);
    for path in ["/", "/config.json"] {
        assert!(!get(path, &[]).body.contains(ACCESS_TOKEN), "{path} contains the token");
    }
}

#[test]
fn plain_http_only_redirects_to_https() {
    let addr = harness().http_origin.trim_start_matches("http://").parse().expect("an address");
    let answer = http::request_blocking(addr, "GET", "/accounts?page=2", &[], None).expect("nginx on http");
    assert_eq!(answer.status, 301);
    let location = answer.header("Location").unwrap_or_default();
    assert!(location.starts_with("https://") && location.ends_with("/accounts?page=2"), "{location}");
}

#[test]
fn requests_past_the_limits_are_refused_and_the_api_refusal_is_in_its_error_shape() {
    let harness = harness();
    let too_big = "x".repeat(10 * 1024 * 1024 + 1);
    let url = format!("{}/api/account/accounts", harness.origin);
    let answer = http::curl("POST", &url, &[("Content-Type", "application/json")], Some(&too_big)).expect("curl");
    assert_eq!(answer.status, 413);
    let body: serde_json::Value = serde_json::from_str(&answer.body).expect("a JSON error");
    assert_eq!(body["code"], 413);
    assert!(missing_headers(&answer).is_empty(), "{:?}", missing_headers(&answer));
    // The static files take no writes.
    let answer = http::curl("POST", &format!("{}/", harness.origin), &[], Some("x")).expect("curl");
    assert_eq!(answer.status, 403);
}

#[test]
fn the_log_check_catches_a_csp_violation_and_a_console_error() {
    flow("log check", async |page| {
        page.goto("/").await?;
        page.find(Role::Button, "Sign in").await?;
        page.script(
            "document.body.setAttribute('style', 'color: red'); console.error('provoked by the test');",
            vec![],
        )
        .await?;
        let verdicts = page.log_verdicts().await?;
        let problem = |words: &str| verdicts.iter().any(|(e, v)| *v == Verdict::Problem && e.message.contains(words));
        ensure!(problem("Content Security Policy"), "the inline style's CSP violation went unnoticed: {verdicts:?}");
        ensure!(problem("provoked by the test"), "the console.error went unnoticed: {verdicts:?}");
        // Both were provoked on purpose: they do not fail this flow.
        page.clear_log().await
    });
}

#[test]
fn the_accessibility_check_catches_an_unlabelled_field() {
    flow("axe check", async |page| {
        page.goto("/").await?;
        page.find(Role::Button, "Sign in").await?;
        page.script("const i = document.createElement('input'); i.id = 'unlabelled'; document.body.append(i);", vec![])
            .await?;
        let violations = page.axe().await?;
        let caught = violations.iter().any(|v| v.fails() && v.nodes.iter().any(|n| n.target.contains("#unlabelled")));
        ensure!(caught, "axe did not fail the unlabelled field: {violations:?}");
        Ok(())
    });
}
