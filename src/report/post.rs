//! A report as a blog engine's post: the front matter it reads, the files where
//! it looks for them, and the charts the page shows.

use std::path::PathBuf;

/// The post's slug: its folder in a Hugo bundle, its file and assets in Jekyll.
pub const SLUG: &str = "chat-server-costs";

/// The blog engine a Markdown post is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// goldmark: drops raw HTML by default, so the post is plain Markdown.
    Hugo,
    /// kramdown (GitHub Pages' default): keeps raw HTML, runs Liquid first.
    Jekyll,
}

/// Where the page and its files go, relative to the output folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `content/posts/SLUG/index.md` beside its images, and the image render
    /// hook that offers the phone charts (`layouts/_default/_markup/`).
    HugoBundle,
    /// `_posts/DATE-SLUG.md`, its images under `assets/SLUG/`.
    Jekyll,
}

impl Layout {
    /// The engine whose front matter the layout needs.
    pub fn engine(self) -> Engine {
        match self {
            Layout::HugoBundle => Engine::Hugo,
            Layout::Jekyll => Engine::Jekyll,
        }
    }

    /// The page's path; `date` is the post's date, YYYY-MM-DD.
    pub fn page(self, date: &str) -> PathBuf {
        match self {
            Layout::HugoBundle => PathBuf::from(format!("content/posts/{SLUG}/index.md")),
            Layout::Jekyll => PathBuf::from(format!("_posts/{date}-{SLUG}.md")),
        }
    }

    /// The folder of the charts and the CSV.
    pub fn files(self) -> PathBuf {
        match self {
            Layout::HugoBundle => PathBuf::from(format!("content/posts/{SLUG}")),
            Layout::Jekyll => PathBuf::from(format!("assets/{SLUG}")),
        }
    }

    /// Files the engine needs beside the post: Hugo's image render hook.
    pub fn extras(self) -> Vec<(PathBuf, &'static str)> {
        match self {
            Layout::HugoBundle => vec![(
                PathBuf::from("layouts/_default/_markup/render-image.html"),
                HUGO_IMAGE_HOOK,
            )],
            Layout::Jekyll => Vec::new(),
        }
    }
}

/// Hugo's image render hook: a PNG of the page bundle with a `-phone.png`
/// beside it becomes a `<picture>` that narrow screens take the phone drawing
/// from; any other image is written as goldmark would. Sizes come from the
/// `2x` descriptors and `max-width`, so no theme CSS is needed.
const HUGO_IMAGE_HOOK: &str = r#"{{- $src := .Destination -}}
{{- $phone := "" -}}
{{- if and (strings.HasSuffix $src ".png") (not (strings.Contains $src "/")) -}}
{{- $name := printf "%s-phone.png" (strings.TrimSuffix ".png" $src) -}}
{{- with .Page.Resources.GetMatch $name -}}{{- $phone = $name -}}{{- end -}}
{{- end -}}
{{- if $phone -}}
<picture><source media="(max-width: 600px)" srcset="{{ $phone }} 2x"><img src="{{ $src | safeURL }}" srcset="{{ $src | safeURL }} 2x" alt="{{ .Text }}" style="max-width:100%;height:auto"></picture>
{{- else -}}
<img src="{{ $src | safeURL }}" alt="{{ .Text }}"{{ with .Title }} title="{{ . }}"{{ end }}>
{{- end -}}
"#;

/// How the Markdown is written.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Blog {
    /// The earlier form: `<picture>`, `<details>`, one wide table.
    pub raw_html: bool,
    pub front_matter: Option<Engine>,
    /// Where the files are, seen from the page, when not beside it (Jekyll's
    /// `/assets/SLUG/`, through its `relative_url` filter).
    pub assets: Option<String>,
}

impl Blog {
    /// The address of `file` (a chart, the CSV) as the page writes it.
    pub fn file(&self, file: &str) -> String {
        match &self.assets {
            Some(dir) => format!("{{{{ '{dir}{file}' | relative_url }}}}"),
            None => file.to_string(),
        }
    }
}

/// The charts a report shows unless told otherwise: the ones that answer
/// the question (which is cheapest, how the answer moves with the admin rate,
/// how sure it is); the others are listed with links.
pub const DEFAULT_CHARTS: [&str; 3] = ["cost-per-month", "breakeven-map", "probability"];
