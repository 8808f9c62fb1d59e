//! Comparisons of the session's graph (every policy under every network
//! model, see `sim::compare`) and graphs of ESTEE's benchmark families. A
//! comparison runs one policy per step of [`Session::compare_step`], so the
//! caller can report progress and stop between two policies.

use super::{Built, Session, SessionError};
use crate::exec::Replay;
use crate::field::FieldError;
use crate::graph::Graph;
use crate::sim::{self, CompareCell, PolicyKind, SimOptions};
use std::sync::Arc;

/// A comparison's state after a step: how far it is, and the cells once done.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareStatus {
    /// Policies done.
    pub done: usize,
    /// Policies in the whole comparison.
    pub total: usize,
    /// The lower bound on any makespan, ms (0 until a policy has run).
    pub lower_ms: f64,
    /// Every cell, policy by policy, once `done == total`.
    pub cells: Option<Vec<CompareCell>>,
}

/// A comparison in progress: its options and the cells so far.
pub(super) struct Comparison {
    base: SimOptions,
    lower_ms: f64,
    cells: Vec<CompareCell>,
    done: usize,
}

impl Session {
    /// Makes the graph of ESTEE's family `family` at `size`, drawn from
    /// `seed` (see `families::generate`), the graph later calls work on; it
    /// runs like an imported graph. A bad name or size, or a graph larger
    /// than the session's import limit, changes nothing.
    pub fn generate(&mut self, family: &str, size: u32, seed: u64) -> Result<&Graph, SessionError> {
        let graph = crate::families::generate(family, size, seed)
            .map_err(|e| FieldError::new(e.field, e.message))?;
        if graph.len() > self.limits.max_tasks {
            return Err(FieldError::new(
                "size",
                format!(
                    "{family} at size {size} has {} tasks, more than the {} this page holds: choose a smaller size",
                    graph.len(),
                    self.limits.max_tasks
                ),
            )
            .into());
        }
        Ok(self.hold(
            Built::Imported(Arc::new(Replay::new(graph))),
            Arc::default(),
        ))
    }

    /// Starts comparing every policy under every network model (free
    /// transfers when `options` has no bandwidth) on the graph, other options
    /// from `options`; advance it with [`Session::compare_step`]. A
    /// comparison already in progress is replaced.
    pub fn start_compare(&mut self, options: &SimOptions) -> Result<CompareStatus, SessionError> {
        options.validate()?;
        let built = self.built()?.clone();
        self.compare = Some((
            built,
            Comparison {
                base: options.clone(),
                lower_ms: 0.0,
                cells: Vec::new(),
                done: 0,
            },
        ));
        self.compare_cancelled = false;
        Ok(CompareStatus {
            done: 0,
            total: PolicyKind::ALL.len(),
            lower_ms: 0.0,
            cells: None,
        })
    }

    /// Simulates policies of the comparison in progress for about
    /// `budget_ms` (at least one); when it is done, returns its cells and
    /// forgets it.
    pub fn compare_step(&mut self, budget_ms: f64) -> Result<CompareStatus, SessionError> {
        if std::mem::take(&mut self.compare_cancelled) {
            return Err(SessionError::Order("comparison cancelled"));
        }
        let (built, c) = self.compare.as_mut().ok_or(SessionError::Order(
            "no comparison in progress: start one first",
        ))?;
        let total = PolicyKind::ALL.len();
        let end = crate::exec::clock::now_us() + budget_ms * 1e3;
        loop {
            let policy = PolicyKind::ALL[c.done];
            let (lower_ms, cells) = sim::compare(built.graph(), &c.base, &[policy])?;
            c.lower_ms = c.lower_ms.max(lower_ms);
            c.cells.extend(cells);
            c.done += 1;
            if c.done == total || crate::exec::clock::now_us() >= end {
                break;
            }
        }
        let (done, lower_ms) = (c.done, c.lower_ms);
        let cells = if done == total {
            self.compare.take().map(|(_, c)| c.cells)
        } else {
            None
        };
        Ok(CompareStatus {
            done,
            total,
            lower_ms,
            cells,
        })
    }
}
