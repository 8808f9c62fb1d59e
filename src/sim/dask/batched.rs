//! distributed's batched streams (`distributed.batched.BatchedSend`): the
//! scheduler talks to each worker, and each worker to the scheduler, over a
//! stream that writes at most once per interval. A message sent when the
//! last write was at least an interval ago goes out at once; else it waits
//! in the buffer and goes with the next write, at the last write's deadline
//! (one interval after it). The deadline is a timer of the process's asyncio
//! loop, whose epoll wait takes whole milliseconds and rounds the timeout up
//! (`selectors.EpollSelector.select`): it fires up to 1 ms late, half a
//! millisecond on average. On graphs of short tasks these deadlines, not
//! CPU, set the pace: a worker gets its next tasks once per 5 ms.

/// The scheduler's stream to each worker: `BatchedSend(interval="5ms")`
/// (`Scheduler.add_worker`), µs.
pub(super) const TO_WORKER_US: f64 = 5_000.0;
/// A worker's stream to the scheduler: `BatchedSend(interval="2ms")`
/// (`Worker.__init__`), µs.
pub(super) const TO_SCHEDULER_US: f64 = 2_000.0;
/// How late asyncio's timer wakes the stream at a deadline, on average: up
/// to the 1 ms its epoll wait rounds up to, µs.
pub(super) const TIMER_LATE_US: f64 = 500.0;

/// One batched stream: when it last wrote (or will write: a deadline's
/// write already has messages waiting).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Batched {
    last: Option<f64>,
}

impl Batched {
    /// When a message handed to the stream at `now` is written, on a stream
    /// of `interval` µs whose deferred writes go out `late` µs after their
    /// deadline.
    pub(super) fn write(&mut self, now: f64, interval: f64, late: f64) -> f64 {
        let at = match self.last {
            Some(last) if now <= last => last,
            Some(last) if now < last + interval => last + interval + late,
            _ => now,
        };
        self.last = Some(at);
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_at_once_after_a_quiet_interval_else_with_the_next_deadline() {
        let mut s = Batched::default();
        assert_eq!(s.write(100.0, 5_000.0, 500.0), 100.0);
        // within the interval: the deadline, a timer half a ms late on average
        assert_eq!(s.write(1_000.0, 5_000.0, 500.0), 5_600.0);
        // before that write: joins it
        assert_eq!(s.write(3_000.0, 5_000.0, 500.0), 5_600.0);
        // an interval after the last write: at once
        assert_eq!(s.write(20_000.0, 5_000.0, 500.0), 20_000.0);
    }
}
