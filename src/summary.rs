//! What the views show of a whole graph when it is built or opened: its
//! stats, the size of every prefix group, each task's group and the drawing
//! (DOT, grouped by prefix for big graphs). [`Summarizing`] computes it in
//! bounded steps, so the page's engine can report progress and stop between
//! two steps even at millions of tasks; [`Summary::of`] is all the steps at
//! once, with the same result.

use crate::dot::{self, DotColor, DotOptions, GroupTally};
use crate::graph::{Graph, GraphStats, StatsPass, TaskId};

/// The summary of a graph; see the [module docs](self).
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Work, span, critical path, level widths.
    pub stats: GraphStats,
    /// Tasks in each prefix group ([`Graph::groups`]), by group index.
    pub group_counts: Vec<usize>,
    /// Each task's group index, by task id.
    pub group_of: Vec<u32>,
    /// The drawing, function nodes coloured by prefix.
    pub dot: String,
    /// Whether the drawing has one node per prefix group instead of per task.
    pub grouped: bool,
}

/// The options of the summary's drawing.
const DRAWING: DotOptions = DotOptions {
    color: DotColor::Prefix,
    group_above: dot::GROUP_ABOVE,
};

impl Summary {
    /// The summary of `graph`, in one call.
    pub fn of(graph: &Graph) -> Summary {
        let mut summarizing = Summarizing::new(graph);
        while !summarizing.step(graph, usize::MAX) {}
        summarizing.finish(graph)
    }
}

/// A [`Summary`] in progress: the stats' passes ([`StatsPass`]), then one
/// pass over the tasks that counts the groups and what a grouped drawing
/// shows; the text of the drawing (at most 20 groups, or at most
/// [`dot::GROUP_ABOVE`] tasks) is written at the end. Every call is given
/// the graph [`Summarizing::new`] was.
///
/// ```
/// use dagsim::etl::{build, EtlSpec};
/// use dagsim::summary::{Summarizing, Summary};
/// let etl = build(&EtlSpec::default()).unwrap();
/// let graph = etl.graph();
/// let mut summarizing = Summarizing::new(graph);
/// while !summarizing.step(graph, 10) {}
/// assert_eq!(summarizing.finish(graph), Summary::of(graph));
/// ```
#[derive(Clone, Debug)]
pub struct Summarizing {
    stats: StatsPass,
    stats_done: bool,
    tally: GroupTally,
    /// The groups of the tasks counted so far.
    group_of: Vec<u32>,
}

impl Summarizing {
    /// The summary of `graph`, nothing done yet.
    pub fn new(graph: &Graph) -> Summarizing {
        Summarizing {
            stats: StatsPass::new(graph),
            stats_done: false,
            tally: GroupTally::new(graph),
            group_of: Vec::with_capacity(graph.len()),
        }
    }

    /// Works for about `units` units (a task and each of its dependencies
    /// one per pass), at least one task; true when all is counted.
    pub fn step(&mut self, graph: &Graph, units: usize) -> bool {
        if !self.stats_done {
            self.stats_done = self.stats.step(graph, units);
            return false;
        }
        let mut left = units.max(1);
        while left > 0 && self.group_of.len() < graph.len() {
            let id = TaskId(self.group_of.len() as u32);
            left = left.saturating_sub(1 + graph.deps(id).len());
            self.tally.add(graph, id);
            self.group_of.push(graph.group_index(id) as u32);
        }
        self.group_of.len() == graph.len()
    }

    /// How far the summary is, 0 to 1 (three passes over the tasks).
    pub fn progress(&self, graph: &Graph) -> f64 {
        if self.stats_done {
            (2.0 + self.group_of.len() as f64 / graph.len().max(1) as f64) / 3.0
        } else {
            2.0 * self.stats.progress(graph) / 3.0
        }
    }

    /// The summary (finishing the passes first).
    pub fn finish(mut self, graph: &Graph) -> Summary {
        while !self.step(graph, usize::MAX) {}
        let grouped = dot::is_grouped(graph, &DRAWING);
        Summary {
            stats: self.stats.finish(graph),
            dot: if grouped {
                self.tally.to_dot(graph, &DRAWING)
            } else {
                dot::to_dot(graph, &DRAWING)
            },
            grouped,
            group_counts: self.tally.counts().to_vec(),
            group_of: self.group_of,
        }
    }
}
