//! t-level list scheduling: one global queue ordered by top level — the
//! longest chain of durations from a source to the task, i.e. its earliest
//! possible start — smallest first, so tasks run roughly in the order an
//! unbounded machine would start them. Plain `t-level`: the next free thread
//! takes the head; `t-level-gt` (ESTEE's tlevel-gt): it goes to the free
//! worker with the fewest input bytes to fetch. Source: Kwok & Ahmad,
//! "Static scheduling algorithms for allocating directed task graphs to
//! multiprocessors" (1999), §2; Beránek et al. 2022 for the `-gt` choice.
//! The queue and the worker choice are b-level's [`LevelList`].

use super::super::tasks::Tasks;
use super::b_level::LevelList;
use super::levels::top_levels_us;
use crate::graph::Graph;

impl LevelList {
    /// t-level for `graph`, with the `-gt` worker choice if `greedy_transfer`.
    pub(super) fn t_level(graph: &Graph, tasks: &Tasks, greedy_transfer: bool) -> Self {
        LevelList {
            top_us: Some(top_levels_us(graph, tasks)),
            greedy_transfer,
            held: Default::default(),
        }
    }
}
