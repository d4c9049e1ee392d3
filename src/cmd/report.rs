use crate::chart::render::Format as Image;
use crate::cli::{ReportArgs, Theme};
use crate::error::{Error, Result};
use crate::export::Exporter;
use crate::export::csv::{CsvLong, Style};
use crate::output;
use crate::report::{Format, report};

/// Charts (light, plus dark ones with `--theme dark`), costs.csv and report.md
/// (or report.html),
/// all rendered before anything is written.
pub fn run(args: &ReportArgs) -> Result<()> {
    let comparison = super::compare(&args.models)?;
    let view = super::chart_view(&comparison, &args.models, &args.charts, (false, false))?;
    let light = crate::chart::charts_in(&comparison, &view, args.charts.team, false)?;
    let dark = args.charts.theme == Theme::Dark;
    let mut charts = light.clone();
    if dark {
        charts.extend(light.iter().cloned().map(|c| c.dark()));
    }
    let batch = output::Batch::default();
    let stage = |i: usize, path: &std::path::Path, bytes: &[u8]| batch.stage(i, path, bytes);
    let images = [Image::Png, Image::Svg];
    let mut files =
        crate::chart::render::render_each(&charts, &images, args.charts.size, &args.out, &stage)
            .map_err(Error::Output)?;
    let drawn = files.len();
    files.push((
        args.out.join("costs.csv"),
        CsvLong {
            totals: true,
            style: Style::default(),
        }
        .serialize(&comparison)?,
    ));
    let format = Format::from(args.format);
    files.push((
        args.out.join(format.file_name()),
        report(&comparison, &light, dark, format)?,
    ));
    for (i, (path, bytes)) in files.iter().enumerate().skip(drawn) {
        batch.stage(i, path, bytes);
    }
    batch.commit()?;
    let printed = super::wrote(&files) + &super::scenario_note(&comparison);
    super::unless_quiet(&args.quiet, &printed)
}
