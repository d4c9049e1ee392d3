//! `report.html`: the page as one self-contained HTML file (styles inline, the
//! charts as files beside it, nothing fetched from the network).

use super::blog::{attr, text};
use super::page::{Block, Figure, Images, Inline, Page};

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:820px;margin:2em auto;padding:0 1em;line-height:1.5;color:#1a1a1a;background:#fff}\
img{max-width:100%;height:auto}table{border-collapse:collapse;font-size:.9em}th,td{padding:.2em .5em;border-bottom:1px solid #ccc;text-align:right}\
th:first-child,td:first-child{text-align:left}figure{margin:1em 0}details{margin:.5em 0}.scroll{overflow-x:auto}table.text th,table.text td{text-align:left}";
const DARK_STYLE: &str = "@media (prefers-color-scheme: dark){body{color:#e6e6e6;background:#121212}a{color:#8ab4f8}th,td{border-color:#444}}";

/// The page as HTML.
pub fn html(page: &Page) -> String {
    let dark = if page.images.dark { DARK_STYLE } else { "" };
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}{dark}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>{}</p>\n",
        text(&page.title),
        text(&page.title),
        text(&page.byline)
    );
    for section in &page.sections {
        out += &format!("<section>\n<h2>{}</h2>\n", text(&section.heading));
        for block in &section.blocks {
            out += &block_html(block, page.images);
        }
        out += "</section>\n";
    }
    out + "</body>\n</html>\n"
}

fn block_html(block: &Block, images: Images) -> String {
    match block {
        Block::Paragraph(inlines) => format!("<p>{}</p>\n", inline_html(inlines)),
        Block::List(items) => {
            let lis: String = items
                .iter()
                .map(|i| format!("<li>{}</li>\n", text(i)))
                .collect();
            format!("<ul>\n{lis}</ul>\n")
        }
        Block::Figure(f) => figure_html(f, images),
        Block::Others(charts) => {
            let lis: String = charts
                .iter()
                .map(|(question, stem)| {
                    format!(
                        "<li><a href=\"{0}.png\">{1}</a> (<a href=\"{0}.svg\">SVG</a>)</li>\n",
                        attr(stem),
                        text(question)
                    )
                })
                .collect();
            format!("<ul>\n{lis}</ul>\n")
        }
        Block::Table {
            header,
            rows,
            numeric,
        } => {
            let th: String = header
                .iter()
                .map(|h| format!("<th>{}</th>", text(h)))
                .collect();
            // A table wider than a phone scrolls in its own box, not the page.
            let class = if *numeric { "" } else { " class=\"text\"" };
            let mut out = format!(
                "<div class=\"scroll\"><table{class}>\n<thead><tr>{th}</tr></thead>\n<tbody>\n"
            );
            for row in rows {
                let tds: String = row
                    .iter()
                    .map(|c| format!("<td>{}</td>", inline_html(std::slice::from_ref(c))))
                    .collect();
                out += &format!("<tr>{tds}</tr>\n");
            }
            out + "</tbody>\n</table></div>\n"
        }
    }
}

fn inline_html(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) => text(t),
            Inline::Strong(t) => format!("<strong>{}</strong>", text(t)),
            Inline::Link { text: t, href } => format!("<a href=\"{}\">{}</a>", attr(href), text(t)),
        })
        .collect()
}

/// The chart with a short alt text; the long description in `<details>`, linked
/// from the image by `aria-describedby`.
fn figure_html(f: &Figure, images: Images) -> String {
    let source: String = images
        .sources(&f.stem)
        .iter()
        .map(|(media, file)| format!("<source media=\"{media}\" srcset=\"{} 2x\">", attr(file)))
        .collect();
    format!(
        "<figure>\n<picture>{source}<img src=\"{0}.png\" srcset=\"{0}.png 2x\" width=\"{3}\" height=\"{4}\" alt=\"{1}\" aria-describedby=\"{0}-desc\"></picture>\n<figcaption><details id=\"{0}-desc\"><summary>The chart in words</summary><p>{2}</p></details><a href=\"{0}.svg\">SVG version</a></figcaption>\n</figure>\n",
        attr(&f.stem),
        attr(&f.alt),
        text(&f.description),
        images.width,
        images.height
    )
}
