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
    /// Output size.
    pub bytes: u64,
}

/// A parsed, not yet validated graph, and how many tasks and edges the input
/// had (more than were stored when a limit was passed).
#[derive(Debug, Default)]
pub(super) struct RawGraph {
    pub strings: Strings,
    pub tasks: Vec<RawTask>,
    pub tasks_seen: usize,
    pub edges_seen: usize,
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
}

/// `{"tasks": [...]}`.
struct TopVisitor<'r, 'l>(&'r mut Reader<'l>);

impl<'de> Visitor<'de> for TopVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(r#"an object {"tasks": [...]}"#)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = false;
        while let Some(field) = map.next_key()? {
            if let TopField::Measurement | TopField::Dask = field {
                map.next_value::<IgnoredAny>()?;
                continue;
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
        f.write_str(r#"a task {"key", "prefix", "deps", "duration_ms", "bytes"}"#)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let reader = self.0;
        let (mut key, mut prefix, mut deps, mut duration_ms, mut bytes) =
            (None, None, None, None, None);
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
            }
        }
        let none = reader.raw.strings.count();
        reader.raw.tasks.push(RawTask {
            key: key.ok_or_else(|| de::Error::missing_field("key"))?,
            prefix,
            deps: deps.unwrap_or(none..none),
            duration_ms: duration_ms.ok_or_else(|| de::Error::missing_field("duration_ms"))?,
            bytes: bytes.unwrap_or(0),
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
        let raw = &mut self.0.raw;
        let max_edges = self.0.limits.max_edges;
        let start = raw.strings.count();
        loop {
            let more = if raw.edges_seen < max_edges {
                seq.next_element_seed(StrSeed(&mut raw.strings))?.is_some()
            } else {
                seq.next_element::<IgnoredAny>()?.is_some()
            };
            if !more {
                return Ok(start..raw.strings.count());
            }
            raw.edges_seen += 1;
        }
    }
}
