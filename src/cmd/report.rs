use crate::chart::line::LineChart;
use crate::chart::render::Format as Image;
use crate::chart::render::{Size, render_sized_each};
use crate::cli::{ReportArgs, Theme};
use crate::error::{Error, Result};
use crate::export::Exporter;
use crate::export::csv::{CsvLong, Style};
use crate::output;
use crate::report::{Format, Images, report};

/// Charts (light, plus dark ones with `--theme dark`), costs.csv and report.md
/// (or report.html), all rendered before anything is written, and every
/// argument checked before anything is drawn.
pub fn run(args: &ReportArgs) -> Result<()> {
    let format = Format::of(args.format.into())
        .ok_or_else(|| Error::Input("--format: a report is written as md or html".into()))?;
    super::listable(&args.models.users, "a CSV export")?;
    let comparison = super::compare(&args.models)?;
    output::check(&args.out.join("cost-per-month.png"))?;
    let view = super::chart_view(&comparison, &args.models, &args.charts, (false, false))?;
    let light = crate::chart::charts_in(&comparison, &view, args.charts.team, false)?;
    let dark = args.charts.theme == Theme::Dark;
    // Beside charts of a desktop's size, the same charts drawn for a phone,
    // which the page offers to narrow screens.
    let size = args.charts.size;
    let phone = !size.is_narrow();
    let mut charts: Vec<(LineChart, Size)> = light.iter().map(|c| (c.clone(), size)).collect();
    if phone {
        charts.extend(light.iter().map(|c| (c.clone().phone(), Size::PHONE)));
    }
    if dark {
        let darks: Vec<_> = charts.iter().map(|(c, s)| (c.clone().dark(), *s)).collect();
        charts.extend(darks);
    }
    let batch = output::Batch::default();
    let stage = |i: usize, path: &std::path::Path, bytes: &[u8]| batch.stage(i, path, bytes);
    let formats = [Image::Png, Image::Svg];
    let sized: Vec<(&LineChart, Size)> = charts.iter().map(|(c, s)| (c, *s)).collect();
    let mut files =
        render_sized_each(&sized, &formats, &args.out, &stage).map_err(Error::Output)?;
    let drawn = files.len();
    files.push((
        args.out.join("costs.csv"),
        CsvLong {
            totals: true,
            style: Style::default(),
        }
        .serialize(&comparison)?,
    ));
    let images = Images {
        dark,
        phone,
        width: size.width,
        height: size.height,
    };
    files.push((
        args.out.join(format.file_name()),
        report(&comparison, &light, images, format)?,
    ));
    // The page the report links to, where the reader moves these inputs.
    let explore = super::explore::page_of(&args.models, &args.charts)?;
    files.push((args.out.join("explore.html"), explore.into_bytes()));
    for (i, (path, bytes)) in files.iter().enumerate().skip(drawn) {
        batch.stage(i, path, bytes);
    }
    batch.commit()?;
    let printed = super::wrote(&files) + &super::scenario_note(&comparison);
    super::unless_quiet(&args.quiet, &printed)
}
