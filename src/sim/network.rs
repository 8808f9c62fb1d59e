//! The network model: moving a task's output to another worker.
//!
//! A transfer of `b` bytes costs `latency + b / bandwidth`, and only between
//! different workers. Each worker has one inbound link: transfers into the
//! same worker queue one after another at full bandwidth (first come, first
//! served), transfers into different workers proceed in parallel. Outputs are
//! kept where they were made and where they were copied to, so a second
//! consumer on the same worker does not pay again. Without a bandwidth,
//! transfers are free and instant.

use std::collections::HashMap;

/// Inbound links and output locations of a simulated cluster.
pub(super) struct Network {
    /// Bytes per µs, or `None` for free transfers.
    bytes_per_us: Option<f64>,
    latency_us: f64,
    link_free_us: Vec<f64>,
    /// When a copy of a task's output is available on a worker other than its home.
    copies: HashMap<(u32, u32), f64>,
    /// Number of transfers and bytes moved.
    pub(super) transfers: u64,
    pub(super) bytes: u64,
}

impl Network {
    pub(super) fn new(workers: usize, bandwidth_mb_s: Option<f64>, latency_us: f64) -> Self {
        Network {
            // 1 MB/s = 1 byte/µs.
            bytes_per_us: bandwidth_mb_s,
            latency_us,
            link_free_us: vec![0.0; workers],
            copies: HashMap::new(),
            transfers: 0,
            bytes: 0,
        }
    }

    /// True when transfers are free and instant (no bandwidth given), so
    /// inputs never need fetching.
    pub(super) fn is_free(&self) -> bool {
        self.bytes_per_us.is_none()
    }

    /// Estimated time to bring `transfers` outputs of `bytes` in total to a
    /// worker (0 without bandwidth); used for placement.
    pub(super) fn estimate_us(&self, bytes: u64, transfers: u32) -> f64 {
        match self.bytes_per_us {
            Some(rate) => f64::from(transfers) * self.latency_us + bytes as f64 / rate,
            None => 0.0,
        }
    }

    /// When output `task` (made on `home`, ready at `ready_us`, `bytes` long)
    /// is available on `to`, scheduling the transfer if one is needed.
    pub(super) fn fetch(
        &mut self,
        task: u32,
        home: u32,
        ready_us: f64,
        bytes: u64,
        to: u32,
        now_us: f64,
    ) -> f64 {
        let Some(rate) = self.bytes_per_us else {
            return ready_us;
        };
        if home == to {
            return ready_us;
        }
        if let Some(at) = self.copies.get(&(task, to)) {
            return *at;
        }
        let link = &mut self.link_free_us[to as usize];
        let start = now_us.max(ready_us).max(*link);
        let end = start + self.latency_us + bytes as f64 / rate;
        *link = end;
        self.copies.insert((task, to), end);
        self.transfers += 1;
        self.bytes += bytes;
        end
    }
}
