//! Headless Chromium under chromedriver (Debian's `chromium` and
//! `chromium-driver`), and the few things the checks ask of it.

use fantoccini::wd::TimeoutConfiguration;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
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
    pub async fn session(&self, chromium: &Path) -> Result<Client, String> {
        let profile =
            std::env::temp_dir().join(format!("threeways-chromium-{}", std::process::id()));
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .map_err(|e| format!("cannot start a Chromium session: {e}"))?;
        // A page of this book loads from 127.0.0.1 in well under a second;
        // one that takes longer is stuck, and should say so soon, not after
        // chromedriver's five minutes.
        let mut timeouts = TimeoutConfiguration::default();
        timeouts.set_page_load(Some(Duration::from_secs(20)));
        timeouts.set_script(Some(Duration::from_secs(10)));
        client
            .update_timeouts(timeouts)
            .await
            .map_err(|e| format!("cannot set the timeouts: {e}"))?;
        Ok(client)
    }
}

/// A browser window on the served book.
pub struct Browser {
    pub client: Client,
    /// The book's address, ending in `/`.
    pub base: String,
}

impl Browser {
    /// Opens `page` of the book (`download.html`) and waits until it has
    /// loaded.
    pub async fn open(&self, page: &str) -> Result<(), String> {
        self.client
            .goto(&format!("{}{page}", self.base))
            .await
            .map_err(|e| format!("cannot open {page}: {e}"))
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page
    /// and returns what it returns.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client
            .execute(script, args)
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// Resizes the window, outer size.
    pub async fn resize(&self, width: u32, height: u32) -> Result<(), String> {
        self.client
            .set_window_size(width, height)
            .await
            .map_err(|e| format!("cannot resize the window: {e}"))
    }

    /// Clicks the element `css` selects, as a reader's mouse would.
    pub async fn click(&self, css: &str) -> Result<(), String> {
        self.client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("no element {css}: {e}"))?
            .click()
            .await
            .map_err(|e| format!("cannot click {css}: {e}"))
    }

    /// Types `text` into the element `css` selects.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<(), String> {
        self.client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("no element {css}: {e}"))?
            .send_keys(text)
            .await
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
            .client
            .screenshot()
            .await
            .map_err(|e| format!("cannot take a screenshot: {e}"))?;
        std::fs::write(file, png).map_err(|e| format!("cannot write {} ({e})", file.display()))
    }

    /// The console's messages since the last call, as `(level, message)`.
    pub async fn console(&self) -> Result<Vec<(String, String)>, String> {
        let entries = self
            .client
            .issue_cmd(BrowserLog)
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

/// chromedriver's log of the console (`goog:loggingPrefs` turns it on);
/// WebDriver itself has no command for it.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}
