//! Streaming reader of the JSON graph format into flat arenas.
//!
//! Deriving `Deserialize` would give every key and dependency its own
//! `String` (≥ 40 bytes for a 4-byte `"a",` of input), so a hostile file
//! could need ten times its size in memory. This reader appends every string
//! to one text arena instead and stops storing tasks and edges past the
//! [`ImportLimits`], while still counting them for the error message: memory
//! stays proportional to what the limits allow.

use super::ImportLimits;
use crate::graph::span;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::ops::Range;

/// Every string read, concatenated; string `i` is `text[ends[i-1]..ends[i]]`.
#[derive(Debug, Default)]
pub(super) struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    /// String number `i`.
    pub(super) fn get(&self, i: u32) -> &str {
        &self.text[span(&self.ends, i as usize)]
    }

    /// Appends `s` and returns its number. Offsets fit in `u32` because the
    /// input is at most [`ImportLimits::max_bytes`] (≤ 4 GiB) and decoded
    /// strings are never longer than their JSON.
    fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        (self.ends.len() - 1) as u32
    }

    fn count(&self) -> u32 {
        self.ends.len() as u32
    }
}

/// One task as read, its strings referred to by number in [`Strings`].
#[derive(Debug)]
pub(super) struct RawTask {
    /// The key.
    pub key: u32,
    /// The prefix, when given.
    pub prefix: Option<u32>,
    /// The dependencies' keys: consecutive strings.
    pub deps: Range<u32>,
    /// As written (validated later).
    pub duration_ms: f64,
    /// Output size, when given.
    pub bytes: Option<u64>,
    /// Sizes of several outputs (version 2), into [`RawGraph::numbers`].
    pub outputs: Option<Range<u32>>,
    /// Threads it needs (version 2), as written (validated later).
    pub threads: Option<u64>,
}

/// A dependency that reads only some outputs (version 2): its position in
/// the flat list of dependencies as read, and the output indices it names,
/// into [`RawGraph::numbers`].
#[derive(Debug)]
pub(super) struct PartialRead {
    pub edge: u32,
    pub outputs: Range<u32>,
}

/// A parsed, not yet validated graph, and how many tasks and edges the input
/// had (more than were stored when a limit was passed).
#[derive(Debug, Default)]
pub(super) struct RawGraph {
    pub strings: Strings,
    pub tasks: Vec<RawTask>,
    pub tasks_seen: usize,
    pub edges_seen: usize,
    /// `version`, when given.
    pub version: Option<u64>,
    /// Output sizes and output indices of version 2, in order of reading.
    pub numbers: Vec<u64>,
    pub numbers_seen: usize,
    /// Dependencies naming outputs, in order of their position.
    pub partial: Vec<PartialRead>,
    /// The first task that uses a field of version 2, and the field.
    pub extended: Option<(usize, &'static str)>,
}

/// Parses `text`; JSON errors are serde_json's messages (they name the field
/// and the line and column).
pub(super) fn read(text: &str, limits: &ImportLimits) -> Result<RawGraph, serde_json::Error> {
    let mut reader = Reader {
        raw: RawGraph::default(),
        limits,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    de.deserialize_map(TopVisitor(&mut reader))?;
    de.end()?;
    Ok(reader.raw)
}

struct Reader<'l> {
    raw: RawGraph,
    limits: &'l ImportLimits,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum TopField {
    Version,
    Tasks,
    /// Read apart by `measurement.rs`; skipped here.
    Measurement,
    /// Read apart by `dask_hints.rs`; skipped here.
    Dask,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum TaskField {
    Key,
    Prefix,
    Deps,
    DurationMs,
    Bytes,
    Outputs,
    Threads,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum DepField {
    Key,
    Outputs,
}

/// `{"tasks": [...]}`.
struct TopVisitor<'r, 'l>(&'r mut Reader<'l>);

impl<'de> Visitor<'de> for TopVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(r#"an object {"version": 1 or 2, "tasks": [...]}"#)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = false;
        while let Some(field) = map.next_key()? {
            match field {
                TopField::Measurement | TopField::Dask => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                TopField::Version => {
                    once(&mut self.0.raw.version, "version")?;
                    self.0.raw.version = Some(map.next_value()?);
                    continue;
                }
                TopField::Tasks => {}
            }
            if seen {
                return Err(de::Error::duplicate_field("tasks"));
            }
            seen = true;
            map.next_value_seed(TasksSeed(&mut *self.0))?;
        }
        if seen {
            Ok(())
        } else {
            Err(de::Error::missing_field("tasks"))
        }
    }
}

/// The `tasks` array: stores at most `max_tasks` tasks, counts the rest.
struct TasksSeed<'r, 'l>(&'r mut Reader<'l>);

impl<'de> DeserializeSeed<'de> for TasksSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for TasksSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of tasks")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let reader = self.0;
        loop {
            let more = if reader.raw.tasks_seen < reader.limits.max_tasks {
                seq.next_element_seed(TaskVisitor(&mut *reader))?.is_some()
            } else {
                seq.next_element::<IgnoredAny>()?.is_some()
            };
            if !more {
                return Ok(());
            }
            reader.raw.tasks_seen += 1;
        }
    }
}

/// One task object.
struct TaskVisitor<'r, 'l>(&'r mut Reader<'l>);

impl<'de> DeserializeSeed<'de> for TaskVisitor<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TaskVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            r#"a task {"key", "prefix", "deps", "duration_ms", "bytes", "outputs", "threads"}"#,
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let reader = self.0;
        let (mut key, mut prefix, mut deps, mut duration_ms, mut bytes) =
            (None, None, None, None, None);
        let (mut outputs, mut threads) = (None, None);
        while let Some(field) = map.next_key()? {
            match field {
                TaskField::Key => {
                    once(&mut key, "key")?;
                    key = Some(map.next_value_seed(StrSeed(&mut reader.raw.strings))?);
                }
                TaskField::Prefix => {
                    once(&mut prefix, "prefix")?;
                    prefix = Some(map.next_value_seed(StrSeed(&mut reader.raw.strings))?);
                }
                TaskField::Deps => {
                    once(&mut deps, "deps")?;
                    deps = Some(map.next_value_seed(DepsSeed(&mut *reader))?);
                }
                TaskField::DurationMs => {
                    once(&mut duration_ms, "duration_ms")?;
                    duration_ms = Some(map.next_value()?);
                }
                TaskField::Bytes => {
                    once(&mut bytes, "bytes")?;
                    bytes = Some(map.next_value()?);
                }
                TaskField::Outputs => {
                    once(&mut outputs, "outputs")?;
                    reader.extended("outputs");
                    outputs = Some(map.next_value_seed(NumbersSeed(&mut *reader))?);
                }
                TaskField::Threads => {
                    once(&mut threads, "threads")?;
                    reader.extended("threads");
                    threads = Some(map.next_value()?);
                }
            }
        }
        let none = reader.raw.strings.count();
        reader.raw.tasks.push(RawTask {
            key: key.ok_or_else(|| de::Error::missing_field("key"))?,
            prefix,
            deps: deps.unwrap_or(none..none),
            duration_ms: duration_ms.ok_or_else(|| de::Error::missing_field("duration_ms"))?,
            bytes,
            outputs,
            threads,
        });
        Ok(())
    }
}

/// Rejects a field given twice.
fn once<T, E: de::Error>(slot: &mut Option<T>, name: &'static str) -> Result<(), E> {
    match slot {
        Some(_) => Err(E::duplicate_field(name)),
        None => Ok(()),
    }
}

/// A string, appended to the arena; yields its number.
struct StrSeed<'s>(&'s mut Strings);

impl<'de> DeserializeSeed<'de> for StrSeed<'_> {
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for StrSeed<'_> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<u32, E> {
        Ok(self.0.push(s))
    }
}

/// A `deps` array: consecutive strings; past `max_edges` only counted.
struct DepsSeed<'r, 'l>(&'r mut Reader<'l>);

impl<'de> DeserializeSeed<'de> for DepsSeed<'_, '_> {
    type Value = Range<u32>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Range<u32>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for DepsSeed<'_, '_> {
    type Value = Range<u32>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of dependency keys")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Range<u32>, A::Error> {
        let max_edges = self.0.limits.max_edges;
        let start = self.0.raw.strings.count();
        loop {
            let more = if self.0.raw.edges_seen < max_edges {
                seq.next_element_seed(DepSeed(&mut *self.0))?.is_some()
            } else {
                seq.next_element::<IgnoredAny>()?.is_some()
            };
            if !more {
                return Ok(start..self.0.raw.strings.count());
            }
            self.0.raw.edges_seen += 1;
        }
    }
}

impl Reader<'_> {
    /// Notes that the task being read uses `field` of version 2.
    fn extended(&mut self, field: &'static str) {
        if self.raw.extended.is_none() {
            self.raw.extended = Some((self.raw.tasks.len(), field));
        }
    }
}

/// One dependency: a key (reads every output), or (version 2)
/// `{"key": …, "outputs": [indices]}`.
struct DepSeed<'r, 'l>(&'r mut Reader<'l>);

impl<'de> DeserializeSeed<'de> for DepSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DepSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(r#"a dependency key or {"key": …, "outputs": [indices]}"#)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        self.0.raw.strings.push(s);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let reader = self.0;
        reader.extended("deps");
        let (mut key, mut outputs) = (None, None);
        while let Some(field) = map.next_key()? {
            match field {
                DepField::Key => {
                    once(&mut key, "key")?;
                    key = Some(map.next_value_seed(StrSeed(&mut reader.raw.strings))?);
                }
                DepField::Outputs => {
                    once(&mut outputs, "outputs")?;
                    outputs = Some(map.next_value_seed(NumbersSeed(&mut *reader))?);
                }
            }
        }
        key.ok_or_else(|| de::Error::missing_field("key"))?;
        let outputs = outputs.ok_or_else(|| de::Error::missing_field("outputs"))?;
        let edge = reader.raw.edges_seen as u32;
        reader.raw.partial.push(PartialRead { edge, outputs });
        Ok(())
    }
}

/// An array of whole numbers ≥ 0 (output sizes or indices), appended to
/// [`RawGraph::numbers`]; past `max_edges` numbers in all only counted.
struct NumbersSeed<'r, 'l>(&'r mut Reader<'l>);

impl<'de> DeserializeSeed<'de> for NumbersSeed<'_, '_> {
    type Value = Range<u32>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Range<u32>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for NumbersSeed<'_, '_> {
    type Value = Range<u32>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of whole numbers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Range<u32>, A::Error> {
        let raw = &mut self.0.raw;
        let max = self.0.limits.max_edges;
        let start = raw.numbers.len() as u32;
        loop {
            let more = if raw.numbers_seen < max {
                match seq.next_element::<u64>()? {
                    Some(n) => {
                        raw.numbers.push(n);
                        true
                    }
                    None => false,
                }
            } else {
                seq.next_element::<IgnoredAny>()?.is_some()
            };
            if !more {
                return Ok(start..raw.numbers.len() as u32);
            }
            raw.numbers_seen += 1;
        }
    }
}

impl RawTask {
    /// How many outputs the task has.
    pub(super) fn output_count(&self) -> usize {
        self.outputs.as_ref().map_or(1, |r| r.len())
    }
}

/// No partial read for an edge.
const ALL: u32 = u32::MAX;

/// What each dependency reads, checked: the sorted output indices of every
/// dependency that names outputs, by its position in the flat list.
pub(super) struct EdgeReads {
    /// The next of [`RawGraph::partial`] to meet (they come in edge order).
    next: usize,
    /// Per edge, its list in `ranges`, or [`ALL`] (empty without partial reads).
    by_edge: Vec<u32>,
    ranges: Vec<Range<u32>>,
    lists: Vec<u32>,
}

impl EdgeReads {
    /// Room for the partial reads of `raw`.
    pub(super) fn new(raw: &RawGraph) -> Self {
        EdgeReads {
            next: 0,
            by_edge: if raw.partial.is_empty() {
                Vec::new()
            } else {
                vec![ALL; raw.edges_seen]
            },
            ranges: Vec::with_capacity(raw.partial.len()),
            lists: Vec::new(),
        }
    }

    /// Checks what edge `edge` reads of a dependency with `outputs` outputs
    /// (edges are checked in order); the error says what is wrong.
    pub(super) fn check(
        &mut self,
        raw: &RawGraph,
        edge: usize,
        outputs: usize,
    ) -> Result<(), String> {
        let Some(read) = raw.partial.get(self.next) else {
            return Ok(());
        };
        if read.edge as usize != edge {
            return Ok(());
        }
        self.next += 1;
        let start = self.lists.len();
        for &n in &raw.numbers[read.outputs.start as usize..read.outputs.end as usize] {
            if n >= outputs as u64 {
                return Err(match outputs {
                    0 => format!("makes no outputs, got output {n}"),
                    _ => format!(
                        "has {outputs} outputs (indices 0 to {}), got output {n}",
                        outputs - 1
                    ),
                });
            }
            self.lists.push(n as u32);
        }
        let list = &mut self.lists[start..];
        list.sort_unstable();
        if list.is_empty() {
            return Err("reads no output: name at least one (a plain key reads them all)".into());
        }
        if let Some(w) = list.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!("names output {} twice (each at most once)", w[0]));
        }
        self.by_edge[edge] = self.ranges.len() as u32;
        self.ranges.push(start as u32..self.lists.len() as u32);
        Ok(())
    }

    /// The outputs edge `edge` reads, sorted; `None`: all of them.
    pub(super) fn of(&self, edge: usize) -> Option<&[u32]> {
        let i = *self.by_edge.get(edge)?;
        let r = self.ranges.get(i as usize)?;
        Some(&self.lists[r.start as usize..r.end as usize])
    }
}
