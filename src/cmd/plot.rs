use std::path::{Path, PathBuf};

use crate::chart::cost::{CostChart, Metric};
use crate::chart::extra;
use crate::chart::render::{self, Format};
use crate::cli::{ChartFormat, PlotArgs, Theme};
use crate::engine::compare::Comparison;
use crate::error::{Error, Result};
use crate::export::{notes, sentences};
use crate::output;

/// The four charts: cost per month, cost per user, cumulative cost for `team`,
/// and the break-even map (for a dark page when `dark`).
pub fn charts(
    comparison: &Comparison,
    log_y: bool,
    team: u64,
    dark: bool,
) -> Result<Vec<CostChart>> {
    let mut charts = vec![
        CostChart::new(comparison, Metric::PerMonth, log_y)?,
        CostChart::new(comparison, Metric::PerUser, log_y)?,
        extra::cumulative(comparison, team),
        extra::breakeven_map(comparison),
    ];
    if dark {
        charts = charts.into_iter().map(CostChart::dark).collect();
    }
    Ok(charts)
}

/// Renders every chart in every format, side by side (rendering is the slow
/// part), into `(path, bytes)` pairs ready to write.
pub fn render_all(
    charts: &[CostChart],
    formats: &[Format],
    out: &Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let jobs: Vec<(&CostChart, Format)> = charts
        .iter()
        .flat_map(|c| formats.iter().map(move |&f| (c, f)))
        .collect();
    let rendered: Vec<std::result::Result<Vec<u8>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|&(chart, format)| {
                scope.spawn(move || render::render(chart, format).map(|(bytes, _)| bytes))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a chart thread failed".into()))
            })
            .collect()
    });
    let mut files = Vec::new();
    for ((chart, format), bytes) in jobs.iter().zip(rendered) {
        files.push((
            out.join(format!("{}.{}", chart.stem, format.extension())),
            bytes.map_err(Error::Output)?,
        ));
    }
    Ok(files)
}

pub fn run(args: &PlotArgs) -> Result<()> {
    let comparison = super::compare(&args.models)?;
    let analysis = comparison.analysis()?;
    let mut formats: Vec<Format> = Vec::new();
    for f in &args.format {
        let format = match f {
            ChartFormat::Png => Format::Png,
            ChartFormat::Svg => Format::Svg,
        };
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    let charts = charts(
        &comparison,
        args.log_y,
        args.team,
        args.theme == Theme::Dark,
    )?;
    let files = render_all(&charts, &formats, &args.out)?;
    output::write_files(&files)?;

    let mut report = String::new();
    for (path, _) in &files {
        report += &format!("Wrote {}\n", path.display());
    }
    let mut crossings: Vec<_> = analysis
        .pairs
        .iter()
        .flat_map(|p| p.crossings.iter().map(move |x| (p, x)))
        .collect();
    crossings.sort_by_key(|(_, x)| x.users);
    report += &format!(
        "\nCheapest, {} to {}:\n",
        crate::engine::money::group_thousands(&analysis.from.to_string()),
        crate::engine::money::users(analysis.to)
    );
    for line in sentences::cheapest_sentences(&comparison, analysis) {
        report += &format!("  {line}\n");
    }
    report += "\nBreak-even:\n";
    if crossings.is_empty() {
        report += "  None: no two models change places in this range.\n";
    }
    for (p, x) in crossings {
        report += &format!("  {}\n", sentences::crossing_sentence(&comparison, p, x));
    }
    for note in notes::notes(&comparison) {
        report += &format!("\n{note}");
    }
    if !report.ends_with('\n') {
        report.push('\n');
    }
    output::stdout(report.as_bytes())
}
