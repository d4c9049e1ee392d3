//! `report.md` as a blog post that renders as written in Hugo (goldmark),
//! Jekyll (kramdown) and GitHub: standard Markdown, no raw HTML but where the
//! engine it is written for keeps it (Jekyll's `<picture>`), each chart's long
//! description a footnote, and tables narrow enough for a phone.

use super::page::{Block, Figure, Images, Inline, Page};
use super::post::{Blog, Engine};

/// Team sizes per table of costs: a plan's name and two amounts fit a 390 px
/// phone's column in Jekyll's minima theme (three are 402 px wide there).
const SIZES_PER_TABLE: usize = 2;

/// The page as portable Markdown.
pub fn markdown(page: &Page, blog: &Blog) -> String {
    let mut md = head(page, blog);
    md += &format!("{}\n\n", escape(&page.byline));
    let mut notes = String::new();
    for section in &page.sections {
        md += &format!("## {}\n\n", escape(&section.heading));
        for block in &section.blocks {
            md += &match block {
                Block::Figure(f) => {
                    notes += &format!("[^{}]: {}\n", f.stem, escape(&f.description));
                    figure(f, page.images, blog)
                }
                Block::Table {
                    header,
                    rows,
                    numeric: true,
                } => tables(header, rows, blog),
                Block::Table { header, rows, .. } => rows_as_list(header, rows, blog),
                Block::Paragraph(inlines) => format!("{}\n\n", inlines_md(inlines, blog)),
                Block::List(items) => list(items.iter().map(|i| escape(i))),
                Block::Others(charts) => others(charts, blog),
            };
        }
    }
    md + &notes
}

/// The front matter the engine reads (title, date, description; Jekyll's
/// post layout), or, for a page without, the title as its one H1. With front
/// matter the theme writes the H1 and the page starts one level below.
pub fn head(page: &Page, blog: &Blog) -> String {
    let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let layout = match blog.front_matter {
        None => return format!("# {}\n\n", page.title),
        Some(Engine::Hugo) => "",
        Some(Engine::Jekyll) => "layout: post\n",
    };
    format!(
        "---\n{layout}title: {}\ndate: {}\ndescription: {}\n---\n\n",
        quoted(&page.title),
        page.date,
        quoted(&page.summary)
    )
}

/// The chart as a Markdown image with its short alt text (Jekyll: a
/// `<picture>` that gives narrow screens the phone drawing and dark pages the
/// dark one, since kramdown keeps raw HTML), then a pointer to its
/// description and its SVG.
fn figure(f: &Figure, images: Images, blog: &Blog) -> String {
    let png = blog.file(&format!("{}.png", f.stem));
    let sources = images.sources(&f.stem);
    let image = if blog.front_matter == Some(Engine::Jekyll) && !sources.is_empty() {
        let sources: String = sources
            .iter()
            .map(|(media, file)| {
                format!(
                    "<source media=\"{media}\" srcset=\"{} 2x\">",
                    blog.file(file)
                )
            })
            .collect();
        format!(
            "<picture>{sources}<img src=\"{png}\" srcset=\"{png} 2x\" alt=\"{}\" style=\"max-width:100%;height:auto\"></picture>",
            attr(&f.alt)
        )
    } else {
        format!("![{}]({png})", escape(&f.alt))
    };
    format!(
        "{image}\n\nThe chart in words[^{0}] · [as SVG]({1})\n\n",
        f.stem,
        blog.file(&format!("{}.svg", f.stem))
    )
}

/// The table of amounts, cut into tables of a few team sizes each.
fn tables(header: &[String], rows: &[Vec<Inline>], blog: &Blog) -> String {
    let mut md = String::new();
    let columns: Vec<usize> = (1..header.len()).collect();
    let count = columns.len().div_ceil(SIZES_PER_TABLE).max(1);
    let per = columns.len().div_ceil(count).max(1);
    for chunk in columns.chunks(per) {
        let names: Vec<String> = std::iter::once(0)
            .chain(chunk.iter().copied())
            .collect::<Vec<_>>()
            .iter()
            .map(|&i| escape(&header[i]))
            .collect();
        md += &format!("| {} |\n{}", names.join(" | "), rule(names.len(), true));
        for row in rows {
            let cells: Vec<String> = std::iter::once(0)
                .chain(chunk.iter().copied())
                .map(|i| inlines_md(std::slice::from_ref(&row[i]), blog).replace('|', "\\|"))
                .collect();
            md += &format!("| {} |\n", cells.join(" | "));
        }
        md += "\n";
    }
    md
}

/// A table of text as a list, one item a row: a phone wraps it, where a table
/// of five text columns is wider than the screen.
fn rows_as_list(header: &[String], rows: &[Vec<Inline>], blog: &Blog) -> String {
    list(rows.iter().map(|row| {
        let cell = |i: usize| inlines_md(std::slice::from_ref(&row[i]), blog);
        let mut item = format!("**{}**", cell(0));
        for (i, name) in header.iter().enumerate().skip(1) {
            item += &match i {
                1 => format!(": {}", cell(i)),
                _ => format!(" · {}: {}", escape(name), cell(i)),
            };
        }
        item
    }))
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.map(|i| format!("- {i}\n")).collect::<String>() + "\n"
}

/// The separator row: text left-aligned, amounts right-aligned.
pub fn rule(columns: usize, numeric: bool) -> String {
    let rest = if numeric { "---:|" } else { "---|" };
    format!("|---|{}\n", rest.repeat(columns.saturating_sub(1)))
}

/// The charts not shown, each a link to its PNG and SVG.
pub fn others(charts: &[(String, String)], blog: &Blog) -> String {
    list(charts.iter().map(|(question, stem)| {
        format!(
            "[{}]({}) ([SVG]({}))",
            escape(question),
            blog.file(&format!("{stem}.png")),
            blog.file(&format!("{stem}.svg"))
        )
    }))
}

fn inlines_md(inlines: &[Inline], blog: &Blog) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) => escape(t),
            Inline::Strong(t) => format!("**{}**", escape(t)),
            Inline::Link { text, href } => format!("[{}]({})", escape(text), blog.file(href)),
        })
        .collect()
}

/// Inline Markdown of the first form (links as they are, nothing escaped).
pub fn inline_md(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) => t.clone(),
            Inline::Strong(t) => format!("**{t}**"),
            Inline::Link { text, href } => format!("[{text}]({href})"),
        })
        .collect()
}

/// Plain text for Markdown: the characters that would start emphasis, a link,
/// code or raw HTML in any of the three engines, escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' | '*' | '_' | '[' | ']' | '`' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out += "&lt;",
            _ => out.push(ch),
        }
    }
    out
}

/// Escaped for an HTML attribute.
pub fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;")
}

/// Escaped for HTML text.
pub fn text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
