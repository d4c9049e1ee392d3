//! The charts, opened and checked: valid PNG and SVG, the right size, text
//! drawn with the embedded font, no overlapping labels, byte-identical reruns.

use rccost::chart::charts::breakeven_map::breakeven_map;
use rccost::chart::charts::cost::{Metric, cost_chart_in};
use rccost::chart::charts::cumulative::cumulative;
use rccost::chart::charts::focus::View;
use rccost::chart::paint::layout::BoxKind;
use rccost::chart::render::{Format, render};
use rccost::engine::Assumptions;
use rccost::engine::compare::Comparison;
use rccost::pricing::load;
use rccost::units::date::Date;

/// The cost chart of `metric` as `plot` makes it (through `charts_in`), with a
/// logarithmic cost axis when `log_y`.
fn cost_chart(
    c: &Comparison,
    metric: Metric,
    log_y: bool,
) -> Result<rccost::chart::line::LineChart, rccost::engine::breakeven::LimitError> {
    let view = View::new(log_y, false, c.span());
    let stem = match metric {
        Metric::PerMonth => "cost-per-month",
        Metric::PerUser => "cost-per-user",
    };
    let charts = rccost::chart::charts_in(c, &view, 15, false)?;
    Ok(charts
        .into_iter()
        .find(|chart| chart.stem == stem)
        .expect("charts_in draws both cost charts"))
}

fn blog(range: &str) -> Comparison {
    let models = load::bundled_scenario("blog-2016").unwrap();
    let today = Assumptions::on(Date::parse("2026-11-25").unwrap());
    Comparison::new(
        rccost::pricing::Source::Bundled("blog-2016".into()),
        models,
        Vec::new(),
        range.parse().unwrap(),
        today,
    )
}

#[test]
fn labels_never_overlap_from_five_to_ten_thousand_users() {
    for range in [
        "1..5",
        "1..10",
        "1..30",
        "1..100",
        "3..250",
        "1..1000",
        "1..10000",
        "1..1000000000",
    ] {
        let c = blog(range);
        for metric in [Metric::PerMonth, Metric::PerUser] {
            for log_y in [false, true] {
                let chart = cost_chart(&c, metric, log_y).unwrap();
                let (_, layout) = render(&chart, Format::Svg).unwrap();
                assert_eq!(layout.overlaps(), vec![], "{range} {metric:?} log={log_y}");
                assert_eq!(
                    layout.dropped_labels, 0,
                    "{range} {metric:?}: every label found a place"
                );
                assert_eq!(
                    layout.label_line_crossings, 0,
                    "{range} {metric:?} log={log_y}: a label crosses a line"
                );
                let plot = layout.plot().unwrap();
                for (kind, r) in &layout.boxes {
                    assert!(
                        r.x0 >= 0.0 && r.y0 >= 0.0 && r.x1 <= 800.0 && r.y1 <= 500.0,
                        "{kind:?} {r:?} inside the canvas"
                    );
                    if *kind == BoxKind::Label {
                        assert!(
                            r.inside(&plot),
                            "{range}: label {r:?} inside the plot {plot:?}"
                        );
                    } else if *kind != BoxKind::Plot {
                        assert!(
                            !r.intersects(&plot),
                            "{range}: {kind:?} {r:?} clear of the plot"
                        );
                    }
                }
                let labels = layout
                    .boxes
                    .iter()
                    .filter(|(k, _)| *k == BoxKind::Label)
                    .count();
                // Markers on the same spot share a label; none is lost.
                assert!(labels <= chart.markers.len() && (labels > 0) != chart.markers.is_empty());
            }
        }
    }
    // The blog chart labels its three price break-evens with self-hosted models.
    let chart = cost_chart(&blog("1..30"), Metric::PerMonth, false).unwrap();
    let firsts: Vec<&str> = chart.markers.iter().map(|m| m.lines[0].as_str()).collect();
    assert_eq!(
        firsts,
        [
            "From 2 users: Rocket.Chat (self-hosted)",
            "From 5 users: Rocket.Chat (self-hosted)",
            "From 23 users: HipChat Server (licence only)"
        ]
    );
}

#[test]
fn png_is_twice_the_svg_and_has_text_in_the_title_area() {
    let chart = cost_chart(&blog("1..30"), Metric::PerMonth, false).unwrap();
    let (bytes, layout) = render(&chart, Format::Png).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (1600, 1000));
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let title = layout
        .boxes
        .iter()
        .find(|(k, _)| *k == BoxKind::Title)
        .unwrap()
        .1
        .scaled(2.0);
    let dark = |x: u32, y: u32| {
        let i = ((y * info.width + x) * 3) as usize;
        pixels[i..i + 3].iter().all(|&v| v < 100)
    };
    let in_title = (title.y0 as u32..title.y1 as u32)
        .flat_map(|y| (title.x0 as u32..title.x1 as u32).map(move |x| (x, y)))
        .filter(|&(x, y)| dark(x, y))
        .count();
    assert!(
        in_title > 2000,
        "the title is drawn ({in_title} dark pixels)"
    );
    // Right of the title is blank: the text pixels are the title's own.
    let beside = (title.y0 as u32..title.y1 as u32)
        .filter(|&y| dark(1500, y))
        .count();
    assert_eq!(beside, 0);
}

#[test]
fn svg_is_800_by_500_with_a_viewbox_and_real_text() {
    let chart = cost_chart(&blog("1..30"), Metric::PerMonth, false).unwrap();
    let (bytes, _) = render(&chart, Format::Svg).unwrap();
    let svg = String::from_utf8(bytes).unwrap();
    let open = &svg[..svg.find('>').unwrap()];
    assert!(open.starts_with("<svg "), "{open}");
    assert!(
        open.contains(r#"width="800" height="500" viewBox="0 0 800 500""#),
        "{open}"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    // plotters puts each text on a line of its own inside <text>.
    let flat = svg.replace(">\n", ">").replace("\n<", "<");
    for text in [
        ">What a team pays each month<",
        ">Team size (users)<",
        ">Cost per month (USD)<",
        ">$150<",
        ">Slack Standard<",
        ">From 2 users: Rocket.Chat (self-hosted)<",
    ] {
        assert!(flat.contains(text), "{text} in the SVG");
    }
    assert!(svg.contains("<title>What a team pays each month</title>"));
    assert!(svg.contains("Rocket.Chat (self-hosted) costs $10.00 a month at any team size."));
    assert!(svg.contains(r#"font-family="DejaVu Sans, Verdana, Arial, sans-serif""#));
}

#[test]
fn charts_are_byte_identical_on_rerun() {
    for format in [Format::Svg, Format::Png] {
        let chart = cost_chart(&blog("1..30"), Metric::PerUser, false).unwrap();
        assert_eq!(
            render(&chart, format).unwrap().0,
            render(&chart, format).unwrap().0
        );
    }
}

#[test]
fn unavailable_sizes_leave_a_gap_and_the_per_user_axis_is_cut() {
    let chart = cost_chart(&blog("1..30"), Metric::PerUser, false).unwrap();
    let server = chart
        .series
        .iter()
        .find(|s| s.name.starts_with("HipChat Server"))
        .unwrap();
    assert_eq!(server.segments.len(), 1);
    assert_eq!(server.segments[0].last().unwrap().0, 25);
    // $150 at one user would squash the rest; the axis stops at $30.
    assert_eq!(chart.y_cap, Some(30.0));
    assert!(chart.subtitle.contains("axis cut at $30"));
}

#[test]
fn set_ups_paid_back_share_one_callout_clear_of_the_lines() {
    // Today's plans for 15 users with admin time at $10/h: the cheapest hosted plan
    // is Teams Essentials (15 × $4 = $60 a month). Rocket.Chat on Hetzner costs
    // €6.562 × 1.1780 = $7.730036 + 1.5 h × $10 = $22.730036 a month after a $60
    // set-up (6 h × $10): 60 / (60 − 22.730036) = 1.61, paid back in month 2. On AWS:
    // $20.034 + $15 = $35.034 a month, 60 / 24.966 = 2.40, month 3 (Community and
    // Starter alike).
    let chart = cumulative(&current("1..30", 10), 15);
    let footer = chart.footer.clone().unwrap();
    for sentence in [
        "Rocket.Chat Community on Hetzner pays back its set-up against Microsoft Teams Essentials in month 2.",
        "Rocket.Chat Community on AWS pays back its set-up against Microsoft Teams Essentials in month 3.",
        "Rocket.Chat Starter on AWS pays back its set-up against Microsoft Teams Essentials in month 3.",
    ] {
        assert!(footer.contains(sentence), "{footer}");
    }
    assert_eq!(chart.markers.len(), 1);
    // The two lines in colour have a legend entry each; the other seven are grey.
    let legend: Vec<String> = chart.legend_entries().into_iter().map(|l| l.0).collect();
    assert_eq!(
        legend,
        [
            "Rocket.Chat Community on Hetzner",
            "Microsoft Teams Essentials",
            "7 other plans compared, in grey"
        ]
    );
    let marker = &chart.markers[0];
    assert_eq!(
        (marker.x, marker.lines[0].as_str()),
        (2, "Month 2: Rocket.Chat Community on Hetzner")
    );
    assert_eq!(marker.lines.len(), 6);
    assert_eq!(marker.also.iter().map(|p| p.0).collect::<Vec<_>>(), [3, 3]);
    for format in [Format::Svg, Format::Png] {
        let (_, layout) = render(&chart, format).unwrap();
        assert_eq!(layout.overlaps(), vec![]);
        assert_eq!(layout.dropped_labels, 0);
        assert_eq!(
            layout.label_line_crossings, 0,
            "{format:?}: the callout crosses a line"
        );
        let footers: Vec<_> = layout
            .boxes
            .iter()
            .filter(|(k, _)| *k == BoxKind::Footer)
            .collect();
        assert!(footers.len() >= 2, "a long footer is wrapped");
        for (kind, r) in &layout.boxes {
            assert!(
                r.x0 >= 0.0 && r.y0 >= 0.0 && r.x1 <= 800.0 && r.y1 <= 500.0,
                "{kind:?} {r:?} inside the canvas"
            );
        }
    }
    // The blog's self-hosted server has no set-up to pay back.
    let blog = cumulative(&blog("1..30"), 15);
    assert!(blog.markers.is_empty());
    assert_eq!(
        blog.footer.as_deref(),
        Some(
            "Rocket.Chat (self-hosted) costs less than HipChat Plus from the start: it has no set-up cost to pay back."
        )
    );
}

/// Today's plans (prices of 2026-11-25) with admin time at `rate` an hour.
fn current(range: &str, rate: u32) -> Comparison {
    let models = load::bundled_scenario("current").unwrap();
    let selection = load::select(models, &[], &[], false).unwrap();
    let mut today = Assumptions::on(Date::parse("2026-11-25").unwrap());
    today = today.at_rate(rate.into());
    Comparison::new(
        rccost::pricing::Source::Bundled("current".into()),
        selection.models,
        selection.limited,
        range.parse().unwrap(),
        today,
    )
}

#[test]
fn the_break_even_map_draws_each_line_once_and_says_which_it_merged() {
    let chart = breakeven_map(&current("1..100", 0));
    // Rocket.Chat on Hetzner (€5.49 + €0.50 + 40 × €0.0143 = €6.562 × 1.1780 =
    // $7.730036 a month, 1.5 h of admin a month, 6 h of set-up spread over 36
    // months) against Teams Essentials ($4 a seat): at $0/h from 2 users ($8 >
    // $7.73); at $60/h it costs $107.73 (from 27 users: 27 × 4 = 108); at $150/h
    // $257.73 (from 65: 260; 64 × 4 = 256 is less).
    let line = chart
        .series
        .iter()
        .find(|s| s.name == "Rocket.Chat Community on Hetzner vs Microsoft Teams Essentials")
        .unwrap();
    let at = |rate: u64| {
        line.segments
            .iter()
            .flatten()
            .find(|p| p.0 == rate)
            .map(|p| p.1)
    };
    assert_eq!(
        (at(0), at(60), at(150)),
        (Some(2.0), Some(27.0), Some(65.0))
    );
    // No two lines drawn are the same (a pair with no break-even draws nothing).
    let drawn: Vec<_> = chart
        .series
        .iter()
        .filter(|s| !s.segments.is_empty())
        .collect();
    for (i, a) in drawn.iter().enumerate() {
        for b in &drawn[i + 1..] {
            assert!(
                a.segments != b.segments,
                "{} and {} coincide",
                a.name,
                b.name
            );
        }
    }
    // Google Workspace and Microsoft 365 cost $7 a seat each: one colour, one entry.
    let legend: Vec<&str> = chart
        .legend
        .as_ref()
        .unwrap()
        .iter()
        .map(|l| l.0.as_str())
        .collect();
    assert!(
        legend.contains(&"Google Workspace Business Starter = Microsoft 365 Business Basic"),
        "{legend:?}"
    );
    assert!(
        !chart
            .series
            .iter()
            .any(|s| s.name.contains("Microsoft 365"))
    );
    // Every plan keeps the one colour it has on every chart of the run: the two
    // in focus first (Rocket.Chat on Hetzner blue 0, Teams Essentials vermillion
    // 1), then the other self-hosted models (four: colours 2–5), then the hosted
    // plans in id order through the palette's order (brown 8, violet 9, olive
    // 10, crimson 11, then yellow 7): Google Workspace brown, Microsoft 365
    // violet (drawn as Google's line), Slack Business+ olive, Slack Pro crimson,
    // Zulip Cloud yellow; never the ink-like black that shows the line patterns.
    let colour = |name: &str| {
        chart
            .legend
            .as_ref()
            .unwrap()
            .iter()
            .find(|l| l.0 == name)
            .unwrap()
            .1
            .colour
    };
    assert_eq!(
        colour("Google Workspace Business Starter = Microsoft 365 Business Basic"),
        8
    );
    assert_eq!(colour("Slack Business+"), 10);
    assert_eq!(colour("Slack Pro"), 11);
    assert_eq!(colour("Zulip Cloud Standard"), 7);
    assert_eq!(colour("Microsoft Teams Essentials"), 1);
    assert_ne!(colour("Slack Business+"), rccost::chart::theme::INK_LIKE);
    // Starter (free up to 50 users) matches Community wherever the break-even is
    // under 51 users; against Teams Essentials it is not, so that line is drawn.
    assert_eq!(
        chart.footer.as_deref(),
        Some(
            "Rocket.Chat Starter on AWS has the same break-evens as Rocket.Chat Community on AWS against \
             Google Workspace Business Starter, Slack Business+, Slack Pro and Zulip Cloud Standard, drawn once."
        )
    );
    assert!(
        chart
            .series
            .iter()
            .any(|s| s.name == "Rocket.Chat Starter on AWS vs Microsoft Teams Essentials")
    );
}

#[test]
fn plans_at_the_same_price_share_one_line_and_notes_join_the_name() {
    // Google Workspace Business Starter and Microsoft 365 Business Basic cost $7 a
    // seat on 2026-11-25: one line, both in its legend entry.
    let chart = cost_chart(&current("1..100", 0), Metric::PerMonth, false).unwrap();
    let legends: Vec<&str> = chart.series.iter().map(|s| s.legend.as_str()).collect();
    assert!(
        legends.contains(&"Google Workspace Business Starter = Microsoft 365 Business Basic"),
        "{legends:?}"
    );
    assert!(
        legends.contains(&"Rocket.Chat Starter on AWS (up to 50 users)"),
        "{legends:?}"
    );
    assert_eq!(chart.series.len(), 10, "11 plans, two of them on one line");
    // A name that ends in brackets takes the note inside them.
    let blog = cost_chart(&blog("1..30"), Metric::PerMonth, false).unwrap();
    let legends: Vec<&str> = blog.series.iter().map(|s| s.legend.as_str()).collect();
    assert!(
        legends.contains(&"HipChat Server (licence only; up to 25 users)"),
        "{legends:?}"
    );
}

#[test]
fn a_log_axis_starts_a_decade_below_the_lowest_value_and_labels_it() {
    // $10 a month for 1,000 users is $0.01 each: the axis goes down to $0.001 so the
    // line does not run along it, and both decades are labelled.
    let chart = cost_chart(&blog("1..1000"), Metric::PerUser, true).unwrap();
    let (svg, _) = render(&chart, Format::Svg).unwrap();
    let svg = String::from_utf8(svg).unwrap();
    for tick in [
        ">$0.001</text>",
        ">$0.01</text>",
        ">$0.10</text>",
        ">$1</text>",
        ">$100</text>",
    ] {
        assert!(svg.contains(tick), "{tick}");
    }
}

#[test]
fn empty_maps_say_why_and_partly_hidden_lines_are_named() {
    // Only self-hosted models: no hosted plan to break even against, and models
    // with no line are not "equal".
    let models = load::bundled_scenario("current").unwrap();
    let ids: Vec<String> = [
        "rocketchat-community-aws",
        "rocketchat-starter-aws",
        "mattermost-professional",
    ]
    .map(String::from)
    .to_vec();
    let selection = load::select(models, &ids, &[], false).unwrap();
    let c = Comparison::new(
        rccost::pricing::Source::Bundled("current".into()),
        selection.models,
        selection.limited,
        "1..100".parse().unwrap(),
        Assumptions::on(Date::parse("2026-11-25").unwrap()),
    );
    let map = breakeven_map(&c);
    assert_eq!(
        map.footer.as_deref(),
        Some(
            "Nothing to map: the models compared include no hosted plan (see --models and --exclude)."
        )
    );
    assert!(
        map.legend.iter().flatten().all(|l| !l.0.contains(" = ")),
        "{:?}",
        map.legend
    );
    // Starter (free up to 50 users) and Community on the same AWS host cost the same
    // up to 50 users: one line hides the other there, and the chart says so.
    // With every model in colour (the lines in grey are not told apart).
    let all = View {
        all_models: true,
        ..View::default()
    };
    let chart = cost_chart_in(&current("1..100", 60), Metric::PerMonth, &all).unwrap();
    assert!(
        chart.footer.as_deref().unwrap_or_default().contains(
            "Rocket.Chat Community on AWS and Rocket.Chat Starter on AWS cost the same for 1–50 users (drawn over each other)."
        ),
        "{:?}",
        chart.footer
    );
    // The cumulative chart draws plans at the same price once, like the others.
    let cumulative = cumulative(&current("1..100", 60), 15);
    assert!(
        cumulative
            .series
            .iter()
            .any(|s| s.legend == "Google Workspace Business Starter = Microsoft 365 Business Basic")
    );
}

#[test]
fn todays_charts_label_their_lines_clear_of_every_line() {
    // The blog's charts of today's eleven plans, over 1..100 and over 1..10,000 on
    // log scales: no box on another, every label placed inside the plot, and no
    // label box or leader on a data line.
    for (range, log_y) in [("1..100", false), ("1..10000", true)] {
        let c = current(range, 60);
        let view = View::new(log_y, false, c.span());
        assert_eq!(
            view.log_x, log_y,
            "log x comes with log y over four decades"
        );
        for chart in rccost::chart::charts_in(&c, &view, 15, false).unwrap() {
            for format in [Format::Svg, Format::Png] {
                let (_, layout) = render(&chart, format).unwrap();
                let what = format!("{range} {} {format:?}", chart.stem);
                assert_eq!(layout.overlaps(), vec![], "{what}");
                assert_eq!(layout.dropped_labels, 0, "{what}: a label was dropped");
                assert_eq!(layout.label_line_crossings, 0, "{what}: a box on a line");
                assert_eq!(
                    layout.leader_line_crossings, 0,
                    "{what}: a leader on a line"
                );
                let plot = layout.plot().unwrap();
                for (kind, r) in &layout.boxes {
                    if *kind == BoxKind::Label {
                        assert!(r.inside(&plot), "{what}: label {r:?} inside {plot:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn a_model_keeps_its_colour_on_every_chart() {
    let c = current("1..100", 60);
    let view = View::new(false, false, (1, 100));
    let charts = rccost::chart::charts_in(&c, &view, 15, false).unwrap();
    for name in [
        "Rocket.Chat Community on Hetzner",
        "Microsoft Teams Essentials",
    ] {
        let styles: Vec<_> = charts
            .iter()
            .filter_map(|chart| {
                let series = chart.series.iter().find(|s| s.name == name)?;
                Some((chart.stem.clone(), series.style))
            })
            .collect();
        assert!(styles.len() >= 3, "{name}: {styles:?}");
        assert!(
            styles.iter().all(|s| s.1 == styles[0].1),
            "{name}: {styles:?}"
        );
    }
    // The break-even panel of Rocket.Chat on Hetzner draws Teams Essentials in
    // its colour too.
    let map = charts
        .iter()
        .find(|c| c.stem == "breakeven-map-rocketchat-community-hetzner")
        .unwrap();
    let teams = map
        .legend_entries()
        .into_iter()
        .find(|l| l.0 == "Microsoft Teams Essentials");
    let month_teams = charts[0]
        .series
        .iter()
        .find(|s| s.name == "Microsoft Teams Essentials");
    assert_eq!(teams.unwrap().1.colour, month_teams.unwrap().style.colour);
    // The two in focus take the first two colours; the other nine are grey.
    let month = &charts[0];
    let colour = |name: &str| month.series.iter().find(|s| s.name == name).unwrap().style;
    assert_eq!(colour("Rocket.Chat Community on Hetzner").colour, 0);
    assert_eq!(colour("Microsoft Teams Essentials").colour, 1);
    assert_eq!(colour("Slack Pro").colour, rccost::chart::theme::CONTEXT);
    // The y axis ends above Teams Essentials' $400 at 100 users (× 1.08 = $432,
    // rounded up to $500); six grey lines leave the top and the footer names them.
    assert_eq!(month.y_cap, Some(500.0));
    assert!(
        month
            .footer
            .as_deref()
            .unwrap()
            .starts_with("Above $500, off the chart: Google Workspace Business Starter = Microsoft 365 Business Basic, Mattermost Professional on AWS, Slack Business+, Slack Pro, Zulip Cloud Standard and Zulip Business (self-hosted) on AWS."),
        "{:?}",
        month.footer
    );
}

#[test]
fn the_break_even_map_of_many_models_is_an_overview_and_one_panel_per_model() {
    let c = current("1..100", 60);
    let view = View::new(false, false, (1, 100));
    let charts = rccost::chart::charts_in(&c, &view, 15, false).unwrap();
    let stems: Vec<&str> = charts.iter().map(|c| c.stem.as_str()).collect();
    assert_eq!(
        stems[3..],
        [
            "breakeven-map",
            "breakeven-map-mattermost-professional",
            "breakeven-map-rocketchat-community-aws",
            "breakeven-map-rocketchat-community-hetzner",
            "breakeven-map-rocketchat-starter-aws",
            "breakeven-map-zulip-selfhosted-business"
        ]
    );
    let chart = |stem: &str| charts.iter().find(|c| c.stem == stem).unwrap();
    let at = |chart: &rccost::chart::line::LineChart, name: &str, rate: u64| {
        let line = chart.series.iter().find(|s| s.name == name).unwrap();
        let point = line.segments.iter().flatten().find(|p| p.0 == rate);
        point.map(|p| p.1)
    };
    let hetzner = chart("breakeven-map-rocketchat-community-hetzner");
    // Rocket.Chat on Hetzner against Teams Essentials (worked in the test above):
    // from 2 users at $0/h, 27 at $60/h, 65 at $150/h.
    let teams = "Microsoft Teams Essentials";
    assert_eq!(
        [0, 60, 150].map(|r| at(hetzner, teams, r)),
        [Some(2.0), Some(27.0), Some(65.0)]
    );
    // Against Slack Pro ($7.25 a seat, annual, slack-pro.toml): €6.562 × 1.1780 =
    // $7.730036 a month plus (1.5 + 6 / 36) h of admin time. At $0/h one seat,
    // $7.25, is less than $7.73, two ($14.50) more: from 2 users; at $60/h
    // $107.730036 / 7.25 = 14.86, so 15 users (14 × 7.25 = $101.50, 15 × 7.25 =
    // $108.75); at $150/h $257.730036 / 7.25 = 35.55, so 36.
    assert_eq!(
        [0, 60, 150].map(|r| at(hetzner, "Slack Pro", r)),
        [Some(2.0), Some(15.0), Some(36.0)]
    );
    // At most eight lines a panel; plans at one price are one line, told once.
    for panel in &charts[4..] {
        assert!(panel.series.len() <= 8, "{}", panel.stem);
        assert!(panel.alt_text().chars().count() <= 250);
        assert!(!panel.description.is_empty());
    }
    let legend: Vec<String> = hetzner.legend_entries().into_iter().map(|l| l.0).collect();
    assert!(
        legend.contains(&"Google Workspace Business Starter = Microsoft 365 Business Basic".into()),
        "{legend:?}"
    );
    // The answer at the run's $60/h is marked: from 27 users on.
    assert_eq!(hetzner.markers.len(), 1);
    let m = &hetzner.markers[0];
    assert_eq!((m.x, m.y), (60, 27.0));
    assert_eq!(m.lines[0], "At $60/h: from 27 users on,");
    assert!(hetzner.alt.contains("from 27 users on"), "{}", hetzner.alt);
    // Mattermost never beats every hosted plan; the cheapest it beats at $60/h is
    // Slack Business+ ($15 a seat), from 25 users.
    let mattermost = chart("breakeven-map-mattermost-professional");
    assert_eq!(mattermost.markers[0].y, 25.0);
    // The overview: each self-hosted model against every hosted plan. Teams
    // Essentials is the cheapest hosted plan at every size in 1..100, so Hetzner's
    // line is the one against it; Starter (up to 50 users) is Community on AWS's line
    // up to $107/h: (20.034 + 1.6667 × 107) / 4 = 49.6, at $108 50.008.
    let overview = chart("breakeven-map");
    let hetzner_name = "Rocket.Chat Community on Hetzner";
    assert_eq!(
        [0, 60, 150].map(|r| at(overview, hetzner_name, r)),
        [Some(2.0), Some(27.0), Some(65.0)]
    );
    assert_eq!(at(overview, "Rocket.Chat Community on AWS", 60), Some(31.0));
    let legend: Vec<String> = overview.legend_entries().into_iter().map(|l| l.0).collect();
    assert_eq!(
        legend,
        [
            "Rocket.Chat Community on AWS (= Rocket.Chat Starter on AWS up to $107/h)",
            "Rocket.Chat Community on Hetzner"
        ]
    );
    let footer = overview.footer.clone().unwrap();
    assert!(
        footer.contains("Mattermost Professional on AWS and Zulip Business (self-hosted) on AWS never cost less than every hosted plan"),
        "{footer}"
    );
    assert_eq!(footer.matches("has the same break-evens").count(), 1);
    assert_eq!(overview.markers.len(), 2);
    // Blog-2016: three lines, one chart as before.
    let blog_charts =
        rccost::chart::charts_in(&blog("1..30"), &View::default(), 15, false).unwrap();
    assert_eq!(blog_charts.len(), 4);
}

#[test]
fn the_cumulative_total_is_cut_just_above_the_lines_in_colour() {
    let c = current("1..100", 60);
    let view = View::new(false, false, (1, 100));
    let charts = rccost::chart::charts_in(&c, &view, 15, false).unwrap();
    let chart = charts.iter().find(|c| c.stem == "cumulative-cost").unwrap();
    let series = |name: &str| chart.series.iter().find(|s| s.name == name).unwrap();
    // Rocket.Chat on Hetzner: €5.49 for the VM, €0.50 for its IPv4 and 40 GB of
    // snapshots at €0.0143, €6.562 × 1.1780 = $7.730 036 a month, plus 1.5 h of
    // admin at $60 = $90, for 36 months ($3,518.281 296), and 6 h of set-up at
    // $60 = $360 in month 0: $3,878.28. Teams Essentials: 36 × 15 × $4 = $2,160.
    // $3,878.28 × 1.08 = $4,189, rounded up: $5,000.
    let last = |name: &str| series(name).segments[0].last().unwrap().1;
    assert!((last("Rocket.Chat Community on Hetzner") - 3878.281296).abs() < 1e-6);
    assert!((last("Microsoft Teams Essentials") - 2160.0).abs() < 0.01);
    assert_eq!(chart.y_cap, Some(5000.0));
    assert!(
        chart.subtitle.ends_with("axis cut at $5,000"),
        "{}",
        chart.subtitle
    );
    // Slack Business+ at 15 × $15 = $225 a month is $8,100: off the top, and named.
    assert!(last("Slack Business+") > 5000.0);
    let footer = chart.footer.as_deref().unwrap();
    assert!(
        footer.starts_with(
            "Above $5,000, off the chart: Mattermost Professional on AWS, Slack Business+ and Zulip Business (self-hosted) on AWS."
        ),
        "{footer}"
    );
    // Every grey line the footer leaves out stays under the cut.
    for s in &chart.series {
        let top = s.segments.iter().flatten().map(|p| p.1).fold(0.0, f64::max);
        assert_eq!(top > 5000.0, footer.contains(&s.legend), "{}", s.name);
    }
}

/// WCAG's contrast ratio of two colours (1 to 21).
fn contrast(a: plotters::style::RGBColor, b: plotters::style::RGBColor) -> f64 {
    let luminance = |c: plotters::style::RGBColor| {
        let lin = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn every_line_colour_of_the_dark_page_stands_out_from_it() {
    use rccost::chart::theme::{DARK, LIGHT};
    // 4.5:1, what WCAG asks of text: a thin line needs as much. (Okabe–Ito's
    // blue at 0, 114, 178 stood at 3.4:1 on the dark page.)
    for (i, &c) in DARK.series.iter().enumerate() {
        assert!(
            contrast(c, DARK.background) >= 4.5,
            "dark series {i}: {c:?}"
        );
    }
    assert!(contrast(DARK.ink, DARK.background) >= 7.0);
    assert!(contrast(LIGHT.ink, LIGHT.background) >= 7.0);
}
