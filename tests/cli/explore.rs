//! `rccost explore`: the page it writes, driven in headless Chromium through
//! chromedriver (WebDriver over HTTP, spoken here over a plain TCP stream).
//! The page's headline must be `rccost breakeven`'s "In short" lines for the
//! same options, word for word: the engine in the page is this crate.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::{rccost, stdout};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const INSTALL: &str = "apt-get install -y chromium chromium-driver";

/// One headless Chromium behind chromedriver, closed when dropped.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A browser `width` CSS px wide that logs every request it makes.
    fn open(width: u32) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = std::process::Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = crate::temp();
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while browser.call("GET", "/status", None).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            format!("--window-size={width},900"),
            format!("--user-data-dir={}", browser._profile.path().display()),
        ];
        let mut options = json!({"binary": "/usr/bin/chromium", "args": args});
        // Headless windows are at least 500 px wide: a phone is emulated.
        if width < 500 {
            options["mobileEmulation"] = json!({"deviceMetrics": {
                "width": width, "height": 844, "pixelRatio": 3.0, "touch": true,
            }});
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": {"performance": "ALL"},
        }}});
        let answer = browser
            .call("POST", "/session", Some(caps))
            .expect("a session");
        browser.session = answer["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        browser
    }

    /// One WebDriver command: its `value`, or the error the driver gave.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .map_err(|e| e.to_string())?;
        let json = read_response(&mut stream)?;
        let json = json.as_str();
        let value: Value = serde_json::from_str(json).map_err(|e| format!("{e}: {json}"))?;
        match value["value"].get("error") {
            Some(error) => Err(format!("{error}: {}", value["value"]["message"])),
            None => Ok(value["value"].clone()),
        }
    }

    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        self.call(method, &path, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    fn open_url(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body) in the page with `args`; its return value.
    fn run(&self, script: &str, args: Value) -> Value {
        self.session_call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Waits until `script` returns something other than null or false.
    fn wait_for(&self, script: &str, what: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            let value = self.run(script, json!([]));
            if !value.is_null() && value != Value::Bool(false) {
                return value;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The headline once the answer with the draws is in: its sentences.
    fn settled_headline(&self) -> Vec<String> {
        let script = "const h = document.querySelector('[data-rccost=\"headline\"]');\
            const e = document.querySelector('[data-rccost=\"error\"]');\
            if (e && !e.hidden) return ['error: ' + e.textContent];\
            if (h.getAttribute('aria-busy') !== 'false' || h.dataset.sampled !== 'yes') return null;\
            return [...h.querySelectorAll('p')].map(p => p.textContent);";
        let value = self.wait_for(script, "the sampled headline");
        serde_json::from_value(value).expect("a list of sentences")
    }

    /// Every URL the page asked for since the last call.
    fn requests(&self) -> Vec<String> {
        let log = self.session_call("POST", "/se/log", Some(json!({"type": "performance"})));
        let mut urls = Vec::new();
        for entry in log.as_array().expect("log entries") {
            let message: Value = serde_json::from_str(entry["message"].as_str().unwrap()).unwrap();
            let m = &message["message"];
            if m["method"] == "Network.requestWillBeSent" {
                urls.push(m["params"]["request"]["url"].as_str().unwrap().to_string());
            }
        }
        urls
    }
}

/// An HTTP response's body, by its Content-Length (chromedriver keeps the
/// connection open).
fn read_response(stream: &mut TcpStream) -> Result<String, String> {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        let n = stream.read(&mut chunk).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("the connection closed early".into());
        }
        bytes.extend_from_slice(&chunk[..n]);
        let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .ok_or("no Content-Length")?;
        if bytes.len() >= end + 4 + length {
            return Ok(String::from_utf8_lossy(&bytes[end + 4..end + 4 + length]).into_owned());
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// `rccost breakeven`'s "In short" lines for these options.
fn in_short(dir: &Path, options: &[&str]) -> Vec<String> {
    let text = stdout(rccost(dir).arg("breakeven").args(options));
    let start = text.find("In short:\n").expect("an In short part") + 10;
    text[start..]
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim_start().to_string())
        .collect()
}

/// The page `explore --scenario current --users 1..100` writes, in `dir`.
fn page(dir: &Path) -> String {
    stdout(rccost(dir).args([
        "explore",
        "--scenario",
        "current",
        "--users",
        "1..100",
        "--out",
        "D",
    ]));
    format!("file://{}", dir.join("D/index.html").display())
}

fn tools_present() -> bool {
    crate::tool_present("/usr/bin/chromium", INSTALL) && crate::tool_present(CHROMEDRIVER, INSTALL)
}

/// The three states: the page's headline is the CLI's, word for word,
/// with the same draws and seed; and the page asked for nothing but itself.
#[test]
fn the_page_says_what_breakeven_says() {
    if !tools_present() {
        return;
    }
    let dir = crate::temp();
    let url = page(dir.path());
    let browser = Browser::open(1200);
    for rate in ["45", "0", "30..60..120"] {
        browser.open_url("about:blank");
        browser.open_url(&format!("{url}#users=1..100&admin-rate={rate}"));
        let page = browser.settled_headline();
        let cli = in_short(
            dir.path(),
            &[
                "--scenario",
                "current",
                "--users",
                "1..100",
                "--admin-rate",
                rate,
            ],
        );
        assert!(cli.len() >= 3, "{cli:?}");
        assert_eq!(page, cli, "admin-rate={rate}");
    }
    let requests = browser.requests();
    assert!(
        requests.iter().any(|u| u.starts_with("file://")),
        "the log records the page's own load: {requests:?}"
    );
    let network: Vec<&String> = requests
        .iter()
        .filter(|u| {
            ["http:", "https:", "ws:", "wss:", "ftp:"]
                .iter()
                .any(|s| u.starts_with(s))
        })
        .collect();
    assert!(network.is_empty(), "requests to the network: {network:?}");
}

/// Typing a rate into the field moves the address and the headline (to the
/// CLI's for the new rate); an address opened sets every control it names.
#[test]
fn controls_and_the_address_stay_in_step() {
    if !tools_present() {
        return;
    }
    let dir = crate::temp();
    let url = page(dir.path());
    let browser = Browser::open(1200);
    browser.open_url(&format!(
        "{url}#users=1..60&admin-rate=30..60..120&billing=monthly&admin-hours=2"
    ));
    let before = browser.settled_headline();
    let cli = in_short(
        dir.path(),
        &[
            "--scenario",
            "current",
            "--users",
            "1..60",
            "--admin-rate",
            "30..60..120",
            "--billing",
            "monthly",
            "--admin-hours",
            "2",
        ],
    );
    assert_eq!(before, cli);
    let fields = browser.run(
        "return ['users-end', 'admin-rate', 'billing', 'admin-hours']\
         .map(id => document.getElementById(id).value);",
        json!([]),
    );
    assert_eq!(fields, json!(["60", "30..60..120", "monthly", "2"]));

    // A real key press in the rate's field (WebDriver's element send keys).
    let element = browser.session_call(
        "POST",
        "/element",
        Some(json!({"using": "css selector", "value": "#admin-rate"})),
    );
    let id = element
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .expect("the rate's field")
        .to_string();
    browser.session_call("POST", &format!("/element/{id}/clear"), Some(json!({})));
    browser.session_call(
        "POST",
        &format!("/element/{id}/value"),
        Some(json!({"text": "80"})),
    );
    let hash = browser.wait_for(
        "return location.hash.includes('admin-rate=80&') && location.hash;",
        "the address to take the new rate",
    );
    let hash = hash.as_str().unwrap();
    assert!(hash.starts_with("#users=1..60&admin-rate=80&"), "{hash}");
    assert!(
        hash.contains("billing=monthly") && hash.contains("admin-hours=2"),
        "{hash}"
    );
    let after = browser.settled_headline();
    assert_ne!(after, before);
    let cli = in_short(
        dir.path(),
        &[
            "--scenario",
            "current",
            "--users",
            "1..60",
            "--admin-rate",
            "80",
            "--billing",
            "monthly",
            "--admin-hours",
            "2",
        ],
    );
    assert_eq!(after, cli);

    // A value the command line refuses gets its message, naming the option.
    browser.open_url("about:blank");
    browser.open_url(&format!("{url}#users=1..100&admin-rate=abc"));
    let error = browser.wait_for(
        "const e = document.querySelector('[data-rccost=\"error\"]');\
         return !e.hidden && e.textContent;",
        "the error",
    );
    let error = error.as_str().unwrap();
    assert!(
        error.contains("--admin-rate") && error.contains("'abc'"),
        "{error}"
    );
    assert!(!error.contains("Usage"), "{error}");
}

/// On a 390 px phone nothing scrolls sideways and no text, the charts' included,
/// is drawn under 12 CSS px.
#[test]
fn the_page_fits_a_phone() {
    if !tools_present() {
        return;
    }
    let dir = crate::temp();
    let url = page(dir.path());
    let browser = Browser::open(390);
    browser.open_url(&format!("{url}#users=1..100&admin-rate=45"));
    browser.settled_headline();
    let width = browser.run("return window.innerWidth;", json!([]));
    assert_eq!(width, json!(390));
    let fits = browser.run(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
        json!([]),
    );
    assert!(fits[0].as_u64() <= fits[1].as_u64(), "{fits}");
    let smallest = browser.run(
        "let small = [];\
         for (const el of document.querySelectorAll('body *')) {\
           const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());\
           if (!own || !el.getClientRects().length) continue;\
           let size = parseFloat(getComputedStyle(el).fontSize);\
           const svg = el.closest('svg');\
           if (svg) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;\
           if (size < 11.99) small.push(el.tagName + ' ' + size + ' ' + el.textContent.slice(0, 40));\
         }\
         return [document.querySelectorAll('svg text').length, small];",
        json!([]),
    );
    assert!(smallest[0].as_u64().unwrap() > 10, "{smallest}");
    assert_eq!(smallest[1], json!([]), "text under 12 px");
}

/// `#bench=N` times N changes of the admin rate in the page and says
/// "p50 … ms p95 … ms" (docs/benchmarks.md has the figures).
#[test]
fn the_page_times_itself() {
    if !tools_present() {
        return;
    }
    let dir = crate::temp();
    let url = page(dir.path());
    let browser = Browser::open(1200);
    browser.open_url(&format!("{url}#users=1..100&admin-rate=45&bench=20"));
    let text = browser.wait_for(
        "return document.querySelector('[data-rccost=\"bench\"]').textContent || null;",
        "the bench figures",
    );
    let text = text.as_str().unwrap();
    let figures: Vec<f64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        text.starts_with("p50 ") && text.contains(" ms p95 "),
        "{text}"
    );
    assert!(figures[0] > 0.0 && figures[0] <= figures[1], "{text}");
}

/// `report` writes the page beside itself and links to it, starting from the
/// report's options.
#[test]
fn the_report_links_to_its_explore_page() {
    let dir = crate::temp();
    stdout(
        rccost(dir.path())
            .args(["report", "--format", "html", "--out", "post"])
            .args(crate::TODAY_AT_60),
    );
    let report = std::fs::read_to_string(dir.path().join("post/report.html")).unwrap();
    assert!(
        report.contains("href=\"explore.html\""),
        "the report links to the page"
    );
    let page = std::fs::read_to_string(dir.path().join("post/explore.html")).unwrap();
    assert!(page.contains("data-rccost=\"headline\""));
    for default in [
        "\"admin-rate\":\"60\"",
        "\"users\":\"1..100\"",
        "\"as-of\":\"2026-11-25\"",
    ] {
        assert!(page.contains(default), "{default}");
    }
}

/// A pointer over the cost chart at a team size shows each plan's cost there:
/// `export`'s figures for that size.
#[test]
fn hovering_a_team_size_shows_the_costs_there() {
    if !tools_present() {
        return;
    }
    let dir = crate::temp();
    let url = page(dir.path());
    let browser = Browser::open(1200);
    browser.open_url(&format!("{url}#users=1..100&admin-rate=45"));
    browser.settled_headline();
    // Three quarters across the plot, where the page's engine says team sizes lie.
    let n = browser.run(
        "const f = document.querySelector('figure[data-chart=\"cost-per-month\"]');\
         const [x0, x1, from, to] = f.dataset.teamAxis.split(',').map(Number);\
         const svg = f.querySelector('svg'); const box = svg.getBoundingClientRect();\
         const x = x0 + 0.75 * (x1 - x0);\
         const clientX = box.left + x * box.width / svg.viewBox.baseVal.width;\
         svg.dispatchEvent(new PointerEvent('pointermove', {bubbles: true, clientX, clientY: box.top + box.height / 2}));\
         return Math.round(from + 0.75 * (to - from));",
        json!([]),
    );
    let n = n.as_u64().expect("a team size");
    assert!((70..=80).contains(&n), "{n}");
    let script = format!(
        "const h = document.querySelector('[data-rccost=\"at-head\"]');\
         if (h.textContent !== 'At {n} users') return null;\
         return [...document.querySelectorAll('[data-rccost=\"plans\"] tbody tr')]\
           .map(r => [r.dataset.plan, r.cells[3].textContent]);"
    );
    let rows = browser.wait_for(&script, "the costs at the hovered size");
    let csv = stdout(
        rccost(dir.path())
            .args([
                "export",
                "--scenario",
                "current",
                "--admin-rate",
                "45",
                "--out",
                "-",
                "--users",
            ])
            .arg(n.to_string()),
    );
    let mut checked = 0;
    for row in rows.as_array().unwrap() {
        let (id, shown) = (row[0].as_str().unwrap(), row[1].as_str().unwrap());
        let line = csv
            .lines()
            .find(|l| l.split(',').nth(1) == Some(id))
            .unwrap_or_else(|| panic!("{id} in {csv}"));
        let amount = line.split(',').nth(2).unwrap();
        let digits: String = shown
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        assert_eq!(digits, amount, "{id} at {n}: {shown} against {line}");
        checked += 1;
    }
    assert!(checked >= 8, "{rows}");
}

/// Copies the fixture folder `name` to `dir/to`: the user's own pricing folder.
fn own_folder(dir: &Path, name: &str, to: &str) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::create_dir(dir.join(to)).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(to).join(path.file_name().unwrap())).unwrap();
    }
}

/// With `--pricing` (alone, or over a bundled scenario) the page carries the
/// files' TOML and its engine loads them as the command line does: its headline
/// is `breakeven --pricing`'s "In short", at each admin rate; its plans list
/// names the user's plan that replaced the bundled one; and no local path of
/// the files is written into the page.
#[test]
fn the_page_loads_your_own_pricing_files() {
    if !tools_present() {
        return;
    }
    let dir = crate::temp();
    own_folder(dir.path(), "good", "own");
    own_folder(dir.path(), "extend/my", "my");
    let browser = Browser::open(1200);
    for (out, source) in [
        ("A", vec!["--pricing", "own"]),
        ("B", vec!["--scenario", "current", "--pricing", "my"]),
    ] {
        let mut options = source.clone();
        options.extend(["--users", "1..100"]);
        stdout(
            rccost(dir.path())
                .arg("explore")
                .args(&options)
                .args(["--out", out]),
        );
        let index = dir.path().join(out).join("index.html");
        let text = std::fs::read_to_string(&index).unwrap();
        assert!(
            text.contains("[\"own/blocks.toml\",") || out == "B",
            "{out}"
        );
        let root = dir.path().display().to_string();
        assert!(!text.contains(&root), "{out}: the page names a local path");
        for rate in ["45", "0"] {
            browser.open_url("about:blank");
            browser.open_url(&format!(
                "file://{}#users=1..100&admin-rate={rate}",
                index.display()
            ));
            let page = browser.settled_headline();
            let mut cli_options = options.clone();
            cli_options.extend(["--admin-rate", rate]);
            let cli = in_short(dir.path(), &cli_options);
            assert!(!cli.is_empty(), "{cli:?}");
            assert_eq!(page, cli, "{source:?} admin-rate={rate}");
        }
        if out == "B" {
            let plans = browser.run(
                "return document.querySelector('[data-rccost=\"plans\"]').textContent;",
                json!([]),
            );
            let plans = plans.as_str().unwrap_or_default();
            assert!(plans.contains("Slack Pro (our deal)"), "{plans}");
        }
    }
}

/// `report --pricing` writes the real explorer beside itself, carrying the files.
#[test]
fn the_report_with_your_files_writes_the_explorer() {
    let dir = crate::temp();
    own_folder(dir.path(), "good", "own");
    stdout(
        rccost(dir.path())
            .args([
                "report",
                "--format",
                "html",
                "--pricing",
                "own",
                "--out",
                "post",
            ])
            .args(crate::TODAY_AT_60),
    );
    let page = std::fs::read_to_string(dir.path().join("post/explore.html")).unwrap();
    assert!(
        page.contains("data-rccost=\"headline\""),
        "the explorer, not a note"
    );
    for carried in ["\"paths\":[\"own\"]", "[\"own/zulip-like.toml\","] {
        assert!(page.contains(carried), "{carried}");
    }
}
