//! The scheduling lab's long work on the session's graph — a simulation, a
//! sweep, a comparison, a cluster-shape sweep — and the lab's calls
//! that start it (feature `lab`).

use super::measured::DaskSections;
use super::work::{Work, CHUNK};
use super::{Built, MeasuredCluster, Session, SessionError, ShapeRequest, ShapeSweep, Within};
use super::{WorkResult, WorkStatus};
use crate::exec::Replay;
use crate::field::FieldError;
use crate::graph::Graph;
use crate::sim::dask::{self, DaskOptions, Shapes};
use crate::sim::{self, Comparison, PolicyKind, SimOptions, Simulation, Sweep};
use crate::trace::Trace;
use std::sync::Arc;

/// The lab's long work in progress.
pub(super) enum LabWork {
    Simulation(Box<Simulation<Built>>),
    Sweep(Sweep<Built>),
    Comparison(Comparison<Built>),
    /// The sweep, and the question it answers (the time asked, s).
    Shapes(Box<Shapes<Built>>, Option<f64>),
}

impl LabWork {
    /// Simulations done and in all, and how far the current one is (0 to 1).
    pub(super) fn progress(&self) -> (usize, usize, f64) {
        match self {
            LabWork::Simulation(s) => (0, 1, s.progress()),
            LabWork::Sweep(s) => (s.done(), s.total(), s.current()),
            LabWork::Comparison(c) => (c.done(), c.total(), c.current()),
            LabWork::Shapes(s, _) => (s.done(), s.total(), s.current()),
        }
    }

    /// Does about `CHUNK` units of work; true when it is all done.
    pub(super) fn step(&mut self) -> bool {
        match self {
            LabWork::Simulation(s) => s.step(CHUNK),
            LabWork::Sweep(s) => s.step(CHUNK),
            LabWork::Comparison(c) => c.step(CHUNK),
            LabWork::Shapes(s, _) => s.step(CHUNK),
        }
    }

    /// What `Session::step` says after `Session::cancel` stopped it.
    pub(super) fn cancelled(&self) -> &'static str {
        match self {
            LabWork::Simulation(_) => "simulation cancelled",
            LabWork::Sweep(_) => "sweep cancelled",
            LabWork::Comparison(_) => "comparison cancelled",
            LabWork::Shapes(..) => "shape sweep cancelled",
        }
    }

    /// The result of work that is all done.
    pub(super) fn finish(self) -> WorkResult {
        match self {
            LabWork::Simulation(s) => WorkResult::Simulation(Box::new(s.finish())),
            LabWork::Sweep(s) => WorkResult::Sweep(s.into_points()),
            LabWork::Comparison(c) => {
                let (lower_ms, cells) = c.into_cells();
                WorkResult::Comparison { lower_ms, cells }
            }
            LabWork::Shapes(s, within_s) => WorkResult::Shapes(shape_sweep(*s, within_s)),
        }
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

impl Session {
    /// Imports `text` (the graph JSON format) under [`Session::limits`]; it
    /// becomes the graph later calls work on. On a bad file, the previous
    /// graph stays. The `measurement` and `dask` sections are read too (a
    /// bad one rejects the file): see [`Session::measured`].
    pub fn load(&mut self, text: &str) -> Result<&Graph, SessionError> {
        let graph = Graph::from_json_with(text, &self.limits).map_err(|e| self.rejected(e))?;
        let dask = DaskSections::read(text, &graph)?;
        let built = Built::Imported(Arc::new(Replay::new(graph)));
        self.hold(built);
        self.dask = dask;
        self.graph()
    }

    /// `trace` (a run of the graph later calls work on, made in the page's
    /// core: `Session::last_trace`) as Chrome trace-event JSON; a trace of
    /// tasks the graph does not have is an error on `trace`.
    pub fn chrome_trace(&self, trace: &Trace) -> Result<String, SessionError> {
        let graph = self.graph()?;
        if trace.events.iter().any(|e| e.task.index() >= graph.len()) {
            return Err(FieldError::new("trace", "names tasks the graph does not have").into());
        }
        Ok(trace.to_chrome_json(graph))
    }

    /// The cluster the imported graph was measured on, with its calibration,
    /// when its file has a `measurement` section.
    pub fn measured(&self) -> Option<MeasuredCluster> {
        self.dask.measurement.as_ref().map(MeasuredCluster::of)
    }

    /// Starts simulating the graph on a cluster; advance it with
    /// [`Session::step`]. Work already in progress is replaced.
    pub fn start_simulate(&mut self, options: &SimOptions) -> Result<WorkStatus, SessionError> {
        let sim = Simulation::new(self.built()?.clone(), options)?;
        Ok(self.begin(Work::Lab(Box::new(LabWork::Simulation(Box::new(sim))))))
    }

    /// Starts a sweep of the graph (every policy at 1…256 workers, other
    /// options from `options`); advance it with [`Session::step`].
    pub fn start_sweep(&mut self, options: &SimOptions) -> Result<WorkStatus, SessionError> {
        let built = self.built()?.clone();
        let sweep = Sweep::new(built, options, &sim::SWEEP_WORKERS, &PolicyKind::SWEPT)?;
        Ok(self.begin(Work::Lab(Box::new(LabWork::Sweep(sweep)))))
    }

    /// Starts comparing every policy under every network model (free
    /// transfers when `options` has no bandwidth) on the graph, other
    /// options from `options`; advance it with [`Session::step`].
    pub fn start_compare(&mut self, options: &SimOptions) -> Result<WorkStatus, SessionError> {
        let built = self.built()?.clone();
        let comparison = Comparison::new(built, options, &PolicyKind::ALL)?;
        Ok(self.begin(Work::Lab(Box::new(LabWork::Comparison(comparison)))))
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
        let shapes = LabWork::Shapes(Box::new(shapes), request.within_s);
        Ok(self.begin(Work::Lab(Box::new(shapes))))
    }
}
