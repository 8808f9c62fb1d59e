//! From an [`EtlSpec`] to a graph, and the [`Etl`] that computes its tasks.
//!
//! Tasks are created in the notebook's order: `load` × N, `load_from_sql`,
//! `process` × N, the picked `roll`s, `compare` × K, `reduction`. The pairs
//! are drawn first ([`Picks::draw`]: compare `i` draws roll `a`, then roll
//! `b`, from stream (Pairs, i) as `below(N - 2)`, with replacement like
//! `random.choice`) and only rolls that some pair picked are added, with only
//! the files those rolls read (`load` and `process`): exactly what Dask's
//! culling keeps.
//!
//! Durations: task number `t` of the full, unculled pipeline (numbered by
//! [`Slot::number`]) draws `lo + (hi - lo) * u()` seconds from stream
//! (Latency, t), so culling never changes another task's draw.

use super::bodies::{self, Best, Value, ROLL_WINDOW};
use super::spec::{EtlSpec, LatencyRange};
use crate::exec::{RunError, RunReport};
use crate::field::FieldError;
use crate::graph::{Compute, Graph, GraphBuilder, TaskError, TaskId, Token};
use crate::prng::{Purpose, SplitMix64};
use std::fmt::Write;

/// What each task computes.
#[derive(Clone, Copy, Debug)]
enum Op {
    Load { file: u32 },
    LoadFromSql,
    Process,
    Roll,
    Compare { a: u32, b: u32 },
    Reduction,
}

/// A built pipeline: its graph and the bodies of its tasks.
#[derive(Debug)]
pub struct Etl {
    spec: EtlSpec,
    graph: Graph,
    ops: Vec<Op>,
    target: TaskId,
    fail: Option<TaskId>,
}

/// A task of the full, unculled pipeline: its stage and index there.
#[derive(Clone, Copy, Debug)]
enum Slot {
    Load(u32),
    LoadFromSql,
    Process(u32),
    Roll(u32),
    Compare(u32),
    Reduction,
}

impl Slot {
    /// The task's number in the full pipeline of `n` files (see the module
    /// docs): loads `0..N`, the SQL load `N`, processes `N+1..2N+1`, rolls
    /// `2N+1..3N-1`, compares from `3N-1`, the reduction after the `k`
    /// compares. Culling never changes a number.
    fn number(self, n: u32, k: u32) -> u64 {
        let n = u64::from(n);
        match self {
            Slot::Load(i) => u64::from(i),
            Slot::LoadFromSql => n,
            Slot::Process(i) => n + 1 + u64::from(i),
            Slot::Roll(i) => 2 * n + 1 + u64::from(i),
            Slot::Compare(i) => 3 * n - 1 + u64::from(i),
            Slot::Reduction => 3 * n - 1 + u64::from(k),
        }
    }
}

/// What the pairs pick: the drawn pairs, the rolls some pair reads and the
/// files those rolls read (the rest is culled).
struct Picks {
    pairs: Vec<(u32, u32)>,
    rolls: Vec<bool>,
    files: Vec<bool>,
}

impl Picks {
    /// Compare `i` draws roll `a`, then roll `b`, from stream (Pairs, i).
    fn draw(spec: &EtlSpec) -> Picks {
        let rolls = spec.files - 2;
        let pairs: Vec<(u32, u32)> = (0..spec.compares)
            .map(|i| {
                let mut g = SplitMix64::stream(spec.seed, Purpose::Pairs, u64::from(i));
                (g.below(rolls), g.below(rolls))
            })
            .collect();
        let mut picked = vec![false; rolls as usize];
        for &(a, b) in &pairs {
            picked[a as usize] = true;
            picked[b as usize] = true;
        }
        let mut files = vec![false; spec.files as usize];
        for (i, _) in picked.iter().enumerate().filter(|(_, p)| **p) {
            files[i..i + 3].fill(true);
        }
        Picks {
            pairs,
            rolls: picked,
            files,
        }
    }

    /// Indices of the picked rolls.
    fn picked_rolls(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.rolls.len()).filter(|&i| self.rolls[i])
    }
}

/// Builds the pipeline for `spec` (validated first).
pub fn build(spec: &EtlSpec) -> Result<Etl, FieldError> {
    spec.validate()?;
    let (n, k) = (spec.files, spec.compares);
    let picks = Picks::draw(spec);
    let picked_count = picks.picked_rolls().count();
    let files_needed = picks.files.iter().filter(|x| **x).count();
    let tasks = 2 * files_needed + 1 + picked_count + k as usize + 1;
    let mut b =
        GraphBuilder::with_capacity(tasks, 2 * files_needed + 3 * picked_count + 3 * k as usize);
    let mut ops = Vec::with_capacity(tasks);
    let r = u64::from(spec.records_per_file);
    let lat = &spec.latency;
    // Task `slot` draws its duration from stream (Latency, its number).
    let ms = |range: LatencyRange, slot: Slot| {
        let number = slot.number(n, k);
        let u = SplitMix64::stream(spec.seed, Purpose::Latency, number).uniform();
        (range.lo + (range.hi - range.lo) * u) * 1e3
    };

    // One buffer for every file name: no allocation per load.
    let mut name = String::with_capacity(32);
    let loads: Vec<(usize, TaskId)> = (0..n)
        .filter(|i| picks.files[*i as usize])
        .map(|i| {
            ops.push(Op::Load { file: i });
            name.clear();
            // Writing to a String cannot fail.
            let _ = write!(name, "mydata-{i}.dat");
            let salt = Token::of_str(&name);
            let duration = ms(lat.load, Slot::Load(i));
            (i as usize, b.add("load", salt, &[], duration, 8 * r))
        })
        .collect();
    ops.push(Op::LoadFromSql);
    let sql = Token::of_str("sql://mytable");
    let duration = ms(lat.load_from_sql, Slot::LoadFromSql);
    let reference = b.add("load_from_sql", sql, &[], duration, 16 * r);
    let mut processed = vec![TaskId(0); n as usize];
    for &(i, load) in &loads {
        ops.push(Op::Process);
        let duration = ms(lat.process, Slot::Process(i as u32));
        processed[i] = b.add("process", 0, &[load, reference], duration, 8 * r);
    }
    let rolled_len = 3 * r - (ROLL_WINDOW as u64 - 1);
    let mut roll_ids = vec![TaskId(0); picks.rolls.len()];
    for i in picks.picked_rolls() {
        ops.push(Op::Roll);
        let deps = [processed[i], processed[i + 1], processed[i + 2]];
        let duration = ms(lat.roll, Slot::Roll(i as u32));
        roll_ids[i] = b.add("roll", 0, &deps, duration, 8 * rolled_len);
    }
    let compares: Vec<TaskId> = (0..k)
        .zip(&picks.pairs)
        .map(|(i, &(a, bb))| {
            ops.push(Op::Compare { a, b: bb });
            let deps = [roll_ids[a as usize], roll_ids[bb as usize]];
            let duration = ms(lat.compare, Slot::Compare(i));
            b.add("compare", u64::from(i), &deps, duration, 24)
        })
        .collect();
    ops.push(Op::Reduction);
    let duration = ms(lat.reduction, Slot::Reduction);
    let target = b.add("reduction", 0, &compares, duration, 24);
    let graph = b.finish();
    let fail = failing_task(&graph, spec.fail.as_deref())?;
    Ok(Etl {
        spec: spec.clone(),
        graph,
        ops,
        target,
        fail,
    })
}

/// The task `--fail` names, if any; a key no task has is an error on `fail`.
fn failing_task(graph: &Graph, key: Option<&str>) -> Result<Option<TaskId>, FieldError> {
    let Some(key) = key else { return Ok(None) };
    let found = graph.ids().find(|&id| graph.key(id) == key);
    found.map(Some).ok_or_else(|| {
        FieldError::new(
            "fail",
            format!("no task has the key {key:?} (it must name a task of the graph)"),
        )
    })
}

impl Etl {
    /// The task graph.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The spec it was built from.
    pub fn spec(&self) -> &EtlSpec {
        &self.spec
    }

    /// The reduction task, whose output is the answer.
    pub fn target(&self) -> TaskId {
        self.target
    }

    /// The answer carried by the reduction's output (None for other values).
    pub fn best(&self, value: &Value) -> Option<Best> {
        match value {
            Value::Best(best) => Some(*best),
            _ => None,
        }
    }

    /// The answer of a finished run: the best pair its reduction returned.
    pub fn answer(&self, report: &RunReport<Value>) -> Option<Best> {
        report.output(self.target).and_then(|v| self.best(v))
    }

    /// The oracle: evaluates every task in id order on this thread, without
    /// latency, and returns the answer. Like the executor, it drops a task's
    /// output once its last dependent has run, so memory stays bounded.
    pub fn serial(&self) -> Result<Best, RunError> {
        let g = &self.graph;
        let mut uses = vec![0u32; g.len()];
        for id in g.ids() {
            for d in g.deps(id) {
                uses[d.index()] += 1;
            }
        }
        // Id order is a topological order: every input is computed first.
        let mut values: Vec<Option<Value>> = Vec::with_capacity(g.len());
        for id in g.ids() {
            let inputs: Vec<&Value> = g
                .deps(id)
                .iter()
                .filter_map(|d| values[d.index()].as_ref())
                .collect();
            let value = self
                .compute(id, &inputs)
                .map_err(|e| RunError::TaskFailed {
                    key: g.key(id).to_owned(),
                    message: e.0,
                })?;
            values.push(Some(value));
            for d in g.deps(id) {
                uses[d.index()] -= 1;
                if uses[d.index()] == 0 {
                    values[d.index()] = None;
                }
            }
        }
        values[self.target.index()]
            .as_ref()
            .and_then(|v| self.best(v))
            .ok_or_else(|| RunError::TaskFailed {
                key: self.graph.key(self.target).to_owned(),
                message: "no answer".into(),
            })
    }
}

impl Compute for Etl {
    type Value = Value;

    fn graph(&self) -> &Graph {
        Etl::graph(self)
    }

    fn compute(&self, id: TaskId, inputs: &[&Value]) -> Result<Value, TaskError> {
        if self.fail == Some(id) {
            return Err(TaskError(format!(
                "injected failure in {}",
                self.graph.key(id)
            )));
        }
        let op = self
            .ops
            .get(id.index())
            .ok_or_else(|| TaskError(format!("no task {}", id.0)))?;
        let seed = self.spec.seed;
        let records = self.spec.records_per_file;
        match (*op, inputs) {
            (Op::Load { file }, []) => Ok(bodies::load(seed, file, records)),
            (Op::LoadFromSql, []) => Ok(bodies::load_from_sql(seed, records)),
            (Op::Process, [raw, reference]) => bodies::process(raw, reference),
            (Op::Roll, inputs) => bodies::roll(inputs),
            (Op::Compare { a, b }, [x, y]) => bodies::compare(a, b, x, y),
            (Op::Reduction, inputs) => bodies::reduction(inputs),
            (op, inputs) => Err(TaskError(format!(
                "{op:?} cannot take {} inputs",
                inputs.len()
            ))),
        }
    }
}
