use crate::chart;
use crate::chart::render::{self, Format};
use crate::cli::{PlotArgs, Theme};
use crate::error::{Error, Result};
use crate::output;
use crate::text::{notes, sentences};

pub fn run(args: &PlotArgs) -> Result<()> {
    let comparison = super::compare(&args.models)?;
    let analysis = comparison.analysis()?;
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
        crate::units::count::group_thousands(&analysis.from.to_string()),
        crate::units::count::users(analysis.to)
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
