//! Headless Chromium under chromedriver (Debian's `chromium` and
//! `chromium-driver`), and the few things the checks ask of it.

use base64::prelude::{BASE64_STANDARD, Engine as _};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::CONTENT_TYPE;
use hyper::{Method, Request};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Flags that keep Chromium to itself: without the networking ones it tries
/// to reach hosts outside this machine (see NOTES.md).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
];

/// A chromedriver we started; it is stopped when this is dropped.
pub struct Chromedriver {
    child: Child,
    port: u16,
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first of `names` found on `PATH` (or as given, if absolute).
pub fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|name| {
        if Path::new(name).is_absolute() {
            return Path::new(name).is_file().then(|| PathBuf::from(name));
        }
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

impl Chromedriver {
    /// Starts `program` on a free port of 127.0.0.1 and waits for it to say
    /// which.
    pub fn start(program: &Path) -> Result<Chromedriver, String> {
        let mut child = Command::new(program)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {} ({e})", program.display()))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        // "ChromeDriver was started successfully on port 36209."
        let port = lines.by_ref().map_while(Result::ok).find_map(|line| {
            let (_, rest) = line.split_once("started successfully on port ")?;
            rest.trim_end_matches('.').parse::<u16>().ok()
        });
        // Keep reading what it prints, so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        match port {
            Some(port) => Ok(Chromedriver { child, port }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!(
                    "{} did not say which port it listens on",
                    program.display()
                ))
            }
        }
    }

    /// A new headless Chromium session, keeping the console's messages.
    pub async fn session(&self, chromium: &Path) -> Result<Session, String> {
        let profile =
            std::env::temp_dir().join(format!("threeways-chromium-{}", std::process::id()));
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let session = Session::start(self.port, capabilities)
            .await
            .map_err(|e| format!("cannot start a Chromium session: {e}"))?;
        // A page of this book loads from 127.0.0.1 in well under a second;
        // one that takes longer is stuck, and should say so soon, not after
        // chromedriver's five minutes.
        session
            .command(
                Method::POST,
                "timeouts",
                json!({ "pageLoad": 20_000, "script": 10_000 }),
            )
            .await
            .map_err(|e| format!("cannot set the timeouts: {e}"))?;
        Ok(session)
    }
}

/// A WebDriver session: JSON over HTTP to chromedriver, each command a
/// request to `/session/ID/...`, as the W3C standard defines it
/// (<https://www.w3.org/TR/webdriver2/>). The checks need eight commands,
/// so they are written here: the client crate on crates.io (fantoccini)
/// brings a second copy of `http`, `cookie`, `thiserror`, `syn` and the
/// `icu` family into the workspace, through the `webdriver` crate it
/// depends on.
pub struct Session {
    http: Client<HttpConnector, Full<Bytes>>,
    /// `http://127.0.0.1:PORT/session/ID/`: commands are relative to it.
    base: String,
}

/// The key a WebDriver element reference is stored under (the standard's
/// own constant).
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Session {
    /// Asks chromedriver on `port` for a new session with `capabilities`.
    async fn start(port: u16, capabilities: Value) -> Result<Session, String> {
        let http = Client::builder(TokioExecutor::new()).build(HttpConnector::new());
        let server = format!("http://127.0.0.1:{port}/session");
        let body = json!({ "capabilities": { "alwaysMatch": capabilities } });
        let value = send(&http, Method::POST, &server, Some(body)).await?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| format!("chromedriver gave no session id: {value}"))?;
        Ok(Session {
            http,
            base: format!("{server}/{id}/"),
        })
    }

    /// Sends `command` (a path below the session, such as `url`) with
    /// `body`, and returns the `value` of the answer.
    pub async fn command(
        &self,
        method: Method,
        command: &str,
        body: Value,
    ) -> Result<Value, String> {
        let body = (method != Method::GET).then_some(body);
        send(&self.http, method, &format!("{}{command}", self.base), body).await
    }

    /// The element `css` selects, as the reference later commands take.
    async fn element(&self, css: &str) -> Result<String, String> {
        let found = self
            .command(
                Method::POST,
                "element",
                json!({ "using": "css selector", "value": css }),
            )
            .await?;
        found[ELEMENT]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("chromedriver gave no element reference: {found}"))
    }

    /// Ends the session, which closes the browser.
    pub async fn close(&self) -> Result<(), String> {
        let session = self.base.trim_end_matches('/');
        send(&self.http, Method::DELETE, session, None)
            .await
            .map(drop)
    }
}

/// One WebDriver request. An answer is `{"value": ...}`; an error is a
/// status of 400 or more, whose value names the error and says why.
async fn send(
    http: &Client<HttpConnector, Full<Bytes>>,
    method: Method,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let request = Request::builder()
        .method(method)
        .uri(url)
        .header(CONTENT_TYPE, "application/json; charset=utf-8")
        .body(Full::new(Bytes::from(
            body.map(|body| body.to_string()).unwrap_or_default(),
        )))
        .map_err(|e| format!("cannot make a request to {url} ({e})"))?;
    let response = http
        .request(request)
        .await
        .map_err(|e| format!("chromedriver does not answer ({e})"))?;
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("chromedriver's answer broke off ({e})"))?
        .to_bytes();
    let mut answer: Value = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "chromedriver's answer is not JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    })?;
    let value = answer["value"].take();
    if status.is_client_error() || status.is_server_error() {
        // Its message can run to a stack trace: the first line says it.
        let message = value["message"].as_str().unwrap_or_default();
        let message = message.lines().next().unwrap_or_default();
        return Err(format!(
            "{}: {message}",
            value["error"].as_str().unwrap_or("error")
        ));
    }
    Ok(value)
}

/// A browser window on the served book.
pub struct Browser {
    pub session: Session,
    /// The book's address, ending in `/`.
    pub base: String,
}

impl Browser {
    /// Opens `page` of the book (`download.html`) and waits until it has
    /// loaded.
    pub async fn open(&self, page: &str) -> Result<(), String> {
        let url = format!("{}{page}", self.base);
        self.session
            .command(Method::POST, "url", json!({ "url": url }))
            .await
            .map(drop)
            .map_err(|e| format!("cannot open {page}: {e}"))
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page
    /// and returns what it returns.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.session
            .command(
                Method::POST,
                "execute/sync",
                json!({ "script": script, "args": args }),
            )
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// Resizes the window, outer size.
    pub async fn resize(&self, width: u32, height: u32) -> Result<(), String> {
        self.session
            .command(
                Method::POST,
                "window/rect",
                json!({ "width": width, "height": height }),
            )
            .await
            .map(drop)
            .map_err(|e| format!("cannot resize the window: {e}"))
    }

    /// Clicks the element `css` selects, as a reader's mouse would.
    pub async fn click(&self, css: &str) -> Result<(), String> {
        let element =
            (self.session.element(css).await).map_err(|e| format!("no element {css}: {e}"))?;
        self.session
            .command(Method::POST, &format!("element/{element}/click"), json!({}))
            .await
            .map(drop)
            .map_err(|e| format!("cannot click {css}: {e}"))
    }

    /// Types `text` into the element `css` selects.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<(), String> {
        let element =
            (self.session.element(css).await).map_err(|e| format!("no element {css}: {e}"))?;
        self.session
            .command(
                Method::POST,
                &format!("element/{element}/value"),
                json!({ "text": text }),
            )
            .await
            .map(drop)
            .map_err(|e| format!("cannot type into {css}: {e}"))
    }

    /// Waits up to `limit` for `script` to return `true`, asking every
    /// tenth of a second.
    pub async fn wait_for(&self, script: &str, limit: Duration) -> Result<(), String> {
        let start = Instant::now();
        loop {
            // A page that is reloading may not answer; ask again.
            if let Ok(Value::Bool(true)) = self.js(script, vec![]).await {
                return Ok(());
            }
            if start.elapsed() > limit {
                return Err(format!("waited {limit:?} for `{script}`"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sets mdBook's theme (light, rust, coal, navy, ayu) for the next page
    /// opened.
    pub async fn theme(&self, theme: &str) -> Result<(), String> {
        self.js(
            "localStorage.setItem('mdbook-theme', arguments[0]);",
            vec![json!(theme)],
        )
        .await
        .map(drop)
    }

    /// Saves a picture of the window as a PNG file.
    pub async fn screenshot(&self, file: &Path) -> Result<(), String> {
        let png = self
            .session
            .command(Method::GET, "screenshot", Value::Null)
            .await
            .and_then(|png| {
                let png = png.as_str().unwrap_or_default();
                BASE64_STANDARD
                    .decode(png)
                    .map_err(|e| format!("the PNG is not base64 ({e})"))
            })
            .map_err(|e| format!("cannot take a screenshot: {e}"))?;
        std::fs::write(file, png).map_err(|e| format!("cannot write {} ({e})", file.display()))
    }

    /// The console's messages since the last call, as `(level, message)`.
    pub async fn console(&self) -> Result<Vec<(String, String)>, String> {
        // chromedriver's log of the console (`goog:loggingPrefs` turns it
        // on): WebDriver itself has no command for it.
        let entries = self
            .session
            .command(Method::POST, "se/log", json!({ "type": "browser" }))
            .await
            .map_err(|e| format!("cannot read the console: {e}"))?;
        Ok(entries
            .as_array()
            .into_iter()
            .flatten()
            .map(|entry| {
                let field = |name: &str| entry[name].as_str().unwrap_or_default().to_owned();
                (field("level"), field("message"))
            })
            .collect())
    }
}
