//! The minimal scheduling interval (ESTEE's `min_scheduling_interval`, the
//! scheduler delay of Beránek et al. 2022): the scheduler decides at most
//! once every `X` µs. A decision point is taken when something happened (a
//! task finished, or a task's inputs arrived on its worker) and `X` has
//! passed since the last one; an event sooner than that waits for
//! `last + X`. So with `d₀ = 0`, `dₖ₊₁ = max(dₖ + X, first event after
//! dₖ)`, as ESTEE's master loop waits for both an event and the timer.
//!
//! At a decision point the policy places the tasks that became ready since
//! the last one, free threads take from the global queue and steal. In
//! between, a worker only starts tasks already queued on it (and tasks
//! whose inputs arrive on a thread they hold), as ESTEE's workers run what
//! they were assigned without the scheduler. A decision with nothing to do
//! still counts, as in ESTEE (the scheduler was invoked).
//!
//! With `X = 0` there are no decision events at all: the engine decides at
//! every event, exactly as without this module.

use crate::graph::TaskId;

/// When the scheduler may decide next, and what waits for it.
#[derive(Debug, Default)]
pub(super) struct Decisions {
    interval_us: f64,
    /// The last decision point, µs.
    last_us: f64,
    /// Whether the next decision point is already scheduled.
    scheduled: bool,
    /// Tasks that became ready since the last decision point.
    deferred: Vec<TaskId>,
}

impl Decisions {
    /// Decisions at least `interval_us` apart (0: at every event); the
    /// first is at time 0.
    pub fn new(interval_us: f64) -> Self {
        Decisions {
            interval_us,
            ..Decisions::default()
        }
    }

    /// Whether decisions wait for decision points (a positive interval).
    pub fn gated(&self) -> bool {
        self.interval_us > 0.0
    }

    /// Something happened at `now_us`: the time of the next decision point
    /// if it is not scheduled yet (the caller schedules it), else `None`.
    pub fn request(&mut self, now_us: f64) -> Option<f64> {
        if self.scheduled {
            return None;
        }
        self.scheduled = true;
        Some(now_us.max(self.last_us + self.interval_us))
    }

    /// `tasks` became ready: they wait for the next decision point.
    pub fn defer(&mut self, tasks: &mut Vec<TaskId>) {
        self.deferred.append(tasks);
    }

    /// A decision point at `now_us`: moves the tasks that became ready
    /// since the last one into `batch`, in the order they became ready.
    pub fn begin(&mut self, now_us: f64, batch: &mut Vec<TaskId>) {
        self.scheduled = false;
        self.last_us = now_us;
        batch.append(&mut self.deferred);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_points_are_an_interval_apart_or_at_the_next_event() {
        let mut d = Decisions::new(10.0);
        assert!(d.gated() && !Decisions::new(0.0).gated());
        assert_eq!(d.request(3.0), Some(10.0));
        assert_eq!(d.request(4.0), None, "already scheduled");
        d.defer(&mut vec![TaskId(2), TaskId(1)]);
        let mut batch = Vec::new();
        d.begin(10.0, &mut batch);
        assert_eq!(batch, [TaskId(2), TaskId(1)]);
        assert_eq!(d.request(25.0), Some(25.0), "an event after the interval");
        d.begin(25.0, &mut batch);
        assert_eq!(d.request(26.0), Some(35.0));
    }
}
