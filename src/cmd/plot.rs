use crate::chart;
use crate::chart::render::{self, Format};
use crate::cli::{PlotArgs, Theme};
use crate::error::{Error, Result};
use crate::output;
use crate::text::summary::plot_summary;

pub fn run(args: &PlotArgs) -> Result<()> {
    let formats = super::images(&args.format);
    // The first file written: the monthly-cost chart, as PNG when it is asked for.
    let Some(&first) = formats.iter().min_by_key(|&&f| f != Format::Png) else {
        return Err(Error::Input("--format: plot draws png or svg".into()));
    };
    let dark = args.charts.theme == Theme::Dark;
    let suffix = if dark { "-dark" } else { "" };
    let comparison = super::compare(&args.models)?;
    output::check(
        &args
            .out
            .join(format!("cost-per-month{suffix}.{}", first.extension())),
    )?;
    let view = super::chart_view(
        &comparison,
        &args.models,
        &args.charts,
        (args.log_y, args.log_x),
    )?;
    let charts = chart::charts_in(&comparison, &view, args.charts.team, dark)?;
    let batch = output::Batch::default();
    let stage = |i: usize, path: &std::path::Path, bytes: &[u8]| batch.stage(i, path, bytes);
    let files = render::render_each(&charts, &formats, args.charts.size, &args.out, &stage)
        .map_err(Error::Output)?;
    batch.commit()?;

    let mut report = super::wrote(&files);
    report += &plot_summary(&comparison)?;
    report += &crate::text::odds::sensitivity_text(&comparison, args.charts.team)?;
    if !report.ends_with('\n') {
        report.push('\n');
    }
    report += &super::scenario_note(&comparison);
    super::unless_quiet(&args.quiet, &report)
}
