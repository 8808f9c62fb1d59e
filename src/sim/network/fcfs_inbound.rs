//! One inbound link per worker, first come first served: a transfer into a
//! worker starts when it is requested or when the worker's previous transfer
//! ends, whichever is later, and holds the link for `latency + b / B`.
//! Senders are not limited. dagsim's original model, and its default.

/// When each worker's inbound link is free.
pub(super) struct FcfsInbound {
    link_free_us: Vec<f64>,
}

impl FcfsInbound {
    /// `workers` idle links.
    pub(super) fn new(workers: usize) -> Self {
        FcfsInbound {
            link_free_us: vec![0.0; workers],
        }
    }

    /// Queues a transfer of `duration_us` into `to`, requested at `now_us`;
    /// returns when it ends.
    pub(super) fn transfer(&mut self, to: u32, now_us: f64, duration_us: f64) -> f64 {
        let link = &mut self.link_free_us[to as usize];
        let end = now_us.max(*link) + duration_us;
        *link = end;
        end
    }
}
