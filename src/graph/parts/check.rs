//! [`Adopting`]: a graph's parts checked and made a [`Graph`] task by task,
//! in steps of a bounded number of tasks, so the page's engine worker can
//! answer (a Cancel) between two steps even for millions of tasks.

use super::{bad, GraphParts};
use crate::field::FieldError;
use crate::graph::outputs::Outputs;
use crate::graph::{span, Graph, PrefixGroups, MAX_DURATION_MS, MAX_TASK_THREADS};
use std::ops::Range;

/// Parts on their way to being a [`Graph`]: [`Adopting::step`] checks the
/// next tasks (each needs only what the tasks before it were checked for),
/// [`Adopting::finish`] the column ends and makes the graph.
#[derive(Debug)]
pub struct Adopting {
    parts: GraphParts,
    /// The keys of the tasks checked so far, as UTF-8 text.
    keys: String,
    /// Bytes each edge of the checked tasks reads (graphs with outputs).
    edge_bytes: Vec<u64>,
    /// The next task to check.
    next: usize,
    /// The first broken invariant found, if any.
    error: Option<FieldError>,
}

impl Adopting {
    /// Starts adopting `parts`; column lengths are checked now.
    pub fn new(parts: GraphParts) -> Result<Adopting, FieldError> {
        let n = parts.prefix_of.len();
        for (name, len) in [
            ("key_ends", parts.key_ends.len()),
            ("dep_ends", parts.dep_ends.len()),
            ("duration_ms", parts.duration_ms.len()),
            ("bytes", parts.bytes.len()),
        ] {
            if len != n {
                return Err(bad(&format!("{name} has {len} entries for {n} tasks")));
            }
        }
        if !(parts.threads.is_empty() || parts.threads.len() == n) {
            return Err(bad("threads must be empty or have one entry per task"));
        }
        if let Some(o) = &parts.outputs {
            if o.ends.len() != n {
                return Err(bad(&format!(
                    "outputs.ends has {} entries for {n} tasks",
                    o.ends.len()
                )));
            }
            if o.read_ends.len() != parts.deps.len() {
                return Err(bad(&format!(
                    "outputs.read_ends has {} entries for {} edges",
                    o.read_ends.len(),
                    parts.deps.len()
                )));
            }
        }
        // Room for the keys and the edges' bytes now: no step copies them as they grow.
        let mut keys = String::new();
        let mut edge_bytes = Vec::new();
        keys.try_reserve_exact(parts.keys.len())
            .and_then(|()| {
                edge_bytes.try_reserve_exact(parts.outputs.as_ref().map_or(0, |_| parts.deps.len()))
            })
            .map_err(|_| bad("the graph needs more memory than this engine has"))?;
        Ok(Adopting {
            keys,
            edge_bytes,
            next: 0,
            error: None,
            parts,
        })
    }

    /// Tasks checked.
    pub fn done(&self) -> usize {
        self.next
    }

    /// Tasks in all.
    pub fn total(&self) -> usize {
        self.parts.prefix_of.len()
    }

    /// Checks up to `tasks` more tasks; true when every task is checked or
    /// one is bad (then [`Adopting::finish`] says which).
    pub fn step(&mut self, tasks: usize) -> bool {
        let range = self.next..self.total().min(self.next.saturating_add(tasks));
        match self.check(range.clone()) {
            Ok(()) => self.next = range.end,
            Err(e) => self.error = Some(e),
        }
        self.error.is_some() || self.next == self.total()
    }

    /// Tasks `range`, whose earlier tasks are all checked.
    fn check(&mut self, range: Range<usize>) -> Result<(), FieldError> {
        let p = &self.parts;
        let first_key = range.start.checked_sub(1).map_or(0, |i| p.key_ends[i]);
        for i in range.clone() {
            self.check_task(i)?;
        }
        let p = &self.parts;
        let last_key = range.end.checked_sub(1).map_or(0, |i| p.key_ends[i]);
        // Ends are checked to be within the keys and not to decrease.
        let text = &p.keys[first_key as usize..last_key as usize];
        let text = std::str::from_utf8(text).map_err(|_| bad("keys are not UTF-8"))?;
        // Within valid UTF-8, a key ends on a character boundary unless the
        // next byte continues a character.
        let continues = |e: u32| p.keys.get(e as usize).is_some_and(|b| (*b as i8) < -0x40);
        if p.key_ends[range].iter().any(|&e| continues(e)) {
            return Err(bad("a key ends inside a character"));
        }
        self.keys.push_str(text);
        Ok(())
    }

    /// Task `i`, whose earlier tasks are all checked.
    fn check_task(&mut self, i: usize) -> Result<(), FieldError> {
        let p = &self.parts;
        within(&p.key_ends, i, p.keys.len()).map_err(|e| bad(&format!("key_ends {e}")))?;
        let deps =
            within(&p.dep_ends, i, p.deps.len()).map_err(|e| bad(&format!("dep_ends {e}")))?;
        if p.deps[deps.clone()].iter().any(|d| d.index() >= i) {
            return Err(bad(&format!("task {i} depends on a later task")));
        }
        if p.prefix_of[i] as usize >= p.prefixes.len() {
            return Err(bad("a task's prefix index is out of range"));
        }
        let d = p.duration_ms[i];
        if !(d.is_finite() && (0.0..=MAX_DURATION_MS).contains(&d)) {
            return Err(bad(&format!(
                "durations must be between 0 and {MAX_DURATION_MS} ms"
            )));
        }
        if p.threads
            .get(i)
            .is_some_and(|k| !(1..=MAX_TASK_THREADS).contains(k))
        {
            return Err(bad(&format!(
                "threads must be between 1 and {MAX_TASK_THREADS}"
            )));
        }
        if let Some(o) = &self.parts.outputs {
            let sizes =
                within(&o.ends, i, o.sizes.len()).map_err(|e| bad(&format!("outputs.ends {e}")))?;
            // Each task's total is its outputs' sizes summed, as built.
            let total = o.sizes[sizes]
                .iter()
                .fold(0u64, |a, b| a.saturating_add(*b));
            for e in deps {
                let dep = p.deps[e].index();
                let outputs = &o.sizes[span(&o.ends, dep)];
                let reads = within(&o.read_ends, e, o.reads.len())
                    .map_err(|why| bad(&format!("outputs.read_ends {why}")))?;
                let reads = &o.reads[reads];
                let sorted = reads.windows(2).all(|w| w[0] < w[1]);
                if !sorted || reads.iter().any(|&r| r as usize >= outputs.len()) {
                    return Err(bad(&format!(
                        "edge {e} reads outputs its dependency does not have"
                    )));
                }
                let bytes = reads
                    .iter()
                    .fold(0u64, |a, &r| a.saturating_add(outputs[r as usize]));
                self.edge_bytes.push(bytes);
            }
            self.parts.bytes[i] = total;
        }
        Ok(())
    }

    /// The graph, once [`Adopting::step`] has checked every task: checks
    /// that every CSR column ends at the length of what it indexes.
    pub fn finish(self) -> Result<Graph, FieldError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if self.next != self.total() {
            return Err(bad("not every task is checked yet"));
        }
        let p = self.parts;
        let ends =
            |name: &str, ends: &[u32], len: usize| match ends.last().map_or(0, |&e| e as usize)
                == len
            {
                true => Ok(()),
                false => Err(bad(&format!(
                    "{name} must end at the length of the list they index"
                ))),
            };
        ends("key_ends", &p.key_ends, p.keys.len())?;
        ends("dep_ends", &p.dep_ends, p.deps.len())?;
        let outputs = match p.outputs {
            None => None,
            Some(o) => {
                ends("outputs.ends", &o.ends, o.sizes.len())?;
                ends("outputs.read_ends", &o.read_ends, o.reads.len())?;
                Some(Box::new(Outputs::from_checked(o, self.edge_bytes)))
            }
        };
        let mut graph = Graph {
            prefixes: p.prefixes,
            prefix_of: p.prefix_of,
            keys: self.keys,
            key_ends: p.key_ends,
            deps: p.deps,
            dep_ends: p.dep_ends,
            duration_ms: p.duration_ms,
            bytes: p.bytes,
            threads: p.threads,
            outputs,
            groups: PrefixGroups::default(),
        };
        graph.groups = PrefixGroups::of(&graph);
        Ok(graph)
    }
}

/// Entry `i`'s span of a CSR end list over `len` entries, whose earlier
/// ends are checked: what is wrong when it decreases or passes `len`.
fn within(ends: &[u32], i: usize, len: usize) -> Result<Range<usize>, &'static str> {
    let start = i.checked_sub(1).map_or(0, |j| ends[j] as usize);
    let end = ends[i] as usize;
    if end < start {
        return Err("must not decrease");
    }
    if end > len {
        return Err("must end at the length of the list they index");
    }
    Ok(start..end)
}
