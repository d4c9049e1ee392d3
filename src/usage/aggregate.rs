//! From messages to usage per period. Messages arrive in batches; each batch is
//! de-duplicated, bucketed into days (in UTC or `--tz`) and handed to polars,
//! which counts messages by day and kind and keeps the distinct (day, sender)
//! pairs. Both partial results are small (days × kinds, days × senders), so
//! memory does not grow with the input. At the end polars groups them by period
//! (day, ISO week, month) and counts distinct senders.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike};
use polars::prelude::*;

use super::read::{Batch, Kind, NO_USER};

/// The length of a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Day,
    /// ISO weeks, starting on Monday
    Week,
    Month,
}

/// Days since 1970-01-01 (a Thursday).
pub type Day = i32;

/// The first day of the period that holds `day`.
pub fn period_start(day: Day, by: By) -> Day {
    match by {
        By::Day => day,
        // 1970-01-01 was a Thursday: Monday is 3 days earlier.
        By::Week => day - (day + 3).rem_euclid(7),
        By::Month => {
            let d = civil(day);
            crate::units::date::days_from_civil(d.0, d.1, 1) as Day
        }
    }
}

/// The first day of the period after the one starting on `start`.
pub fn next_period(start: Day, by: By) -> Day {
    match by {
        By::Day => start + 1,
        By::Week => start + 7,
        By::Month => {
            let (y, m, _) = civil(start);
            let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            crate::units::date::days_from_civil(y, m, 1) as Day
        }
    }
}

/// (year, month, day) of a day number.
pub fn civil(day: Day) -> (i64, i64, i64) {
    let d = crate::units::date::Date::from_days(i64::from(day));
    (i64::from(d.year), i64::from(d.month), i64::from(d.day))
}

pub fn iso(day: Day) -> String {
    crate::units::date::Date::from_days(i64::from(day)).to_string()
}

/// How messages are bucketed and which ones are kept.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub by: By,
    /// Inclusive bounds, in days of the chosen time zone.
    pub from: Option<Day>,
    pub to: Option<Day>,
    pub tz: Option<chrono_tz::Tz>,
}

impl Settings {
    /// The calendar day of a moment, in UTC or the chosen zone.
    pub fn day(&self, ts_ms: i64) -> Day {
        match self.tz {
            None => ts_ms.div_euclid(86_400_000) as Day,
            Some(tz) => DateTime::from_timestamp_millis(ts_ms)
                .map(|t| t.with_timezone(&tz).date_naive().num_days_from_ce() - 719_163)
                .unwrap_or(0),
        }
    }
}

/// One row of `usage.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub period_start: Day,
    pub messages: u64,
    pub system_messages: u64,
    pub bot_messages: u64,
    /// Distinct senders of user messages in the period.
    pub active_users: u64,
    /// Distinct senders in the 28 days ending on the period's last day, or on the
    /// last day of the data (or --to) when that comes first (the window Slack bills
    /// active members by).
    pub active_users_28d: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Usage {
    pub rows: Vec<Row>,
    /// Messages dropped because an earlier input already had them.
    pub duplicates: u64,
    /// Messages outside --from/--to.
    pub outside: u64,
    /// Distinct senders of user messages over the whole span.
    pub senders: usize,
    /// The first and last day with a message (of any kind) counted.
    pub days: Option<(Day, Day)>,
}

/// Messages of each kind over every period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub messages: u64,
    pub system_messages: u64,
    pub bot_messages: u64,
}

/// Whether the data covers the first and the last period only in part.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Partial {
    /// The first message falls after the first period's first day.
    pub first: bool,
    /// The last message falls before the last period's last day.
    pub last: bool,
}

impl Usage {
    /// Which end periods the data covers only in part (days never are).
    pub fn partial(&self, by: By) -> Partial {
        let (Some((first_day, last_day)), Some(first), Some(last)) =
            (self.days, self.rows.first(), self.rows.last())
        else {
            return Partial::default();
        };
        Partial {
            first: first_day > first.period_start,
            last: last_day < next_period(last.period_start, by) - 1,
        }
    }

    /// The mean of messages over the `window` periods ending at each period;
    /// `None` until a whole window has passed.
    pub fn rolling_mean(&self, window: usize) -> Vec<Option<f64>> {
        let mut sum = 0u64;
        (0..self.rows.len())
            .map(|i| {
                sum += self.rows[i].messages;
                if i >= window {
                    sum -= self.rows[i - window].messages;
                }
                (window > 0 && i + 1 >= window).then(|| sum as f64 / window as f64)
            })
            .collect()
    }

    pub fn totals(&self) -> Totals {
        Totals {
            messages: self.rows.iter().map(|r| r.messages).sum(),
            system_messages: self.rows.iter().map(|r| r.system_messages).sum(),
            bot_messages: self.rows.iter().map(|r| r.bot_messages).sum(),
        }
    }
}

/// Collects batches; call [`Aggregator::finish`] at the end.
/// The de-duplication keys are hashes already: no need to hash them again.
#[derive(Default, Clone, Copy)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type Keys = HashSet<u64, std::hash::BuildHasherDefault<Prehashed>>;

pub struct Aggregator {
    settings: Settings,
    /// Keys of every input before the current one (one input's own messages are
    /// unique: a collection's `_id`, a Slack channel's `ts`).
    seen: Keys,
    /// Keys of the current input, added to `seen` when the next input starts.
    current: Vec<u64>,
    inputs: usize,
    /// Whether the current input's keys are kept (not for the last input).
    record: bool,
    users: HashMap<String, u32>,
    day: Vec<i32>,
    user: Vec<u32>,
    kind: Vec<u32>,
    counts: Vec<DataFrame>,
    pairs: Vec<DataFrame>,
    duplicates: u64,
    outside: u64,
    /// (day, sender) of user messages in the 27 days before --from: not counted,
    /// but the 28-day active window of the first days looks back over them.
    lookback: HashSet<(i32, u32)>,
}

/// Rows gathered before polars groups them.
const BLOCK: usize = 1 << 19;

impl Aggregator {
    pub fn new(settings: Settings) -> Self {
        Aggregator {
            settings,
            seen: Keys::default(),
            current: Vec::new(),
            inputs: 0,
            record: true,
            users: HashMap::new(),
            day: Vec::new(),
            user: Vec::new(),
            kind: Vec::new(),
            counts: Vec::new(),
            pairs: Vec::new(),
            duplicates: 0,
            outside: 0,
            lookback: HashSet::new(),
        }
    }

    /// Makes room for about `messages` de-duplication keys up front.
    pub fn expect_messages(&mut self, messages: usize) {
        self.current.reserve(messages.min(1 << 26));
    }

    /// Called before each input: the messages read so far become the ones
    /// a later input may repeat. The last input's own keys are never needed,
    /// so a single input keeps none (memory then does not grow with it at all).
    pub fn start_input(&mut self, last: bool) {
        if self.inputs > 0 {
            self.seen.reserve(self.current.len());
            self.seen.extend(self.current.drain(..));
        }
        self.inputs += 1;
        self.record = !last;
        if last {
            self.current = Vec::new();
        }
    }

    pub fn add(&mut self, batch: Batch) -> PolarsResult<()> {
        // The batch's own sender numbers → numbers shared by every batch.
        let global: Vec<u32> = batch
            .users
            .iter()
            .map(|name| {
                let next = self.users.len() as u32;
                *self.users.entry(name.clone()).or_insert(next)
            })
            .collect();
        for m in &batch.messages {
            if let Some(key) = m.key {
                if self.inputs > 1 && self.seen.contains(&key) {
                    self.duplicates += 1;
                    continue;
                }
                if self.record {
                    self.current.push(key);
                }
            }
            let day = self.settings.day(m.ts_ms);
            if self.settings.from.is_some_and(|f| day < f)
                || self.settings.to.is_some_and(|t| day > t)
            {
                self.outside += 1;
                if self.settings.from.is_some_and(|f| day < f && day >= f - 27)
                    && m.kind == Kind::User
                    && m.user != NO_USER
                {
                    self.lookback.insert((day, global[m.user as usize]));
                }
                continue;
            }
            self.day.push(day);
            self.user.push(if m.user == NO_USER {
                NO_USER
            } else {
                global[m.user as usize]
            });
            self.kind.push(m.kind as u32);
        }
        if self.day.len() >= BLOCK {
            self.flush()?;
        }
        Ok(())
    }

    /// Hands the gathered rows to polars: counts by (day, kind) and the
    /// distinct (day, sender) pairs of user messages.
    fn flush(&mut self) -> PolarsResult<()> {
        if self.day.is_empty() {
            return Ok(());
        }
        let df = df!(
            "day" => std::mem::take(&mut self.day),
            "user" => std::mem::take(&mut self.user),
            "kind" => std::mem::take(&mut self.kind),
        )?;
        let counts = df
            .clone()
            .lazy()
            .group_by([col("day"), col("kind")])
            .agg([len().alias("n")])
            .collect()?;
        let pairs = df
            .lazy()
            .filter(
                col("kind")
                    .eq(lit(Kind::User as u32))
                    .and(col("user").neq(lit(NO_USER))),
            )
            .select([col("day"), col("user")])
            .unique(None, UniqueKeepStrategy::Any)
            .collect()?;
        self.counts.push(counts);
        self.pairs.push(pairs);
        if self.pairs.len() >= 16 {
            // Keep the partial results small.
            let merged = stack(std::mem::take(&mut self.pairs))?
                .lazy()
                .unique(None, UniqueKeepStrategy::Any)
                .collect()?;
            self.pairs.push(merged);
        }
        Ok(())
    }

    /// Ends reading: what was gathered, ready to be grouped by any period.
    pub fn finish(mut self) -> PolarsResult<Collected> {
        self.flush()?;
        let counts = stack(std::mem::take(&mut self.counts))?;
        let pairs = stack(std::mem::take(&mut self.pairs))?
            .lazy()
            .unique(None, UniqueKeepStrategy::Any)
            .collect()?;
        Ok(Collected {
            settings: self.settings,
            counts,
            pairs,
            duplicates: self.duplicates,
            outside: self.outside,
            lookback: self.lookback.into_iter().collect(),
        })
    }
}

/// Message counts by (day, kind) and distinct (day, sender) pairs.
pub struct Collected {
    settings: Settings,
    counts: DataFrame,
    pairs: DataFrame,
    pub duplicates: u64,
    pub outside: u64,
    lookback: Vec<(i32, u32)>,
}

impl Collected {
    /// Usage per period of `by`, every period from the first message (or
    /// --from) to the last (or --to), empty ones as zeros.
    pub fn usage(&self, by: By) -> PolarsResult<Usage> {
        let days = column::<Int32Type>(&self.counts, "day")?;
        let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
            return Ok(Usage {
                duplicates: self.duplicates,
                outside: self.outside,
                ..Default::default()
            });
        };
        let first_period = period_start(self.settings.from.unwrap_or(first).min(first), by);
        let last_day = self.settings.to.unwrap_or(last).max(last);
        let counts = self.period_counts(by)?;
        let senders = self.pairs.column("user")?.n_unique()?;
        let mut window = Window::new(self.senders_by_day()?, first_period);
        let mut rows = Vec::new();
        let mut start = first_period;
        while start <= last_day {
            let end = next_period(start, by) - 1;
            // A last period cut short by the data (or --to) ends its window on its
            // last day, not on days nothing could be known about.
            window.advance_to(end.min(last_day));
            rows.push(counts.row(start, window.senders.len() as u64));
            start = end + 1;
        }
        Ok(Usage {
            rows,
            duplicates: self.duplicates,
            outside: self.outside,
            senders,
            days: Some((first, last)),
        })
    }

    /// Polars groups by period: messages by kind, and distinct senders.
    fn period_counts(&self, by: By) -> PolarsResult<PeriodCounts> {
        let by_kind = with_period(self.counts.clone(), by)?
            .lazy()
            .group_by([col("period"), col("kind")])
            .agg([col("n").sum()])
            .collect()?;
        let senders = with_period(self.pairs.clone(), by)?
            .lazy()
            .group_by([col("period")])
            .agg([col("user").n_unique().alias("senders")])
            .collect()?;
        let mut messages: HashMap<(i32, u32), u64> = HashMap::new();
        let (p, k, n) = (
            column::<Int32Type>(&by_kind, "period")?,
            column::<UInt32Type>(&by_kind, "kind")?,
            column::<UInt64Type>(&by_kind, "n")?,
        );
        for i in 0..p.len() {
            messages.insert((p[i], k[i]), n[i]);
        }
        let active: HashMap<i32, u64> = column::<Int32Type>(&senders, "period")?
            .into_iter()
            .zip(column::<UInt64Type>(&senders, "senders")?)
            .collect();
        Ok(PeriodCounts { messages, active })
    }

    /// The senders of user messages on each day, the days before --from that
    /// the first 28-day windows look back over included.
    fn senders_by_day(&self) -> PolarsResult<HashMap<i32, Vec<u32>>> {
        let mut by_day: HashMap<i32, Vec<u32>> = HashMap::new();
        for (d, u) in column::<Int32Type>(&self.pairs, "day")?
            .into_iter()
            .zip(column::<UInt32Type>(&self.pairs, "user")?)
        {
            by_day.entry(d).or_default().push(u);
        }
        for &(d, u) in &self.lookback {
            by_day.entry(d).or_default().push(u);
        }
        Ok(by_day)
    }
}

/// `df` with a `period` column: the start of the period that holds its `day`.
fn with_period(mut df: DataFrame, by: By) -> PolarsResult<DataFrame> {
    let periods: Vec<i32> = column::<Int32Type>(&df, "day")?
        .into_iter()
        .map(|d| period_start(d, by))
        .collect();
    df.with_column(Column::new("period".into(), periods))?;
    Ok(df)
}

/// Messages by (period start, kind) and distinct senders by period start.
struct PeriodCounts {
    messages: HashMap<(i32, u32), u64>,
    active: HashMap<i32, u64>,
}

impl PeriodCounts {
    fn row(&self, start: Day, active_users_28d: u64) -> Row {
        let get = |kind: Kind| {
            self.messages
                .get(&(start, kind as u32))
                .copied()
                .unwrap_or(0)
        };
        Row {
            period_start: start,
            messages: get(Kind::User),
            system_messages: get(Kind::System),
            bot_messages: get(Kind::Bot),
            active_users: self.active.get(&start).copied().unwrap_or(0),
            active_users_28d,
        }
    }
}

/// Who wrote on `day`.
fn wrote_on(by_day: &HashMap<i32, Vec<u32>>, day: Day) -> &[u32] {
    by_day.get(&day).map_or(&[][..], |v| &v[..])
}

/// Distinct senders in the 28 days ending on `added`, moved on a day at a time
/// (each day's senders counted in on entering, out on leaving).
struct Window {
    by_day: HashMap<i32, Vec<u32>>,
    /// How many of the window's days each sender wrote on.
    senders: HashMap<u32, u32>,
    /// The last day counted in, and the first not yet counted out.
    added: Day,
    removed: Day,
}

impl Window {
    /// An empty window for periods from `start`: it counts from 28 days before.
    fn new(by_day: HashMap<i32, Vec<u32>>, start: Day) -> Self {
        Window {
            by_day,
            senders: HashMap::new(),
            added: start - 29,
            removed: start - 29,
        }
    }

    /// Moves the window's end on to `day`.
    fn advance_to(&mut self, day: Day) {
        while self.added < day {
            self.added += 1;
            for &u in wrote_on(&self.by_day, self.added) {
                *self.senders.entry(u).or_default() += 1;
            }
            while self.removed <= self.added - 28 {
                for &u in wrote_on(&self.by_day, self.removed) {
                    if let Some(c) = self.senders.get_mut(&u) {
                        *c -= 1;
                        if *c == 0 {
                            self.senders.remove(&u);
                        }
                    }
                }
                self.removed += 1;
            }
        }
    }
}

fn stack(frames: Vec<DataFrame>) -> PolarsResult<DataFrame> {
    let mut frames = frames.into_iter();
    let Some(mut first) = frames.next() else {
        return df!("day" => Vec::<i32>::new(), "user" => Vec::<u32>::new(), "kind" => Vec::<u32>::new(), "n" => Vec::<u32>::new());
    };
    for f in frames {
        first.vstack_mut(&f)?;
    }
    Ok(first)
}

/// A numeric column's values, cast to `T` (the frames here hold no nulls).
fn column<T: PolarsNumericType>(df: &DataFrame, name: &str) -> PolarsResult<Vec<T::Native>> {
    let cast = df.column(name)?.cast(&T::get_static_dtype())?;
    Ok(cast
        .as_materialized_series()
        .unpack::<T>()?
        .into_no_null_iter()
        .collect())
}
