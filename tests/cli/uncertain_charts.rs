//! The charts of a sampled comparison, read as data and decoded from the PNG:
//! bands behind the monthly cost, the probability chart and the tornado,
//! against figures worked by hand; none of them without ranges.

use rccost::chart::charts::focus::View;
use rccost::chart::line::LineChart;
use rccost::chart::render::{Format, render};
use rccost::chart::theme::LIGHT;
use rccost::engine::Assumptions;
use rccost::engine::compare::Comparison;
use rccost::engine::uncertain::Sampling;
use rccost::pricing::{Source, load};
use rccost::units::date::Date;
use rccost::units::uncertain::Spread;

fn file(id: &str, kind: &str, rest: &str) -> (String, String) {
    let text = format!(
        "version = 1\nid = \"{id}\"\nname = \"{id}\"\nkind = \"{kind}\"\ncurrency = \"USD\"\n\
         as_of = 2026-01-01\nsources = [\"by hand\"]\n{rest}"
    );
    (format!("{id}.toml"), text)
}

fn compare(files: Vec<(String, String)>, range: &str, rate: &str, samples: u32) -> Comparison {
    let models = load::parse_all(files).unwrap();
    let chosen = load::select(models, &[], &[], false).unwrap();
    let rate: Spread = rate.parse().unwrap();
    let mut a = Assumptions::on(Date::parse("2026-06-01").unwrap());
    a.admin_rate = rate;
    a.names = rccost::cli::INPUT_NAMES;
    Comparison::new(
        Source::Bundled("test".into()),
        chosen.models,
        chosen.limited,
        range.parse().unwrap(),
        a,
    )
    .sampled(&Sampling { samples, seed: 1 })
}

fn charts(c: &Comparison, team: u64) -> Vec<LineChart> {
    let view = View::new(false, false, c.span());
    rccost::chart::charts_in(c, &view, team, false).unwrap()
}

fn stem<'a>(charts: &'a [LineChart], stem: &str) -> &'a LineChart {
    charts
        .iter()
        .find(|c| c.stem == stem)
        .unwrap_or_else(|| panic!("no {stem}"))
}

/// Today's plans with the admin rate at 30 to 120 an hour (likely 60).
fn today_with_a_rate_range() -> Comparison {
    let models = load::bundled_scenario("current").unwrap();
    let chosen = load::select(models, &[], &[], false).unwrap();
    let mut a = Assumptions::on(Date::parse("2026-11-25").unwrap());
    a.admin_rate = "30..60..120".parse().unwrap();
    a.names = rccost::cli::INPUT_NAMES;
    Comparison::new(
        Source::Bundled("current".into()),
        chosen.models,
        chosen.limited,
        "1..100".parse().unwrap(),
        a,
    )
    .sampled(&Sampling::default())
}

/// The share of pixels of `chart`'s PNG within 3 of `colour` in each channel.
fn share_of(chart: &LineChart, colour: (u8, u8, u8)) -> f64 {
    let (bytes, _) = render(chart, Format::Png).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut pixels).unwrap();
    let c = [colour.0, colour.1, colour.2];
    let near = pixels
        .chunks_exact(3)
        .filter(|p| p.iter().zip(c).all(|(a, b)| a.abs_diff(b) <= 3))
        .count();
    near as f64 / (pixels.len() / 3) as f64
}

/// The band colour: 18 % of the line's colour over the white page.
fn tint(colour: (u8, u8, u8)) -> (u8, u8, u8) {
    let mix = |c: u8| (255.0 - 0.18 * (255.0 - f64::from(c))).round() as u8;
    (mix(colour.0), mix(colour.1), mix(colour.2))
}

#[test]
fn the_monthly_chart_shades_each_line_in_colour_between_p5_and_p95() {
    let c = today_with_a_rate_range();
    let all = charts(&c, 15);
    let month = stem(&all, "cost-per-month");
    assert!(!month.bands.is_empty());
    let hetzner = c.index("rocketchat-community-hetzner").unwrap();
    let band = &month.bands[0];
    let line = month
        .series
        .iter()
        .find(|s| s.name == "Rocket.Chat Community on Hetzner")
        .unwrap();
    assert_eq!(band.style, line.style);
    // At the likely rate ($60) the line lies inside its band, which is wide:
    // 1.5 h a month and 6 h of set-up over 36 months at $30 to $120 an hour.
    for (&(n, lo, hi), &(m, y)) in band.segments[0].iter().zip(&line.segments[0]) {
        assert_eq!(n, m);
        assert!(lo < y && y < hi, "at {n}: {lo} {y} {hi}");
    }
    let q = c.uncertainty().unwrap().monthly(hetzner, 10).unwrap();
    assert!(q.p95 - q.p5 > 50.into(), "{q:?}");
    // The tint is on the PNG, and only there.
    let blue = (LIGHT.series[0].0, LIGHT.series[0].1, LIGHT.series[0].2);
    let band_pixels = share_of(month, tint(blue));
    assert!(band_pixels > 0.02, "{band_pixels}");
    let mut plain = month.clone();
    plain.bands.clear();
    assert!(share_of(&plain, tint(blue)) < 0.001);
    // The per-user chart has no bands.
    assert!(stem(&all, "cost-per-user").bands.is_empty());
}

#[test]
fn without_ranges_there_are_no_new_charts_and_no_bands() {
    let models = load::bundled_scenario("blog-2016").unwrap();
    let chosen = load::select(models, &[], &[], false).unwrap();
    let c = Comparison::new(
        Source::Bundled("blog-2016".into()),
        chosen.models,
        chosen.limited,
        "1..30".parse().unwrap(),
        Assumptions::on(Date::parse("2026-11-25").unwrap()).at_rate(60.into()),
    )
    .sampled(&Sampling::default());
    let all = charts(&c, 15);
    assert!(
        all.iter()
            .all(|ch| ch.bands.is_empty() && ch.bars.is_none())
    );
    assert!(
        all.iter()
            .all(|ch| ch.stem != "probability" && ch.stem != "sensitivity")
    );
}

/// A $10 flat self-hosted plan against a seat price uniform on [1, 3]: at n
/// users it costs no more in (3 − 10/n)/2 of the draws (0 to 4, 1 from 10), so
/// the chance crosses 90 % between 8 (87.5 %) and 9 (94.4 %).
#[test]
fn the_probability_chart_by_hand() {
    let samples = 4000;
    let c = compare(
        vec![
            file(
                "flat",
                "self-hosted",
                "admin_hours_per_month = 0\nsetup_hours = 0\n[[component]]\ntype = \"flat\"\nper_month = 10\n",
            ),
            file(
                "seats",
                "hosted",
                "[[component]]\ntype = \"per-seat\"\nper_user_annual = { low = 1, high = 3 }\n",
            ),
        ],
        "1..20",
        "0",
        samples,
    );
    let all = charts(&c, 15);
    let chart = stem(&all, "probability");
    let line = chart.series.iter().find(|s| s.name == "flat").unwrap();
    for &(n, p) in &line.segments[0] {
        let want = ((3.0 - 10.0 / n as f64) / 2.0).clamp(0.0, 1.0);
        let allowed =
            4.0 * (want * (1.0 - want) / f64::from(samples)).sqrt() + 1.0 / f64::from(samples);
        assert!((p - want).abs() <= allowed, "at {n}: {p} against {want}");
    }
    let marked: Vec<String> = chart.markers.iter().map(|m| m.lines.join(" ")).collect();
    assert!(
        marked.contains(&"flat: 90 % sure from 9 users".to_string()),
        "{marked:?}"
    );
    assert!(
        chart.alt.contains("90 % sure from 9 users"),
        "{}",
        chart.alt
    );
    assert!(chart.alt_text().chars().count() <= 250);
}

/// The tornado of the hand-worked case: a $5 VM with 1–2–4 admin hours at
/// $20–40–60 an hour against $4 a seat, at 10 users. Hours at 1 and 4: $5 and
/// $125 more than the seats; the rate at $20 and $60: $5 and $85 more; likely $45.
#[test]
fn the_tornado_by_hand_widest_on_top() {
    let c = compare(
        vec![
            file(
                "vm",
                "self-hosted",
                "admin_hours_per_month = { low = 1, likely = 2, high = 4 }\nsetup_hours = 0\n\
                 [[component]]\ntype = \"flat\"\nper_month = 5\n",
            ),
            file(
                "seat",
                "hosted",
                "[[component]]\ntype = \"per-seat\"\nper_user_annual = 4\n",
            ),
        ],
        "1..100",
        "20..40..60",
        100,
    );
    let all = charts(&c, 10);
    let chart = stem(&all, "sensitivity");
    let bars = chart.bars.as_ref().unwrap();
    let rows: Vec<(&str, f64, f64, &str, &str)> = bars
        .rows
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                r.low,
                r.high,
                r.low_label.as_str(),
                r.high_label.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("vm: admin hours a month", 5.0, 125.0, "1 h", "4 h"),
            // A chart names no option (issue 19): the rate's label without "(--admin-rate)".
            ("Admin rate", 5.0, 85.0, "$20/h", "$60/h"),
        ]
    );
    assert_eq!(bars.centre, 45.0);
    assert!(
        chart
            .alt
            .starts_with("At 10 users vm: admin hours a month moves the answer most"),
        "{}",
        chart.alt
    );
    // The bars are painted in the two colours of the legend, the hours' bar longest.
    let colour = |i: usize| (LIGHT.series[i].0, LIGHT.series[i].1, LIGHT.series[i].2);
    let (low, high) = (share_of(chart, colour(0)), share_of(chart, colour(1)));
    assert!(low > 0.005 && high > 0.02 && high > low, "{low} {high}");
}

#[test]
fn the_report_shows_both_charts_with_short_alt_text() {
    let c = today_with_a_rate_range();
    let all = charts(&c, 40);
    let images = rccost::report::Images {
        dark: false,
        phone: false,
        explore: false,
        width: 800,
        height: 500,
    };
    let page = rccost::report::page(&c, &all, images).unwrap();
    let headings: Vec<&str> = page.sections.iter().map(|s| s.heading.as_str()).collect();
    assert!(
        headings.contains(&"How sure is that answer?"),
        "{headings:?}"
    );
    assert!(
        headings.contains(&"Which uncertain input matters most?"),
        "{headings:?}"
    );
    for chart in ["probability", "sensitivity"] {
        let alt = stem(&all, chart).alt_text();
        assert!(
            !alt.is_empty() && alt.chars().count() <= 250,
            "{chart}: {alt}"
        );
    }
    // At 40 users the scenario's admin hours (0.5 to 3 h a month) move the
    // answer more than the rate does ($30 to $120 an hour against $60).
    let tornado = stem(&all, "sensitivity");
    let bars = tornado.bars.as_ref().unwrap();
    let rows: Vec<&str> = bars.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        rows[..2],
        ["Admin hours a month, one VM", "Admin rate"],
        "{rows:?}"
    );
    let alt = tornado.alt_text();
    assert!(alt.contains("Admin hours a month, one VM"), "{alt}");
    assert!(alt.contains("0.5 h") && alt.contains("3 h"), "{alt}");
}
