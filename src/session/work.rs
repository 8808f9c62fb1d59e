//! Long work on the session's graph — a simulation, a sweep, a comparison,
//! a cluster-shape sweep — or on the next one (building a pipeline), one at a time, advanced by [`Session::step`] for
//! about a time budget (even within one simulation of a large graph), so the
//! caller can report progress and stop it between two steps
//! ([`Session::cancel`]).

use super::{Built, Session, SessionError, ShapeRequest, ShapeSweep, Within};
use crate::etl::{Building, Etl, EtlSpec};
use crate::sim::dask::{self, DaskOptions, Shapes};
use crate::sim::{
    self, CompareCell, Comparison, PolicyKind, SimOptions, SimReport, Simulation, Sweep, SweepPoint,
};
use std::sync::Arc;

/// Units of work (events, task placements) between two looks at the clock:
/// well under a millisecond of events; a few ms when each unit is an ETF or
/// DLS placement scoring 512 ready tasks, or a genetic candidate schedule.
const CHUNK: usize = 256;

/// The long work in progress.
pub(super) enum Work {
    Simulation(Box<Simulation<Built>>),
    Sweep(Sweep<Built>),
    Comparison(Comparison<Built>),
    /// The sweep, and the question it answers (the time asked, s).
    Shapes(Box<Shapes<Built>>, Option<f64>),
    /// A pipeline being built; it becomes the session's graph when done.
    Build(Box<Building>),
}

impl Work {
    /// Simulations (a build: tasks) done and in all, and how far the
    /// current one is (0 to 1).
    fn progress(&self) -> (usize, usize, f64) {
        match self {
            Work::Build(b) => (b.done(), b.total(), 0.0),
            Work::Simulation(s) => (0, 1, s.progress()),
            Work::Sweep(s) => (s.done(), s.total(), s.current()),
            Work::Comparison(c) => (c.done(), c.total(), c.current()),
            Work::Shapes(s, _) => (s.done(), s.total(), s.current()),
        }
    }

    /// Does about `CHUNK` units of work; true when it is all done.
    fn step(&mut self) -> bool {
        match self {
            Work::Simulation(s) => s.step(CHUNK),
            Work::Sweep(s) => s.step(CHUNK),
            Work::Comparison(c) => c.step(CHUNK),
            Work::Shapes(s, _) => s.step(CHUNK),
            Work::Build(b) => b.step(CHUNK),
        }
    }

    /// What [`Session::step`] says after [`Session::cancel`] stopped it.
    pub(super) fn cancelled(&self) -> &'static str {
        match self {
            Work::Simulation(_) => "simulation cancelled",
            Work::Sweep(_) => "sweep cancelled",
            Work::Comparison(_) => "comparison cancelled",
            Work::Shapes(..) => "shape sweep cancelled",
            Work::Build(_) => "build cancelled",
        }
    }

    /// The result of work that is all done (a build fails on a `fail` key
    /// no task has).
    fn finish(self) -> Result<WorkResult, SessionError> {
        Ok(match self {
            Work::Simulation(s) => WorkResult::Simulation(Box::new(s.finish())),
            Work::Sweep(s) => WorkResult::Sweep(s.into_points()),
            Work::Comparison(c) => {
                let (lower_ms, cells) = c.into_cells();
                WorkResult::Comparison { lower_ms, cells }
            }
            Work::Shapes(s, within_s) => WorkResult::Shapes(shape_sweep(*s, within_s)),
            Work::Build(b) => WorkResult::Built(Arc::new(b.finish()?)),
        })
    }
}

/// The sweep's points, with the smallest shape within `within_s` seconds.
fn shape_sweep(shapes: Shapes<Built>, within_s: Option<f64>) -> ShapeSweep {
    let calibrated = shapes.calibrated();
    let (host_cores, host_from_file) = shapes.host();
    let shapes = shapes.into_points();
    let within = within_s.map(|seconds| {
        let best = dask::smallest_within(&shapes, seconds * 1e3).map(|p| &p.report);
        Within {
            seconds,
            shape: best.map(|r| [r.workers, r.threads_per_worker]),
            makespan_ms: best.map(|r| r.makespan_ms),
        }
    });
    ShapeSweep {
        shapes,
        calibrated,
        host_cores,
        host_from_file,
        within,
    }
}

/// The result of long work.
#[derive(Clone, Debug)]
pub enum WorkResult {
    /// A simulation's report.
    Simulation(Box<SimReport>),
    /// A sweep's points.
    Sweep(Vec<SweepPoint>),
    /// A comparison's lower bound on any makespan (ms) and its cells.
    Comparison {
        /// The lower bound, ms.
        lower_ms: f64,
        /// Every cell, policy by policy.
        cells: Vec<CompareCell>,
    },
    /// A cluster-shape sweep.
    Shapes(ShapeSweep),
    /// A built pipeline, now the graph later calls work on.
    Built(Arc<Etl>),
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
    /// The result, once `done == total`.
    pub result: Option<WorkResult>,
}

impl Session {
    /// Starts simulating the graph on a cluster; advance it with
    /// [`Session::step`]. Work already in progress is replaced.
    pub fn start_simulate(&mut self, options: &SimOptions) -> Result<WorkStatus, SessionError> {
        let sim = Simulation::new(self.built()?.clone(), options)?;
        Ok(self.begin(Work::Simulation(Box::new(sim))))
    }

    /// Starts a sweep of the graph (every policy at 1…256 workers, other
    /// options from `options`); advance it with [`Session::step`].
    pub fn start_sweep(&mut self, options: &SimOptions) -> Result<WorkStatus, SessionError> {
        let built = self.built()?.clone();
        let sweep = Sweep::new(built, options, &sim::SWEEP_WORKERS, &PolicyKind::SWEPT)?;
        Ok(self.begin(Work::Sweep(sweep)))
    }

    /// Starts comparing every policy under every network model (free
    /// transfers when `options` has no bandwidth) on the graph, other
    /// options from `options`; advance it with [`Session::step`].
    pub fn start_compare(&mut self, options: &SimOptions) -> Result<WorkStatus, SessionError> {
        let built = self.built()?.clone();
        let comparison = Comparison::new(built, options, &PolicyKind::ALL)?;
        Ok(self.begin(Work::Comparison(comparison)))
    }

    /// Starts the calibrated Dask model's sweep over every cluster shape
    /// ([`dask::SHAPE_WORKERS`] × [`dask::SHAPE_THREADS`]): the Pareto front
    /// of makespan against core-seconds, and the smallest shape that
    /// finishes within `request.within_s`. Uses the file's measurement when
    /// it has one (else: no overheads, free transfers) and its `dask`
    /// section's priorities and p2p shuffle volumes. Advance it with
    /// [`Session::step`].
    pub fn start_shapes(&mut self, request: &ShapeRequest) -> Result<WorkStatus, SessionError> {
        request.validate()?;
        let built = self.built()?.clone();
        let options = DaskOptions {
            time_scale: request.time_scale,
            host_cores: request.host_cores,
            ..DaskOptions::default()
        };
        let shapes = Shapes::new(
            built,
            self.dask.file(),
            &options,
            &dask::SHAPE_WORKERS,
            &dask::SHAPE_THREADS,
        )?;
        Ok(self.begin(Work::Shapes(Box::new(shapes), request.within_s)))
    }

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
    fn begin(&mut self, work: Work) -> WorkStatus {
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
        let work = self
            .work
            .as_mut()
            .ok_or(SessionError::Order("no work in progress: start one first"))?;
        let end = crate::exec::clock::now_us() + budget_ms * 1e3;
        let over = loop {
            if work.step() {
                break true;
            }
            if crate::exec::clock::now_us() >= end {
                break false;
            }
        };
        let (done, total, current) = work.progress();
        let result = match self.work.take() {
            Some(work) if over => Some(work.finish()?),
            other => {
                self.work = other;
                None
            }
        };
        if let Some(WorkResult::Built(etl)) = &result {
            self.hold(
                Built::Etl(etl.clone()),
                super::measured::DaskSections::default(),
            );
        }
        Ok(WorkStatus {
            done: if over { total } else { done },
            total,
            current: if over { 1.0 } else { current },
            result,
        })
    }
}
