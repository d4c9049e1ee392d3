//! `report.md` in its first form, kept as an option: Markdown with `<picture>`
//! and `<details>` and one wide table, for renderers that keep raw HTML
//! (GitHub, kramdown); Hugo's goldmark drops it by default (`blog` is the
//! portable form).

use super::blog::{attr, inline_md, text};
use super::page::{Block, Figure, Images, Page};
use super::post::Blog;

/// The page as Markdown with raw HTML.
pub fn markdown(page: &Page, blog: &Blog) -> String {
    let mut md = super::blog::head(page, blog);
    md += &format!("{}\n\n", page.byline);
    for section in &page.sections {
        md += &format!("## {}\n\n", section.heading);
        for block in &section.blocks {
            md += &block_md(block, page.images, blog);
        }
    }
    md
}

fn block_md(block: &Block, images: Images, blog: &Blog) -> String {
    match block {
        Block::Paragraph(inlines) => format!("{}\n\n", inline_md(inlines)),
        Block::List(items) => {
            let lines: String = items.iter().map(|i| format!("- {i}\n")).collect();
            lines + "\n"
        }
        Block::Figure(f) => figure_md(f, images, blog),
        Block::Others(charts) => super::blog::others(charts, blog),
        Block::Table {
            header,
            rows,
            numeric,
        } => {
            let mut md = format!("| {} |\n", header.join(" | "));
            md += &super::blog::rule(header.len(), *numeric);
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

/// `<picture>` with the dark and the phone variants where there are some, the
/// short alt text, the long description folded in `<details>`, and a link to
/// the SVG.
fn figure_md(f: &Figure, images: Images, blog: &Blog) -> String {
    let mut md = "<picture>\n".to_string();
    for (media, file) in images.sources(&f.stem) {
        md += &format!(
            "  <source media=\"{media}\" srcset=\"{} 2x\">\n",
            blog.file(&file)
        );
    }
    md += &format!(
        "  <img src=\"{0}\" srcset=\"{0} 2x\" width=\"{2}\" height=\"{3}\" alt=\"{1}\">\n</picture>\n\n",
        blog.file(&format!("{}.png", f.stem)),
        attr(&f.alt),
        images.width,
        images.height
    );
    md += &format!(
        "<details><summary>The chart in words</summary>\n\n{}\n\n</details>\n\n[SVG version]({})\n\n",
        text(&f.description),
        blog.file(&format!("{}.svg", f.stem))
    );
    md
}
