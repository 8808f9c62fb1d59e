//! [`Session`]: what the browser's engine holds between calls — the built
//! pipeline, an imported or generated graph, the run in flight, the last
//! finished run, long work in progress (a simulation, a sweep, a comparison,
//! a cluster-shape sweep: `work`), a graph on its way to or from the page's
//! other wasm instance (`handover`) — as plain Rust, so every order of calls can be
//! tested natively (`tests/session.rs`). The wasm surface (`web::Engine`) is
//! a thin shell that converts JS values in and out. The scheduling lab's
//! calls (importing a graph file, families, simulations, sweeps,
//! comparisons, cluster shapes: `lab`, `families`, `measured`) need the
//! feature `lab`.
//!
//! Rules that keep every call order safe:
//! - a failing call changes nothing;
//! - a run in flight and the last finished run keep the graph they ran (an
//!   `Arc`), so building or loading another graph meanwhile never makes a
//!   trace or an answer refer to the wrong tasks; a new graph drops the
//!   previous graph's finished trace and its work in progress;
//! - at most one run is in flight (a second is refused with a clear error,
//!   never queued) and one piece of long work (a new one replaces it);
//! - a run that may not fit in the memory is refused before it starts.

mod error;
#[cfg(feature = "lab")]
mod families;
mod handover;
#[cfg(feature = "lab")]
mod lab;
#[cfg(feature = "lab")]
mod measured;
mod memory;
mod work;

pub use error::SessionError;
#[cfg(feature = "lab")]
pub use measured::{MeasuredCluster, ShapeRequest, ShapeSweep, Within};
pub use work::{WorkResult, WorkStatus};

use crate::dot::{self, DotOptions};
use crate::etl::{self, Best, Etl, EtlSpec};
use crate::exec::{Progress, Replay, RunError, RunOptions, RunReport};
use crate::field::FieldError;
use crate::graph::{Compute, Graph, ImportLimits, PartsReader, PartsWriter};
use crate::trace::{Trace, TraceEvent};
use std::sync::Arc;

/// A run of `C`: on the rayon pool (native, threaded wasm) or stepped on
/// this thread (single-thread wasm).
#[cfg(feature = "threads")]
type Run<C> = crate::exec::RunHandle<C>;
#[cfg(not(feature = "threads"))]
type Run<C> = crate::exec::Stepper<C>;

/// A graph the session holds: the ETL pipeline, or an imported graph run
/// without task bodies ([`Replay`]). Cloning shares it.
#[derive(Clone)]
enum Built {
    Etl(Arc<Etl>),
    Imported(Arc<Replay>),
}

impl Built {
    fn graph(&self) -> &Graph {
        match self {
            Built::Etl(etl) => etl.graph(),
            Built::Imported(replay) => replay.graph(),
        }
    }
}

/// Long work keeps the graph it works on through a clone of its [`Built`].
impl std::ops::Deref for Built {
    type Target = Graph;

    fn deref(&self) -> &Graph {
        self.graph()
    }
}

/// The run in flight and the graph it runs (an ETL run reads its answer
/// from that pipeline's outputs).
enum ActiveRun {
    Etl(Run<Etl>, Arc<Etl>),
    Imported(Run<Replay>, Arc<Replay>),
}

/// Evaluates `$body` with `$run` bound to the run inside an [`ActiveRun`].
macro_rules! on_run {
    ($active:expr, $run:ident => $body:expr) => {
        match $active {
            ActiveRun::Etl($run, _) => $body,
            ActiveRun::Imported($run, _) => $body,
        }
    };
}

/// A finished run's report without the task outputs, and its answer (the
/// best pair; none for an imported graph).
pub struct Finished {
    /// The best pair (ETL runs only).
    pub best: Option<Best>,
    /// Timings and trace.
    pub report: RunReport<()>,
}

/// See the [module docs](self).
pub struct Session {
    /// Bytes of memory the session lives in (a page's wasm memory).
    memory: usize,
    /// What `load` accepts, derived from `memory`.
    limits: ImportLimits,
    built: Option<Built>,
    /// The `measurement` and `dask` sections of the imported graph's file.
    #[cfg(feature = "lab")]
    dask: measured::DaskSections,
    run: Option<ActiveRun>,
    /// How much of each slot's trace the caller has already received.
    cursors: Vec<usize>,
    /// The last finished run's trace, with the graph it ran.
    last_run: Option<(Built, Trace)>,
    /// The long work in progress (it holds the graph it works on).
    work: Option<work::Work>,
    /// The graph being sent to the other instance (`handover`).
    outgoing: Option<PartsWriter<Built>>,
    /// The graph being received from the other instance, until it is whole.
    incoming: Option<PartsReader>,
    /// What was cancelled, until the caller's next step is told.
    cancelled: Option<&'static str>,
}

impl Session {
    /// A session with nothing built, living in `memory` bytes (a page's
    /// wasm memory), which sets its [`ImportLimits`].
    pub fn new(memory: usize) -> Session {
        Session {
            memory,
            limits: ImportLimits::for_memory(memory),
            built: None,
            #[cfg(feature = "lab")]
            dask: measured::DaskSections::default(),
            run: None,
            cursors: Vec::new(),
            last_run: None,
            work: None,
            outgoing: None,
            incoming: None,
            cancelled: None,
        }
    }

    /// Builds the ETL pipeline for `spec`; it becomes the graph later calls
    /// work on. On a bad spec, the previous graph stays.
    pub fn build(&mut self, spec: &EtlSpec) -> Result<&Graph, SessionError> {
        let etl = etl::build(spec)?;
        Ok(self.hold(Built::Etl(Arc::new(etl))))
    }

    /// Makes `graph`, made elsewhere (the page's other wasm instance), the
    /// graph later calls work on; it runs like an imported graph (replayed).
    pub fn adopt(&mut self, graph: Graph) -> &Graph {
        self.hold(Built::Imported(Arc::new(Replay::new(graph))))
    }

    /// Makes `built` the graph later calls work on. The last finished run
    /// and work in progress belonged to the old graph: they go (and free
    /// its memory); a run in flight keeps its own graph to the end.
    /// Its file sections (feature `lab`) are none until the caller sets them.
    fn hold(&mut self, built: Built) -> &Graph {
        self.last_run = None;
        self.work = None;
        #[cfg(feature = "lab")]
        {
            self.dask = measured::DaskSections::default();
        }
        self.built.insert(built).graph()
    }

    /// The graph later calls work on.
    pub fn graph(&self) -> Result<&Graph, SessionError> {
        Ok(self.built()?.graph())
    }

    fn built(&self) -> Result<&Built, SessionError> {
        self.built.as_ref().ok_or(SessionError::Order(
            "nothing built yet: call build or load first",
        ))
    }

    /// Starts running the graph with `options` and returns at once; follow
    /// it with [`Session::poll`] and [`Session::take_result`].
    pub fn start_run(&mut self, options: RunOptions) -> Result<(), SessionError> {
        if self.run.is_some() {
            return Err(SessionError::Order(
                "a run is already in progress: cancel it first",
            ));
        }
        self.run_fits()?;
        let run = match self.built()? {
            Built::Etl(etl) => ActiveRun::Etl(start(Arc::clone(etl), options)?, Arc::clone(etl)),
            Built::Imported(r) => {
                ActiveRun::Imported(start(Arc::clone(r), options)?, Arc::clone(r))
            }
        };
        self.run = Some(run);
        self.cursors.clear();
        Ok(())
    }

    /// Advances the run (single-thread build: works for up to `budget_ms`;
    /// threaded: only looks); true when it has finished or none is in flight.
    pub fn poll(&mut self, budget_ms: f64) -> bool {
        match &mut self.run {
            None => true,
            Some(active) => on_run!(active, run => advance(run, budget_ms)),
        }
    }

    /// Live per-prefix-group counts of the run in flight.
    pub fn progress(&self) -> Option<Progress> {
        self.run
            .as_ref()
            .map(|active| on_run!(active, run => run.progress()))
    }

    /// One byte per task of the run in flight (see `exec::TaskState`).
    pub fn task_states(&self) -> Option<Vec<u8>> {
        self.run
            .as_ref()
            .map(|active| on_run!(active, run => run.task_states()))
    }

    /// Trace events of the run in flight recorded since the last call.
    pub fn trace_tail(&mut self) -> Option<Vec<TraceEvent>> {
        let cursors = &mut self.cursors;
        self.run
            .as_ref()
            .map(|active| on_run!(active, run => run.events_since(cursors)))
    }

    /// Asks the run in flight, the work in progress and a hand-over to
    /// stop: the run finishes as cancelled, the work and the hand-over are
    /// dropped at once (the next [`Session::step`], `send` or `receive`
    /// says so).
    pub fn cancel(&mut self) {
        if let Some(active) = &mut self.run {
            on_run!(active, run => run.cancel());
        }
        if self.outgoing.take().is_some() {
            self.cancelled = Some(handover::CANCELLED);
        }
        if self.incoming.take().is_some() {
            self.cancelled = Some(handover::CANCELLED);
        }
        if let Some(work) = self.work.take() {
            self.cancelled = Some(work.cancelled());
        }
    }

    /// The finished run's outcome (its error names a failed task, or says
    /// it was cancelled); clears the run. Errors without clearing when no
    /// run is in flight or it has not finished.
    pub fn take_result(&mut self) -> Result<Finished, SessionError> {
        let active = self
            .run
            .as_mut()
            .ok_or(SessionError::Order("no run in flight"))?;
        let not_yet = SessionError::Order("the run has not finished yet");
        let (built, outcome) = match active {
            ActiveRun::Etl(run, etl) => {
                let outcome = run.take_result().ok_or(not_yet)?;
                let finished = outcome.map(|report| Finished {
                    best: etl.answer(&report),
                    report: without_outputs(report),
                });
                (Built::Etl(Arc::clone(etl)), finished)
            }
            ActiveRun::Imported(run, replay) => {
                let outcome = run.take_result().ok_or(not_yet)?;
                let finished = outcome.map(|report| Finished {
                    best: None,
                    report: without_outputs(report),
                });
                (Built::Imported(Arc::clone(replay)), finished)
            }
        };
        self.run = None;
        let finished = outcome?;
        self.last_run = Some((built, finished.report.trace.clone()));
        Ok(finished)
    }

    /// The graph as `json` (the graph format, with the scheduling lab:
    /// feature `lab`) or `dot`.
    pub fn export_graph(&self, format: &str) -> Result<String, SessionError> {
        let graph = self.graph()?;
        match format {
            #[cfg(feature = "lab")]
            "json" => Ok(graph.to_json()),
            #[cfg(not(feature = "lab"))]
            "json" => Err(SessionError::Order(
                "the JSON export is the scheduling lab's: ask the lab",
            )),
            "dot" => Ok(dot::to_dot(graph, &DotOptions::default())),
            other => Err(FieldError::new(
                "format",
                format!("must be json or dot, got {:?}", shorten(other)),
            )
            .into()),
        }
    }

    /// The spec of the pipeline the session holds (an imported graph has none).
    pub fn spec(&self) -> Result<&EtlSpec, SessionError> {
        match self.built()? {
            Built::Etl(etl) => Ok(etl.spec()),
            Built::Imported(_) => Err(SessionError::Order(
                "the Dask script exports the ETL pipeline: an imported graph has no task bodies",
            )),
        }
    }

    /// The pipeline as a runnable Dask script (see `export`; feature `lab`).
    #[cfg(feature = "lab")]
    pub fn export_dask(&self) -> Result<String, SessionError> {
        Ok(crate::export::dask_script(self.spec()?)?)
    }

    /// The last finished run's trace as Chrome trace-event JSON, named by
    /// the keys of the graph that run ran (whatever is built now).
    pub fn export_trace(&self) -> Result<String, SessionError> {
        let (built, trace) = self.last_run()?;
        Ok(trace.to_chrome_json(built.graph()))
    }

    /// The last finished run's trace, and whether that run ran the graph
    /// later calls work on (a run keeps the graph it ran: another may have
    /// been built or loaded meanwhile). The page's lab writes its Chrome
    /// trace JSON with the keys of the graph it ran, handed over
    /// (`Session::start_send`, `Session::chrome_trace`).
    pub fn last_trace(&self) -> Result<(&Trace, bool), SessionError> {
        let (built, trace) = self.last_run()?;
        let current = self.graph().is_ok_and(|g| std::ptr::eq(built.graph(), g));
        Ok((trace, current))
    }

    fn last_run(&self) -> Result<&(Built, Trace), SessionError> {
        self.last_run
            .as_ref()
            .ok_or(SessionError::Order("no finished run yet"))
    }
}

/// At most 40 characters of `s`, for echoing a bad value.
fn shorten(s: &str) -> &str {
    s.char_indices().nth(40).map_or(s, |(cut, _)| &s[..cut])
}

/// `report` without its task outputs.
fn without_outputs<V>(report: RunReport<V>) -> RunReport<()> {
    RunReport {
        trace: report.trace,
        outputs: Vec::new(),
        threads: report.threads,
        makespan_us: report.makespan_us,
        work_us: report.work_us,
        overhead_us_per_task: report.overhead_us_per_task,
    }
}

/// Starts a run of `job`.
#[cfg(feature = "threads")]
fn start<C: Compute + 'static>(job: Arc<C>, options: RunOptions) -> Result<Run<C>, RunError> {
    crate::exec::RunHandle::start(job, options)
}

/// Starts a run of `job`.
#[cfg(not(feature = "threads"))]
fn start<C: Compute + 'static>(job: Arc<C>, options: RunOptions) -> Result<Run<C>, RunError> {
    crate::exec::Stepper::new(job, options)
}

/// Whether the run is over (threaded: only looks).
#[cfg(feature = "threads")]
fn advance<C: Compute + 'static>(run: &mut Run<C>, _budget_ms: f64) -> bool {
    run.is_finished()
}

/// Works on the run for up to `budget_ms`; whether it is over.
#[cfg(not(feature = "threads"))]
fn advance<C: Compute + 'static>(run: &mut Run<C>, budget_ms: f64) -> bool {
    run.step(budget_ms)
}
