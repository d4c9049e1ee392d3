use std::path::PathBuf;

use crate::chart::cost::{CostChart, Metric};
use crate::chart::render::{self, Format};
use crate::cli::{ChartFormat, PlotArgs};
use crate::error::{Error, Result};
use crate::export::sentences;
use crate::output;

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
    let charts = [Metric::PerMonth, Metric::PerUser]
        .iter()
        .map(|&m| CostChart::new(&comparison, m, args.log_y))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let jobs: Vec<(&CostChart, Format)> = charts
        .iter()
        .flat_map(|c| formats.iter().map(move |&f| (c, f)))
        .collect();
    // Rendering is the slow part: draw the files side by side, then write them all.
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
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for ((chart, format), bytes) in jobs.iter().zip(rendered) {
        let path = args
            .out
            .join(format!("{}.{}", chart.metric.stem(), format.extension()));
        files.push((path, bytes.map_err(Error::Output)?));
    }
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
        "\nBreak-even, {} to {} users:\n",
        analysis.from, analysis.to
    );
    if crossings.is_empty() {
        report += "  None: no two models change places in this range.\n";
    }
    let lines = crossings
        .into_iter()
        .map(|(p, x)| sentences::crossing_sentence(&comparison, p, x));
    for line in lines.chain(sentences::cheapest_sentences(&comparison, analysis)) {
        report += &format!("  {line}\n");
    }
    output::stdout(report.as_bytes())
}
