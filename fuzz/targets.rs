//! What the fuzzer runs: one line per parser in [`targets`], each naming its
//! seeds, the tokens of its grammar (libFuzzer's dictionary) and how one input
//! is run. The cargo-fuzz crate around it (`fuzz/src/lib.rs`, one binary per
//! target in `fuzz/fuzz_targets/`) and the regression test over
//! `tests/fixtures/fuzz-regressions/` (`tests/cli/fuzz.rs`) both use this file,
//! so an input that once broke a parser is run by `cargo test` through the very
//! code the fuzzer ran it through.
//!
//! Adding a parser is one line in [`targets`], e.g.
//! `usage("json-gz", None, Layout::Gzip, JSON_GZ_SEEDS, JSON)`,
//! `bson("mongodump-tar", Layout::Tar { gzip: false }, DUMP_SEEDS)` or
//! `cli("samples", &["plot", "--samples"], NUMBERS)`, and its binary:
//! `fuzz/fuzz_targets/NAME.rs` and a `[[bin]]` in `fuzz/Cargo.toml` (a test
//! checks that the three agree).

use std::path::{Path, PathBuf};

use clap::Parser;
use rccost::cli::Cli;
use rccost::units::date::Date;
use rccost::units::range::UserRange;

/// One thing the fuzzer feeds inputs to.
pub struct Target {
    /// Also the folder of its regression inputs under `tests/fixtures/fuzz-regressions/`.
    pub name: &'static str,
    /// Seed inputs: files or folders relative to the repository root (a folder
    /// gives every file below it, or one bundle for a [`Layout::Folder`] or
    /// [`Layout::Zip`] target), or `=text` for an input written out here.
    pub seeds: &'static [&'static str],
    /// Pieces of the input's grammar: libFuzzer's dictionary for the target
    /// (its mutator inserts them and swaps them in).
    pub tokens: &'static [&'static str],
    /// More of them that are not text (BSON's lengths and type bytes, magic numbers).
    pub binary: &'static [&'static [u8]],
    /// The longest input tried: seeds are cut to it and the fuzzer turns away
    /// longer inputs without running them.
    pub max_len: usize,
    pub run: Run,
}

/// How an input is run.
#[derive(Clone, Copy)]
pub enum Run {
    /// A function of the input's bytes.
    Bytes(fn(&[u8]) -> String),
    /// The command line with these arguments and then the input as the last one
    /// (parsed only, as `rccost` parses it; nothing is run).
    Cli(&'static [&'static str]),
    /// A bundle of pricing files (see [`bundle`]) as a `--pricing` folder, over
    /// a bundled scenario or not, then compared, exported and charted.
    Pricing { over: Option<&'static str> },
    /// A chat export read by `rccost usage`'s readers in a format (detected when
    /// `None`), then counted as `usage` counts it.
    #[cfg(feature = "usage")]
    Usage(Option<rccost::usage::read::Format>, Layout),
}

/// How a usage input reaches the reader.
#[cfg_attr(not(feature = "usage"), allow(dead_code))]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The input is the file.
    File,
    /// The input is a CSV whose first line is a `--time-format`.
    CsvWithFormat,
    /// The input is a bundle, unpacked into a folder.
    Folder,
    /// The input is a bundle, packed into a `.zip` (half of them deflated).
    Zip,
    /// The input gzip'ed (as it is when it already starts with gzip's magic number).
    Gzip,
    /// The input is a bundle (first file `rocketchat/rocketchat_message.bson`),
    /// unpacked into a mongodump folder; entries named `*.gz` are gzip'ed.
    DumpFolder,
    /// That bundle as a `.tar` (gzip'ed if `gzip`); an input that already is a
    /// tar (or a gzip) is taken as it is.
    Tar { gzip: bool },
}

/// Every target. Keep each to one line; the tokens are shared lists below.
#[cfg_attr(not(feature = "usage"), allow(unused_mut))]
pub fn targets() -> Vec<Target> {
    let mut all = vec![
        bytes("users", USERS_SEEDS, RANGE, users),
        bytes("date", DATE_SEEDS, DATE, date),
        cli("users-option", &["table", "--users"], RANGE),
        cli("admin-rate", &["table", "--admin-rate"], NUMBERS),
        cli("horizon", &["table", "--horizon"], NUMBERS),
        cli("width", &["table", "--width"], NUMBERS),
        cli("team", &["plot", "--team"], NUMBERS),
        cli("as-of", &["table", "--as-of"], DATE),
        cli("delimiter", &["export", "--delimiter"], NUMBERS),
        bytes("spread", SPREAD_SEEDS, NUMBERS, spread),
        pricing("pricing", None),
        pricing("pricing-over-current", Some("current")),
    ];
    #[cfg(feature = "usage")]
    all.extend(usage_targets());
    all
}

/// The targets of `rccost usage`'s readers: only in a build with the `usage`
/// feature (their binaries say `required-features = ["usage"]`).
#[cfg(feature = "usage")]
pub fn usage_targets() -> Vec<Target> {
    use rccost::usage::read::Format;
    vec![
        bytes("scanner", MONGO_SEEDS, JSON, scanner),
        bytes("timestamps", TIME_SEEDS, DATE, timestamps),
        cli("tz", &["usage", "x", "--tz"], DATE),
        cli("time-format", &["usage", "x", "--time-format"], STRFTIME),
        cli("from", &["usage", "x", "--from"], DATE),
        usage(
            "mongoexport-lines",
            Some(Format::Mongoexport),
            Layout::File,
            MONGO_SEEDS,
            JSON,
        ),
        usage(
            "mongoexport-array",
            Some(Format::Mongoexport),
            Layout::File,
            ARRAY_SEEDS,
            JSON,
        ),
        usage(
            "rocketchat-export",
            Some(Format::RocketchatExport),
            Layout::File,
            RC_SEEDS,
            JSON,
        ),
        usage("csv", Some(Format::Csv), Layout::File, CSV_SEEDS, CSV),
        usage(
            "csv-time-format",
            Some(Format::Csv),
            Layout::CsvWithFormat,
            FORMAT_SEEDS,
            STRFTIME,
        ),
        usage(
            "slack-folder",
            Some(Format::Slack),
            Layout::Folder,
            SLACK_SEEDS,
            JSON,
        ),
        usage(
            "slack-zip",
            Some(Format::Slack),
            Layout::Zip,
            SLACK_SEEDS,
            JSON,
        ),
        usage(
            "slack-zip-bytes",
            Some(Format::Slack),
            Layout::File,
            ZIP_SEEDS,
            ZIP,
        ),
        usage("detect", None, Layout::File, ALL_USAGE_SEEDS, JSON),
        usage("json-gz", None, Layout::Gzip, JSON_GZ_SEEDS, JSON),
        bson("mongodump-bson", Layout::File, BSON_SEEDS),
        bson("mongodump-bson-gz", Layout::Gzip, BSON_SEEDS),
        bson("mongodump-folder", Layout::DumpFolder, DUMP_SEEDS),
        bson("mongodump-tar", Layout::Tar { gzip: false }, DUMP_SEEDS),
        bson("mongodump-tar-gz", Layout::Tar { gzip: true }, DUMP_SEEDS),
        bson("mongodump-archive", Layout::File, ARCHIVE_SEEDS),
        bson("mongodump-archive-gz", Layout::Gzip, ARCHIVE_SEEDS),
    ]
}

fn bytes(
    name: &'static str,
    seeds: &'static [&'static str],
    tokens: &'static [&'static str],
    run: fn(&[u8]) -> String,
) -> Target {
    Target {
        name,
        seeds,
        tokens,
        binary: &[],
        max_len: 4096,
        run: Run::Bytes(run),
    }
}

fn cli(
    name: &'static str,
    args: &'static [&'static str],
    tokens: &'static [&'static str],
) -> Target {
    Target {
        name,
        seeds: NUMBER_SEEDS,
        tokens,
        binary: &[],
        max_len: 256,
        run: Run::Cli(args),
    }
}

fn pricing(name: &'static str, over: Option<&'static str>) -> Target {
    Target {
        name,
        seeds: PRICING_SEEDS,
        tokens: TOML,
        binary: &[],
        max_len: 16 << 10,
        run: Run::Pricing { over },
    }
}

#[cfg(feature = "usage")]
fn usage(
    name: &'static str,
    format: Option<rccost::usage::read::Format>,
    layout: Layout,
    seeds: &'static [&'static str],
    tokens: &'static [&'static str],
) -> Target {
    Target {
        name,
        seeds,
        tokens,
        binary: &[],
        max_len: 32 << 10,
        run: Run::Usage(format, layout),
    }
}

/// A mongodump reader, named as `rccost usage --format mongodump` reads it
/// (the shape still detected from the content).
#[cfg(feature = "usage")]
fn bson(name: &'static str, layout: Layout, seeds: &'static [&'static str]) -> Target {
    Target {
        name,
        seeds,
        tokens: BSON_TEXT,
        binary: BSON,
        max_len: 64 << 10,
        run: Run::Usage(Some(rccost::usage::read::Format::Mongodump), layout),
    }
}

// ---- seeds -----------------------------------------------------------------

const USERS_SEEDS: &[&str] = &[
    "=1..30",
    "=1..=30",
    "=5..200:5",
    "=15",
    "=1..1000000000",
    "= 3..3 ",
    "=1..1000000000000000000:7",
];
const DATE_SEEDS: &[&str] = &[
    "=2016",
    "=2016-08",
    "=2016-08-13",
    "=2024-02-29",
    "=1999-12-31",
];
const NUMBER_SEEDS: &[&str] = &[
    "=60",
    "=42.50",
    "=0",
    "=36",
    "=1200",
    "=15",
    "=80",
    "=-5",
    "=1e3",
    "=2026-11-25",
    "=Europe/Berlin",
    "=%d/%m/%Y %H:%M",
    "=;",
    "=tab",
    "=30..60..120",
    "=1..30",
];
const PRICING_SEEDS: &[&str] = &[
    "tests/fixtures/good",
    "tests/fixtures/bad",
    "tests/fixtures/invalid",
    "tests/fixtures/limited",
    "tests/fixtures/periodic",
    "tests/fixtures/mixed",
    "tests/fixtures/hosted-admin",
    "tests/fixtures/extend/my",
    "pricing/current",
    "pricing/blog-2016",
    "pricing/current/mattermost-entry.toml",
    "pricing/current/host-hetzner-rocketchat.toml",
    // Ranges in every place a file may write one: model figures, a block
    // price, stepped prices sharing a name, an exchange rate, an hourly price,
    // seat prices of both terms, tiers.
    "=version = 1\nid = \"ranged-self\"\nname = \"Ranged self-hosted\"\nkind = \"self-hosted\"\ncurrency = \"USD\"\nas_of = 2026-01-01\nsources = [\"s\"]\ninclude = [\"ranged-host\"]\nadmin_hours_per_month = { low = 0.5, likely = 1.5, high = 3, name = \"Admin hours\", source = \"s\" }\nsetup_hours = { low = 4, high = 8 }\nsetup_cost = { low = 0, likely = 50, high = 200 }\n\n[[component]]\ntype = \"blocks\"\nblock_size = 25\nper_year = { low = 1000, likely = 1200, high = 1500, source = \"s\" }\n--- b.toml\nversion = 1\nid = \"ranged-host\"\nname = \"Ranged host\"\nkind = \"self-hosted\"\npart = true\ncurrency = \"USD\"\nas_of = 2026-01-01\nsources = [\"s\"]\n\n[[component]]\ntype = \"steps\"\nprice_currency = \"EUR\"\nexchange_rate = { low = 1.05, likely = 1.1, high = 1.2 }\nexchange_rate_as_of = 2026-01-01\nexchange_rate_source = \"s\"\n\n[[component.step]]\nfrom = 1\nper_month = { low = 3.99, high = 4.11, name = \"vm\" }\n\n[[component.step]]\nfrom = 201\nper_month = { low = 7, likely = 8, high = 12, name = \"vm\" }\n\n[[component]]\ntype = \"flat\"\nper_hour = { low = 0.01, high = 0.02 }\nhours_per_month = 730\n--- c.toml\nversion = 1\nid = \"ranged-hosted\"\nname = \"Ranged hosted\"\nkind = \"hosted\"\ncurrency = \"USD\"\nas_of = 2026-01-01\nsources = [\"s\"]\n\n[[component]]\ntype = \"per-seat\"\nper_user_annual = { low = 6, likely = 6.67, high = 8, source = \"s\" }\nper_user_monthly = { low = 8, high = 9 }\nmin_seats = 3\n\n[[component]]\ntype = \"tiers\"\n\n[[component.tier]]\nup_to = 100\nper_month = { low = 0, high = 10 }\n\n[[component.tier]]\nup_to = 1000\nper_month = { low = 10, likely = 20, high = 40 }\n",
];
#[cfg(feature = "usage")]
const MONGO_SEEDS: &[&str] = &[
    "tests/fixtures/usage/mongo.json",
    "tests/fixtures/usage/dst.json",
    "tests/fixtures/usage/shell.txt",
    "../shared/realdata/rc-moevm/rocketchat_message.json",
    "../shared/realdata/rc-tfc/rocketchat_message.json",
];
#[cfg(feature = "usage")]
const ARRAY_SEEDS: &[&str] = &[
    "tests/fixtures/usage/mongo-array.json",
    "../shared/realdata/rc-moevm/rocketchat_message.canonical.jsonarray.json",
    "../shared/realdata/rc-tfc/rocketchat_message.canonical.jsonarray.json",
];
#[cfg(feature = "usage")]
const RC_SEEDS: &[&str] = &["tests/fixtures/usage/rc-export.json"];
#[cfg(feature = "usage")]
const CSV_SEEDS: &[&str] = &[
    "tests/fixtures/usage/messages.csv",
    "tests/fixtures/usage/messages-semicolon.csv",
    "tests/fixtures/usage/months.tsv",
    "tests/fixtures/usage/spreadsheet.csv",
    "tests/fixtures/usage/spreadsheet-dmy.csv",
];
#[cfg(feature = "usage")]
const FORMAT_SEEDS: &[&str] = &[
    "=%d/%m/%Y %H:%M\ndate,user\n12/08/2016 19:30,alice\n13/08/2016 08:00,bob\n",
    "=%Y-%m-%d %H:%M:%S%z\nts;user\n2016-08-12 19:30:00+0200;alice\n",
    "=%Y-%m-%d\ntime\tuser\n2016-08-12\talice\n",
];
#[cfg(feature = "usage")]
const TIME_SEEDS: &[&str] = &[
    "=2016-08-12T19:30:00.000Z",
    "=2016-08-12T21:30:00.000+02:00",
    "=2016-08-12 19:30",
    "=1471030200.000200",
    "=%d/%m/%Y %H:%M\n12/08/2016 19:30",
];
#[cfg(feature = "usage")]
const SLACK_SEEDS: &[&str] = &[
    "tests/fixtures/usage/slack",
    "../shared/realdata/houstondatavis-slack/talks",
    "../shared/realdata/houstondatavis-slack/sci",
    "../shared/realdata/rcwg-slack/slack/general",
];
#[cfg(feature = "usage")]
const ZIP_SEEDS: &[&str] = &[
    "tests/fixtures/usage/slack.zip",
    "tests/fixtures/usage/slack",
];
#[cfg(feature = "usage")]
const ALL_USAGE_SEEDS: &[&str] = &["tests/fixtures/usage"];
#[cfg(feature = "usage")]
const JSON_GZ_SEEDS: &[&str] = &[
    "tests/fixtures/usage/mongo.json",
    "tests/fixtures/usage/mongo-array.json",
    "tests/fixtures/usage/rc-export.json",
    "gz:tests/fixtures/usage/mongo.json",
    "../shared/realdata/rc-tfc/rocketchat_message.json",
    "gz:../shared/realdata/rc-moevm/rocketchat_message.canonical.jsonarray.json",
];
/// The real dumps' message collections (20-26 KB each) and another collection.
#[cfg(feature = "usage")]
const BSON_SEEDS: &[&str] = &[
    "tests/fixtures/usage/dump.bson",
    "../shared/realdata/rc-moevm/dump/rocketchat/rocketchat_message.bson",
    "../shared/realdata/rc-tfc/dump/rocketchat/rocketchat_message.bson",
    "../shared/realdata/rc-tfc/dump/rocketchat/rocketchat_room.bson",
    "gz:../shared/realdata/rc-tfc/dump/rocketchat/rocketchat_message.bson",
];
/// Dump folders (as bundles, and as tar archives), and a lone `.bson`.
#[cfg(feature = "usage")]
const DUMP_SEEDS: &[&str] = &[
    "tests/fixtures/usage/dump.bson",
    "../shared/realdata/rc-moevm/dump",
    "../shared/realdata/rc-tfc/dump",
    "tar:../shared/realdata/rc-tfc/dump",
    "tar:../shared/realdata/rc-moevm/dump",
];
/// `mongodump --archive` files made from the real dumps' message collections.
#[cfg(feature = "usage")]
const ARCHIVE_SEEDS: &[&str] = &[
    "archive:tests/fixtures/usage/dump.bson",
    "archive:../shared/realdata/rc-moevm/dump/rocketchat/rocketchat_message.bson",
    "archive:../shared/realdata/rc-tfc/dump/rocketchat/rocketchat_message.bson",
];
const SPREAD_SEEDS: &[&str] = &[
    "=60",
    "=40..80",
    "=30..60..120",
    "=0.5..1.5..3",
    "=1..3",
    "=2",
    "=0..0",
    "= 4 .. 8 ",
    "=744",
    "=1000000",
    "=80..40",
    "=1..2..3..4",
];

// ---- tokens ----------------------------------------------------------------

const RANGE: &[&str] = &[
    "..",
    "..=",
    ":",
    "-",
    "+",
    "0",
    "1",
    " ",
    "18446744073709551615",
    "18446744073709551616",
    "1000000000000000000",
    "1000000000000000001",
    "9223372036854775807",
    "_",
    "e",
    "\u{a0}",
];
const DATE: &[&str] = &[
    "-",
    "T",
    "Z",
    ":",
    "+02:00",
    "0000",
    "9999",
    "02",
    "29",
    "30",
    "31",
    "13",
    "00",
    "1970",
    "Europe/Berlin",
    "UTC",
    "America/New_York",
    "+",
    "\u{0660}",
];
const NUMBERS: &[&str] = &[
    "-",
    "+",
    ".",
    "e",
    "E",
    "NaN",
    "inf",
    "-inf",
    "0",
    "1",
    "1e99",
    "-0",
    "0.0000000000000000000000000001",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "18446744073709551616",
    "65535",
    "65536",
    "4294967296",
    "1000000",
    "1000000.01",
    "..",
    ",",
    " ",
    "_",
    "\t",
    "tab",
    "\\t",
    "30..60..120",
];
const TOML: &[&str] = &[
    "version = 1\n",
    "id = \"x\"\n",
    "name = \"x\"\n",
    "kind = \"self-hosted\"\n",
    "kind = \"hosted\"\n",
    "currency = \"USD\"\n",
    "currency = \"EUR\"\n",
    "as_of = 2026-01-01\n",
    "sources = [\"s\"]\n",
    "include = [\"aws-extras\"]\n",
    "include = [\"x\"]\n",
    "part = true\n",
    "comparable = false\n",
    "\n[[component]]\n",
    "\n[[component.step]]\n",
    "\n[[component.tier]]\n",
    "type = \"per_user\"\n",
    "type = \"flat\"\n",
    "type = \"blocks\"\n",
    "type = \"steps\"\n",
    "type = \"tiers\"\n",
    "type = \"hosted\"\n",
    "per_user_monthly = 8.75\n",
    "per_user_annual = 6.67\n",
    "per_month = 10\n",
    "per_year = 1200\n",
    "per_hour = 0.0168\n",
    "block_size = 25\n",
    "free_seats = 10\n",
    "min_seats = 3\n",
    "max_seats = 0\n",
    "max_users = 500\n",
    "up_to = 100\n",
    "from = 1\n",
    "from = 201\n",
    "admin_hours_per_month = 2\n",
    "hours_per_month = 730\n",
    "setup_hours = 8\n",
    "setup_cost = 100\n",
    "quantity = 2\n",
    "price_currency = \"EUR\"\n",
    "exchange_rate = 1.08\n",
    "exchange_rate_as_of = 2026-01-01\n",
    "exchange_rate_source = \"x\"\n",
    "valid_from = 2016-01-01\n",
    "valid_until = 2017-01-01\n",
    "confidence = \"verified\"\n",
    "confidence = \"unverified\"\n",
    "confidence = \"secondary\"\n",
    "limit = \"90 days\"\n",
    "label = \"l\"\n",
    "source = \"s\"\n",
    "notes = \"\"\"\n\"\"\"\n",
    "step = 5\n",
    "79228162514264337593543950335",
    "-1",
    "0",
    "1e308",
    "nan",
    "inf",
    "0.0000000000000000000000000001",
    "9223372036854775807",
    "[",
    "]",
    "{",
    "}",
    "=",
    "\"",
    "'",
    "\\u0000",
    "#",
    ".",
    "[[",
    "]]",
    "\n",
    "\n--- b.toml\n",
    "\n--- sub/c.toml\n",
    "{ low = 1, likely = 2, high = 3 }",
    "{ low = 1, high = 3 }",
    "{ low = 0, likely = 0, high = 0 }",
    "{ low = 3, high = 1 }",
    "{ low = 1, likely = 5, high = 3 }",
    "{ low = -1, high = 1 }",
    "{ low = 0.0000000000000000000000000001, high = 79228162514264337593543950335 }",
    "{ low = 1, high = 3, name = \"n\", source = \"s\" }",
    ", name = \"shared\"",
    ", source = \"s\"",
    "low = ",
    "likely = ",
    "high = ",
    "per_month = { low = 3.99, high = 4.11, name = \"vm\" }\n",
    "per_user_annual = { low = 6, likely = 6.67, high = 8 }\n",
    "exchange_rate = { low = 1.05, likely = 1.1, high = 1.2 }\n",
    "admin_hours_per_month = { low = 0.5, likely = 1.5, high = 3 }\n",
    "setup_hours = { low = 4, high = 8 }\n",
    "setup_cost = { low = 0, likely = 50, high = 200 }\n",
    "1999-12-31T23:59:60Z",
];
#[cfg(feature = "usage")]
const JSON: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "\\\"",
    "\n",
    "null",
    "true",
    "false",
    "\"_id\":",
    "\"ts\":",
    "\"t\":",
    "\"u\":{\"username\":\"a\"}",
    "\"username\":",
    "\"type\":",
    "\"bot\":",
    "\"_hidden\":true",
    "\"$date\":",
    "{\"$date\":\"2016-08-12T19:30:00.000Z\"}",
    "{\"$date\":{\"$numberLong\":\"-9223372036854775808\"}}",
    "{\"$date\":9223372036854775807}",
    "{\"$date\":{\"$numberLong\":\"9223372036854775807\"}}",
    "\"subtype\":\"bot_message\"",
    "\"subtype\":\"message_changed\"",
    "\"bot_id\":\"B1\"",
    "\"user\":\"U1\"",
    "\"ts\":\"1471030200.000200\"",
    "\"ts\":\"9223372036854775807.1\"",
    "\"ts\":\"-9223372036854775808\"",
    "\"deleted\":true",
    "\"is_bot\":true",
    "ISODate(",
    "ObjectId(",
    "\u{feff}",
    "PK\u{3}\u{4}",
    "\r\n",
    "1e999",
    "-0",
    "\n--- users.json\n",
    "\n--- general/2016-08-12.json\n",
    "\n--- c/9999-99-99.json\n",
    "\n--- a/b/2016-01-01.json\n",
];
#[cfg(feature = "usage")]
const CSV: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "ts",
    "timestamp",
    "user",
    "channel",
    "date",
    "2016-08-12T19:30:00Z",
    "2016-08-12 19:30",
    "1471030200",
    "1471030200000",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999",
    "+02:00",
    "Z",
    "\u{feff}",
    ".",
    "-",
];
#[cfg(feature = "usage")]
const STRFTIME: &[&str] = &[
    "%Y", "%m", "%d", "%H", "%M", "%S", "%z", "%:z", "%#z", "%f", "%.f", "%3f", "%s", "%j", "%U",
    "%a", "%b", "%e", "%p", "%Z", "%%", "%", "%-d", "%_m", "%0e", "%+", "%c", "%x", "%X", "%G",
    "%V", "\n", ",", "9999", "%.3f", "%C", "%y",
];
#[cfg(feature = "usage")]
const ZIP: &[&str] = &[
    "PK\u{1}\u{2}",
    "PK\u{3}\u{4}",
    "PK\u{5}\u{6}",
    "PK\u{6}\u{6}",
    "PK\u{6}\u{7}",
    "\u{ff}\u{ff}\u{ff}\u{ff}",
    "\0\0\0\0",
    "general/2016-08-12.json",
    "users.json",
    "../",
    "/",
];

/// Names and values a BSON message or an archive header has.
#[cfg(feature = "usage")]
const BSON_TEXT: &[&str] = &[
    "_id",
    "ts",
    "u",
    "username",
    "rid",
    "msg",
    "t",
    "bot",
    "_hidden",
    "db",
    "collection",
    "EOF",
    "CRC",
    "metadata",
    "rocketchat",
    "rocketchat_message",
    "rocketchat_room",
    "2016-08-12T19:30:00.000Z",
    "\n--- rocketchat/rocketchat_message.bson\n",
    "\n--- rocketchat/rocketchat_message.bson.gz\n",
    "\n--- rocketchat/rocketchat_message.metadata.json\n",
    "\n--- other/rocketchat_message.bson\n",
    "\n--- rocketchat/users.bson\n",
    "ustar",
    "ustar  ",
    "././@LongLink",
];
/// BSON's pieces: element types with the names read, lengths (the smallest,
/// the largest allowed and just over it, negative), a whole message, archive
/// magic, headers and terminator, tar's entry types and size fields.
#[cfg(feature = "usage")]
const BSON: &[&[u8]] = &[
    b"\x01", b"\x02", b"\x03", b"\x04", b"\x05", b"\x07", b"\x08", b"\x09", b"\x0a", b"\x0b",
    b"\x0c", b"\x0d", b"\x0f", b"\x10", b"\x11", b"\x12", b"\x13", b"\x7f", b"\xff", b"\x00",
    b"\x00\x00\x00\x00",
    b"\x05\x00\x00\x00",
    b"\x05\x00\x00\x00\x00",
    b"\x04\x00\x00\x00",
    b"\x00\x40\x00\x01",
    b"\x01\x40\x00\x01",
    b"\xff\xff\xff\x7f",
    b"\x00\x00\x00\x80",
    b"\xfe\xff\xff\xff",
    b"\xff\xff\xff\xff",
    b"\x6d\xe2\x99\x81",
    b"\x02_id\x00\x03\x00\x00\x00m1\x00",
    b"\x07_id\x00\x57\xae\x2b\x3c\x1d\x41\xc8\xa1\xb2\xc3\xd4\xe5",
    b"\x10_id\x00\x08\x00\x00\x00",
    b"\x12_id\x00\x08\x00\x00\x00\x00\x00\x00\x00",
    b"\x09ts\x00\xc0\x86;\x80V\x01\x00\x00",
    b"\x09ts\x00\xff\xff\xff\xff\xff\xff\xff\x7f",
    b"\x09ts\x00\x00\x00\x00\x00\x00\x00\x00\x80",
    b"\x02ts\x00\x19\x00\x00\x002016-08-12T19:30:00.000Z\x00",
    b"\x03u\x00\x19\x00\x00\x00\x02username\x00\x06\x00\x00\x00alice\x00\x00",
    b"\x02t\x00\x03\x00\x00\x00uj\x00",
    b"\x08bot\x00\x01",
    b"\x0abot\x00",
    b"\x08_hidden\x00\x01",
    b"\x02rid\x00\x08\x00\x00\x00GENERAL\x00",
    b"\x02msg\x00\x03\x00\x00\x00hi\x00",
    b"V\x00\x00\x00\x02_id\x00\x03\x00\x00\x00m1\x00\x02rid\x00\x08\x00\x00\x00GENERAL\x00\x02msg\x00\x03\x00\x00\x00hi\x00\x09ts\x00\xc0\x86;\x80V\x01\x00\x00\x03u\x00\x19\x00\x00\x00\x02username\x00\x06\x00\x00\x00alice\x00\x00\x00",
    b"N\x00\x00\x00\x02db\x00\x0b\x00\x00\x00rocketchat\x00\x02collection\x00\x13\x00\x00\x00rocketchat_message\x00\x08EOF\x00\x00\x12CRC\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
    b"N\x00\x00\x00\x02db\x00\x0b\x00\x00\x00rocketchat\x00\x02collection\x00\x13\x00\x00\x00rocketchat_message\x00\x08EOF\x00\x01\x12CRC\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
    b"\x08EOF\x00\x01",
    b"\x1f\x8b\x08\x00",
    b"ustar\x0000",
    b"ustar  \x00",
    b"77777777777\x00",
    b"00000000000\x00",
    b"\x000",
    b"\x005",
    b"\x00L",
    b"\x00x",
    b"\x00g",
    b"\x00S",
];

// ---- running one input -----------------------------------------------------

impl Target {
    /// Runs one input; returns a short word on what happened (the tests check it).
    /// A panic is the only failure: bad input must come back as an error.
    pub fn run(&self, input: &[u8], scratch: &Path) -> String {
        match self.run {
            Run::Bytes(f) => f(input),
            Run::Cli(args) => parse_cli(args, input),
            Run::Pricing { over } => run_pricing(over, input, scratch),
            #[cfg(feature = "usage")]
            Run::Usage(format, layout) => run_usage(format, layout, input, scratch),
        }
    }

    /// Its tokens in libFuzzer's dictionary format (`-dict=FILE`): one quoted
    /// entry a line, `\\`, `\"` and bytes outside printable ASCII written `\xNN`.
    pub fn dictionary(&self) -> Vec<u8> {
        use std::io::Write;
        let tokens = self.tokens.iter().map(|t| t.as_bytes());
        let mut out = Vec::new();
        for token in tokens.chain(self.binary.iter().copied()) {
            out.push(b'"');
            for &b in token {
                match b {
                    b'"' | b'\\' => out.extend([b'\\', b]),
                    b' '..=b'~' => out.push(b),
                    _ => write!(out, "\\x{b:02X}").expect("writing to memory"),
                }
            }
            out.extend(b"\"\n");
        }
        out
    }
}

fn text(input: &[u8]) -> String {
    String::from_utf8_lossy(input).into_owned()
}

/// `--users` ranges: what parses lists what it says and prints back as itself.
fn users(input: &[u8]) -> String {
    let Ok(range) = text(input).parse::<UserRange>() else {
        return "error".into();
    };
    let sizes: Vec<u64> = range.sizes().take(1000).collect();
    assert_eq!(sizes[0], range.from);
    assert!(range.last() <= range.to && range.count() >= 1);
    assert!(sizes.iter().all(|&n| range.contains(n)));
    let again: UserRange = range.to_string().parse().expect("a range prints as itself");
    assert_eq!(again.sizes().take(1000).count(), sizes.len());
    "ok".into()
}

/// Pricing dates: what parses prints back as itself and survives the day count.
fn date(input: &[u8]) -> String {
    let Some(d) = Date::parse(&text(input)) else {
        return "error".into();
    };
    assert_eq!(
        Date::from_days(d.days()),
        d,
        "days since 1970 go back to the date"
    );
    assert_eq!(
        Date::parse(&d.to_string()),
        Some(d),
        "a date prints as itself"
    );
    let _ = d.months_before(1200);
    "ok".into()
}

/// `--admin-rate` and `--admin-hours` as rccost parses them (and the range
/// text as the library reads it): what parses has low ≤ likely ≤ high, draws
/// and mean within the bounds, and prints as a value read back as the same spread.
fn spread(input: &[u8]) -> String {
    use rccost::units::uncertain::Spread;
    if let Ok(s) = text(input).parse::<Spread>() {
        check_spread(&s, "the range text", |t| t.parse().ok());
    }
    let mut outcome = String::new();
    for option in ["--admin-rate", "--admin-hours"] {
        let Some(s) = spread_option(option, input) else {
            outcome.push_str("error ");
            continue;
        };
        check_spread(&s, option, |t| spread_option(option, t.as_bytes()));
        outcome.push_str(if s.is_exact() { "exact" } else { s.shape() });
        outcome.push(' ');
    }
    outcome
}

fn check_spread(
    s: &rccost::units::uncertain::Spread,
    what: &str,
    reparse: impl Fn(&str) -> Option<rccost::units::uncertain::Spread>,
) {
    assert!(s.low <= s.likely() && s.likely() <= s.high, "{s:?}");
    assert!(s.likely.is_none_or(|l| s.low <= l && l <= s.high), "{s:?}");
    assert!(s.low <= s.mean() && s.mean() <= s.high, "{s:?}");
    let draws: Vec<_> = [0.0, 0.05, 0.5, 0.95, 1.0, f64::NAN]
        .iter()
        .map(|&u| s.quantile(u))
        .collect();
    assert!(
        draws.iter().all(|d| s.low <= *d && *d <= s.high),
        "{s:?}: {draws:?}"
    );
    assert!(draws[1] <= draws[3], "{s:?}: {draws:?}");
    let printed = s.to_string();
    let again = reparse(&printed).unwrap_or_else(|| panic!("{what} {printed} does not parse back"));
    assert_eq!(
        (again.low, again.likely(), again.high),
        (s.low, s.likely(), s.high),
        "{what} {printed}"
    );
    assert!(
        s.is_exact() || again.shape() == s.shape(),
        "{what} {printed}"
    );
}

/// The spread `rccost table OPTION VALUE` reads, if it parses.
fn spread_option(option: &str, value: &[u8]) -> Option<rccost::units::uncertain::Spread> {
    use rccost::cli::Command;
    use std::os::unix::ffi::OsStrExt;
    let argv = ["rccost", "table", option]
        .into_iter()
        .map(std::ffi::OsStr::new)
        .chain(std::iter::once(std::ffi::OsStr::from_bytes(value)));
    match Cli::try_parse_from(argv) {
        Ok(Cli {
            command: Command::Table(args),
        }) => Some(if option == "--admin-rate" {
            args.models.costs.admin_rate
        } else {
            args.models
                .uncertainty
                .admin_hours
                .expect("--admin-hours given")
        }),
        Ok(_) => unreachable!("`table` parses as table"),
        Err(e) => {
            let _ = e.render().to_string();
            None
        }
    }
}

fn parse_cli(args: &[&str], input: &[u8]) -> String {
    use std::os::unix::ffi::OsStrExt;
    let value = std::ffi::OsStr::from_bytes(input);
    let argv = std::iter::once(std::ffi::OsStr::new("rccost"))
        .chain(args.iter().map(std::ffi::OsStr::new))
        .chain(std::iter::once(value));
    match Cli::try_parse_from(argv) {
        Ok(_) => "ok".into(),
        Err(e) => {
            let _ = e.render().to_string();
            format!("{:?}", e.kind())
        }
    }
}

/// Splits a bundle into (name, content) pairs: a line `--- NAME` starts a file;
/// text before the first such line is a file named `first`. Names are kept
/// inside the folder they are unpacked into (no `..`, no leading `/`).
pub fn bundle(input: &[u8], first: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut name = first.to_string();
    let mut content: Vec<u8> = Vec::new();
    let mut rest = input;
    loop {
        let (line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..=i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        if let Some(header) = line.strip_prefix(b"--- ") {
            if !content.is_empty() || name != first {
                files.push((name, std::mem::take(&mut content)));
            }
            name = safe_name(&String::from_utf8_lossy(header));
        } else {
            content.extend_from_slice(line);
        }
        if next.is_empty() {
            break;
        }
        rest = next;
    }
    files.push((name, content));
    files.truncate(64);
    files
}

fn safe_name(header: &str) -> String {
    let parts: Vec<&str> = header
        .trim()
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .take(4)
        .collect();
    if parts.is_empty() {
        "unnamed".into()
    } else {
        parts.join("/")
    }
}

/// The bundle written out as files under `dir` (emptied first).
pub fn unpack(files: &[(String, Vec<u8>)], dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("a scratch folder");
    for (name, content) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            // A name that is also a folder of another name: the later one loses.
            if std::fs::create_dir_all(parent).is_err() {
                continue;
            }
        }
        let _ = std::fs::write(&path, content);
    }
}

/// A pricing folder read as `--pricing DIR` (over a scenario or not), then
/// compared over a range picked by the input, exported and charted.
fn run_pricing(over: Option<&str>, input: &[u8], scratch: &Path) -> String {
    use rccost::engine::Assumptions;
    use rccost::engine::compare::Comparison;
    use rccost::pricing::{Source, load};
    let dir = scratch.join("pricing");
    unpack(&bundle(input, "a.toml"), &dir);
    let source = Source::new(over, std::slice::from_ref(&dir));
    let loaded = match source.loaded() {
        Ok(loaded) => loaded,
        Err(e) => {
            check_positions(&e.to_string(), input);
            return "invalid".into();
        }
    };
    let Ok(selection) = load::select(loaded.models, &[], &[], true) else {
        return "nothing to compare".into();
    };
    let pick = input.iter().fold(0u8, |a, &b| a.wrapping_add(b));
    let ranges = [
        (1, 30, 1),
        (1, 200, 1),
        (5, 1_000_000_000, 5_000_000),
        (1, rccost::units::range::MAX_USERS, 10_000_000_000_000_000),
    ];
    let (from, to, step) = ranges[usize::from(pick % 4)];
    let mut assumptions = Assumptions::on(Date::parse("2026-11-25").expect("a date"));
    assumptions = assumptions.at_rate(rust_decimal::Decimal::from(60));
    if pick & 4 != 0 {
        assumptions.billing = rccost::pricing::model::Billing::Monthly;
    }
    let (rate, hours) = spreads(pick);
    let models = selection.models;
    assumptions.admin_rate = rate;
    assumptions.admin_hours = hours;
    assumptions.names = rccost::cli::INPUT_NAMES;
    let sampling = rccost::engine::uncertain::Sampling {
        samples: 10 + u32::from(pick % 41),
        seed: u64::from(pick),
    };
    let range = UserRange::new(from, to, step).expect("a valid range");
    let c = Comparison::new(source, models, selection.limited, range, assumptions)
        .replacing(loaded.replaced)
        .sampled(&sampling);
    views(&c);
    sampled_views(&c);
    if c.uncertainty().is_some() {
        "compared, sampled".into()
    } else {
        "compared".into()
    }
}

/// `--admin-rate` (exact, uniform or triangular) and `--admin-hours` (none,
/// or a range) as the input's byte sum picks them.
fn spreads(
    pick: u8,
) -> (
    rccost::units::uncertain::Spread,
    Option<rccost::units::uncertain::Spread>,
) {
    let rate = ["60", "40..80", "30..60..120", "0"][usize::from(pick >> 3) % 4];
    let hours = [None, Some("1..3"), None, Some("0.5..1.5..3")][usize::from(pick >> 5) % 4];
    let parse = |s: &str| s.parse().expect("a spread");
    (parse(rate), hours.map(parse))
}

/// What only a sampled comparison shows: the odds, the sensitivity ranking and
/// the quantiles of every model's cost, which must be in order.
fn sampled_views(c: &rccost::engine::compare::Comparison) {
    use rccost::export::odds_json;
    let Some(u) = c.uncertainty() else {
        return;
    };
    let _ = rccost::text::odds::ranges(c);
    let _ = rccost::text::odds::ranges_note(c);
    let _ = rccost::text::odds::sensitivity_text(c, 15);
    let ids: Vec<String> = c.models.iter().map(|m| m.id.clone()).collect();
    for (i, id) in ids.iter().enumerate() {
        let _ = odds_json::headline(c, id);
        let (from, to) = c.span();
        for n in [from, to, (from + to) / 2] {
            if let Some(q) = u.monthly(i, n) {
                assert!(q.p5 <= q.p50 && q.p50 <= q.p95, "{id} at {n}: {q:?}");
            }
        }
    }
    if let [a, b, ..] = &ids[..] {
        let _ = odds_json::pair(c, a, b);
    }
}

/// Every view of a comparison, as `table`, `export`, `breakeven` and `plot` make them.
fn views(c: &rccost::engine::compare::Comparison) {
    use rccost::export::Exporter;
    use rccost::export::{breakeven_text, csv, json, table};
    let style = csv::Style::new(b';', true).expect("a CSV style");
    let _ = csv::CsvLong {
        totals: true,
        style,
    }
    .serialize(c);
    let _ = csv::CsvWide { style }.serialize(c);
    let _ = breakeven_text::BreakevenText.serialize(c);
    let _ = json::BreakevenJson.serialize(c);
    let text = table::TextTable {
        all: false,
        per: rccost::engine::compare::Period::Horizon,
        width: Some(80),
        explain: c.range.to < 200,
    };
    let _ = text.serialize(c);
    let _ = rccost::text::summary::plot_summary(c);
    let view = rccost::chart::charts::focus::View::new(true, false, c.span());
    let _ = rccost::chart::charts_in(c, &view, 15, false);
}

/// Every `file:line:column` a pricing error names lies inside the input.
fn check_positions(message: &str, input: &[u8]) {
    let lines = input.split(|&b| b == b'\n').count();
    for line in message.lines() {
        let Some(rest) = line.split(".toml:").nth(1) else {
            continue;
        };
        let mut numbers = rest.split(':').map(|n| n.trim().parse::<usize>());
        if let (Some(Ok(l)), Some(Ok(col))) = (numbers.next(), numbers.next()) {
            assert!(
                l >= 1 && l <= lines + 1 && col >= 1,
                "position {l}:{col} outside the input: {line}"
            );
        }
    }
}

#[cfg(feature = "usage")]
fn scanner(input: &[u8]) -> String {
    use rccost::usage::scan::{fields, text};
    match fields(input) {
        Ok(f) => {
            for raw in [f.id, f.ts, f.t, f.kind, f.username].into_iter().flatten() {
                let _ = text(raw);
            }
            "ok".into()
        }
        Err(e) => {
            assert!(!e.is_empty());
            "error".into()
        }
    }
}

#[cfg(feature = "usage")]
fn timestamps(input: &[u8]) -> String {
    use rccost::usage::time::{parse_iso_ms, parse_slack_ts, parse_with_format, valid_format};
    let text = text(input);
    let _ = parse_iso_ms(&text);
    let _ = parse_slack_ts(&text);
    if let Some((format, value)) = text.split_once('\n')
        && valid_format(format)
    {
        let _ = parse_with_format(value, format);
    }
    "ok".into()
}

/// A chat export through the reader and the counting, as `rccost usage` does.
#[cfg(feature = "usage")]
fn run_usage(
    format: Option<rccost::usage::read::Format>,
    layout: Layout,
    input: &[u8],
    scratch: &Path,
) -> String {
    use rccost::usage::aggregate::{Aggregator, By, Settings};
    use rccost::usage::read::{self, Options};
    let mut options = Options {
        format,
        time_column: None,
        user_column: None,
        channel_column: None,
        time_format: None,
        strict: input.len().is_multiple_of(3),
        keys: input.len().is_multiple_of(2),
    };
    let path = match usage_input(layout, input, scratch, &mut options) {
        Some(path) => path,
        None => return "not a --time-format".into(),
    };
    let by = [By::Day, By::Week, By::Month][input.len() % 3];
    let mut aggregator = Aggregator::new(Settings {
        by,
        from: None,
        to: None,
        tz: input
            .len()
            .is_multiple_of(2)
            .then_some(chrono_tz::Europe::Berlin),
    });
    aggregator.start_input(true);
    let (mut bad, mut messages) = (Vec::new(), 0usize);
    let mut sink = |batch: read::Batch| {
        messages += batch.messages.len();
        assert!(
            batch
                .messages
                .iter()
                .all(|m| m.user == read::NO_USER || (m.user as usize) < batch.users.len())
        );
        aggregator.add(batch).expect("counting a batch");
    };
    if let Err(e) = read::read(&path, &options, &mut bad, &mut sink) {
        assert!(!e.to_string().is_empty());
        return "error".into();
    }
    let collected = aggregator.finish().expect("counting");
    let counted = collected.usage(by).expect("periods");
    let total: u64 = counted
        .rows
        .iter()
        .map(|r| r.messages + r.system_messages + r.bot_messages)
        .sum();
    assert_eq!(
        total as usize + counted.duplicates as usize + counted.outside as usize,
        messages,
        "every message read is counted once"
    );
    format!("{messages} messages, {} malformed", bad.len())
}

/// Where the reader finds the input; `None` when a `--time-format` line is not one.
#[cfg(feature = "usage")]
fn usage_input(
    layout: Layout,
    input: &[u8],
    scratch: &Path,
    options: &mut rccost::usage::read::Options,
) -> Option<PathBuf> {
    let write = |name: &str, bytes: &[u8]| {
        let path = scratch.join(name);
        std::fs::write(&path, bytes).expect("a scratch file");
        path
    };
    Some(match layout {
        Layout::File => write("input", input),
        Layout::CsvWithFormat => {
            let cut = input
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(input.len());
            let format = String::from_utf8_lossy(&input[..cut]).into_owned();
            if !rccost::usage::time::valid_format(&format) {
                return None;
            }
            options.time_format = Some(format);
            write("input", &input[(cut + 1).min(input.len())..])
        }
        Layout::Folder => {
            let dir = scratch.join("export");
            unpack(&bundle(input, "general/2016-08-12.json"), &dir);
            dir
        }
        Layout::Zip => write(
            "export.zip",
            &zip_of(
                &bundle(input, "general/2016-08-12.json"),
                input.len().is_multiple_of(2),
            ),
        ),
        Layout::Gzip => write("input.gz", &gzip_unless_gzipped(input)),
        Layout::DumpFolder => {
            let dir = scratch.join("dump");
            unpack(&dump_files(input), &dir);
            dir
        }
        Layout::Tar { gzip } => {
            let raw = input.get(257..262) == Some(b"ustar") || input.starts_with(GZIP_MAGIC);
            let tar = if raw {
                input.to_vec()
            } else {
                tar_of(&dump_files(input))
            };
            let tar = if gzip { gzip_unless_gzipped(&tar) } else { tar };
            write("dump.tar", &tar)
        }
    })
}

#[cfg(feature = "usage")]
const GZIP_MAGIC: &[u8] = b"\x1f\x8b";

/// `bytes` gzip'ed, unless they already are.
#[cfg(feature = "usage")]
pub fn gzip_unless_gzipped(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    if bytes.starts_with(GZIP_MAGIC) {
        return bytes.to_vec();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).expect("gzip in memory");
    gz.finish().expect("gzip in memory")
}

/// A bundle as the files of a mongodump folder: the first is the message
/// collection's dump; those named `*.gz` gzip'ed. A dump's last byte, when it
/// is the line end before the bundle's next `--- NAME`, is left out.
#[cfg(feature = "usage")]
fn dump_files(input: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files = bundle(input, "rocketchat/rocketchat_message.bson");
    for (name, content) in &mut files {
        if (name.ends_with(".bson") || name.ends_with(".gz")) && content.ends_with(b"\n") {
            content.pop();
        }
        if name.ends_with(".gz") {
            *content = gzip_unless_gzipped(content);
        }
    }
    files
}

/// The files as a `.tar` (GNU headers, long names as GNU writes them).
#[cfg(feature = "usage")]
pub fn tar_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    for (name, content) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(content.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        let _ = tar.append_data(&mut header, name, content.as_slice());
    }
    tar.into_inner().expect("a tar in memory")
}

/// A `mongodump --archive` of the documents of a `.bson` file, laid out as
/// mongo-tools' `common/archive/spec.md` says: the magic number, a header,
/// the collections' metadata, a terminator, then blocks of a namespace
/// header, documents and a terminator (the messages in two blocks with
/// another collection's between), and each collection's EOF block.
#[cfg(feature = "usage")]
pub fn archive_of(bson_file: &[u8]) -> Vec<u8> {
    use bson::rawdoc;
    let mut docs: Vec<&[u8]> = Vec::new();
    let mut at = 0;
    while let Some(len) = bson_file.get(at..at + 4) {
        let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
        let Some(doc) = bson_file.get(at..at + len).filter(|_| len >= 5) else {
            break;
        };
        docs.push(doc);
        at += len;
    }
    let terminator = [0xffu8; 4];
    let header = |collection: &str, eof: bool| {
        rawdoc! { "db": "rocketchat", "collection": collection, "EOF": eof, "CRC": 0i64 }
            .into_bytes()
    };
    let mut archive = vec![0x6d, 0xe2, 0x99, 0x81];
    let prelude = rawdoc! { "concurrent_collections": 4, "version": "0.1",
    "server_version": "7.0.14", "tool_version": "100.9.4" };
    archive.extend(prelude.into_bytes());
    for collection in ["rocketchat_room", "rocketchat_message"] {
        let meta = rawdoc! { "db": "rocketchat", "collection": collection,
        "metadata": "{\"indexes\":[]}", "size": bson_file.len() as i32 };
        archive.extend(meta.into_bytes());
    }
    archive.extend(terminator);
    let (first, second) = docs.split_at(docs.len() / 2);
    let room = rawdoc! { "_id": "GENERAL", "t": "c", "name": "general" };
    let blocks: [(&str, Vec<&[u8]>); 3] = [
        ("rocketchat_message", first.to_vec()),
        ("rocketchat_room", vec![room.as_bytes()]),
        ("rocketchat_message", second.to_vec()),
    ];
    for (collection, block) in blocks {
        archive.extend(header(collection, false));
        block.iter().for_each(|d| archive.extend_from_slice(d));
        archive.extend(terminator);
    }
    for collection in ["rocketchat_room", "rocketchat_message"] {
        archive.extend(header(collection, true));
        archive.extend(terminator);
    }
    archive
}

/// The files as a `.zip`, stored or deflated.
#[cfg(feature = "usage")]
pub fn zip_of(files: &[(String, Vec<u8>)], deflate: bool) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(method);
    for (name, content) in files {
        if zip.start_file(name.as_str(), options).is_ok() {
            let _ = zip.write_all(content);
        }
    }
    zip.finish().expect("a zip in memory").into_inner()
}

/// The seed inputs of a target, each cut to its `max_len`.
pub fn seeds(target: &Target, root: &Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for spec in target.seeds {
        if let Some(text) = spec.strip_prefix('=') {
            out.push(text.as_bytes().to_vec());
            continue;
        }
        #[cfg(feature = "usage")]
        if let Some(made) = made_seed(spec, root, target.max_len) {
            out.extend(made);
            continue;
        }
        let path = root.join(spec);
        let folder_target = matches!(target.run, Run::Pricing { .. }) || is_bundled_usage(target);
        if path.is_dir() && folder_target {
            out.push(bundle_of(&path, target.max_len));
            #[cfg(feature = "usage")]
            if matches!(target.run, Run::Usage(_, Layout::File)) {
                let last = out.pop().unwrap_or_default();
                out.push(zip_of(&bundle(&last, "unnamed"), false));
            }
        } else {
            for file in files_below(&path) {
                if let Ok(bytes) = std::fs::read(&file) {
                    out.push(cut(bytes, target.max_len));
                }
            }
        }
    }
    out
}

/// A seed made from a file or folder: `gz:FILE` gzip'ed, `archive:FILE` (a
/// `.bson`) as a mongodump archive, `tar:DIR` as a tar archive (as many files
/// as fit in `max_len`).
#[cfg(feature = "usage")]
fn made_seed(spec: &str, root: &Path, max_len: usize) -> Option<Vec<Vec<u8>>> {
    let (how, path) = spec.split_once(':')?;
    let path = root.join(path);
    let read = || std::fs::read(&path).ok().map(|b| cut(b, max_len));
    Some(match how {
        "gz" => read()
            .map(|b| gzip_unless_gzipped(&b))
            .into_iter()
            .collect(),
        "archive" => read().map(|b| archive_of(&b)).into_iter().collect(),
        "tar" => {
            let base = path.parent().unwrap_or(&path);
            let mut files = Vec::new();
            let mut size = 1024;
            for file in files_below(&path) {
                let Ok(bytes) = std::fs::read(&file) else {
                    continue;
                };
                let name = file.strip_prefix(base).unwrap_or(&file);
                if size + 512 + bytes.len().next_multiple_of(512) <= max_len {
                    size += 512 + bytes.len().next_multiple_of(512);
                    files.push((name.to_string_lossy().into_owned(), bytes));
                }
            }
            vec![tar_of(&files)]
        }
        _ => return None,
    })
}

fn is_bundled_usage(target: &Target) -> bool {
    #[cfg(feature = "usage")]
    if let Run::Usage(_, layout) = target.run {
        // A folder given to the zip-bytes target becomes a zip.
        return layout != Layout::CsvWithFormat
            && (layout != Layout::File || target.name.contains("zip"));
    }
    let _ = target;
    false
}

/// The files below `dir` as one bundle, as many as fit in `max_len`.
fn bundle_of(dir: &Path, max_len: usize) -> Vec<u8> {
    let has_folders =
        std::fs::read_dir(dir).is_ok_and(|mut d| d.any(|e| e.is_ok_and(|e| e.path().is_dir())));
    let base = if has_folders {
        dir
    } else {
        dir.parent().unwrap_or(dir)
    };
    let mut out = Vec::new();
    for file in files_below(dir) {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        let name = file
            .strip_prefix(base)
            .unwrap_or(&file)
            .to_string_lossy()
            .into_owned();
        let piece = [format!("--- {name}\n").into_bytes(), bytes, b"\n".to_vec()].concat();
        if out.len() + piece.len() <= max_len {
            out.extend(piece);
        }
    }
    out
}

/// Every file at or below `path`, in name order.
pub fn files_below(path: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if path.is_file() {
        out.push(path.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for entry in entries {
            out.extend(files_below(&entry));
        }
    }
    out
}

/// At most `max_len` bytes, cut at a line end when there is one.
fn cut(mut bytes: Vec<u8>, max_len: usize) -> Vec<u8> {
    if bytes.len() > max_len {
        let end = bytes[..max_len]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(max_len, |i| i + 1);
        bytes.truncate(end);
    }
    bytes
}
