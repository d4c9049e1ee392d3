//! A report as data: sections of paragraphs, lists, figures and tables, which
//! `markdown` and `html` write out. Text is plain; each writer escapes it.

/// The whole page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub title: String,
    /// The line under the title: where the prices come from and when.
    pub byline: String,
    pub sections: Vec<Section>,
    /// `<stem>-dark.png` files were written beside the light ones.
    pub dark: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// A question the section answers, never a chart's own title.
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    List(Vec<String>),
    Figure(Figure),
    /// A header row and rows of cells; every column but the first is numeric.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<Inline>>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Link { text: String, href: String },
}

/// A chart: the PNG (2×) and SVG beside the page, a short alt text, and the long
/// description for whoever wants every figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub stem: String,
    pub alt: String,
    pub description: String,
}
