use crate::chart;
use crate::chart::render::{self, Format};
use crate::cli::{PlotArgs, Theme};
use crate::error::{Error, Result};
use crate::output;
use crate::text::summary::plot_summary;

pub fn run(args: &PlotArgs) -> Result<()> {
    let comparison = super::compare(&args.models)?;
    let mut formats: Vec<Format> = Vec::new();
    for &f in &args.format {
        let format = Format::from(f);
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    let view = super::chart_view(
        &comparison,
        &args.models,
        &args.charts,
        (args.log_y, args.log_x),
    )?;
    let dark = args.charts.theme == Theme::Dark;
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
