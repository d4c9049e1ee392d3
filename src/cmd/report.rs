use crate::chart::render::Format;
use crate::cli::{ReportArgs, Theme};
use crate::error::Result;
use crate::export::Exporter;
use crate::export::csv::CsvLong;
use crate::export::report::report;
use crate::output;

/// Charts (light, plus dark ones with `--theme dark`), costs.csv and report.md,
/// all rendered before anything is written.
pub fn run(args: &ReportArgs) -> Result<()> {
    let comparison = super::compare(&args.models)?;
    let light = super::plot::charts(&comparison, false, args.team, false)?;
    let dark = args.theme == Theme::Dark;
    let mut charts = light.clone();
    if dark {
        charts.extend(light.iter().cloned().map(|c| c.dark()));
    }
    let mut files = super::plot::render_all(&charts, &[Format::Png, Format::Svg], &args.out)?;
    files.push((
        args.out.join("costs.csv"),
        CsvLong { totals: true }.serialize(&comparison)?,
    ));
    files.push((
        args.out.join("report.md"),
        report(&comparison, &light, dark)?,
    ));
    output::write_files(&files)?;
    let mut text = String::new();
    for (path, _) in &files {
        text += &format!("Wrote {}\n", path.display());
    }
    output::stdout(text.as_bytes())
}
