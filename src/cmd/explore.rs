//! `rccost explore`: one offline page where the reader moves the inputs. The
//! page runs this crate compiled to WebAssembly (`crates/rccost-web`, built by
//! `build.rs` and embedded in the binary): its script only keeps the controls
//! and the address in step and asks [`answer`] for the sentences and charts,
//! so the page says exactly what the command line says for the same options.

use clap::Parser;
use serde_json::{Value, json};

use crate::chart;
use crate::chart::charts::cost::{Metric, cost_chart_in};
use crate::chart::line::LineChart;
use crate::chart::paint::layout::{BoxKind, Layout};
use crate::chart::render::{self, Format};
use crate::cli::{ChartArgs, ExploreArgs, ModelArgs, PageArgs, PageRequest, Theme};
use crate::engine::compare::Comparison;
use crate::error::{Error, Result};
use crate::output;

/// The engine compiled to WebAssembly, gzipped: empty when this binary was built without
/// the `wasm32-unknown-unknown` target (build.rs says so as it builds).
const WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rccost_web.wasm.gz"));
/// The page around it: markup, style and the script that drives the engine.
const PAGE: &str = include_str!("../../assets/explore/index.html");
const STYLE: &str = include_str!("../../assets/explore/explore.css");
const SCRIPT: &str = include_str!("../../assets/explore/explore.js");

pub fn run(args: &ExploreArgs) -> Result<()> {
    let index = args.out.join("index.html");
    output::check(&index)?;
    if WASM.is_empty() {
        return Err(Error::Output(NO_ENGINE.into()));
    }
    let page = page_of(&args.page.models, &args.page.charts)?;
    output::write_file(&index, page.as_bytes())?;
    super::unless_quiet(&args.quiet, &format!("Wrote {}\n", index.display()))
}

const NO_ENGINE: &str = "this rccost was built without its WebAssembly engine: run \
    `rustup target add wasm32-unknown-unknown`, then build rccost again";

/// The page starting from these options (for `report`, which writes one beside
/// it); where this binary has no engine, a page that says so and how to fix it.
pub fn page_of(models: &ModelArgs, charts: &ChartArgs) -> Result<String> {
    let note = |why: &str| {
        format!(
            "<!doctype html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>rccost explore</title>\n<p>{why}.</p></html>\n"
        )
    };
    if !models.pricing.pricing.is_empty() {
        // Read as the command line reads them, so a problem names the file as given.
        super::exact_in(models, None)?;
    }
    let pricing = pricing(models)?;
    let defaults = defaults(models, charts);
    // The page's first answer, worked out here: a default the engine refuses
    // (an unknown id, say) stops the command rather than the page.
    let mut request: String = defaults.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    if let Some(pricing) = &pricing {
        request.push_str(&format!("{PRICING_KEY}={pricing}\n"));
    }
    figures(&request, false)?;
    if WASM.is_empty() {
        return Ok(note(NO_ENGINE));
    }
    Ok(page(&defaults, pricing.as_ref()))
}

/// The request line carrying the `--pricing` files: not an option of the
/// command line (the page has no files to name), so taken off before parsing.
const PRICING_KEY: &str = "pricing-files";

/// The `--pricing` files for the page, as JSON: `paths`, the names given
/// (without their folders, as titles say them), and `files`, each file's
/// name (from the folder given on) and its TOML text, which the page's
/// engine loads as the command line loads the files. None without `--pricing`.
fn pricing(models: &ModelArgs) -> Result<Option<Value>> {
    let paths = &models.pricing.pricing;
    if paths.is_empty() {
        return Ok(None);
    }
    let texts = crate::pricing::load::file_texts(paths)?;
    let files: Vec<Value> = texts
        .into_iter()
        .map(|(name, text)| {
            let file = std::path::Path::new(&name);
            // Named from the folder (or file) given, so no local path is published.
            let short = paths
                .iter()
                .find_map(|p| file.strip_prefix(p.parent()?).ok())
                .unwrap_or(file);
            json!([short.display().to_string(), text])
        })
        .collect();
    let source = crate::pricing::Source::from(&models.pricing);
    Ok(Some(
        json!({ "paths": source.file_names(), "files": files }),
    ))
}

/// The page's defaults as `(option, value)` in the command line's words (a flag's
/// value empty): every control's starting point, and the date of the prices, so
/// that the page shows the same figures on any later day.
fn defaults(m: &ModelArgs, c: &ChartArgs) -> Vec<(&'static str, String)> {
    let mut words = vec![
        ("users", m.users.to_string()),
        ("admin-rate", m.costs.admin_rate.to_string()),
        ("billing", format!("{:?}", m.costs.billing).to_lowercase()),
        ("horizon", m.costs.horizon.to_string()),
        ("concurrency", m.costs.concurrency.to_string()),
        ("samples", m.uncertainty.samples.to_string()),
        ("seed", m.uncertainty.seed.to_string()),
        (
            "as-of",
            m.as_of
                .unwrap_or_else(crate::units::date::Date::today)
                .to_string(),
        ),
        ("team", c.team.to_string()),
    ];
    if let Some(scenario) = &m.pricing.scenario {
        words.insert(0, ("scenario", scenario.clone()));
    }
    if let Some(hours) = m.uncertainty.admin_hours {
        words.push(("admin-hours", hours.to_string()));
    }
    for (name, ids) in [
        ("models", &m.models),
        ("exclude", &m.exclude),
        ("highlight", &c.highlight),
    ] {
        if !ids.is_empty() {
            words.push((name, ids.join(",")));
        }
    }
    for q in &m.quote {
        words.push(("quote", format!("{}={}", q.id, q.per_user_month)));
    }
    for (name, on) in [
        ("include-limited", m.include_limited),
        ("all-models", c.all_models),
    ] {
        if on {
            words.push((name, String::new()));
        }
    }
    words
}

/// The page: the template with its style, script, engine and defaults filled in.
fn page(defaults: &[(&str, String)], pricing: Option<&Value>) -> String {
    use base64::Engine;
    let defaults: serde_json::Map<String, Value> = defaults
        .iter()
        .map(|(k, v)| (k.to_string(), Value::String(v.clone())))
        .collect();
    // In a <script>, "</" would end it early: JSON may write it as "<\/".
    let defaults = Value::Object(defaults).to_string().replace("</", "<\\/");
    let pricing = pricing.map_or_else(
        || "null".to_string(),
        |p| p.to_string().replace("</", "<\\/"),
    );
    PAGE.replace("/*STYLE*/", STYLE)
        .replace("/*SCRIPT*/", SCRIPT)
        .replace("/*DEFAULTS*/", &defaults)
        .replace("/*PRICING*/", &pricing)
        .replace(
            "/*WASM*/",
            &base64::engine::general_purpose::STANDARD.encode(WASM),
        )
}

/// The engine's answer to the page's `request` (`key=value` lines, the command
/// line's long option names and values) as JSON: the headline sentences and
/// the charts as SVG, or `{"error": …}` worded as the command line words it.
/// With `sampled` false, the exact figures only (at once); with it, the draws
/// of every range too, as `breakeven` and `plot` compute them.
pub fn answer(request: &str, sampled: bool) -> String {
    match figures(request, sampled) {
        Ok(value) => value.to_string(),
        Err(e) => json!({ "error": e.to_string() }).to_string(),
    }
}

/// [`answer`] as a value.
fn figures(request: &str, sampled: bool) -> Result<Value> {
    let prefix = format!("{PRICING_KEY}=");
    let files = request.lines().find_map(|l| l.strip_prefix(&prefix));
    let words = request
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with(&prefix))
        .flat_map(|line| {
            let (key, value) = line.split_once('=').unwrap_or((line, ""));
            let option = format!("--{}", key.trim());
            // A flag stands alone; an option's value follows it as one word.
            std::iter::once(option).chain((!value.is_empty()).then(|| value.to_string()))
        });
    // clap's message without its usage lines, which name no page control.
    let mut args = PageRequest::try_parse_from(words)
        .map_err(|e| {
            let text = e.render().to_string();
            let first = text.split("\n\n").next().unwrap_or_default();
            Error::Input(first.trim_start_matches("error: ").trim().to_string())
        })?
        .page;
    let texts = files
        .map(|json| carried(json, &mut args.models))
        .transpose()?;
    let c = if sampled {
        super::compare_in(&args.models, texts.as_deref())?
    } else {
        super::exact_in(&args.models, texts.as_deref())?
    };
    let headline = crate::text::headline::headline_sentences(&c)?;
    let charts = charts(&c, &args, sampled)?;
    let size = args.charts.size;
    let svgs = charts
        .iter()
        .map(|chart| {
            let (svg, layout) =
                render::render_sized(chart, Format::Svg, size).map_err(Error::Output)?;
            Ok(json!({
                "id": chart.stem,
                "svg": String::from_utf8_lossy(&svg),
                "team_axis": team_axis(chart, &layout),
            }))
        })
        .collect::<Result<Vec<Value>>>()?;
    Ok(json!({
        "headline": headline,
        "plans": plans(&c, args.charts.team),
        "charts": svgs,
        "sampled": c.uncertainty().is_some(),
        "size": [size.width, size.height],
    }))
}

/// The files a page carries (see [`pricing`]): their texts, with the names
/// given set as `--pricing`, so that titles say them as the command line does.
fn carried(json: &str, models: &mut ModelArgs) -> Result<Vec<(String, String)>> {
    #[derive(serde::Deserialize)]
    struct Carried {
        paths: Vec<std::path::PathBuf>,
        files: Vec<(String, String)>,
    }
    let carried: Carried = serde_json::from_str(json)
        .map_err(|e| Error::Input(format!("the page's pricing files: {e}")))?;
    models.pricing.pricing = carried.paths;
    Ok(carried.files)
}

/// Where team sizes lie across a chart with a linear team-size axis: the plot's
/// left and right edge in SVG pixels and the sizes there, so that the page can
/// turn a pointer's place into a team size (and ask for the costs there).
fn team_axis(chart: &LineChart, layout: &Layout) -> Option<[f64; 4]> {
    let (_, plot) = layout.boxes.iter().find(|(k, _)| *k == BoxKind::Plot)?;
    let by_size = matches!(chart.stem.as_str(), "cost-per-month" | "cost-per-user");
    let linear = by_size && !chart.log_x && chart.x_from < chart.x_to;
    linear.then_some([plot.x0, plot.x1, chart.x_from as f64, chart.x_to as f64])
}

/// Each plan compared, with its cost per month at `team` users (`null` where it
/// cannot serve that many), for the page's list of plans.
fn plans(c: &Comparison, team: u64) -> Vec<Value> {
    let self_hosted = crate::pricing::model::Kind::SelfHosted;
    c.models
        .iter()
        .enumerate()
        .map(|(i, m)| {
            json!({
                "id": m.id,
                "name": m.name,
                "self_hosted": m.kind == self_hosted,
                "monthly": c.monthly(i, team).map(|v| crate::units::money::display(v, &c.currency)),
            })
        })
        .collect()
}

/// The cost per month alone for the exact answer (one frame's work); every
/// chart `plot` draws with the draws.
fn charts(c: &Comparison, args: &PageArgs, sampled: bool) -> Result<Vec<LineChart>> {
    let view = super::chart_view(c, &args.models, &args.charts, (false, false))?;
    let dark = args.charts.theme == Theme::Dark;
    let charts = if sampled {
        chart::charts_in(c, &view, args.charts.team, dark)?
    } else {
        let chart = cost_chart_in(c, Metric::PerMonth, &view)?;
        vec![if dark { chart.dark() } else { chart }]
    };
    Ok(charts)
}
