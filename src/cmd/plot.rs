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
    let charts = chart::comparison_charts(
        &comparison,
        args.log_y,
        args.charts.team,
        args.charts.theme == Theme::Dark,
    )?;
    let files = render::render_all(&charts, &formats, &args.out).map_err(Error::Output)?;
    output::write_files(&files)?;

    let mut report = super::wrote(&files);
    report += &plot_summary(&comparison)?;
    if !report.ends_with('\n') {
        report.push('\n');
    }
    output::stdout(report.as_bytes())
}
