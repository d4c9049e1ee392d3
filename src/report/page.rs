//! A report as data: sections of paragraphs, lists, figures and tables, which
//! `markdown` and `html` write out. Text is plain; each writer escapes it.

/// The whole page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub title: String,
    /// The date of the prices, YYYY-MM-DD: the post's date.
    pub date: String,
    /// The answer in one sentence: the post's description.
    pub summary: String,
    /// The line under the title: where the prices come from and when.
    pub byline: String,
    pub sections: Vec<Section>,
    /// Which images of each chart were written beside the page.
    pub images: Images,
}

/// The images written of each chart: `<stem>.png` at `width` × `height` CSS
/// pixels, and beside it `<stem>-dark.png` when `dark`, and `<stem>-phone.png`
/// (and `<stem>-phone-dark.png`) for narrow screens when `phone`; and
/// `explore.html`, the page where the reader moves the inputs, when `explore`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Images {
    pub dark: bool,
    pub phone: bool,
    pub explore: bool,
    pub width: u32,
    pub height: u32,
}

impl Images {
    /// The `<source>`s a `<picture>` of `stem` offers before its light,
    /// wide image: for a dark page, for a narrow screen, and both.
    pub fn sources(&self, stem: &str) -> Vec<(String, String)> {
        const NARROW: &str = "(max-width: 600px)";
        const DARK: &str = "(prefers-color-scheme: dark)";
        let mut out = Vec::new();
        if self.phone && self.dark {
            out.push((
                format!("{DARK} and {NARROW}"),
                format!("{stem}-phone-dark.png"),
            ));
        }
        if self.phone {
            out.push((NARROW.to_string(), format!("{stem}-phone.png")));
        }
        if self.dark {
            out.push((DARK.to_string(), format!("{stem}-dark.png")));
        }
        out
    }
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
    /// A header row and rows of cells; when `numeric`, every column but the
    /// first holds figures (right-aligned), otherwise every column is text.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<Inline>>,
        numeric: bool,
    },
    /// Charts drawn but not shown: each one's question and file stem, linked.
    Others(Vec<(String, String)>),
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
