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
#[derive(Debug)]
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

/// Builds the pipeline for `spec` (validated first), in one call.
pub fn build(spec: &EtlSpec) -> Result<Etl, FieldError> {
    Building::new(spec)?.finish()
}

/// The stage of the pipeline [`Building`] adds tasks to next.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stage {
    Loads,
    Sql,
    Process,
    Rolls,
    Compares,
    Reduction,
    Done,
}

/// A pipeline being built in bounded steps ([`Building::step`]), so a caller
/// can report progress and stop between two steps; [`build`] is all the steps
/// in one call, so both give the same graph.
///
/// ```
/// use dagsim::etl::{build, Building, EtlSpec};
/// let spec = EtlSpec::default();
/// let mut building = Building::new(&spec).unwrap();
/// while !building.step(100) {}
/// assert_eq!(building.done(), building.total());
/// let stepped = building.finish().unwrap();
/// assert_eq!(stepped.graph(), build(&spec).unwrap().graph());
/// ```
#[derive(Debug)]
pub struct Building {
    spec: EtlSpec,
    picks: Picks,
    b: GraphBuilder,
    ops: Vec<Op>,
    /// Tasks the finished graph has.
    tasks: usize,
    stage: Stage,
    /// The next index of the stage's loop (a file, a roll or a compare).
    next: u32,
    reference: TaskId,
    /// Each file's load, then its process (unused for culled files).
    loaded: Vec<TaskId>,
    processed: Vec<TaskId>,
    roll_ids: Vec<TaskId>,
    compares: Vec<TaskId>,
    /// One buffer for every file name: no allocation per load.
    name: String,
    /// The task the spec's `fail` key names, once added.
    fail: Option<TaskId>,
}

impl Building {
    /// Validates `spec` and draws the pairs; no task is added yet.
    pub fn new(spec: &EtlSpec) -> Result<Building, FieldError> {
        spec.validate()?;
        let k = spec.compares as usize;
        let picks = Picks::draw(spec);
        let picked_count = picks.picked_rolls().count();
        let files_needed = picks.files.iter().filter(|x| **x).count();
        let tasks = 2 * files_needed + 1 + picked_count + k + 1;
        let n = spec.files as usize;
        Ok(Building {
            b: GraphBuilder::with_capacity(tasks, 2 * files_needed + 3 * picked_count + 3 * k),
            ops: Vec::with_capacity(tasks),
            tasks,
            stage: Stage::Loads,
            next: 0,
            reference: TaskId(0),
            loaded: vec![TaskId(0); n],
            processed: vec![TaskId(0); n],
            roll_ids: vec![TaskId(0); picks.rolls.len()],
            compares: Vec::with_capacity(k),
            name: String::with_capacity(32),
            fail: None,
            spec: spec.clone(),
            picks,
        })
    }

    /// Tasks added so far.
    pub fn done(&self) -> usize {
        self.b.len()
    }

    /// Tasks the finished graph has.
    pub fn total(&self) -> usize {
        self.tasks
    }

    /// Works through at most `units` indices of the stages' loops (each adds
    /// at most one task); true when every task is added.
    pub fn step(&mut self, units: usize) -> bool {
        for _ in 0..units {
            if self.stage == Stage::Done {
                break;
            }
            self.one();
        }
        self.stage == Stage::Done
    }

    /// Task `slot`'s duration, drawn from stream (Latency, its number).
    fn ms(&self, range: LatencyRange, slot: Slot) -> f64 {
        let number = slot.number(self.spec.files, self.spec.compares);
        let u = SplitMix64::stream(self.spec.seed, Purpose::Latency, number).uniform();
        (range.lo + (range.hi - range.lo) * u) * 1e3
    }

    /// Works on the next index of the current stage.
    fn one(&mut self) {
        let (n, k) = (self.spec.files, self.spec.compares);
        let r = u64::from(self.spec.records_per_file);
        let lat = self.spec.latency;
        let i = self.next;
        let (end, next_stage) = match self.stage {
            Stage::Loads => {
                if self.picks.files[i as usize] {
                    self.ops.push(Op::Load { file: i });
                    self.name.clear();
                    // Writing to a String cannot fail.
                    let _ = write!(self.name, "mydata-{i}.dat");
                    let salt = Token::of_str(&self.name);
                    let duration = self.ms(lat.load, Slot::Load(i));
                    self.loaded[i as usize] = self.b.add("load", salt, &[], duration, 8 * r);
                }
                (n, Stage::Sql)
            }
            Stage::Sql => {
                self.ops.push(Op::LoadFromSql);
                let sql = Token::of_str("sql://mytable");
                let duration = self.ms(lat.load_from_sql, Slot::LoadFromSql);
                self.reference = self.b.add("load_from_sql", sql, &[], duration, 16 * r);
                (1, Stage::Process)
            }
            Stage::Process => {
                if self.picks.files[i as usize] {
                    self.ops.push(Op::Process);
                    let deps = [self.loaded[i as usize], self.reference];
                    let duration = self.ms(lat.process, Slot::Process(i));
                    self.processed[i as usize] = self.b.add("process", 0, &deps, duration, 8 * r);
                }
                (n, Stage::Rolls)
            }
            Stage::Rolls => {
                let at = i as usize;
                if self.picks.rolls[at] {
                    self.ops.push(Op::Roll);
                    let deps = [
                        self.processed[at],
                        self.processed[at + 1],
                        self.processed[at + 2],
                    ];
                    let duration = self.ms(lat.roll, Slot::Roll(i));
                    let rolled_len = 3 * r - (ROLL_WINDOW as u64 - 1);
                    self.roll_ids[at] = self.b.add("roll", 0, &deps, duration, 8 * rolled_len);
                }
                (self.picks.rolls.len() as u32, Stage::Compares)
            }
            Stage::Compares => {
                let (a, bb) = self.picks.pairs[i as usize];
                self.ops.push(Op::Compare { a, b: bb });
                let deps = [self.roll_ids[a as usize], self.roll_ids[bb as usize]];
                let duration = self.ms(lat.compare, Slot::Compare(i));
                let id = self.b.add("compare", u64::from(i), &deps, duration, 24);
                self.compares.push(id);
                (k, Stage::Reduction)
            }
            Stage::Reduction => {
                self.ops.push(Op::Reduction);
                let duration = self.ms(lat.reduction, Slot::Reduction);
                self.b.add("reduction", 0, &self.compares, duration, 24);
                (1, Stage::Done)
            }
            Stage::Done => return,
        };
        if let (None, Some(key)) = (self.fail, &self.spec.fail) {
            // Keys are looked up as they are added (the last one again when
            // this index added none), so `finish` scans nothing.
            let last = (self.b.len() as u32).checked_sub(1).map(TaskId);
            self.fail = last.filter(|&id| self.b.key(id) == key.as_str());
        }
        self.next += 1;
        if self.next >= end {
            self.stage = next_stage;
            self.next = 0;
        }
    }

    /// The built pipeline (adding the tasks still missing first); O(1)
    /// once every task is added (graphs with more than
    /// [`MAX_SHOWN_PREFIXES`](crate::graph::MAX_SHOWN_PREFIXES) prefixes
    /// aside, which the pipeline never has). A `fail` key no task has is an
    /// error on `fail`.
    pub fn finish(mut self) -> Result<Etl, FieldError> {
        while !self.step(usize::MAX) {}
        // The reduction is the last task added.
        let target = TaskId(self.tasks as u32 - 1);
        let graph = self.b.finish();
        let fail = match (&self.spec.fail, self.fail) {
            (Some(key), None) => return Err(no_such_task(key)),
            (_, fail) => fail,
        };
        Ok(Etl {
            spec: self.spec,
            graph,
            ops: self.ops,
            target,
            fail,
        })
    }
}

/// The error of a `fail` key no task has.
fn no_such_task(key: &str) -> FieldError {
    FieldError::new(
        "fail",
        format!("no task has the key {key:?} (it must name a task of the graph)"),
    )
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
