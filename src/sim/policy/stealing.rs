//! Idle-thread stealing, the victim choice shared by the stealing policies:
//! a worker with a free thread and nothing to run takes the next task of the
//! longest queue (lowest index on ties), one task per free thread, like
//! Dask's stealing that keeps moving tasks while workers sit idle. The
//! engine offers the work to idle workers (lowest index first) whenever a
//! busy worker's queue grows.

use super::super::cluster::Ranking;

/// Queue lengths of every worker, to find the longest.
pub(crate) struct IdleStealing {
    /// Minus each worker's queue length: the least is the longest queue.
    backlog: Ranking,
}

impl IdleStealing {
    /// `workers` empty queues.
    pub(super) fn new(workers: u32) -> Self {
        IdleStealing {
            backlog: Ranking::new(workers),
        }
    }

    /// `worker`'s queue now holds `len` tasks.
    pub(super) fn queue_changed(&mut self, worker: u32, len: usize) {
        self.backlog.set(worker, -(len as f64));
    }

    /// The worker with the longest queue (O(log P) per change since the last call).
    pub(super) fn victim(&mut self) -> u32 {
        self.backlog.least()
    }
}
