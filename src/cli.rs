//! The command-line interface, declared with clap's derive API. Only the shape
//! of the arguments lives here; `cmd/` does the work.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use rust_decimal::Decimal;

use crate::chart::render::Size;
use crate::engine::compare::Period;
use crate::engine::concurrency::Concurrency;
use crate::engine::quote::Quote;
use crate::engine::uncertain::{DEFAULT_SAMPLES, DEFAULT_SEED, Sampling};
use crate::engine::{Assumptions, DEFAULT_HORIZON_MONTHS};
use crate::pricing::Source;
use crate::pricing::model::Billing;
use crate::pricing::offer::Audience;
use crate::pricing::uncertain::{InputNames, Named};
use crate::units::count::group_thousands;
use crate::units::date::Date;
use crate::units::range::UserRange;
use crate::units::uncertain::Spread;

const ABOUT: &str = "Is running your own chat server cheaper than paying per seat (Slack, HipChat, Teams, …), \
and from how many users on?";

const EXAMPLES: &str = "\
Examples:
  rccost plot --users 1..30                     charts in output/ (PNG and SVG) and the break-evens
  rccost table --users 1..30                    monthly cost per model per team size
  rccost breakeven --users 1..30 --format json  crossings and cheapest stretches as JSON
  rccost export --users 1..30 --out -           CSV on standard output

Prices come from the bundled scenario 'blog-2016' unless --scenario or --pricing says otherwise.
Exit codes: 0 success, 1 output could not be written, 2 bad arguments or bad pricing files.";

#[derive(Debug, Parser)]
#[command(name = "rccost", version, about = ABOUT, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Draw cost per month and cost per user against team size (PNG and SVG)
    #[command(
        after_help = "Example:\n  rccost plot --users 1..30 --out output --format png,svg\n\n\
Writes DIR/cost-per-month, DIR/cost-per-user, DIR/cumulative-cost (for --team) and DIR/breakeven-map\n\
(with more than eight lines and several self-hosted models, also DIR/breakeven-map-<model id>, one\n\
panel per self-hosted model), each as .png (1600×1000) and .svg (800×500), then prints the paths,\n\
one sentence per self-hosted model and the break-evens. Charts cover every team size from the\n\
start of --users to its end, whatever its step."
    )]
    Plot(PlotArgs),
    /// Print monthly cost per model per team size, cheapest marked
    #[command(
        after_help = "Example:\n  rccost table --users 1..30\n  rccost table --users 1..1000 --all\n\n\
Ranges of more than 40 team sizes are shown at round sizes and where the cheapest model changes; --all shows every size."
    )]
    Table(TableArgs),
    /// Find the exact team sizes where one model becomes cheaper than another
    #[command(
        after_help = "Example:\n  rccost breakeven --users 1..30\n  rccost breakeven --users 1..1000000000 --format json\n\n\
Break-evens cover every team size from the start of --users to its end, whatever its step.\n\
The JSON schema is described in docs/json.md."
    )]
    Breakeven(BreakevenArgs),
    /// Write the costs as CSV for a spreadsheet, or as JSON
    #[command(
        after_help = "Example:\n  rccost export --users 1..30 --out output/costs.csv\n  rccost export --users 1..30 --wide --out -\n  \
rccost export --users 1..30 --delimiter ';' --decimal-comma   (German, French, … spreadsheets)\n\n\
Columns: users,model,monthly_cost,per_user_cost,currency (one row per team size and model);\n\
--wide: users, then one column of monthly cost per model id. Amounts are rounded half-up to\n\
cents; a cell is empty where the plan cannot serve that team size."
    )]
    Export(ExportArgs),
    /// Write the charts, the CSV and a Markdown report ready for a blog post
    #[command(
        after_help = "Example:\n  rccost report --scenario current --users 1..100 --admin-rate 60 --out post\n\n\
Writes every chart (light, and dark with --theme dark), costs.csv and report.md into DIR. The report\n\
embeds the charts with <picture>/srcset, alt text built from the computed figures, a table of costs,\n\
the break-evens and the sources with their dates and confidence."
    )]
    Report(ReportArgs),
    /// Write one offline page where a reader moves the inputs and sees the answer change
    #[command(
        after_help = "Example:\n  rccost explore --scenario current --users 1..100 --out explore\n\n\
Writes DIR/index.html: one page, nothing fetched from the network, that runs rccost's own engine\n\
(compiled to WebAssembly, inside the page) and starts from the options given. Its address keeps\n\
the reader's choices as these options: index.html#users=1..100&admin-rate=45&billing=monthly."
    )]
    Explore(ExploreArgs),
    /// List the models of a scenario with their dates, confidence and sources
    #[command(
        after_help = "Example:\n  rccost catalog --scenario current\n  rccost catalog --pricing my-plans/"
    )]
    Catalog(CatalogArgs),
    /// Read a team's chat history: messages over time, active users, cost per message
    #[cfg(feature = "usage")]
    #[command(
        after_help = "Example:\n  rccost usage messages.json --by month --out usage\n  \
rccost usage slack-export.zip --tz Europe/Berlin --scenario current\n\n\
Reads a Rocket.Chat mongoexport of rocketchat_message (one document per line, or --jsonArray), a\n\
Rocket.Chat JSON room export, a Slack export (.zip or folder) or a CSV with a timestamp column; the\n\
format is detected from the content. Writes DIR/usage.csv, DIR/messages-over-time.{png,svg} and\n\
DIR/active-users.{png,svg}; with --scenario or --pricing also DIR/cost-per-message.{csv,png,svg}."
    )]
    Usage(UsageArgs),
    /// Check pricing files and report every problem with its file, line and column
    #[command(
        after_help = "Example:\n  rccost validate pricing/current/*.toml\n\nExits 0 when every file is valid, 2 otherwise."
    )]
    Validate(ValidateArgs),
    /// Write a bundled scenario's pricing files into a folder, to edit and use as your own
    #[command(
        after_help = "Example:\n  rccost init my-pricing --scenario current\n  rccost validate my-pricing\n  rccost plot --pricing my-pricing\n\n\
Writes the scenario's TOML files unchanged and a README.md on how to edit them. Files that\n\
exist already are left alone (exit 2, nothing written) unless --force."
    )]
    Init(InitArgs),
    /// Say what changed between two price lists or dates: prices, plans, the cheapest
    /// and from how many users self-hosting pays
    #[command(
        after_help = "Example:\n  rccost diff blog-2016 current --users 1..30 --admin-rate 60\n  \
rccost diff current@2026-06-30 current@2026-07-01\n  rccost diff current my-plans/ --format json\n\n\
A and B are each a bundled scenario (blog-2016, current) or a pricing file or folder, at the date\n\
after @ (YYYY-MM-DD) or else at --as-of (default: today). --models and --exclude must name models\n\
of both. --format png,svg writes DIR/what-changed.{png,svg}: the cheapest hosted plan and the\n\
self-hosted model that pays first, then (dashed) and now (solid).",
        mut_arg("scenario", |a| a.hide(true)),
        mut_arg("pricing", |a| a.hide(true))
    )]
    Diff(DiffArgs),
    /// Print a shell completion script to standard output
    #[command(
        after_help = "Example:\n  rccost completions bash > ~/.local/share/bash-completion/completions/rccost\n  \
rccost completions zsh > ~/.zfunc/_rccost\n  rccost completions fish > ~/.config/fish/completions/rccost.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff) to standard output
    #[command(after_help = "Example:\n  rccost man > ~/.local/share/man/man1/rccost.1")]
    Man,
}

/// `rccost init`: where to write which scenario.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to write the files into (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The bundled scenario to start from (a folder under pricing/)
    #[arg(long, value_name = "NAME", default_value = crate::pricing::bundled::DEFAULT_SCENARIO)]
    pub scenario: String,
    /// Replace files that exist already
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub quiet: QuietArgs,
}

/// `rccost completions`: for which shell.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `-q/--quiet`, for commands that print more than their data.
#[derive(Debug, Args)]
pub struct QuietArgs {
    /// Print nothing but the data: no "Wrote …" lines, summaries or hints
    #[arg(short, long)]
    pub quiet: bool,
}

/// Which models to compare, over which team sizes.
#[derive(Clone, Debug, Args)]
pub struct ModelArgs {
    /// Team sizes: 1..30 means 1 to 30 inclusive (so does 1..=30); 5..200:5 is every 5th
    /// size from 5 (the end only if it lies on that grid); 15 is one size
    #[arg(long, value_name = "RANGE", default_value = "1..30", value_parser = parse_users, allow_hyphen_values = true)]
    pub users: UserRange,
    #[command(flatten)]
    pub pricing: PricingArgs,
    /// Compare only these model ids (comma-separated)
    #[arg(long, value_name = "ID,ID", value_delimiter = ',')]
    pub models: Vec<String>,
    /// Leave out these model ids (comma-separated, repeatable)
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub exclude: Vec<String>,
    #[command(flatten)]
    pub costs: CostArgs,
    #[command(flatten)]
    pub uncertainty: UncertaintyArgs,
    /// Use the prices in force on this date (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub as_of: Option<Date>,
    /// Also compare plans with feature limits (e.g. Slack Free's 90-day history)
    #[arg(long)]
    pub include_limited: bool,
    /// Price a licence sold by quote, per user per month (repeatable); without it such a
    /// model is not compared and rccost gives the highest quote at which it still pays
    #[arg(long, value_name = "ID=PRICE", value_parser = parse_quote, allow_hyphen_values = true)]
    pub quote: Vec<Quote>,
    /// Price plans with their vendors' offers for this kind of team (their conditions are in
    /// the notes); plans without one stay at list price
    #[arg(long, value_enum, value_name = "KIND")]
    pub offer: Option<OfferArg>,
    #[command(flatten)]
    pub currency: CurrencyArgs,
}

/// Which currency every amount is shown in, and at which rates.
#[derive(Clone, Debug, Args)]
pub struct CurrencyArgs {
    /// Show every amount in this currency (EUR, GBP, CHF, USD …): each price converted once
    /// from the currency it is quoted in, at the scenario's dated exchange rates (ECB reference
    /// rates) in force on --as-of; prices quoted in CODE are not converted. --admin-rate and
    /// --quote are then in CODE [default: the models' own currency]
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<String>,
    /// An exchange rate for this run, 1 of the first currency in the second: EUR/USD=1.17
    /// (repeatable); it goes before the dated rates of any file
    #[arg(long, value_name = "PAIR=RATE", value_parser = parse_given_rate, allow_hyphen_values = true)]
    pub rate: Vec<crate::pricing::rates::Rate>,
}

/// Where the prices come from: a bundled scenario or the user's own files.
#[derive(Clone, Debug, Args)]
pub struct PricingArgs {
    /// A bundled scenario (folder under pricing/) [default: blog-2016, except for usage];
    /// with --pricing, the scenario plus your files
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Pricing file or folder of *.toml files to use instead of a bundled scenario, or with
    /// --scenario added to it: your models may include its parts, and one with the id of a
    /// bundled model replaces it (repeatable)
    #[arg(long, value_name = "PATH")]
    pub pricing: Vec<PathBuf>,
}

impl PricingArgs {
    /// Whether either option was given (`usage` prices messages only then).
    pub fn given(&self) -> bool {
        self.scenario.is_some() || !self.pricing.is_empty()
    }
}

impl From<&PricingArgs> for Source {
    fn from(args: &PricingArgs) -> Source {
        Source::new(args.scenario.as_deref(), &args.pricing)
    }
}

/// What a comparison assumes beyond the price lists.
#[derive(Clone, Debug, Args)]
pub struct CostArgs {
    /// Billing term for plans that offer both; a plan with one term always uses it
    #[arg(long, value_enum, default_value_t = BillingArg::Annual)]
    pub billing: BillingArg,
    /// What an hour of admin time costs (self-hosted upkeep and set-up), in the models' currency
    /// (with --currency, in that one);
    /// a range 40..80 (uniform) or 30..60..120 (low..likely..high, triangular) is sampled
    #[arg(long, value_name = "PER_HOUR", default_value = "0", value_parser = parse_rate, allow_hyphen_values = true)]
    pub admin_rate: Spread,
    /// Months over which one-off set-up costs are spread in monthly figures (and summed in totals)
    #[arg(long, value_name = "MONTHS", default_value_t = DEFAULT_HORIZON_MONTHS, value_parser = parse_horizon, allow_hyphen_values = true)]
    pub horizon: u32,
    /// Share of the team online at once (0.25 or 25%), which self-hosted deployments are
    /// sized by where the vendor states sizes in concurrent users [default: 0.25, the
    /// middle of Rocket.Chat's own 20–30% and inside Mattermost's 10–33%]
    #[arg(long, value_name = "SHARE", default_value = crate::engine::concurrency::DEFAULT_SHARE, hide_default_value = true, value_parser = parse_concurrency, allow_hyphen_values = true)]
    pub concurrency: Concurrency,
}

/// What the outputs call the inputs given on the command line: their options.
pub const INPUT_NAMES: InputNames = InputNames {
    admin_rate: Named {
        id: "--admin-rate",
        label: "Admin rate (--admin-rate)",
    },
    admin_hours: Named {
        id: "--admin-hours",
        label: "Admin hours a month (--admin-hours)",
    },
};

impl CostArgs {
    /// The assumptions these options state, with the prices in force on `as_of`.
    pub fn on(&self, as_of: Date) -> Assumptions {
        Assumptions {
            billing: self.billing.into(),
            admin_rate: self.admin_rate,
            admin_hours: None,
            names: INPUT_NAMES,
            horizon_months: self.horizon,
            as_of,
            concurrency: self.concurrency,
        }
    }
}

impl ModelArgs {
    /// Every assumption of the comparison: the cost options, `--admin-hours`
    /// and the date of the prices (today unless `--as-of`).
    pub fn assumptions(&self) -> Assumptions {
        Assumptions {
            admin_hours: self.uncertainty.admin_hours,
            ..self.costs.on(self.as_of.unwrap_or_else(Date::today))
        }
    }
}

/// Ranges instead of numbers, and how they are sampled (only when some input in
/// use is a range: otherwise every output is exact and these change nothing).
#[derive(Clone, Debug, Args)]
pub struct UncertaintyArgs {
    /// Admin hours a month for every self-hosted model, instead of its file's: 2, a range
    /// 1..3 or 0.5..1.5..3 (low..likely..high), one draw for all of them
    #[arg(long, value_name = "HOURS", value_parser = parse_hours, allow_hyphen_values = true)]
    pub admin_hours: Option<Spread>,
    /// Monte Carlo draws when some input is a range
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SAMPLES, value_parser = parse_samples, allow_hyphen_values = true)]
    pub samples: u32,
    /// Seed of the draws: the same seed gives byte-identical output
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED, value_parser = parse_seed, allow_hyphen_values = true)]
    pub seed: u64,
}

impl UncertaintyArgs {
    /// How to sample.
    pub fn sampling(&self) -> Sampling {
        Sampling {
            samples: self.samples,
            seed: self.seed,
        }
    }
}

/// Who the vendors' offers are for (`--offer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OfferArg {
    /// A registered charity or nonprofit
    Nonprofit,
    /// A school, university or other educational institution
    Education,
    /// An open-source project
    Opensource,
    /// Any new customer (promotions for the first months)
    NewCustomer,
}

impl From<OfferArg> for Audience {
    fn from(arg: OfferArg) -> Audience {
        match arg {
            OfferArg::Nonprofit => Audience::Nonprofit,
            OfferArg::Education => Audience::Education,
            OfferArg::Opensource => Audience::OpenSource,
            OfferArg::NewCustomer => Audience::NewCustomer,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BillingArg {
    Annual,
    Monthly,
}

impl From<BillingArg> for Billing {
    fn from(arg: BillingArg) -> Billing {
        match arg {
            BillingArg::Annual => Billing::Annual,
            BillingArg::Monthly => Billing::Monthly,
        }
    }
}

/// Every output format: one vocabulary for every command's `--format`, of which
/// each command takes those it writes (see [`formats`]), so `json` means the
/// same everywhere and a wrong form gets a hint (`cmd::args`). `text`:
/// sentences and tables for a terminal; `md`: Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Csv,
    Json,
    Md,
    Html,
    Png,
    Svg,
}

impl From<Format> for crate::export::Format {
    fn from(arg: Format) -> crate::export::Format {
        use crate::export::Format as To;
        match arg {
            Format::Text => To::Text,
            Format::Csv => To::Csv,
            Format::Json => To::Json,
            Format::Md => To::Markdown,
            Format::Html => To::Html,
            Format::Png => To::Png,
            Format::Svg => To::Svg,
        }
    }
}

/// A `--format` parser that takes only `allowed` of [`Format`] (and lists only
/// them in `--help`).
fn formats(allowed: &'static [Format]) -> impl TypedValueParser<Value = Format> {
    let names = allowed.iter().filter_map(ValueEnum::to_possible_value);
    PossibleValuesParser::new(names)
        .map(|name| Format::from_str(&name, false).expect("one of the possible values"))
}

#[derive(Debug, Args)]
pub struct PlotArgs {
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub quiet: QuietArgs,
    /// Folder for the charts (created if missing)
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Chart formats to write (comma-separated)
    #[arg(long, value_parser = formats(&[Format::Png, Format::Svg]), value_delimiter = ',', default_value = "png,svg")]
    pub format: Vec<Format>,
    /// Logarithmic cost axis, for wide ranges ($0 points are left out)
    #[arg(long)]
    pub log_y: bool,
    /// Logarithmic team-size axis too (chosen by itself with --log-y over more than two decades)
    #[arg(long, requires = "log_y")]
    pub log_x: bool,
    #[command(flatten)]
    pub charts: ChartArgs,
}

/// What the charts show beyond the comparison, and for which page.
#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Team size for the cumulative-cost chart
    #[arg(long, value_name = "N", default_value_t = 15, value_parser = parse_team, allow_hyphen_values = true)]
    pub team: u64,
    /// Colours for a dark page: files get a -dark suffix (report: beside the light ones,
    /// offered through prefers-color-scheme)
    #[arg(long, value_enum, default_value_t = Theme::Light)]
    pub theme: Theme,
    /// Chart size in CSS pixels (the PNG has twice as many): below 600 px wide the charts are
    /// laid out for a phone, every text at least 12 px; 400x640 suits a phone held upright
    #[arg(long, value_name = "WIDTHxHEIGHT", default_value = "800x500", value_parser = parse_size)]
    pub size: Size,
    /// Draw these models (ids, comma-separated) in colour and labelled, keeping the others
    /// (--models compares only the models it names)
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub highlight: Vec<String>,
    /// Draw every model in colour (by default, with more than five models, only the cheapest
    /// self-hosted and hosted ones and those named with --models are, the rest in grey)
    #[arg(long)]
    pub all_models: bool,
}

/// `rccost explore`: the page's starting point and where to write it.
#[derive(Debug, Args)]
pub struct ExploreArgs {
    #[command(flatten)]
    pub page: PageArgs,
    /// Folder for the page (created if missing)
    #[arg(long, value_name = "DIR", default_value = "output/explore")]
    pub out: PathBuf,
    #[command(flatten)]
    pub quiet: QuietArgs,
}

/// What the page's controls set, named in its address as these options.
#[derive(Debug, Args)]
pub struct PageArgs {
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub charts: ChartArgs,
}

/// The page's request to its engine: the options of its address, without a
/// program name (`users=1..100` arrives as `--users 1..100`).
#[derive(Debug, Parser)]
#[command(name = "explore", no_binary_name = true)]
pub struct PageRequest {
    #[command(flatten)]
    pub page: PageArgs,
}

#[derive(Debug, Args)]
pub struct TableArgs {
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub quiet: QuietArgs,
    /// Show every team size in the range, however many
    #[arg(long)]
    pub all: bool,
    /// What the cells show: cost per month, per year, or over the whole --horizon
    #[arg(long, value_enum, default_value_t = Per::Month)]
    pub per: Per,
    /// Output format (JSON has monthly, yearly and horizon figures)
    #[arg(long, value_parser = formats(&[Format::Text, Format::Json]), default_value = "text")]
    pub format: Format,
    /// Wrap the model columns into blocks at most N characters wide [default: the terminal's
    /// width when printing to a terminal, otherwise no wrapping]
    #[arg(long, value_name = "N", value_parser = parse_width, allow_hyphen_values = true)]
    pub width: Option<u16>,
    /// Also list, for each self-hosted deployment and size shown, which parts are in use,
    /// how many of each and what they cost
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct BreakevenArgs {
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub quiet: QuietArgs,
    /// Sentences, or one JSON object
    #[arg(long, value_parser = formats(&[Format::Text, Format::Json]), default_value = "text")]
    pub format: Format,
    /// The same as --format json (kept for scripts that use it)
    #[arg(long, hide = true, conflicts_with = "format")]
    pub json: bool,
}

/// `rccost diff A B`: two price lists ("then" and "now") compared under one set of options.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Then: a bundled scenario or a pricing file or folder, at a date with @DATE
    /// (current@2026-06-30)
    #[arg(value_name = "A", value_parser = parse_side)]
    pub a: Side,
    /// Now: the same kinds as A
    #[arg(value_name = "B", value_parser = parse_side)]
    pub b: Side,
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub quiet: QuietArgs,
    /// Sentences or one JSON object on standard output, and/or the chart as png or svg
    /// into --out (comma-separated)
    #[arg(long, value_parser = formats(&[Format::Text, Format::Json, Format::Png, Format::Svg]), value_delimiter = ',', default_value = "text")]
    pub format: Vec<Format>,
    /// Folder for the chart (created if missing)
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Chart size in CSS pixels (the PNG has twice as many); below 600 px wide, laid out for a
    /// phone
    #[arg(long, value_name = "WIDTHxHEIGHT", default_value = "800x500", value_parser = parse_size)]
    pub size: Size,
    /// Colours for a dark page (the file gets a -dark suffix)
    #[arg(long, value_enum, default_value_t = Theme::Light)]
    pub theme: Theme,
}

/// One side of `diff`: a bundled scenario's name or a path, as typed, and the
/// date after `@` (which `cmd::diff` resolves, before anything is read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    pub what: String,
    pub date: Option<Date>,
}

/// `current`, `my-plans/` or either at a date: `current@2026-06-30`.
fn parse_side(text: &str) -> Result<Side, String> {
    // A file or folder whose own name holds an `@` is that path, at no date.
    let whole_path = std::path::Path::new(text).exists();
    let (what, date) = match text.rsplit_once('@').filter(|_| !whole_path) {
        Some((what, date)) => (
            what,
            Some(date.parse::<Date>().map_err(|e| format!("after @: {e}"))?),
        ),
        None => (text, None),
    };
    if what.trim().is_empty() {
        return Err(
            "expected a bundled scenario (e.g. current) or a pricing file or folder".into(),
        );
    }
    Ok(Side {
        what: what.to_string(),
        date,
    })
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub quiet: QuietArgs,
    /// File to write, or - for standard output [default: output/costs.csv, or
    /// output/costs.json with --format json]
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// One column of monthly cost per model instead of one row per model
    #[arg(long)]
    pub wide: bool,
    /// Output format
    #[arg(long, value_parser = formats(&[Format::Csv, Format::Json]), default_value = "csv")]
    pub format: Format,
    /// Add yearly_cost and horizon_cost columns to the CSV (JSON always has them; not with --wide)
    #[arg(long, conflicts_with = "wide")]
    pub totals: bool,
    #[command(flatten)]
    pub locale: CsvLocaleArgs,
}

/// How a CSV export's cells and decimals are written, for spreadsheets in any locale.
/// Two plain options rather than one `--locale`: what matters is what the spreadsheet
/// expects, and a locale name does not say that (German Excel: `;` and `,`).
#[derive(Debug, Args)]
pub struct CsvLocaleArgs {
    /// CSV cell separator: , ; | : or tab [default: ,]
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter, allow_hyphen_values = true)]
    pub delimiter: Option<u8>,
    /// Write amounts with a decimal comma (100,05), e.g. for German or French spreadsheets;
    /// needs another --delimiter than ','
    #[arg(long)]
    pub decimal_comma: bool,
}

impl CsvLocaleArgs {
    /// Whether either option was given (they apply to CSV only).
    pub fn given(&self) -> bool {
        self.delimiter.is_some() || self.decimal_comma
    }
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "," | ";" | "|" | ":" => Ok(text.as_bytes()[0]),
        _ => Err(format!(
            "'{text}' is not a cell separator: expected , ; | : or tab"
        )),
    }
}

/// What the table's cells show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Per {
    /// Cost per month (set-up spread over the horizon)
    Month,
    /// Cost per year (12 months)
    Year,
    /// Cost over the whole --horizon (set-up once plus every month)
    Horizon,
}

impl From<Per> for Period {
    fn from(arg: Per) -> Period {
        match arg {
            Per::Month => Period::Month,
            Per::Year => Period::Year,
            Per::Horizon => Period::Horizon,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Theme {
    Light,
    Dark,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub quiet: QuietArgs,
    /// Folder for the report, its charts and its CSV (created if missing)
    #[arg(long, value_name = "DIR", default_value = "output/report")]
    pub out: PathBuf,
    #[command(flatten)]
    pub charts: ChartArgs,
    /// The page: Markdown (report.md) or one self-contained HTML file (report.html)
    #[arg(long, value_parser = formats(&[Format::Md, Format::Html]), default_value = "md")]
    pub format: Format,
    /// Charts shown in the page (ids, comma-separated, or `all`); the others are drawn too and
    /// listed with links [default: cost-per-month, breakeven-map and, with ranges, probability]
    #[arg(long = "charts", value_name = "IDS", value_delimiter = ',')]
    pub shown: Vec<String>,
    /// Front matter for a blog engine: title, date and description (Markdown only)
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub front_matter: Option<Engine>,
    /// Files in the shape a blog engine expects, to copy into a site as they are: a Hugo page
    /// bundle (content/posts/SLUG/index.md) or a Jekyll post (_posts/DATE-SLUG.md, assets/SLUG/)
    #[arg(long, value_enum, value_name = "LAYOUT")]
    pub layout: Option<Layout>,
    /// Markdown with <picture>, <details> and wide tables (the report's first form): for
    /// renderers that keep raw HTML (GitHub, kramdown), not Hugo's default
    #[arg(long)]
    pub raw_html: bool,
}

/// The blog engine a report's front matter is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    Hugo,
    Jekyll,
}

/// The files of a report in a blog engine's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    HugoBundle,
    Jekyll,
}

impl From<Engine> for crate::report::Engine {
    fn from(e: Engine) -> Self {
        match e {
            Engine::Hugo => crate::report::Engine::Hugo,
            Engine::Jekyll => crate::report::Engine::Jekyll,
        }
    }
}

impl From<Layout> for crate::report::Layout {
    fn from(l: Layout) -> Self {
        match l {
            Layout::HugoBundle => crate::report::Layout::HugoBundle,
            Layout::Jekyll => crate::report::Layout::Jekyll,
        }
    }
}

#[cfg(feature = "usage")]
#[derive(Debug, Args)]
pub struct UsageArgs {
    /// Chat exports to read (several may overlap: messages are counted once)
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Length of a period (weeks are ISO weeks, starting on Monday)
    #[arg(long, value_enum, default_value_t = By::Month)]
    pub by: By,
    /// First day to count (inclusive, YYYY-MM-DD, in --tz)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub from: Option<Date>,
    /// Last day to count (inclusive, YYYY-MM-DD, in --tz)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub to: Option<Date>,
    /// IANA time zone for the day boundaries, e.g. Europe/Berlin [default: UTC]
    #[arg(long, value_name = "ZONE", value_parser = parse_tz, allow_hyphen_values = true)]
    pub tz: Option<chrono_tz::Tz>,
    /// Folder for usage.csv and the charts (created if missing)
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// What to write (comma-separated): the CSV files, the charts as PNG, as SVG
    #[arg(long, value_parser = formats(&[Format::Csv, Format::Png, Format::Svg]), value_delimiter = ',', default_value = "csv,png,svg")]
    pub format: Vec<Format>,
    /// Read the inputs in this format instead of detecting it
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// CSV input: the timestamp column [default: ts, timestamp, time or date].
    /// Read as ISO 8601 (`T` or a space, seconds optional, `Z` or `+HH:MM`) or
    /// epoch seconds/milliseconds; naive times (no zone) are read as UTC
    /// (--tz only sets the day boundaries)
    #[arg(long, value_name = "NAME")]
    pub time_column: Option<String>,
    /// CSV input: the timestamp column's chrono strftime format instead, e.g.
    /// '%d/%m/%Y %H:%M' (naive times read as UTC; %z for an offset); a value
    /// that does not match is a malformed record
    #[arg(long, value_name = "FORMAT", value_parser = parse_time_format)]
    pub time_format: Option<String>,
    /// CSV input: the sender column [default: user, username, sender or author]
    #[arg(long, value_name = "NAME")]
    pub user_column: Option<String>,
    /// CSV input: the channel column [default: channel, room or rid]
    #[arg(long, value_name = "NAME")]
    pub channel_column: Option<String>,
    /// Stop at the first malformed record instead of skipping it
    #[arg(long)]
    pub strict: bool,
    /// Chart size in CSS pixels (the PNG has twice as many); below 600 px wide, laid out for a
    /// phone
    #[arg(long, value_name = "WIDTHxHEIGHT", default_value = "800x500", value_parser = parse_size)]
    pub size: Size,
    /// No progress bar and no summary (errors still go to stderr)
    #[arg(short, long)]
    pub quiet: bool,
    /// Cost per message with these plans (none: no cost per message)
    #[command(flatten)]
    pub pricing: PricingArgs,
    #[command(flatten)]
    pub currency: CurrencyArgs,
    #[command(flatten)]
    pub costs: CostArgs,
}

/// `usage --by`: the length of a period.
#[cfg(feature = "usage")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum By {
    Day,
    /// ISO weeks, starting on Monday
    Week,
    Month,
}

#[cfg(feature = "usage")]
impl From<By> for crate::usage::aggregate::By {
    fn from(arg: By) -> Self {
        use crate::usage::aggregate::By as To;
        match arg {
            By::Day => To::Day,
            By::Week => To::Week,
            By::Month => To::Month,
        }
    }
}

/// `usage --input-format`: what the inputs are, instead of detecting it.
#[cfg(feature = "usage")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Rocket.Chat `mongoexport` of rocketchat_message (one document per line, or --jsonArray; may be gzip'ed)
    Mongoexport,
    /// A Rocket.Chat `mongodump`: rocketchat_message.bson[.gz], the dump folder, a .tar/.tar.gz of it, or an --archive file
    Mongodump,
    /// Rocket.Chat's own JSON room export ({msg, username, ts, type?} per line)
    RocketchatExport,
    /// A Slack workspace export (the .zip or the unpacked folder)
    Slack,
    /// A CSV with a timestamp column
    Csv,
}

#[cfg(feature = "usage")]
impl From<InputFormat> for crate::usage::read::Format {
    fn from(arg: InputFormat) -> Self {
        use crate::usage::read::Format as To;
        match arg {
            InputFormat::Mongoexport => To::Mongoexport,
            InputFormat::Mongodump => To::Mongodump,
            InputFormat::RocketchatExport => To::RocketchatExport,
            InputFormat::Slack => To::Slack,
            InputFormat::Csv => To::Csv,
        }
    }
}

#[cfg(feature = "usage")]
fn parse_time_format(text: &str) -> Result<String, String> {
    if crate::usage::time::valid_format(text) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "'{text}' is not a strftime format chrono reads (e.g. '%d/%m/%Y %H:%M')"
        ))
    }
}

#[cfg(feature = "usage")]
fn parse_tz(text: &str) -> Result<chrono_tz::Tz, String> {
    text.parse().map_err(|_| {
        format!("'{text}' is not an IANA time zone such as Europe/Berlin or America/New_York")
    })
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[command(flatten)]
    pub pricing: PricingArgs,
    /// Flag prices older than 12 months before this date (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub as_of: Option<Date>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Pricing files or folders to check
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Check the files as additions to this bundled scenario: `include`s may name its
    /// parts, and a file may replace a bundled model of its id
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
}

fn parse_size(text: &str) -> Result<Size, String> {
    Size::parse(text)
}

fn parse_users(text: &str) -> Result<UserRange, String> {
    text.parse()
}

/// A whole number in `min..=max`, or a message saying what is allowed.
fn whole<T: TryFrom<u64>>(text: &str, min: u64, max: u64, unit: &str) -> Result<T, String> {
    let allowed = || {
        format!(
            "a whole number of {unit} from {} to {}",
            group_thousands(&min.to_string()),
            group_thousands(&max.to_string())
        )
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("no value given; expected {}", allowed()));
    }
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed);
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("'{text}' is not {}", allowed()));
    }
    match digits.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => T::try_from(n).map_err(|_| allowed()),
        _ => Err(format!("{text} is out of range: expected {}", allowed())),
    }
}

fn parse_quote(text: &str) -> Result<Quote, String> {
    Quote::parse(text)
}

/// What `--currency` accepts, said in every message about it.
const CURRENCY: &str = "expected an ISO 4217 code such as EUR, GBP, CHF or USD";

/// `EUR` (or `eur`): three letters, in capitals.
fn parse_currency(text: &str) -> Result<String, String> {
    let code = text.trim().to_ascii_uppercase();
    if crate::units::money::is_currency_code(&code) {
        Ok(code)
    } else {
        Err(format!("'{text}' is not a currency code ({CURRENCY})"))
    }
}

/// What `--rate` accepts, said in every message about it.
const GIVEN_RATE: &str =
    "expected PAIR=RATE, 1 of the first currency in the second, such as EUR/USD=1.17";

/// `EUR/USD=1.17`: a pair and a rate more than 0, undated (it holds for
/// this run), its source the option itself.
fn parse_given_rate(text: &str) -> Result<crate::pricing::rates::Rate, String> {
    let (pair, rate) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}': {GIVEN_RATE}"))?;
    let (base, quote) = crate::units::money::parse_pair(pair)
        .map_err(|why| format!("'{pair}' {why} ({GIVEN_RATE})"))?;
    let rate = rate
        .trim()
        .parse::<Decimal>()
        .ok()
        .filter(|r| *r > Decimal::ZERO && *r <= Decimal::from(1_000_000))
        .ok_or_else(|| {
            format!("'{rate}' is not a rate from more than 0 to 1,000,000 ({GIVEN_RATE})")
        })?;
    let rate = rate.normalize();
    let source = format!("your rate, --rate {base}/{quote}={rate}");
    Ok(crate::pricing::rates::Rate {
        base,
        quote,
        rate,
        as_of: None,
        source,
    })
}

fn parse_concurrency(text: &str) -> Result<Concurrency, String> {
    Concurrency::parse(text)
}

fn parse_horizon(text: &str) -> Result<u32, String> {
    whole(text, 1, 1200, "months")
}

fn parse_team(text: &str) -> Result<u64, String> {
    whole(text, 1, crate::units::range::MAX_USERS, "users")
}

fn parse_width(text: &str) -> Result<u16, String> {
    whole(text, 20, u64::from(u16::MAX), "characters")
}

/// What `--admin-rate` accepts, said in every message about it.
const RATES: &str =
    "expected an amount from 0 to 1,000,000 an hour, or a range such as 40..80 or 30..60..120";

/// `60`, `40..80` or `30..60..120`, each bound a rate.
fn parse_rate(text: &str) -> Result<Spread, String> {
    for bound in text.split("..") {
        one_rate(bound)?;
    }
    text.parse::<Spread>().map_err(|e| format!("{e} ({RATES})"))
}

/// What `--admin-hours` accepts, said in every message about it.
const HOURS: &str = "expected hours a month from 0 to 744, or a range such as 1..3 or 0.5..1.5..3";

fn parse_hours(text: &str) -> Result<Spread, String> {
    let hours = text
        .parse::<Spread>()
        .map_err(|e| format!("{e} ({HOURS})"))?;
    if hours.high > Decimal::from(744) {
        return Err(format!("a month has at most 744 hours ({HOURS})"));
    }
    Ok(hours)
}

/// The most draws `--samples` takes: each keeps a curve per uncertain model in memory.
const MAX_SAMPLES: u64 = 100_000;

fn parse_samples(text: &str) -> Result<u32, String> {
    whole(text, 10, MAX_SAMPLES, "draws")
}

fn parse_seed(text: &str) -> Result<u64, String> {
    text.trim().parse().map_err(|_| {
        format!(
            "'{text}' is not a seed: expected a whole number from 0 to {}",
            u64::MAX
        )
    })
}

fn one_rate(text: &str) -> Result<Decimal, String> {
    let rate: Decimal = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not an amount such as 60 or 42.50 ({RATES})"))?;
    if rate.is_sign_negative() && !rate.is_zero() {
        return Err(format!(
            "an hour of admin time cannot cost less than 0 ({RATES})"
        ));
    }
    if rate > Decimal::from(1_000_000) {
        return Err(format!(
            "rates above 1,000,000 an hour are not supported ({RATES})"
        ));
    }
    Ok(rate)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_interface_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
