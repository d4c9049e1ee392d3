//! `report.md`: the page as Markdown with `<picture>` and `<details>` (GitHub,
//! most static-site generators and CMSs paste it as it is).

use super::page::{Block, Figure, Images, Inline, Page};

/// The page as Markdown.
pub fn markdown(page: &Page) -> String {
    let mut md = format!("# {}\n\n{}\n\n", page.title, page.byline);
    for section in &page.sections {
        md += &format!("## {}\n\n", section.heading);
        for block in &section.blocks {
            md += &block_md(block, page.images);
        }
    }
    md
}

fn block_md(block: &Block, images: Images) -> String {
    match block {
        Block::Paragraph(inlines) => format!("{}\n\n", inline_md(inlines)),
        Block::List(items) => {
            let lines: String = items.iter().map(|i| format!("- {i}\n")).collect();
            lines + "\n"
        }
        Block::Figure(f) => figure_md(f, images),
        Block::Table { header, rows } => {
            let mut md = format!("| {} |\n", header.join(" | "));
            md += &format!("|---|{}\n", "---:|".repeat(header.len().saturating_sub(1)));
            for row in rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| inline_md(std::slice::from_ref(c)).replace('|', "\\|"))
                    .collect();
                md += &format!("| {} |\n", cells.join(" | "));
            }
            md + "\n"
        }
    }
}

fn inline_md(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) => t.clone(),
            Inline::Strong(t) => format!("**{t}**"),
            Inline::Link { text, href } => format!("[{text}]({href})"),
        })
        .collect()
}

/// `<picture>` with the dark and the phone variants where there are some, the
/// short alt text, the long description folded in `<details>`, and a link to
/// the SVG.
fn figure_md(f: &Figure, images: Images) -> String {
    let mut md = "<picture>\n".to_string();
    for (media, file) in images.sources(&f.stem) {
        md += &format!("  <source media=\"{media}\" srcset=\"{file} 2x\">\n");
    }
    md += &format!(
        "  <img src=\"{0}.png\" srcset=\"{0}.png 2x\" width=\"{2}\" height=\"{3}\" alt=\"{1}\">\n</picture>\n\n",
        f.stem,
        attr(&f.alt),
        images.width,
        images.height
    );
    md += &format!(
        "<details><summary>The chart in words</summary>\n\n{}\n\n</details>\n\n[SVG version]({}.svg)\n\n",
        text(&f.description),
        f.stem
    );
    md
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
