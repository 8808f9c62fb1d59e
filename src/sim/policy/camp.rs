//! CAMP (ESTEE's `camp2`): a static scheduler that places every task before
//! the run by a seeded local search, after which each worker runs its tasks
//! highest b-level first. Source: the ESTEE simulator of Beránek, Böhm &
//! Cima, "Analysis of workflow schedulers in simulated distributed
//! environments" (2022), whose `camp2` scheduler this follows:
//!
//! - Two tasks are *independent* when neither is an ancestor of the other;
//!   `I(t)` is the set of tasks independent of `t`. Each task carries a
//!   repulsion `v(t) = w(t) / (|I(t)| · T)`: its thread time `w` (as the
//!   scheduler estimates it) shared among the tasks it could run beside,
//!   per thread of a worker (`T` threads per worker).
//! - The cost of `t`'s placement is
//!   `(in(t) + Σ in(c) over t's consumers c) / B + Σ (v(t) + v(u))` over
//!   the `u ∈ I(t)` on `t`'s worker, where `in(x)` is the largest output
//!   among `x`'s inputs made on another worker than `x`'s (0 when none) and
//!   `B` the bandwidth (no transfer term on a free network): transfers pull
//!   connected tasks together, independent tasks on one worker push apart.
//! - Every task starts on worker 0; then, 5,000 times (ESTEE's benchmark
//!   setting), a random task moves to a random other worker and moves back
//!   if its cost grew (at equal cost it stays). Draws come from the seed's
//!   own splitmix64 stream, so a seed gives one schedule.
//!
//! Each task then joins its worker's queue when ready, highest b-level
//! first (ESTEE assigns every task to its worker with its b-level as the
//! priority). Cost: ancestor and descendant sets as bitsets (n²/4 bytes),
//! and per move O(the inputs of the task and of its consumers + n/64 +
//! the tasks on its worker), so it takes graphs of at most
//! [`MAX_CAMP_TASKS`] tasks and [`MAX_CAMP_EDGES`] edges.

use super::super::tasks::Tasks;
use super::super::SimOptions;
use super::{Policy, View};
use crate::graph::{Graph, TaskId};
use crate::prng::{Purpose, SplitMix64};

/// Largest graph CAMP takes: tasks…
pub(super) const MAX_CAMP_TASKS: usize = 2_000;
/// …and edges.
pub(super) const MAX_CAMP_EDGES: usize = 50_000;
/// Moves tried (ESTEE's benchmarks run `camp2` with 5,000).
const MOVES: u32 = 5_000;

/// Why CAMP does not take `graph`, if it does not.
pub(super) fn refusal(graph: &Graph) -> Option<String> {
    (graph.len() > MAX_CAMP_TASKS || graph.edge_count() > MAX_CAMP_EDGES).then(|| {
        format!(
            "camp keeps every task's ancestors and scores 5,000 moves; it takes graphs of at most {MAX_CAMP_TASKS} tasks and {MAX_CAMP_EDGES} edges, got {} tasks and {} edges",
            graph.len(),
            graph.edge_count()
        )
    })
}

/// One bitset of `n` bits per row.
struct Rows {
    words: usize,
    bits: Vec<u64>,
}

impl Rows {
    fn new(rows: usize, n: usize) -> Self {
        let words = n.div_ceil(64);
        Rows {
            words,
            bits: vec![0; rows * words],
        }
    }

    fn row(&self, r: usize) -> &[u64] {
        &self.bits[r * self.words..(r + 1) * self.words]
    }

    fn set(&mut self, r: usize, bit: usize, on: bool) {
        let word = &mut self.bits[r * self.words + bit / 64];
        if on {
            *word |= 1 << (bit % 64);
        } else {
            *word &= !(1 << (bit % 64));
        }
    }

    /// Row `dst` |= row `src` and bit `src` (a relative of `src` is one of `dst`'s).
    fn absorb(&mut self, dst: usize, src: usize) {
        let w = self.words;
        let (a, b) = (dst.min(src) * w, dst.max(src) * w);
        let (low, high) = self.bits.split_at_mut(b);
        let (low, high) = (&mut low[a..a + w], &mut high[..w]);
        let (to, from) = if dst < src { (low, high) } else { (high, low) };
        to.iter_mut().zip(from.iter()).for_each(|(t, f)| *t |= f);
        self.set(dst, src, true);
    }

    fn count(&self, r: usize) -> u32 {
        self.row(r).iter().map(|w| w.count_ones()).sum()
    }
}

/// The search's state: the placement and what scoring a task needs.
struct Search<'a> {
    graph: &'a Graph,
    tasks: &'a Tasks,
    ancestors: Rows,
    descendants: Rows,
    /// The tasks on each worker.
    on: Rows,
    worker_of: Vec<u32>,
    repulsion: Vec<f64>,
    /// Bytes per µs (`None`: transfers are free).
    rate: Option<f64>,
}

impl Search<'_> {
    /// The largest input of `x` made on another worker than `x`'s, bytes.
    fn inputs_elsewhere(&self, x: TaskId) -> u64 {
        let w = self.worker_of[x.index()];
        self.graph
            .deps(x)
            .iter()
            .filter(|d| self.worker_of[d.index()] != w)
            .map(|d| self.graph.bytes(*d))
            .max()
            .unwrap_or(0)
    }

    /// The cost of `t`'s placement (see the module docs), µs.
    fn cost(&self, t: TaskId) -> f64 {
        let mut cost = 0.0;
        if let Some(rate) = self.rate {
            let mut bytes = self.inputs_elsewhere(t);
            let mut last = None;
            for i in 0..self.tasks.dependent_count(t) {
                let c = self.tasks.dependent(t, i);
                if last != Some(c) {
                    bytes += self.inputs_elsewhere(c);
                }
                last = Some(c);
            }
            cost += bytes as f64 / rate;
        }
        let own = self.repulsion[t.index()];
        let related = self
            .ancestors
            .row(t.index())
            .iter()
            .zip(self.descendants.row(t.index()));
        let here = self.on.row(self.worker_of[t.index()] as usize);
        for (i, ((a, d), w)) in related.zip(here).enumerate() {
            let mut bits = w & !(a | d);
            while bits != 0 {
                let u = i * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if u != t.index() {
                    cost += own + self.repulsion[u];
                }
            }
        }
        cost
    }

    /// Moves `t` to worker `w`.
    fn place(&mut self, t: TaskId, w: u32) {
        let old = self.worker_of[t.index()];
        self.on.set(old as usize, t.index(), false);
        self.on.set(w as usize, t.index(), true);
        self.worker_of[t.index()] = w;
    }
}

/// See the module docs.
pub(super) struct Camp {
    worker_of: Vec<u32>,
}

impl Camp {
    /// The placement CAMP finds for `graph` (whose costs, as the scheduler
    /// believes them, are in `tasks`) on the cluster of `options`.
    pub(super) fn new(graph: &Graph, tasks: &Tasks, options: &SimOptions) -> Self {
        let n = graph.len();
        let workers = options.workers;
        let mut ancestors = Rows::new(n, n);
        for id in graph.ids() {
            for d in graph.deps(id) {
                ancestors.absorb(id.index(), d.index());
            }
        }
        let mut descendants = Rows::new(n, n);
        for id in graph.ids().rev() {
            for i in 0..tasks.dependent_count(id) {
                descendants.absorb(id.index(), tasks.dependent(id, i).index());
            }
        }
        let threads = f64::from(options.threads_per_worker);
        let repulsion = graph
            .ids()
            .map(|id| {
                let related = ancestors.count(id.index()) + descendants.count(id.index());
                let independent = n as f64 - 1.0 - f64::from(related);
                if independent > 0.0 {
                    tasks.get(id).cost_us / (independent * threads)
                } else {
                    0.0
                }
            })
            .collect();
        let mut on = Rows::new(workers as usize, n);
        (0..n).for_each(|t| on.set(0, t, true));
        let mut search = Search {
            graph,
            tasks,
            ancestors,
            descendants,
            on,
            worker_of: vec![0; n],
            repulsion,
            rate: options.bandwidth_mb_s,
        };
        if n > 0 && workers > 1 {
            let mut rng = SplitMix64::stream(options.seed, Purpose::Placement, 4);
            for _ in 0..MOVES {
                let t = TaskId(rng.below(n as u32));
                let old = search.worker_of[t.index()];
                let mut new = rng.below(workers - 1);
                if new >= old {
                    new += 1;
                }
                let before = search.cost(t);
                search.place(t, new);
                if search.cost(t) > before {
                    search.place(t, old);
                }
            }
        }
        Camp {
            worker_of: search.worker_of,
        }
    }
}

impl Policy for Camp {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        view.bottom_level(task)
    }

    fn place(&mut self, _view: &mut View, task: TaskId) -> Option<u32> {
        Some(self.worker_of[task.index()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;

    /// Two independent chains a0 → a1 and b0 → b1 (1 ms each, 1,000-byte outputs).
    fn chains() -> Graph {
        let mut g = GraphBuilder::new();
        let a0 = g.add("a", 0, &[], 1.0, 1_000);
        g.add("a", 1, &[a0], 1.0, 1_000);
        let b0 = g.add("b", 0, &[], 1.0, 1_000);
        g.add("b", 1, &[b0], 1.0, 1_000);
        g.finish()
    }

    #[test]
    fn relatives_are_bitsets_and_repulsion_spreads_the_chains() {
        let graph = chains();
        let tasks = Tasks::new(&graph, 0.0, 1.0);
        let options = SimOptions {
            workers: 2,
            bandwidth_mb_s: Some(1.0),
            ..SimOptions::default()
        };
        let camp = Camp::new(&graph, &tasks, &options);
        // Transfers (1,000 µs) keep each chain together, repulsion (two
        // independent tasks: 1,000 / 2 µs each) puts the chains apart.
        let w = &camp.worker_of;
        assert_eq!((w[0], w[2]), (w[1], w[3]), "{w:?}");
        assert_ne!(w[0], w[2], "{w:?}");
        let mut rows = Rows::new(3, 130);
        rows.set(1, 129, true);
        rows.absorb(2, 1);
        rows.absorb(0, 2);
        assert_eq!((rows.count(0), rows.count(1), rows.count(2)), (3, 1, 2));
    }

    #[test]
    fn big_graphs_are_refused_with_the_limits() {
        let mut g = GraphBuilder::new();
        for i in 0..=MAX_CAMP_TASKS as u64 {
            g.add("t", i, &[], 1.0, 0);
        }
        let why = refusal(&g.finish()).expect("too many tasks");
        assert!(
            why.contains("at most 2000 tasks and 50000 edges, got 2001 tasks"),
            "{why}"
        );
        assert_eq!(refusal(&chains()), None);
    }
}
