//! A grid of text cells: right-aligned columns, the model columns wrapped into
//! blocks that fit a width, each block repeating the first column.

/// The table's text before it is padded and wrapped into blocks.
pub struct Grid {
    /// `users`, then every model id.
    pub header: Vec<String>,
    /// One line per team size: the size, then a cell per model.
    pub body: Vec<Vec<String>>,
}

impl Grid {
    /// The cells right-aligned in columns, the model columns wrapped into blocks
    /// at most `width` wide (each repeating the first column).
    pub fn render(&self, width: Option<usize>) -> String {
        let Grid { header, body } = self;
        let widths: Vec<usize> = (0..header.len())
            .map(|col| {
                body.iter()
                    .chain([header])
                    .map(|r| r[col].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for (i, block) in blocks(&widths, width).iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for line in std::iter::once(header).chain(body) {
                let cells: Vec<String> = std::iter::once(0)
                    .chain(block.clone())
                    .map(|col| {
                        let cell = &line[col];
                        format!("{}{cell}", " ".repeat(widths[col] - cell.chars().count()))
                    })
                    .collect();
                out.push_str(cells.join("  ").trim_end());
                out.push('\n');
            }
        }
        out
    }
}

/// The model columns (1..) of each block: as many as fit in `width` after the
/// users column, at least one per block.
fn blocks(widths: &[usize], width: Option<usize>) -> Vec<std::ops::Range<usize>> {
    let width = width.unwrap_or(usize::MAX);
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut used = widths[0];
    for col in 1..widths.len() {
        match out.last_mut() {
            Some(block) if used + 2 + widths[col] <= width => {
                block.end = col + 1;
                used += 2 + widths[col];
            }
            _ => {
                out.push(col..col + 1);
                used = widths[0] + 2 + widths[col];
            }
        }
    }
    out
}

/// `text` as lines of at most `width` characters, broken at spaces (a word longer
/// than the line stands alone), each ending in a newline.
pub fn wrap(text: &str, width: Option<usize>) -> String {
    let Some(width) = width else {
        return format!("{text}\n");
    };
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out += &line;
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line += word;
    }
    out += &line;
    out.push('\n');
    out
}
