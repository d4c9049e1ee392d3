//! From messages to usage per period. Messages arrive in batches; each batch is
//! de-duplicated, bucketed into days (in UTC or `--tz`) and handed to polars,
//! which counts messages by day and kind and keeps the distinct (day, sender)
//! pairs. Both partial results are small (days × kinds, days × senders), so
//! memory does not grow with the input. At the end the counts are summed by
//! period (day, ISO week, month) and polars finds the distinct senders of each.

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
    /// (day, kind) of each message gathered since the last flush, [`pack`]ed.
    day_kind: Vec<i64>,
    /// (day, sender) of each user message gathered since the last flush.
    day_sender: Vec<i64>,
    /// Messages by (day, kind) of each flush: columns `key` and `n`.
    counts: Vec<DataFrame>,
    /// Distinct (day, sender) keys of each flush.
    pairs: Vec<Series>,
    /// The last flush, grouped on a thread of its own while reading goes on
    /// (grouped on the reading thread, it left the parsers without work for
    /// 20 ms at every flush).
    grouping: Option<std::thread::JoinHandle<PolarsResult<Grouped>>>,
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
            day_kind: Vec::new(),
            day_sender: Vec::new(),
            counts: Vec::new(),
            pairs: Vec::new(),
            grouping: None,
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
            self.day_kind.push(pack(day, m.kind as u32));
            if m.kind == Kind::User && m.user != NO_USER {
                self.day_sender.push(pack(day, global[m.user as usize]));
            }
        }
        if self.day_kind.len() >= BLOCK {
            self.flush()?;
        }
        Ok(())
    }

    /// Hands the gathered keys to polars, on a thread of their own, once the
    /// flush before is in ([`Aggregator::collect`]).
    fn flush(&mut self) -> PolarsResult<()> {
        self.collect()?;
        if self.day_kind.is_empty() {
            return Ok(());
        }
        let day_kind = std::mem::take(&mut self.day_kind);
        let day_sender = std::mem::take(&mut self.day_sender);
        self.grouping = Some(std::thread::spawn(move || group(day_kind, day_sender)));
        Ok(())
    }

    /// Takes in the flush being grouped, if any.
    fn collect(&mut self) -> PolarsResult<()> {
        let Some(grouping) = self.grouping.take() else {
            return Ok(());
        };
        let grouped = grouping
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        self.counts.push(grouped.counts);
        self.pairs.push(grouped.pairs);
        if self.pairs.len() >= 16 {
            // Keep the partial results small.
            let merged = distinct(std::mem::take(&mut self.pairs))?;
            self.pairs.push(merged);
        }
        Ok(())
    }

    /// Ends reading: what was gathered, ready to be grouped by any period.
    pub fn finish(mut self) -> PolarsResult<Collected> {
        self.flush()?;
        self.collect()?;
        let mut counts = Vec::new();
        for frame in std::mem::take(&mut self.counts) {
            let keys = frame.column("key")?.i64()?.into_no_null_iter();
            let n = frame.column("n")?.cast(&DataType::UInt64)?;
            for (key, n) in keys.zip(n.u64()?.into_no_null_iter()) {
                let (day, kind) = unpack(key);
                counts.push((day, kind, n));
            }
        }
        let pairs = distinct(std::mem::take(&mut self.pairs))?;
        Ok(Collected {
            settings: self.settings,
            counts,
            pairs: pairs.i64()?.into_no_null_iter().map(unpack).collect(),
            duplicates: self.duplicates,
            outside: self.outside,
            lookback: self.lookback.into_iter().collect(),
        })
    }
}

/// What polars made of one flush.
struct Grouped {
    /// Messages by (day, kind): columns `key` and `n`.
    counts: DataFrame,
    /// The distinct (day, sender) keys.
    pairs: Series,
}

/// Counts by (day, kind) and the distinct (day, sender) pairs of user
/// messages. Eager group-bys on one column of numbers do this: the lazy
/// engine (polars-lazy, -plan, -expr, -ops, -mem-engine) was over a third of
/// the first build, for no speed here.
fn group(day_kind: Vec<i64>, day_sender: Vec<i64>) -> PolarsResult<Grouped> {
    let day_kind = df!("key" => day_kind)?;
    let by_key = day_kind.group_by(["key"])?;
    let mut n = by_key.get_groups().group_count();
    n.rename("n".into());
    let mut counts = by_key.keys();
    counts.push(n.into_column());
    Ok(Grouped {
        counts: DataFrame::new_infer_height(counts)?,
        pairs: Series::new("key".into(), day_sender).unique()?,
    })
}

/// Two numbers as one, so that polars groups by one column of numbers (hashing
/// a number, not encoding each row's two columns first).
fn pack(day: Day, low: u32) -> i64 {
    (i64::from(day) << 32) | i64::from(low)
}

/// The day and the number that [`pack`] put together.
fn unpack(key: i64) -> (Day, u32) {
    ((key >> 32) as Day, key as u32)
}

/// The distinct keys of every part.
fn distinct(parts: Vec<Series>) -> PolarsResult<Series> {
    let mut parts = parts.into_iter();
    let Some(mut all) = parts.next() else {
        return Ok(Series::new_empty("key".into(), &DataType::Int64));
    };
    for part in parts {
        all.append(&part)?;
    }
    all.unique()
}

/// Message counts by (day, kind) and distinct (day, sender) pairs.
pub struct Collected {
    settings: Settings,
    /// (day, kind, messages); a (day, kind) may come once from each flush.
    counts: Vec<(Day, u32, u64)>,
    pairs: Vec<(Day, u32)>,
    pub duplicates: u64,
    pub outside: u64,
    lookback: Vec<(i32, u32)>,
}

impl Collected {
    /// Usage per period of `by`, every period from the first message (or
    /// --from) to the last (or --to), empty ones as zeros.
    pub fn usage(&self, by: By) -> PolarsResult<Usage> {
        let days = self.counts.iter().map(|&(day, _, _)| day);
        let (Some(first), Some(last)) = (days.clone().min(), days.max()) else {
            return Ok(Usage {
                duplicates: self.duplicates,
                outside: self.outside,
                ..Default::default()
            });
        };
        let first_period = period_start(self.settings.from.unwrap_or(first).min(first), by);
        let last_day = self.settings.to.unwrap_or(last).max(last);
        let counts = self.period_counts(by)?;
        let senders = self.pairs.iter().map(|&(_, u)| u).collect::<HashSet<_>>();
        let mut window = Window::new(self.senders_by_day(), first_period);
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
            senders: senders.len(),
            days: Some((first, last)),
        })
    }

    /// Messages by kind and distinct senders, by period: the counts (days ×
    /// kinds) are summed here, polars finds the distinct (period, sender) pairs.
    fn period_counts(&self, by: By) -> PolarsResult<PeriodCounts> {
        let mut messages: HashMap<(i32, u32), u64> = HashMap::new();
        for &(day, kind, n) in &self.counts {
            *messages.entry((period_start(day, by), kind)).or_default() += n;
        }
        let keys: Vec<i64> = (self.pairs.iter())
            .map(|&(day, user)| pack(period_start(day, by), user))
            .collect();
        let distinct = Series::new("key".into(), keys).unique()?;
        let mut active: HashMap<i32, u64> = HashMap::new();
        for key in distinct.i64()?.into_no_null_iter() {
            *active.entry(unpack(key).0).or_default() += 1;
        }
        Ok(PeriodCounts { messages, active })
    }

    /// The senders of user messages on each day, the days before --from that
    /// the first 28-day windows look back over included.
    fn senders_by_day(&self) -> HashMap<i32, Vec<u32>> {
        let mut by_day: HashMap<i32, Vec<u32>> = HashMap::new();
        for &(d, u) in self.pairs.iter().chain(&self.lookback) {
            by_day.entry(d).or_default().push(u);
        }
        by_day
    }
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use chrono::{Datelike, NaiveDate};

    use super::*;
    use crate::usage::read::Message;

    #[test]
    fn packed_keys_come_apart_as_they_went_in() {
        for day in [i32::MIN, -719_163, -1, 0, 1, 20_000, i32::MAX] {
            for low in [0, 1, 2, 0x8000_0000, NO_USER - 1, NO_USER] {
                assert_eq!(unpack(pack(day, low)), (day, low));
            }
        }
    }

    /// Messages over 400 days either side of 1970-01-01 (negative day numbers
    /// too), some without a sender: (ts_ms, user, kind).
    fn messages() -> Vec<(i64, u32, Kind)> {
        let mut seed = 2016u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        (0..3000)
            .map(|_| {
                let ts_ms = (next(400 * 86_400) as i64 - 200 * 86_400) * 1000;
                let kind = [Kind::User, Kind::User, Kind::System, Kind::Bot][next(4) as usize];
                let user = if next(10) == 0 {
                    NO_USER
                } else {
                    next(40) as u32
                };
                (ts_ms, user, kind)
            })
            .collect()
    }

    /// The first day of the period holding `day`, by chrono's calendar.
    fn chrono_period(day: Day, by: By) -> Day {
        let date = NaiveDate::from_num_days_from_ce_opt(day + 719_163).unwrap();
        let first = match by {
            By::Day => date,
            By::Week => date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday())),
            By::Month => date.with_day(1).unwrap(),
        };
        first.num_days_from_ce() - 719_163
    }

    fn day(ts_ms: i64) -> Day {
        ts_ms.div_euclid(86_400_000) as Day
    }

    /// The senders of user messages on the days in `days`.
    fn senders_in(all: &[(i64, u32, Kind)], days: impl Fn(Day) -> bool) -> BTreeSet<u32> {
        (all.iter())
            .filter(|m| m.2 == Kind::User && m.1 != NO_USER && days(day(m.0)))
            .map(|m| m.1)
            .collect()
    }

    /// Sixty batches, each flushed on its own (so the pairs are merged every
    /// sixteen flushes), count what a brute force over the messages counts.
    #[test]
    fn counts_over_many_flushes_match_a_brute_force() {
        let all = messages();
        let settings = Settings {
            by: By::Day,
            from: None,
            to: None,
            tz: None,
        };
        let mut aggregator = Aggregator::new(settings);
        aggregator.start_input(true);
        for chunk in all.chunks(50) {
            let mut batch = Batch::default();
            batch.users = (0..40).map(|u| format!("user{u}")).collect();
            batch.messages = (chunk.iter())
                .map(|&(ts_ms, user, kind)| Message {
                    ts_ms,
                    user,
                    kind,
                    key: None,
                })
                .collect();
            aggregator.add(batch).unwrap();
            aggregator.flush().unwrap();
        }
        let collected = aggregator.finish().unwrap();
        let last = all.iter().map(|m| day(m.0)).max().unwrap();
        for by in [By::Day, By::Week, By::Month] {
            let usage = collected.usage(by).unwrap();
            let mut kinds: BTreeMap<(Day, u32), u64> = BTreeMap::new();
            for &(ts_ms, _, kind) in &all {
                *kinds
                    .entry((chrono_period(day(ts_ms), by), kind as u32))
                    .or_default() += 1;
            }
            let periods: BTreeSet<Day> = kinds.keys().map(|k| k.0).collect();
            assert_eq!(
                usage.rows.first().unwrap().period_start,
                *periods.first().unwrap()
            );
            assert_eq!(
                usage.rows.last().unwrap().period_start,
                *periods.last().unwrap()
            );
            for (i, row) in usage.rows.iter().enumerate() {
                let start = row.period_start;
                let end = usage.rows.get(i + 1).map_or(last, |r| r.period_start - 1);
                let got = |kind: Kind| kinds.get(&(start, kind as u32)).copied().unwrap_or(0);
                let (messages, system, bot) = (got(Kind::User), got(Kind::System), got(Kind::Bot));
                assert_eq!(
                    (row.messages, row.system_messages, row.bot_messages),
                    (messages, system, bot),
                    "{by:?} {start}"
                );
                let active = senders_in(&all, |d| chrono_period(d, by) == start);
                assert_eq!(row.active_users, active.len() as u64, "{by:?} {start}");
                let window = senders_in(&all, |d| (end - 27..=end).contains(&d));
                assert_eq!(row.active_users_28d, window.len() as u64, "{by:?} {start}");
            }
            let t = usage.totals();
            assert_eq!(
                t.messages + t.system_messages + t.bot_messages,
                all.len() as u64
            );
            let users = senders_in(&all, |_| true);
            assert_eq!(usage.senders, users.len());
        }
    }
}
