//! Charts for any screen, read back from the SVGs the binary writes: text
//! that stays on the canvas and is large enough on a phone, one colour per
//! plan across every chart of a run, no command-line words in a chart, and
//! straight lines kept straight to a twentieth of a pixel.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::{TODAY_AT_60, rccost, stdout, temp};

/// The run of today's prices the issue names, at `size` (None: the default).
fn current_svgs(dir: &Path, size: Option<&str>) -> Vec<(String, String)> {
    let mut args = vec!["plot"];
    args.extend(TODAY_AT_60);
    args.extend(["--format", "svg", "--out", "charts"]);
    if let Some(size) = size {
        args.extend(["--size", size]);
    }
    stdout(rccost(dir).args(&args));
    svgs_in(&dir.join("charts"))
}

fn svgs_in(folder: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "svg"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    assert!(files.len() >= 4, "charts written: {files:?}");
    files
}

/// The value of `name="…"` in a tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

pub(super) fn number(tag: &str, name: &str) -> f64 {
    attr(tag, name)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        .parse()
        .unwrap()
}

/// Every `<text …>content</text>` of an SVG: the opening tag and the text.
pub(super) fn texts(svg: &str) -> Vec<(&str, &str)> {
    svg.split("<text")
        .skip(1)
        .map(|rest| {
            let open = &rest[..rest.find('>').unwrap()];
            let body = &rest[open.len() + 1..rest.find("</text>").unwrap()];
            (open, body)
        })
        .collect()
}

/// The canvas size an SVG declares.
pub(super) fn canvas(svg: &str) -> (f64, f64) {
    let open = &svg[..svg.find('>').unwrap()];
    (number(open, "width"), number(open, "height"))
}

/// A text's box on the canvas. DejaVu Sans (the embedded face) reaches 0.93 em
/// above its baseline and 0.24 em below it (its hhea ascender 1901 and
/// descender −483 of 2,048 units); its width is the `textLength` it is drawn
/// to. A `rotate(270, cx, cy)` turns the box about (cx, cy).
pub(super) fn text_box(tag: &str) -> (f64, f64, f64, f64) {
    let (x, y, size, len) = (
        number(tag, "x"),
        number(tag, "y"),
        number(tag, "font-size"),
        number(tag, "textLength"),
    );
    let left = match attr(tag, "text-anchor") {
        Some("middle") => x - len / 2.0,
        Some("end") => x - len,
        _ => x,
    };
    let (x0, y0, x1, y1) = (left, y - 0.93 * size, left + len, y + 0.24 * size);
    let Some(rotate) = attr(tag, "transform") else {
        return (x0, y0, x1, y1);
    };
    let args: Vec<f64> = rotate
        .trim_start_matches("rotate(")
        .trim_end_matches(')')
        .split(',')
        .map(|v| v.trim().parse().unwrap())
        .collect();
    let (cx, cy) = (args[1], args[2]);
    // rotate(270) about (cx, cy): (x, y) → (cx + (y − cy), cy − (x − cx));
    // rotate(90) (the right axis's title): (x, y) → (cx − (y − cy), cy + (x − cx)).
    let sign = match args[0] {
        270.0 => 1.0,
        90.0 => -1.0,
        other => panic!("a turn of {other}° in {tag}"),
    };
    let turn = |(px, py): (f64, f64)| (cx + sign * (py - cy), cy - sign * (px - cx));
    let corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)].map(turn);
    let xs = corners.map(|c| c.0);
    let ys = corners.map(|c| c.1);
    let min = |v: [f64; 4]| v.into_iter().fold(f64::INFINITY, f64::min);
    let max = |v: [f64; 4]| v.into_iter().fold(f64::NEG_INFINITY, f64::max);
    (min(xs), min(ys), max(xs), max(ys))
}

#[test]
fn no_text_leaves_the_canvas_and_a_phone_chart_has_none_under_12_px() {
    for size in ["320x560", "400x560", "400x640", "800x500"] {
        let dir = temp();
        let narrow = size.starts_with('3') || size.starts_with('4');
        for (name, svg) in current_svgs(dir.path(), Some(size)) {
            let (w, h) = canvas(&svg);
            assert_eq!(format!("{w}x{h}"), size, "{name}");
            for (tag, body) in texts(&svg) {
                let (x0, y0, x1, y1) = text_box(tag);
                let inside = x0 >= -0.01 && y0 >= -0.01 && x1 <= w + 0.01 && y1 <= h + 0.01;
                assert!(
                    inside,
                    "{size} {name}: '{body}' at {x0:.1},{y0:.1}–{x1:.1},{y1:.1}"
                );
                if narrow {
                    let px = number(tag, "font-size");
                    assert!(px >= 12.0, "{size} {name}: '{body}' is {px} px");
                }
            }
        }
    }
}

/// The stroke colours drawn inside each `<g class="series" data-model="…">`,
/// by model id (a line drawn for two plans at once counts for both).
fn series_colours(svg: &str, into: &mut BTreeMap<String, BTreeSet<String>>) {
    for part in svg.split("<g class=\"series\"").skip(1) {
        let open = &part[..part.find('>').unwrap()];
        let body = &part[..part.find("</g>").unwrap()];
        let Some(ids) = attr(open, "data-model") else {
            continue;
        };
        for stroke in body.split(" stroke=\"").skip(1) {
            let colour = &stroke[..7];
            // The grey of plans drawn as context behind the ones in colour.
            if colour == "#CDCDCD" {
                continue;
            }
            for id in ids.split(' ') {
                into.entry(id.to_string())
                    .or_default()
                    .insert(colour.into());
            }
        }
    }
}

#[test]
fn a_plan_has_one_colour_in_every_chart_of_a_run_and_a_colour_one_plan() {
    let dir = temp();
    let mut colours = BTreeMap::new();
    let svgs = current_svgs(dir.path(), None);
    for (_, svg) in &svgs {
        series_colours(svg, &mut colours);
    }
    // Every plan of the scenario appears in colour somewhere (the maps and
    // their panels draw them all).
    assert_eq!(colours.len(), 11, "{colours:?}");
    for (id, set) in &colours {
        assert_eq!(set.len(), 1, "{id} is drawn in {set:?}");
    }
    // A colour stands for one plan, or for plans whose lines are one (drawn
    // once for both, as Google Workspace's and Microsoft 365's $7 seats are).
    let together: Vec<&str> = svgs
        .iter()
        .flat_map(|(_, svg)| svg.split("data-model=\"").skip(1))
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let mut owners: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (id, set) in &colours {
        owners.entry(set.first().unwrap()).or_default().push(id);
    }
    for (colour, ids) in owners {
        let one_line = together
            .iter()
            .any(|group| ids.iter().all(|id| group.split(' ').any(|g| g == *id)));
        assert!(ids.len() == 1 || one_line, "{colour} stands for {ids:?}");
    }
    // Each series group names its plan and a figure on hover.
    let cost = &svgs
        .iter()
        .find(|(n, _)| n == "cost-per-month.svg")
        .unwrap()
        .1;
    assert!(
        cost.contains(
            "data-model=\"teams-essentials\"><title>Microsoft Teams Essentials: $4.00 a month at 1 user, $200.00 at 50, $400.00 at 100</title>"
        ),
        "{cost}"
    );
}

#[test]
fn no_command_line_option_is_named_inside_a_chart() {
    let dir = temp();
    let mut svgs = current_svgs(dir.path(), None);
    // With the admin rate a range too, every input is named in the charts.
    stdout(rccost(dir.path()).args([
        "plot",
        "--scenario",
        "current",
        "--users",
        "1..100",
        "--admin-rate",
        "30..60..120",
        "--format",
        "svg",
        "--out",
        "ranges",
    ]));
    svgs.extend(svgs_in(&dir.path().join("ranges")));
    for (name, svg) in svgs {
        for (_, body) in texts(&svg) {
            assert!(!body.contains("--"), "{name}: '{body}'");
        }
        // Hover titles and the long description (alt text) too.
        for tag in ["title", "desc"] {
            for part in svg.split(&format!("<{tag}>")).skip(1) {
                let words = &part[..part.find(&format!("</{tag}>")).unwrap()];
                assert!(!words.contains("--"), "{name}: '{words}'");
            }
        }
    }
}

/// The points of the polylines in a model's series group.
fn model_points(svg: &str, id: &str) -> Vec<(f64, f64)> {
    let start = svg
        .find(&format!("data-model=\"{id}\""))
        .unwrap_or_else(|| panic!("no series {id}"));
    let group = &svg[start..start + svg[start..].find("</g>").unwrap()];
    let points = attr(group, "points").unwrap();
    points
        .split(' ')
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

#[test]
fn straight_lines_are_straight_to_a_twentieth_of_a_pixel() {
    let dir = temp();
    let svgs = current_svgs(dir.path(), None);
    let svg = &svgs
        .iter()
        .find(|(n, _)| n == "cost-per-month.svg")
        .unwrap()
        .1;
    // The $0 line: the x axis, drawn across the plot's bottom.
    let axis_y = svg
        .split("<polyline ")
        .filter(|p| attr(p, "stroke") == Some("#969696"))
        .filter_map(|p| {
            let pts = attr(p, "points")?;
            let ys: Vec<&str> = pts
                .split(' ')
                .map(|q| q.split(',').nth(1).unwrap())
                .collect();
            (ys.len() == 2 && ys[0] == ys[1]).then(|| ys[0].parse::<f64>().unwrap())
        })
        .fold(f64::NEG_INFINITY, f64::max);
    // Teams Essentials is $4 a seat: a line from $4 at 1 user to $400 at 100;
    // Rocket.Chat on Hetzner a flat $107.73 (worked out in tests/cli/current.rs).
    let teams = model_points(svg, "teams-essentials");
    let hetzner = model_points(svg, "rocketchat-community-hetzner");
    let (first, last) = (teams[0], teams[teams.len() - 1]);
    for p in &teams {
        let t = (p.0 - first.0) / (last.0 - first.0);
        let on_line = first.1 + t * (last.1 - first.1);
        assert!((p.1 - on_line).abs() <= 0.05, "{p:?} off the line");
    }
    let height = |y: f64| axis_y - y;
    let per_dollar = height(last.1) / 400.0;
    assert!((height(first.1) - 4.0 * per_dollar).abs() <= 0.05);
    assert!((height(hetzner[0].1) - 107.730036 * per_dollar).abs() <= 0.05);
    assert!(hetzner.iter().all(|p| p.1 == hetzner[0].1));
    // Coordinates keep their fraction: not every point on whole pixels.
    let fractional = teams
        .iter()
        .chain(&hetzner)
        .any(|p| p.0.fract() != 0.0 || p.1.fract() != 0.0);
    assert!(fractional, "{teams:?} {hetzner:?}");
}

/// Every "from N users" a marker's words name, and its rings.
fn markers(svg: &str) -> Vec<(String, usize, usize)> {
    svg.split("<g class=\"marker\">")
        .skip(1)
        .map(|part| {
            let group = &part[..part.find("</g>").unwrap()];
            let title = &group[group.find("<title>").unwrap() + 7..group.find("</title>").unwrap()];
            let named = title
                .match_indices("rom ")
                .filter(|(i, _)| {
                    let rest = &title[i + 4..];
                    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
                    digits > 0 && rest[digits..].starts_with(" user")
                })
                .count();
            let rings = group.matches("fill=\"none\" stroke=").count();
            (title.to_string(), named, rings)
        })
        .collect()
}

#[test]
fn every_break_even_a_label_names_has_its_marker() {
    let dir = temp();
    let own = crate::fixtures().join("extend/my");
    stdout(
        rccost(dir.path())
            .arg("plot")
            .args(TODAY_AT_60)
            .args(["--pricing", own.to_str().unwrap()])
            .args(["--format", "svg", "--out", "own"]),
    );
    let mut runs = svgs_in(&dir.path().join("own"));
    // On a phone the markers of nearby break-evens fall together under one label.
    for size in [None, Some("400x640"), Some("320x560")] {
        runs.extend(current_svgs(dir.path(), size));
    }
    let mut seen = 0;
    for (name, svg) in &runs {
        for (title, named, rings) in markers(svg) {
            assert!(
                rings >= named,
                "{name}: '{title}' names {named}, draws {rings}"
            );
            seen += named;
        }
    }
    assert!(seen >= 10, "break-evens named: {seen}");
}

#[test]
fn the_png_draws_a_straight_line_straight_to_half_a_pixel() {
    let dir = temp();
    stdout(
        rccost(dir.path())
            .arg("plot")
            .args(TODAY_AT_60)
            .args(["--out", "charts"]),
    );
    let svg = fs::read_to_string(dir.path().join("charts/cost-per-month.svg")).unwrap();
    let png = fs::read(dir.path().join("charts/cost-per-month.png")).unwrap();
    let (pixels, width) = crate::bitmap::decode(png);
    // Teams Essentials' line, $4 × n, as the SVG places it (CSS px); the PNG
    // has two pixels to the CSS pixel.
    let teams = model_points(&svg, "teams-essentials");
    let (a, b) = (teams[0], teams[teams.len() - 1]);
    let at = |x: f64| a.1 + (x - a.0) / (b.0 - a.0) * (b.1 - a.1);
    // Rocket.Chat on Hetzner's flat line crosses it at 27 users, drawn over it.
    let hetzner = 2.0 * model_points(&svg, "rocketchat-community-hetzner")[0].1;
    let vermillion = |px: &[u8]| {
        let c = [213u8, 94, 0];
        px.iter().zip(c).all(|(p, c)| p.abs_diff(c) < 40)
    };
    let mut checked = 0;
    let (from, to) = ((2.0 * a.0) as u32 + 20, (2.0 * b.0) as u32 - 20);
    for x in from..to {
        // The rows of this column in the line's colour: the line's cut.
        let rows: Vec<u32> = (0..pixels.len() as u32 / (3 * width))
            .filter(|&y| {
                let i = 3 * (y * width + x) as usize;
                vermillion(&pixels[i..i + 3])
            })
            .collect();
        // Where another line or a label crosses it the cut is broken: skipped.
        let whole = rows.len() >= 3 && rows.len() <= 7 && rows[rows.len() - 1] - rows[0] < 8;
        if !whole {
            continue;
        }
        let middle = (rows[0] + rows[rows.len() - 1]) as f64 / 2.0 + 0.5;
        let expected = 2.0 * at((x as f64 + 0.5) / 2.0);
        // Where the crossing line's pixels cover part of the cut, as a label
        // would, the cut is broken too: skipped.
        if (expected - hetzner).abs() < 8.0 {
            continue;
        }
        assert!(
            (middle - expected).abs() <= 0.5,
            "column {x}: the line's middle at {middle}, the line at {expected}"
        );
        checked += 1;
    }
    assert!(checked > 1000, "columns checked: {checked}");
}

/// A usage chart of a real export (six years by month) on a phone: its
/// period ticks are thinned, so no two of its texts overlap.
#[cfg(feature = "usage")]
#[test]
fn a_usage_chart_on_a_phone_prints_no_text_over_another() {
    let dir = temp();
    let slack = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata/rcwg-slack/slack");
    stdout(rccost(dir.path()).arg("usage").arg(&slack).args([
        "--size", "400x640", "--format", "svg", "--out", "phone", "-q",
    ]));
    let svg = fs::read_to_string(dir.path().join("phone/messages-over-time.svg")).unwrap();
    let boxes: Vec<_> = texts(&svg)
        .into_iter()
        .map(|(t, b)| (text_box(t), b))
        .collect();
    for (i, (a, at)) in boxes.iter().enumerate() {
        for (b, bt) in &boxes[i + 1..] {
            let apart = a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1;
            assert!(apart, "'{at}' and '{bt}' overlap");
        }
    }
}
