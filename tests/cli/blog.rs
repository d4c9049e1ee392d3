//! `report` as a blog post, built by the real engines: a Hugo page bundle in a
//! fresh `hugo new site`, a Jekyll post in a fresh `jekyll new` site (minima,
//! offline), and the plain Markdown through a GFM parser (pulldown-cmark); then
//! the built pages in headless Chromium at a 390 px phone's width.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::{TODAY_AT_60, rccost, stdout, temp};

/// The charts the issue asks the post to show by default, with the
/// scenario's ranges: cost per month, the break-even map, the probability.
const SHOWN: [&str; 3] = ["cost-per-month", "breakeven-map", "probability"];

/// Hugo without a theme renders no page ("found no layout file"), so the
/// site gets the smallest layout that shows one: the title as the page's one
/// H1 and the content under it (docs/blog.md says the same).
const HUGO_SINGLE: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{{ .Title }}</title></head>\n<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n";

/// Runs `program` in `dir`, failing the test with its output unless it succeeds.
fn run(dir: &Path, program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `from`'s files copied into `to`, folders merged: "copy the folder in".
fn copy_into(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_into(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The report written with `args` into `dir/post`.
fn post(dir: &Path, args: &[&str]) -> PathBuf {
    stdout(
        rccost(dir)
            .args(["report", "--out", "post", "-q"])
            .args(args)
            .args(TODAY_AT_60),
    );
    dir.join("post")
}

/// Every value of `attr="…"` in the tags named `tag`.
fn attrs(html: &str, tag: &str, attr: &str) -> Vec<String> {
    html.split(&format!("<{tag} "))
        .skip(1)
        .filter_map(|t| {
            let t = format!(" {}", &t[..t.find('>').unwrap()]);
            let at = t.find(&format!(" {attr}=\""))? + attr.len() + 3;
            Some(t[at..at + t[at..].find('"').unwrap()].to_string())
        })
        .collect()
}

/// The checks on a built page: one H1, nothing dropped, and each shown chart
/// an `<img>` with its alt text whose file (and phone drawing) is in the built
/// site; `file` maps an address in the page to a path.
fn built_page_holds(html: &str, file: impl Fn(&str) -> PathBuf) {
    assert!(!html.contains("raw HTML omitted"), "{html}");
    assert_eq!(html.matches("<h1").count(), 1, "one H1");
    let srcs = attrs(html, "img", "src");
    let alts = attrs(html, "img", "alt");
    assert_eq!(srcs.len(), SHOWN.len(), "{srcs:?}");
    assert_eq!(alts.len(), SHOWN.len(), "{alts:?}");
    for ((src, alt), stem) in srcs.iter().zip(&alts).zip(SHOWN) {
        assert!(src.ends_with(&format!("{stem}.png")), "{src}");
        assert!(file(src).is_file(), "{src} is in the built site");
        assert!(alt.len() > 20, "{stem}: alt {alt:?}");
        let phone = src.replace(".png", "-phone.png");
        assert!(file(&phone).is_file(), "{phone} is in the built site");
    }
    for set in attrs(html, "source", "srcset") {
        let src = set.split_whitespace().next().unwrap();
        assert!(file(src).is_file(), "{src} is in the built site");
    }
    // The charts not shown are linked, the links resolve.
    for href in attrs(html, "a", "href") {
        if href.ends_with(".png") || href.ends_with(".svg") || href.ends_with(".csv") {
            assert!(file(&href).is_file(), "{href} is in the built site");
        }
    }
    assert!(html.contains("sensitivity.png"), "the other charts linked");
    assert!(html.contains("class=\"footnotes\""), "the charts in words");
}

/// Every amount the chart's SVG says in its `<desc>` (written by the chart,
/// not the page) is in the built page's text: every figure said.
fn every_figure_is_said(html: &str, svg: impl Fn(&str) -> PathBuf) {
    for stem in SHOWN {
        let drawing = fs::read_to_string(svg(&format!("{stem}.svg"))).unwrap();
        let desc = drawing
            .split("<desc>")
            .nth(1)
            .unwrap()
            .split("</desc>")
            .next()
            .unwrap();
        let amounts: Vec<&str> = desc
            .split_whitespace()
            .filter(|w| w.starts_with('$'))
            .map(|w| w.trim_end_matches([',', '.', ';', ')']))
            .collect();
        assert!(!amounts.is_empty() || stem != "cost-per-month", "{desc}");
        for amount in amounts {
            assert!(
                html.contains(amount),
                "{stem}: {amount} is said in the page"
            );
        }
    }
}

#[test]
fn a_hugo_bundle_builds_in_a_default_hugo_site() {
    if !crate::tool_present("/usr/bin/hugo", "apt-get install -y hugo") {
        return;
    }
    let dir = temp();
    let post = post(dir.path(), &["--layout", "hugo-bundle"]);
    run(dir.path(), "/usr/bin/hugo", &["new", "site", "site"]);
    let site = dir.path().join("site");
    fs::create_dir_all(site.join("layouts/_default")).unwrap();
    fs::write(site.join("layouts/_default/single.html"), HUGO_SINGLE).unwrap();
    copy_into(&post, &site);
    run(&site, "/usr/bin/hugo", &[]);
    let folder = site.join("public/posts/chat-server-costs");
    let html = fs::read_to_string(folder.join("index.html")).unwrap();
    built_page_holds(&html, |src| folder.join(src));
    assert!(
        html.contains("<picture>"),
        "the render hook offers the phone charts"
    );
    phone_reads_it(&folder.join("index.html"), |name| folder.join(name));
}

#[test]
fn a_jekyll_post_builds_in_a_default_jekyll_site() {
    if !crate::tool_present("/usr/bin/jekyll", "apt-get install -y jekyll") {
        return;
    }
    let dir = temp();
    let post = post(dir.path(), &["--layout", "jekyll"]);
    assert!(
        post.join("_posts/2026-11-25-chat-server-costs.md")
            .is_file()
    );
    run(
        dir.path(),
        "/usr/bin/jekyll",
        &["new", "site", "--skip-bundle"],
    );
    let site = dir.path().join("site");
    copy_into(&post, &site);
    // The site's own folder as its base URL, so that the built page's
    // addresses (/assets/…, through relative_url) are paths Chromium opens.
    let built = site.join("_site");
    run(
        &site,
        "/usr/bin/jekyll",
        &["build", "--baseurl", built.to_str().unwrap()],
    );
    let page = built.join("2026/11/25/chat-server-costs.html");
    let html = fs::read_to_string(&page).unwrap();
    let file = |src: &str| PathBuf::from(src);
    built_page_holds(&html, file);
    let assets = built.join("assets/chat-server-costs");
    every_figure_is_said(&html, |name| assets.join(name));
    phone_reads_it(&page, |name| assets.join(name));
}

#[test]
fn the_plain_markdown_is_standard_gfm() {
    let dir = temp();
    let post = post(dir.path(), &[]);
    let md = fs::read_to_string(post.join("report.md")).unwrap();
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_GFM;
    let (mut images, mut h1, mut notes, mut refs) = (Vec::new(), 0, 0, 0);
    let mut tables = 0;
    let mut alt: Option<String> = None;
    for event in Parser::new_ext(&md, options) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML: {h}"),
            Event::Start(Tag::Heading { level, .. }) => h1 += (level as usize == 1) as usize,
            Event::Start(Tag::Image { dest_url, .. }) => {
                images.push(dest_url.to_string());
                alt = Some(String::new());
            }
            Event::Text(t) if alt.is_some() => alt.as_mut().unwrap().push_str(&t),
            Event::End(TagEnd::Image) => {
                let a = alt.take().unwrap();
                assert!(a.len() > 20, "alt text {a:?}");
            }
            Event::FootnoteReference(_) => refs += 1,
            // Amounts right-aligned, the plan's name left-aligned.
            Event::Start(Tag::Table(columns)) => {
                use pulldown_cmark::Alignment::{Left, None as Unset, Right};
                assert!(matches!(columns[0], Left | Unset), "{columns:?}");
                assert!(columns[1..].iter().all(|c| *c == Right), "{columns:?}");
                tables += 1;
            }
            Event::Start(Tag::FootnoteDefinition(_)) => notes += 1,
            _ => {}
        }
    }
    assert_eq!(h1, 1, "the title, once");
    assert_eq!(images, SHOWN.map(|s| format!("{s}.png")));
    for image in &images {
        assert!(post.join(image).is_file(), "{image}");
    }
    assert_eq!(
        (refs, notes),
        (SHOWN.len(), SHOWN.len()),
        "each chart in words"
    );
    // 1, 5, 10, 15, 25, 50 and 100 users, two sizes a table.
    assert_eq!(tables, 4);
}

/// The page at 390 CSS px, measured in headless Chromium: no horizontal
/// scroll, every chart its phone drawing, and that drawing's smallest text,
/// scaled as the page shows it, at least 12 px. Headless Chromium's window
/// is at least 500 px wide, so the page is opened in a 390 px iframe.
fn phone_reads_it(page: &Path, svg: impl Fn(&str) -> PathBuf) {
    if !crate::tool_present("/usr/bin/chromium", "apt-get install -y chromium") {
        return;
    }
    let m = at_390(page);
    let (scroll, inner) = (m["sw"].as_f64().unwrap(), m["iw"].as_f64().unwrap());
    assert!(scroll <= inner, "scrolls sideways: {m}");
    let images = m["imgs"].as_array().unwrap();
    assert_eq!(images.len(), SHOWN.len(), "{m}");
    for image in images {
        let (name, shown) = (image[0].as_str().unwrap(), image[1].as_f64().unwrap());
        assert!(name.ends_with("-phone.png"), "{name}");
        assert!(image[2].as_f64().unwrap() > 0.0, "{name} loaded");
        let drawing = fs::read_to_string(svg(&name.replace(".png", ".svg"))).unwrap();
        let (width, smallest) = svg_width_and_smallest_text(&drawing);
        let px = smallest * shown / width;
        assert!(px >= 12.0, "{name}: text of {px:.1} CSS px at 390 px");
    }
}

/// The SVG's width and its smallest `font-size`.
fn svg_width_and_smallest_text(svg: &str) -> (f64, f64) {
    let number = |s: &str| s[..s.find('"').unwrap()].parse::<f64>().unwrap();
    let width = number(svg.split(" width=\"").nth(1).unwrap());
    let smallest = svg
        .split("font-size=\"")
        .skip(1)
        .map(number)
        .fold(f64::INFINITY, f64::min);
    assert!(smallest.is_finite(), "the SVG has text");
    (width, smallest)
}

/// What the page at `path` measures at 390 px: its scroll width, inner width
/// and each image's chosen file, shown width and natural width.
fn at_390(path: &Path) -> Value {
    let dir = path.parent().unwrap();
    let script = "<script>addEventListener(\"load\",()=>{const d=document.documentElement;parent.postMessage(JSON.stringify({sw:d.scrollWidth,iw:innerWidth,imgs:[...document.images].map(i=>[i.currentSrc.split(\"/\").pop(),i.getBoundingClientRect().width,i.naturalWidth])}),\"*\")})</script></body>";
    let page = fs::read_to_string(path).unwrap().replace("</body>", script);
    fs::write(dir.join("check.html"), page).unwrap();
    let frame = "<!doctype html><body style=\"margin:0\"><iframe src=\"check.html\" width=\"390\" height=\"800\" style=\"border:0\"></iframe><script>addEventListener(\"message\",e=>document.body.setAttribute(\"data-m\",e.data))</script></body>";
    fs::write(dir.join("frame.html"), frame).unwrap();
    let profile = temp();
    let out = Command::new("/usr/bin/chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--window-size=1024,900",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", dir.join("frame.html").display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("data-m=\"").expect("the page measured itself") + 8;
    let json = dom[start..start + dom[start..].find('"').unwrap()]
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

#[test]
fn the_html_report_fits_a_phone() {
    let dir = temp();
    let post = post(dir.path(), &["--format", "html"]);
    phone_reads_it(&post.join("report.html"), |name| post.join(name));
}

/// A post's options that do not go together, or a chart that does not exist,
/// are refused before anything is read or written: exit 2, the option named.
#[test]
fn a_post_refuses_options_that_do_not_fit() {
    for (args, says) in [
        (&["--format", "html", "--layout", "jekyll"][..], "--layout"),
        (
            &["--format", "html", "--front-matter", "hugo"][..],
            "--front-matter",
        ),
        (&["--format", "html", "--raw-html"][..], "--raw-html"),
        (
            &["--layout", "hugo-bundle", "--front-matter", "jekyll"][..],
            "--layout hugo-bundle writes --front-matter hugo",
        ),
        (&["--charts", "cost-per-month,pie"][..], "no chart 'pie'"),
        // A panel of a model the scenario does not have: known once read.
        (
            &["--charts", "breakeven-map-slack-pro"][..],
            "no chart 'breakeven-map-slack-pro'",
        ),
    ] {
        let dir = temp();
        let out = rccost(dir.path())
            .args(["report", "--out", "post", "--scenario", "current"])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(
            !dir.path().join("post").exists(),
            "{args:?}: nothing written"
        );
    }
}
