use std::path::Path;

use crate::chart::line::LineChart;
use crate::chart::render::Format as Image;
use crate::chart::render::{Size, render_sized_each};
use crate::cli::{ReportArgs, Theme};
use crate::error::{Error, Result};
use crate::export::Exporter;
use crate::export::csv::{CsvLong, Style};
use crate::output;
use crate::report::{Blog, DEFAULT_CHARTS, Format, Images, Layout, report};

/// The phone drawing beside each chart: narrower than a 390 px phone's column
/// (358 px in the HTML page, 360 in Jekyll's minima theme), so that it is never
/// scaled down there and its smallest text stays at 12 CSS px; taller than
/// `Size::PHONE`, since at this width legends and notes wrap onto more lines
/// and at 560 px the plot was left a strip 30 px high.
const PHONE: Size = Size {
    width: 340,
    height: 720,
};

/// Charts (light, plus dark ones with `--theme dark`), costs.csv and report.md
/// (or report.html), all rendered before anything is written, and every
/// argument checked before anything is drawn.
pub fn run(args: &ReportArgs) -> Result<()> {
    let format = Format::of(args.format.into())
        .ok_or_else(|| Error::Input("--format: a report is written as md or html".into()))?;
    let (layout, blog) = blog(args, format)?;
    named_charts(&args.shown)?;
    super::listable(&args.models.users, "a CSV export")?;
    let comparison = super::compare(&args.models)?;
    let date = comparison.assumptions.as_of.to_string();
    let (page, folder) = match layout {
        Some(l) => (args.out.join(l.page(&date)), args.out.join(l.files())),
        None => (args.out.join(format.file_name()), args.out.clone()),
    };
    output::check(&folder.join("cost-per-month.png"))?;
    let view = super::chart_view(&comparison, &args.models, &args.charts, (false, false))?;
    let light = crate::chart::charts_in(&comparison, &view, args.charts.team, false)?;
    let shown = shown(&args.shown, &light)?;
    let dark = args.charts.theme == Theme::Dark;
    let size = args.charts.size;
    let phone = !size.is_narrow();
    let batch = output::Batch::default();
    let stage = |i: usize, path: &Path, bytes: &[u8]| batch.stage(i, path, bytes);
    let charts = variants(&light, size, phone, dark);
    let formats = [Image::Png, Image::Svg];
    let sized: Vec<(&LineChart, Size)> = charts.iter().map(|(c, s)| (c, *s)).collect();
    let mut files = render_sized_each(&sized, &formats, &folder, &stage).map_err(Error::Output)?;
    let drawn = files.len();
    let csv = CsvLong {
        totals: true,
        style: Style::default(),
    };
    files.push((folder.join("costs.csv"), csv.serialize(&comparison)?));
    let images = Images {
        dark,
        phone,
        explore: layout.is_none(),
        width: size.width,
        height: size.height,
    };
    let bytes = report(&comparison, (&light, &shown), images, format, &blog)?;
    files.push((page, bytes));
    for (path, text) in layout.map(Layout::extras).unwrap_or_default() {
        files.push((args.out.join(path), text.as_bytes().to_vec()));
    }
    // The page the report links to, where the reader moves these inputs; a
    // post for a blog engine links none (docs/explore.md: publish it as a
    // static page and embed it).
    if images.explore {
        let explore = super::explore::page_of(&args.models, &args.charts)?;
        files.push((folder.join("explore.html"), explore.into_bytes()));
    }
    for (i, (path, bytes)) in files.iter().enumerate().skip(drawn) {
        batch.stage(i, path, bytes);
    }
    batch.commit()?;
    let printed = super::wrote(&files) + &super::scenario_note(&comparison);
    super::unless_quiet(&args.quiet, &printed)
}

/// The layout and how the Markdown is written, from `--layout`,
/// `--front-matter` and `--raw-html`, checked against each other and `--format`.
fn blog(args: &ReportArgs, format: Format) -> Result<(Option<Layout>, Blog)> {
    let layout = args.layout.map(Layout::from);
    let engine = args.front_matter.map(crate::report::Engine::from);
    if format == Format::Html && (layout.is_some() || engine.is_some() || args.raw_html) {
        return Err(Error::Input(
            "--layout, --front-matter and --raw-html shape a Markdown post: use them with --format md"
                .into(),
        ));
    }
    if let (Some(l), Some(e)) = (layout, engine)
        && l.engine() != e
    {
        let (layout, engine) = match l {
            Layout::HugoBundle => ("hugo-bundle", "hugo"),
            Layout::Jekyll => ("jekyll", "jekyll"),
        };
        return Err(Error::Input(format!(
            "--layout {layout} writes --front-matter {engine}: leave --front-matter out or make it {engine}"
        )));
    }
    let assets = (layout == Some(Layout::Jekyll))
        .then(|| format!("/{}/", layout.unwrap().files().display()));
    Ok((
        layout,
        Blog {
            raw_html: args.raw_html,
            front_matter: layout.map(Layout::engine).or(engine),
            assets,
        },
    ))
}

/// Each name `--charts` gives is a chart a report can draw (`all`, or a
/// panel of the break-even map, whose model ids are known once the files
/// are read), checked before anything is read.
fn named_charts(asked: &[String]) -> Result<()> {
    const STEMS: [&str; 6] = [
        "cost-per-month",
        "cost-per-user",
        "cumulative-cost",
        "breakeven-map",
        "probability",
        "sensitivity",
    ];
    let known =
        |a: &String| a == "all" || STEMS.contains(&a.as_str()) || a.starts_with("breakeven-map-");
    match asked.iter().find(|a| !known(a)) {
        Some(unknown) => Err(Error::Input(format!(
            "--charts: no chart '{unknown}' (charts: {}, breakeven-map-<model id>, or all)",
            STEMS.join(", ")
        ))),
        None => Ok(()),
    }
}

/// The stems the page shows: those `--charts` names (`all`: every one), by
/// default the few that answer the question.
fn shown(asked: &[String], charts: &[LineChart]) -> Result<Vec<String>> {
    let stems: Vec<String> = charts.iter().map(|c| c.stem.clone()).collect();
    if asked.is_empty() {
        return Ok(DEFAULT_CHARTS
            .iter()
            .map(|s| s.to_string())
            .filter(|s| stems.contains(s))
            .collect());
    }
    if asked.iter().any(|a| a == "all") {
        return Ok(stems);
    }
    match asked.iter().find(|a| !stems.contains(a)) {
        Some(unknown) => Err(Error::Input(format!(
            "--charts: no chart '{unknown}' in this report (its charts: {}, or all)",
            stems.join(", ")
        ))),
        None => Ok(asked.to_vec()),
    }
}

/// Each chart at `size`, beside it (unless `size` is a phone's already) the
/// same drawn for a phone, and with `dark` each of those for a dark page.
fn variants(light: &[LineChart], size: Size, phone: bool, dark: bool) -> Vec<(LineChart, Size)> {
    let mut charts: Vec<(LineChart, Size)> = light.iter().map(|c| (c.clone(), size)).collect();
    if phone {
        charts.extend(light.iter().map(|c| (c.clone().phone(), PHONE)));
    }
    if dark {
        let darks: Vec<_> = charts.iter().map(|(c, s)| (c.clone().dark(), *s)).collect();
        charts.extend(darks);
    }
    charts
}
