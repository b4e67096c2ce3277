//! The shipped nginx configuration (`deploy/nginx/`), made runnable on
//! loopback by an unprivileged test: the same files with only the ports, the
//! paths, the upstream and the token substituted. Every substitution must
//! find what it replaces, so a change to the shipped files that the tests
//! would no longer cover fails here instead of passing quietly.

use std::path::Path;

use anyhow::{Result, bail};

/// Where the shipped files expect to be installed (see deploy/README.md).
pub const SHIPPED_CONF_DIR: &str = "/etc/nginx/account-admin/";
pub const SHIPPED_ROOT: &str = "/srv/account-admin/dist";
pub const SHIPPED_UPSTREAM: &str = "https://api.na4.livevox.com/";
pub const SHIPPED_CERTIFICATE: &str = "/etc/ssl/certs/account-admin.pem";
pub const SHIPPED_CERTIFICATE_KEY: &str = "/etc/ssl/private/account-admin.key";
pub const SHIPPED_HTTPS_LISTEN: &str = "listen 443 ssl http2;";
pub const SHIPPED_HTTP_LISTEN: &str = "listen 80;";

/// Debian's nginx module that serves `.br` files.
pub const BROTLI_STATIC_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// What the test puts in place of the operator's values.
#[derive(Debug, Clone)]
pub struct Substitutions<'a> {
    pub conf_dir: &'a Path,
    pub root: &'a Path,
    pub upstream: &'a str,
    pub https_port: u16,
    pub http_port: u16,
    pub certificate: &'a Path,
    pub certificate_key: &'a Path,
}

/// The site file (`account-admin.conf`) with the test's values.
pub fn site(shipped: &str, with: &Substitutions) -> Result<String> {
    let mut text = include_file(shipped, with.conf_dir)?;
    for (from, to) in [
        (SHIPPED_ROOT.to_string(), with.root.display().to_string()),
        (SHIPPED_UPSTREAM.to_string(), with.upstream.to_string()),
        (SHIPPED_CERTIFICATE.to_string(), with.certificate.display().to_string()),
        (SHIPPED_CERTIFICATE_KEY.to_string(), with.certificate_key.display().to_string()),
        (SHIPPED_HTTPS_LISTEN.to_string(), format!("listen 127.0.0.1:{} ssl http2;", with.https_port)),
        (SHIPPED_HTTP_LISTEN.to_string(), format!("listen 127.0.0.1:{};", with.http_port)),
    ] {
        text = replace_all(&text, &from, &to)?;
    }
    // IPv6 may be missing on a test machine; loopback IPv4 is enough.
    Ok(text.lines().filter(|line| !line.trim_start().starts_with("listen [::]")).collect::<Vec<_>>().join("\n"))
}

/// Any other file of the folder: its includes point into the test's folder.
pub fn include_file(shipped: &str, conf_dir: &Path) -> Result<String> {
    if shipped.contains(SHIPPED_CONF_DIR) {
        replace_all(shipped, SHIPPED_CONF_DIR, &format!("{}/", conf_dir.display()))
    } else {
        Ok(shipped.to_string())
    }
}

/// The access token include, as an operator writes it from the example.
pub fn access_token(example: &str, token: &str) -> Result<String> {
    let placeholder = "paste-the-access-token-here";
    replace_all(example, placeholder, token)
}

/// The main configuration of the test's nginx: what Debian's
/// `/etc/nginx/nginx.conf` gives a site (mime types, modules), with every
/// file the server writes kept in `work`, in the foreground.
pub fn main_conf(work: &Path, site: &Path, brotli: bool) -> String {
    let work = work.display();
    let load_brotli = if brotli { format!("load_module {BROTLI_STATIC_MODULE};\n") } else { String::new() };
    format!(
        "{load_brotli}daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{
    worker_connections 256;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {work}/nginx-access.log;
    client_body_temp_path {work}/nginx-temp/body;
    proxy_temp_path {work}/nginx-temp/proxy;
    fastcgi_temp_path {work}/nginx-temp/fastcgi;
    uwsgi_temp_path {work}/nginx-temp/uwsgi;
    scgi_temp_path {work}/nginx-temp/scgi;
    include {site};
}}
",
        site = site.display()
    )
}

fn replace_all(text: &str, from: &str, to: &str) -> Result<String> {
    if text.contains(from) {
        Ok(text.replace(from, to))
    } else {
        bail!("the shipped nginx configuration no longer contains {from:?}: update e2e/src/nginx.rs")
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn shipped(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/nginx").join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn substitutions<'a>(conf: &'a Path, root: &'a Path, cert: &'a Path, key: &'a Path) -> Substitutions<'a> {
        Substitutions {
            conf_dir: conf,
            root,
            upstream: "http://127.0.0.1:9001/api/",
            https_port: 9443,
            http_port: 9080,
            certificate: cert,
            certificate_key: key,
        }
    }

    #[test]
    fn the_shipped_site_runs_on_loopback_with_only_ports_paths_upstream_and_certificate_changed() {
        let (conf, root) = (PathBuf::from("/tmp/e2e/conf"), PathBuf::from("/repo/dist"));
        let (cert, key) = (PathBuf::from("/tmp/e2e/cert.pem"), PathBuf::from("/tmp/e2e/key.pem"));
        let original = shipped("account-admin.conf");
        let site = site(&original, &substitutions(&conf, &root, &cert, &key)).unwrap();

        assert!(site.contains("listen 127.0.0.1:9443 ssl http2;"));
        assert!(site.contains("listen 127.0.0.1:9080;"));
        assert!(site.contains("proxy_pass http://127.0.0.1:9001/api/;"));
        assert!(site.contains("root /repo/dist;"));
        assert!(site.contains("include /tmp/e2e/conf/security-headers.conf;"));
        assert!(!site.contains("/etc/nginx/account-admin"), "every include points at the test's copy");
        assert!(!site.contains("listen [::]"));
        // Nothing else changed: every other line is the shipped one.
        let changed = |line: &str| {
            ["listen", "proxy_pass", "root ", "include ", "alias ", "ssl_certificate"]
                .iter()
                .any(|directive| line.trim_start().starts_with(directive))
        };
        let kept: Vec<_> = original.lines().filter(|l| !changed(l)).collect();
        let now: Vec<_> = site.lines().filter(|l| !changed(l)).collect();
        assert_eq!(kept, now);
    }

    #[test]
    fn a_shipped_file_without_what_the_test_replaces_is_refused() {
        let (conf, root) = (PathBuf::from("/c"), PathBuf::from("/r"));
        let (cert, key) = (PathBuf::from("/k"), PathBuf::from("/k"));
        let error = site("server { listen 8443 ssl; }", &substitutions(&conf, &root, &cert, &key)).unwrap_err();
        assert!(error.to_string().contains("no longer contains"), "{error}");
    }

    #[test]
    fn the_access_token_goes_where_the_example_says() {
        let include = access_token(&shipped("access-token.conf.example"), "demo-token").unwrap();
        assert!(include.contains("set $account_api_access_token \"demo-token\";"), "{include}");
    }

    #[test]
    fn every_location_of_the_shipped_site_adds_the_security_headers() {
        // nginx drops the server's add_header lines in a location with its own.
        let site = shipped("account-admin.conf");
        let mut blocks = site.split("location ").skip(1);
        assert!(blocks.clone().count() >= 5);
        assert!(blocks.all(|block| block.contains("include /etc/nginx/account-admin/security-headers.conf;")));
    }
}
