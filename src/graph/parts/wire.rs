//! The byte stream in which a graph's parts cross from one wasm instance to
//! the other, written in chunks by [`PartsWriter`] and read back by
//! [`PartsReader`]. Every number is little-endian:
//!
//! | bytes | what |
//! |---|---|
//! | 4 | `DAGP` |
//! | 4 | u32 [`WIRE_VERSION`] |
//! | 4 | u32 flags: bit 0 set when the graph has several outputs per task or partial reads |
//! | 14 × 8 | u64 element count of each column below |
//! | … | the 14 columns, in this order, each its elements back to back |
//!
//! The columns (see [`GraphParts`]): prefix lengths (u32, bytes), prefix
//! text (UTF-8), `prefix_of` (u32), `keys` (UTF-8), `key_ends` (u32),
//! `deps` (u32 task ids), `dep_ends` (u32), `duration_ms` (f64), `bytes`
//! (u64), `threads` (u32), and with bit 0 the outputs' `sizes` (u64),
//! `ends`, `reads`, `read_ends` (u32); without it those four are empty.

use super::{bad, GraphParts, OutputParts};
use crate::field::FieldError;
use crate::graph::{Graph, TaskId};
use std::collections::TryReserveError;
use std::ops::Deref;

/// The version of the layout above.
pub const WIRE_VERSION: u32 = 1;
const MAGIC: &[u8; 4] = b"DAGP";
const COLUMNS: usize = 14;
const HEADER_BYTES: usize = 12 + 8 * COLUMNS;
/// Flag bit: the stream has the four output columns.
const HAS_OUTPUTS: u32 = 1;

/// One column to write.
enum Column<'a> {
    U8(&'a [u8]),
    U32(&'a [u32]),
    Ids(&'a [TaskId]),
    U64(&'a [u64]),
    F64(&'a [f64]),
}

impl Column<'_> {
    fn len(&self) -> usize {
        match self {
            Column::U8(c) => c.len(),
            Column::U32(c) => c.len(),
            Column::Ids(c) => c.len(),
            Column::U64(c) => c.len(),
            Column::F64(c) => c.len(),
        }
    }

    /// Appends elements `from..to` to `out`.
    fn write(&self, from: usize, to: usize, out: &mut Vec<u8>) {
        match self {
            Column::U8(c) => out.extend_from_slice(&c[from..to]),
            Column::U32(c) => c[from..to]
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
            Column::Ids(c) => c[from..to]
                .iter()
                .for_each(|x| out.extend_from_slice(&x.0.to_le_bytes())),
            Column::U64(c) => c[from..to]
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
            Column::F64(c) => c[from..to]
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
        }
    }
}

/// Bytes per element of each column, in stream order.
const WIDTHS: [usize; COLUMNS] = [4, 1, 4, 1, 4, 4, 4, 8, 8, 4, 8, 4, 4, 4];

/// Writes a graph (`G`: `&Graph`, or a handle that keeps it alive) as
/// the byte stream of the [module docs](self), a chunk at a time.
pub struct PartsWriter<G> {
    graph: G,
    prefix_lens: Vec<u32>,
    prefix_text: Vec<u8>,
    /// The header, until it is written.
    header: Option<Vec<u8>>,
    /// The column being written and its next element.
    column: usize,
    at: usize,
}

impl<G: Deref<Target = Graph>> PartsWriter<G> {
    /// A writer of `graph`'s stream (its prefixes are laid out now).
    pub fn new(graph: G) -> PartsWriter<G> {
        let prefix_lens = graph.prefixes.iter().map(|p| p.len() as u32).collect();
        let prefix_text = graph.prefixes.concat().into_bytes();
        let mut writer = PartsWriter {
            graph,
            prefix_lens,
            prefix_text,
            header: None,
            column: 0,
            at: 0,
        };
        let mut header = Vec::with_capacity(HEADER_BYTES);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&WIRE_VERSION.to_le_bytes());
        let flags = if writer.graph.outputs.is_some() {
            HAS_OUTPUTS
        } else {
            0
        };
        header.extend_from_slice(&flags.to_le_bytes());
        for column in writer.columns() {
            header.extend_from_slice(&(column.len() as u64).to_le_bytes());
        }
        writer.header = Some(header);
        writer
    }

    fn columns(&self) -> [Column<'_>; COLUMNS] {
        let g = &*self.graph;
        let (sizes, ends, reads, read_ends) = g
            .outputs
            .as_deref()
            .map_or_else(Default::default, |o| o.columns());
        [
            Column::U32(&self.prefix_lens),
            Column::U8(&self.prefix_text),
            Column::U32(&g.prefix_of),
            Column::U8(g.keys.as_bytes()),
            Column::U32(&g.key_ends),
            Column::Ids(&g.deps),
            Column::U32(&g.dep_ends),
            Column::F64(&g.duration_ms),
            Column::U64(&g.bytes),
            Column::U32(&g.threads),
            Column::U64(sizes),
            Column::U32(ends),
            Column::U32(reads),
            Column::U32(read_ends),
        ]
    }

    /// True once the whole stream is written.
    pub fn is_done(&self) -> bool {
        self.header.is_none() && self.column == COLUMNS
    }

    /// Bytes of the whole stream.
    pub fn total_bytes(&self) -> usize {
        let columns = self.columns();
        HEADER_BYTES
            + columns
                .iter()
                .zip(WIDTHS)
                .map(|(c, w)| c.len() * w)
                .sum::<usize>()
    }

    /// The next chunk of the stream: about `max_bytes` (at least the header
    /// or one element); `None` once all is written.
    pub fn next_chunk(&mut self, max_bytes: usize) -> Option<Vec<u8>> {
        let mut out = self.header.take().unwrap_or_default();
        let (mut c, mut at) = (self.column, self.at);
        let columns = self.columns();
        while c < COLUMNS {
            let room = max_bytes.saturating_sub(out.len()) / WIDTHS[c];
            if room == 0 && !out.is_empty() {
                break;
            }
            let to = columns[c].len().min(at.saturating_add(room.max(1)));
            columns[c].write(at, to, &mut out);
            at = to;
            if at == columns[c].len() {
                c += 1;
                at = 0;
            }
        }
        (self.column, self.at) = (c, at);
        (!out.is_empty()).then_some(out)
    }
}

/// What a [`PartsReader`] fills: the parts, with the prefixes still as
/// their lengths and text, and the output columns apart.
#[derive(Default)]
struct Columns {
    prefix_lens: Vec<u32>,
    prefix_text: Vec<u8>,
    parts: GraphParts,
    outputs: OutputParts,
}

impl Columns {
    /// Reserves room for `counts[c]` elements in each column `c`.
    fn reserve(&mut self, counts: &[usize; COLUMNS]) -> Result<(), TryReserveError> {
        self.prefix_text.try_reserve_exact(counts[1])?;
        self.parts.keys.try_reserve_exact(counts[3])?;
        self.parts.deps.try_reserve_exact(counts[5])?;
        self.parts.duration_ms.try_reserve_exact(counts[7])?;
        self.parts.bytes.try_reserve_exact(counts[8])?;
        self.outputs.sizes.try_reserve_exact(counts[10])?;
        for c in [0, 2, 4, 6, 9, 11, 12, 13] {
            self.u32_column(c).try_reserve_exact(counts[c])?;
        }
        Ok(())
    }

    /// Appends the elements in `bytes` (whole elements) to column `c`.
    fn extend(&mut self, c: usize, bytes: &[u8]) {
        match c {
            1 => self.prefix_text.extend_from_slice(bytes),
            3 => self.parts.keys.extend_from_slice(bytes),
            5 => self.parts.deps.extend(u32s(bytes).map(TaskId)),
            7 => self
                .parts
                .duration_ms
                .extend(u64s(bytes).map(f64::from_bits)),
            8 => self.parts.bytes.extend(u64s(bytes)),
            10 => self.outputs.sizes.extend(u64s(bytes)),
            _ => self.u32_column(c).extend(u32s(bytes)),
        }
    }

    /// Column `c`, one of those of u32 numbers.
    fn u32_column(&mut self, c: usize) -> &mut Vec<u32> {
        match c {
            0 => &mut self.prefix_lens,
            2 => &mut self.parts.prefix_of,
            4 => &mut self.parts.key_ends,
            6 => &mut self.parts.dep_ends,
            9 => &mut self.parts.threads,
            11 => &mut self.outputs.ends,
            12 => &mut self.outputs.reads,
            _ => &mut self.outputs.read_ends,
        }
    }
}

/// The little-endian u32 numbers in `bytes`.
fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The little-endian u64 numbers in `bytes`.
fn u64s(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    bytes
        .chunks_exact(8)
        .map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
}

/// Reads the byte stream of the [module docs](self), chunk by chunk, in
/// chunks cut anywhere. The header's counts reserve the columns (a count no
/// memory can hold is an error, not an abort).
#[derive(Default)]
pub struct PartsReader {
    header: Vec<u8>,
    outputs: bool,
    counts: [usize; COLUMNS],
    /// The column being read and how many of its elements are read.
    column: usize,
    at: usize,
    /// The start of an element cut by the end of the last chunk.
    partial: Vec<u8>,
    columns: Columns,
}

impl PartsReader {
    /// Reads `chunk`, the next bytes of the stream; true once the stream is
    /// complete. A bad header, or bytes past the end, is an error on `graph`.
    pub fn push(&mut self, mut chunk: &[u8]) -> Result<bool, FieldError> {
        if self.header.len() < HEADER_BYTES {
            let take = chunk.len().min(HEADER_BYTES - self.header.len());
            self.header.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            if self.header.len() < HEADER_BYTES {
                return Ok(false);
            }
            self.read_header()?;
            self.skip_full();
        }
        while !chunk.is_empty() {
            if self.column == COLUMNS {
                return Err(bad("bytes past the end of the stream"));
            }
            let width = WIDTHS[self.column];
            if !self.partial.is_empty() || chunk.len() < width {
                // An element cut between two chunks: gather it first.
                let take = chunk.len().min(width - self.partial.len());
                self.partial.extend_from_slice(&chunk[..take]);
                chunk = &chunk[take..];
                if self.partial.len() == width {
                    let element = std::mem::take(&mut self.partial);
                    self.columns.extend(self.column, &element);
                    self.at += 1;
                    self.skip_full();
                }
                continue;
            }
            let whole = (chunk.len() / width).min(self.counts[self.column] - self.at);
            self.columns.extend(self.column, &chunk[..whole * width]);
            self.at += whole;
            chunk = &chunk[whole * width..];
            self.skip_full();
        }
        Ok(self.complete())
    }

    fn read_header(&mut self) -> Result<(), FieldError> {
        let h = &self.header;
        let u32_at = |i: usize| u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
        if &h[..4] != MAGIC {
            return Err(bad("not a graph stream (no DAGP header)"));
        }
        if u32_at(4) != WIRE_VERSION {
            return Err(bad(&format!(
                "stream version {} (this engine reads {WIRE_VERSION})",
                u32_at(4)
            )));
        }
        let flags = u32_at(8);
        if flags & !HAS_OUTPUTS != 0 {
            return Err(bad(&format!("unknown flags {flags:#x}")));
        }
        self.outputs = flags & HAS_OUTPUTS != 0;
        for (c, count) in self.counts.iter_mut().enumerate() {
            let at = 12 + 8 * c;
            let mut b = [0u8; 8];
            b.copy_from_slice(&h[at..at + 8]);
            *count = usize::try_from(u64::from_le_bytes(b))
                .map_err(|_| bad("a column is longer than this engine's memory"))?;
            if !self.outputs && c >= 10 && *count != 0 {
                return Err(bad("output columns in a stream flagged without outputs"));
            }
        }
        // Room for every column now, so no chunk waits for a column to be
        // copied as it grows; a count no memory can hold is an error.
        self.columns
            .reserve(&self.counts)
            .map_err(|_| bad("the columns need more memory than this engine has"))
    }

    /// Moves on past the columns that have all their elements.
    fn skip_full(&mut self) {
        while self.column < COLUMNS && self.at == self.counts[self.column] {
            self.column += 1;
            self.at = 0;
        }
    }

    /// True when every column has all its elements.
    fn complete(&self) -> bool {
        self.header.len() == HEADER_BYTES && self.column == COLUMNS
    }

    /// The parts read, once the stream is complete (else an error).
    pub fn finish(self) -> Result<GraphParts, FieldError> {
        if !self.complete() {
            return Err(bad("the stream ended early"));
        }
        let Columns {
            prefix_lens,
            prefix_text,
            mut parts,
            outputs,
        } = self.columns;
        let mut rest = &prefix_text[..];
        parts.prefixes.reserve_exact(prefix_lens.len());
        for len in prefix_lens {
            let len = len as usize;
            if len > rest.len() {
                return Err(bad("prefix lengths pass the end of the prefix text"));
            }
            let (name, tail) = rest.split_at(len);
            let name = std::str::from_utf8(name).map_err(|_| bad("a prefix is not UTF-8"))?;
            parts.prefixes.push(name.to_owned());
            rest = tail;
        }
        if !rest.is_empty() {
            return Err(bad("prefix text past the prefix lengths"));
        }
        parts.outputs = self.outputs.then_some(outputs);
        Ok(parts)
    }
}
