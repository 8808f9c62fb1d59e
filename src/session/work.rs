//! Long work on the session's graph — a simulation, a sweep, a comparison,
//! a cluster-shape sweep (the lab's: `lab`) — or on the next one (building
//! a pipeline, then its summary; checking a graph from the other instance), one at a time, advanced by [`Session::step`] for
//! about a time budget (even within one simulation of a large graph), so the
//! caller can report progress and stop it between two steps
//! ([`Session::cancel`]).

#[cfg(feature = "lab")]
use super::lab::LabWork;
#[cfg(feature = "lab")]
use super::ShapeSweep;
use super::{Built, Session, SessionError};
use crate::etl::{Building, Etl, EtlSpec};
use crate::graph::{Adopting, Graph};
#[cfg(feature = "lab")]
use crate::sim::{CompareCell, SimReport, SweepPoint};
use crate::summary::{Summarizing, Summary};
use std::sync::Arc;

/// Units of work (events, task placements) between two looks at the clock:
/// well under a millisecond of events; a few ms when each unit is an ETF or
/// DLS placement scoring 512 ready tasks, or a genetic candidate schedule.
pub(super) const CHUNK: usize = 256;

/// The long work in progress.
pub(super) enum Work {
    /// A simulation, sweep, comparison or cluster-shape sweep.
    #[cfg(feature = "lab")]
    Lab(Box<LabWork>),
    /// A pipeline being built: its tasks added…
    Build(Box<Building>),
    /// …then summarized; it becomes the session's graph when done.
    Summary(Arc<Etl>, Box<Summarizing>),
    /// A graph from the page's other instance, checked task by task
    /// (`handover`); it becomes the session's graph when done.
    Adopt(Box<Adopting>),
}

/// What follows work that is all done: more work (a built pipeline's
/// summary), or the result.
enum Next {
    Work(Box<Work>),
    Result(WorkResult),
    /// A checked graph from the other instance, to adopt.
    Adopted(Box<Graph>),
}

impl Work {
    /// Simulations (a build: tasks) done and in all, and how far the
    /// current one is (0 to 1).
    fn progress(&self) -> (usize, usize, f64) {
        match self {
            Work::Build(b) => (b.done(), b.total(), 0.0),
            // Every task is added: the page shows the build as done while
            // its summary is made (a few slices at most).
            Work::Summary(etl, _) => (etl.graph().len(), etl.graph().len(), 0.0),
            Work::Adopt(a) => (a.done(), a.total(), 0.0),
            #[cfg(feature = "lab")]
            Work::Lab(w) => w.progress(),
        }
    }

    /// Does about `CHUNK` units of work; true when it is all done.
    fn step(&mut self) -> bool {
        match self {
            #[cfg(feature = "lab")]
            Work::Lab(w) => w.step(),
            Work::Build(b) => b.step(CHUNK),
            Work::Summary(etl, s) => s.step(etl.graph(), CHUNK),
            Work::Adopt(a) => a.step(CHUNK),
        }
    }

    /// What [`Session::step`] says after [`Session::cancel`] stopped it.
    pub(super) fn cancelled(&self) -> &'static str {
        match self {
            #[cfg(feature = "lab")]
            Work::Lab(w) => w.cancelled(),
            Work::Build(_) | Work::Summary(..) => "build cancelled",
            Work::Adopt(_) => super::handover::CANCELLED,
        }
    }

    /// What follows work that is all done: the result, or the next part of
    /// the work (a build fails on a `fail` key no task has).
    fn finish(self) -> Result<Next, SessionError> {
        let result = match self {
            #[cfg(feature = "lab")]
            Work::Lab(w) => w.finish(),
            Work::Build(b) => {
                let etl = Arc::new(b.finish()?);
                let summarizing = Box::new(Summarizing::new(etl.graph()));
                return Ok(Next::Work(Box::new(Work::Summary(etl, summarizing))));
            }
            Work::Summary(etl, s) => WorkResult::Built {
                summary: Box::new(s.finish(etl.graph())),
                etl,
            },
            Work::Adopt(a) => return Ok(Next::Adopted(Box::new(a.finish()?))),
        };
        Ok(Next::Result(result))
    }
}

/// The result of long work.
#[derive(Clone, Debug)]
pub enum WorkResult {
    #[cfg(feature = "lab")]
    /// A simulation's report.
    Simulation(Box<SimReport>),
    #[cfg(feature = "lab")]
    /// A sweep's points.
    Sweep(Vec<SweepPoint>),
    #[cfg(feature = "lab")]
    /// A comparison's lower bound on any makespan (ms) and its cells.
    Comparison {
        /// The lower bound, ms.
        lower_ms: f64,
        /// Every cell, policy by policy.
        cells: Vec<CompareCell>,
    },
    #[cfg(feature = "lab")]
    /// A cluster-shape sweep.
    Shapes(ShapeSweep),
    /// A graph from the page's other instance, now the graph later calls
    /// work on (see `Session::receive`).
    Adopted,
    /// A built pipeline, now the graph later calls work on, and its summary.
    Built {
        /// The pipeline.
        etl: Arc<Etl>,
        /// What the views show of its graph.
        summary: Box<Summary>,
    },
}

/// How far long work is, and its result once it is done.
#[derive(Clone, Debug)]
pub struct WorkStatus {
    /// Simulations (a build: tasks) done.
    pub done: usize,
    /// Simulations (a build: tasks) in all.
    pub total: usize,
    /// How far the simulation in progress is, 0 to 1.
    pub current: f64,
    /// The result, once the work is over (`done == total` then; a build
    /// reports `done == total` while it makes its summary, before it is over).
    pub result: Option<WorkResult>,
}

impl Session {
    /// Starts building the ETL pipeline for `spec`; advance it with
    /// [`Session::step`], which ends with [`WorkResult::Built`] and makes it
    /// the graph later calls work on. Until then, and when the build is
    /// cancelled or fails, the previous graph stays. Work already in
    /// progress is replaced.
    pub fn start_build(&mut self, spec: &EtlSpec) -> Result<WorkStatus, SessionError> {
        let building = Building::new(spec)?;
        Ok(self.begin(Work::Build(Box::new(building))))
    }

    /// Makes `work` the work in progress; its status before any step.
    pub(super) fn begin(&mut self, work: Work) -> WorkStatus {
        let (done, total, current) = work.progress();
        self.work = Some(work);
        self.cancelled = None;
        WorkStatus {
            done,
            total,
            current,
            result: None,
        }
    }

    /// Works on the work in progress for about `budget_ms` (at least one
    /// chunk of `CHUNK` units); when it is done, returns its result and
    /// forgets it. After [`Session::cancel`], says once what was cancelled.
    pub fn step(&mut self, budget_ms: f64) -> Result<WorkStatus, SessionError> {
        if let Some(what) = self.cancelled.take() {
            return Err(SessionError::Order(what));
        }
        let mut work = self
            .work
            .take()
            .ok_or(SessionError::Order("no work in progress: start one first"))?;
        let end = crate::exec::clock::now_us() + budget_ms * 1e3;
        // Fails (dropping the work) when a build's `fail` key names no task,
        // or a graph from the other instance breaks an invariant.
        let (result, (done, total, current)) = loop {
            if work.step() {
                let progress = work.progress();
                match work.finish()? {
                    Next::Result(result) => break (Some(result), progress),
                    Next::Work(next) => work = *next,
                    Next::Adopted(graph) => {
                        self.adopt(*graph);
                        break (Some(WorkResult::Adopted), progress);
                    }
                }
            }
            if crate::exec::clock::now_us() >= end {
                let progress = work.progress();
                self.work = Some(work);
                break (None, progress);
            }
        };
        let over = result.is_some();
        if let Some(WorkResult::Built { etl, .. }) = &result {
            self.hold(Built::Etl(etl.clone()));
        }
        Ok(WorkStatus {
            done: if over { total } else { done },
            total,
            current: if over { 1.0 } else { current },
            result,
        })
    }
}
