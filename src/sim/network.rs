//! The network model: moving a task's output to another worker.
//!
//! A transfer of `b` bytes costs `latency + b / bandwidth`, and only between
//! different workers. Each worker has one inbound link: transfers into the
//! same worker queue one after another at full bandwidth (first come, first
//! served), transfers into different workers proceed in parallel. Outputs are
//! kept where they were made and where they were copied to, so a second
//! consumer on the same worker does not pay again. Without a bandwidth,
//! transfers are free and instant, and nothing is tracked.

use crate::graph::TaskId;
use std::collections::HashMap;

/// Inbound links and output locations of a simulated cluster.
pub(super) struct Network {
    /// Bytes per µs, or `None` for free transfers.
    bytes_per_us: Option<f64>,
    latency_us: f64,
    link_free_us: Vec<f64>,
    /// When each task's output was made (only when transfers cost time).
    made_us: Vec<f64>,
    /// When a copy of a task's output is available on a worker other than its home.
    copies: HashMap<(u32, u32), f64>,
    /// Number of transfers and bytes moved.
    pub(super) transfers: u64,
    pub(super) bytes: u64,
}

impl Network {
    /// The network of `workers` workers running a graph of `tasks` tasks.
    pub(super) fn new(
        tasks: usize,
        workers: usize,
        bandwidth_mb_s: Option<f64>,
        latency_us: f64,
    ) -> Self {
        let costly = bandwidth_mb_s.is_some();
        Network {
            // 1 MB/s = 1 byte/µs.
            bytes_per_us: bandwidth_mb_s,
            latency_us,
            link_free_us: if costly {
                vec![0.0; workers]
            } else {
                Vec::new()
            },
            made_us: if costly { vec![0.0; tasks] } else { Vec::new() },
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

    /// Records that `task`'s output exists from `at_us` on (on its home worker).
    pub(super) fn made(&mut self, task: TaskId, at_us: f64) {
        if let Some(made) = self.made_us.get_mut(task.index()) {
            *made = at_us;
        }
    }

    /// Estimated time to bring `transfers` outputs of `bytes` in total to a
    /// worker (0 without bandwidth); used for placement.
    pub(super) fn estimate_us(&self, bytes: u64, transfers: u32) -> f64 {
        match self.bytes_per_us {
            Some(rate) => f64::from(transfers) * self.latency_us + bytes as f64 / rate,
            None => 0.0,
        }
    }

    /// When the output of `task` (made on `home`, `bytes` long) is available
    /// on `to`, scheduling the transfer if one is needed.
    pub(super) fn fetch(
        &mut self,
        task: TaskId,
        home: u32,
        bytes: u64,
        to: u32,
        now_us: f64,
    ) -> f64 {
        let Some(rate) = self.bytes_per_us else {
            return now_us;
        };
        let made_us = self.made_us[task.index()];
        if home == to {
            return made_us;
        }
        if let Some(at) = self.copies.get(&(task.0, to)) {
            return *at;
        }
        let link = &mut self.link_free_us[to as usize];
        let start = now_us.max(made_us).max(*link);
        let end = start + self.latency_us + bytes as f64 / rate;
        *link = end;
        self.copies.insert((task.0, to), end);
        self.transfers += 1;
        self.bytes += bytes;
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfers_into_one_worker_queue_and_are_paid_once() {
        // 1 MB/s = 1 byte/µs, 10 µs latency.
        let mut net = Network::new(3, 3, Some(1.0), 10.0);
        net.made(TaskId(0), 5.0);
        net.made(TaskId(1), 5.0);
        assert_eq!(net.fetch(TaskId(0), 0, 100, 0, 7.0), 5.0);
        assert_eq!(net.fetch(TaskId(0), 0, 100, 1, 7.0), 117.0);
        assert_eq!(net.fetch(TaskId(1), 0, 100, 1, 7.0), 227.0);
        assert_eq!(net.fetch(TaskId(0), 0, 100, 1, 300.0), 117.0);
        assert_eq!(net.fetch(TaskId(1), 0, 100, 2, 7.0), 117.0);
        assert_eq!((net.transfers, net.bytes), (3, 300));
        assert_eq!(net.estimate_us(200, 2), 220.0);
    }

    #[test]
    fn without_bandwidth_everything_is_already_there() {
        let mut net = Network::new(2, 2, None, 10.0);
        assert!(net.is_free());
        net.made(TaskId(0), 5.0);
        assert_eq!(net.fetch(TaskId(0), 0, 100, 1, 7.0), 7.0);
        assert_eq!((net.transfers, net.estimate_us(100, 1)), (0, 0.0));
    }
}
