//! The cluster simulator: how fast would a graph run on P workers × T
//! threads, under which scheduler? A discrete-event simulation in the spirit
//! of ESTEE: the event loop (`engine`), the cluster model (`cluster`: thread
//! slots, queues, rankings of workers), the network model (`network`) and
//! the trace are policy-free; each scheduling policy is one file under
//! `policy`. `tasks` packs per-task state and `queue` orders ready tasks.
//! What the policy knows of durations and sizes is `estimate`'s (the
//! information modes); how often it may decide is `decisions`' (the
//! minimal scheduling interval).
//! The schedule comes out in the executor's trace format, so the page draws
//! simulated and measured runs with the same views.
//!
//! Deterministic: the same graph and options give the same schedule, run
//! at once or in steps ([`Simulation`], and the [`Sweep`] and
//! [`Comparison`] of many). Cost:
//! O((tasks + edges) · log) time in flat vectors (queues grow amortised, no
//! allocation per event); about 0.3–0.8 µs per task natively on a 1M-task
//! ETL graph over 64 workers.
//!
//! Only the options (`options`: what may be asked, and the ranges the page
//! shows) are in every build; the rest is the scheduling lab (feature `lab`).

mod options;

pub use options::{
    Information, NetworkKind, PolicyKind, SimOptions, MAX_DOWNLOADS, MAX_NOISE,
    MAX_SCHEDULING_INTERVAL_US, MAX_THREADS_PER_WORKER, MAX_WORKERS,
};

cfg_if::cfg_if! {
    if #[cfg(feature = "lab")] {
        mod cluster;
        mod compare;
        pub mod dask;
        mod decisions;
        mod engine;
        mod estimate;
        mod network;
        mod policy;
        mod queue;
        mod simulation;
        mod sweep;
        mod tasks;
        mod waiting;

        pub use compare::{compare, CompareCell, Comparison};
        pub use network::Transfer;
        pub use simulation::Simulation;
        pub use sweep::{sweep, Sweep, SweepPoint, SWEEP_WORKERS};

        use crate::field::FieldError;
        use crate::graph::Graph;
        use crate::trace::Trace;
        use serde::Serialize;

        /// Lower bounds on the makespan, in ms.
        #[derive(Clone, Copy, Debug, PartialEq, Serialize)]
        pub struct Bounds {
            /// Total work spread perfectly over every thread: work / (P × T), a
            /// task of `k` threads counting `k` times its duration.
            pub work_ms: f64,
            /// The critical path: no schedule is shorter.
            pub span_ms: f64,
            /// The larger of the two.
            pub lower_ms: f64,
        }

        /// The result of one simulation.
        #[derive(Clone, Debug, Serialize)]
        pub struct SimReport {
            /// The policy simulated.
            pub policy: PolicyKind,
            /// The network model.
            pub network: NetworkKind,
            /// Workers × threads per worker.
            pub workers: u32,
            /// Threads per worker.
            pub threads_per_worker: u32,
            /// From the start to the last task's end, ms.
            pub makespan_ms: f64,
            /// Busy thread time over available thread time (P × T × makespan).
            pub utilisation: f64,
            /// Busy thread time per worker, ms.
            pub busy_ms_per_worker: Vec<f64>,
            /// Lower bounds at this cluster size (without overheads or transfers).
            pub bounds: Bounds,
            /// Transfers between workers.
            pub transfers: u64,
            /// Bytes moved between workers.
            pub transferred_bytes: u64,
            /// Every transfer between workers, in the order requested (none when
            /// the network is free); left out of the JSON, sent to the page as
            /// columns.
            #[serde(skip)]
            pub transfer_log: Vec<Transfer>,
            /// The schedule; `thread` is `worker × threads_per_worker + slot`, one
            /// event per thread a task occupies.
            #[serde(skip)]
            pub trace: Trace,
        }

        /// `Ok` when every task of `graph` fits on a worker of
        /// `threads_per_worker` threads; else an error on `threads_per_worker`
        /// naming the task that needs the most.
        pub fn fits_threads(graph: &Graph, threads_per_worker: u32) -> Result<(), FieldError> {
            match graph.most_threads() {
                Some((task, k)) if k > threads_per_worker => Err(FieldError::new(
                    "threads_per_worker",
                    format!(
                        "must be between {k} and {MAX_THREADS_PER_WORKER} for this graph, got {threads_per_worker} (task {:?} needs {k} threads of one worker)",
                        graph.key(task)
                    ),
                )),
                _ => Ok(()),
            }
        }

        /// Thread time of all tasks, ms: each duration times the threads it
        /// occupies (`work_ms`, the durations summed, when every task needs one).
        pub(super) fn thread_work_ms(graph: &Graph, work_ms: f64) -> f64 {
            match graph.most_threads() {
                None => work_ms,
                Some(_) => graph
                    .ids()
                    .map(|id| graph.duration_ms(id) * f64::from(graph.threads(id)))
                    .sum(),
            }
        }

        /// Simulates `graph` under `options` (all at once; [`Simulation`] runs
        /// one in steps).
        pub fn simulate(graph: &Graph, options: &SimOptions) -> Result<SimReport, FieldError> {
            Ok(Simulation::new(graph, options)?.finish())
        }
    }
}
