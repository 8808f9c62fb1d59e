//! Sweeps and single simulations of the session's graph. A sweep runs one
//! slice of simulations per [`Session::sweep_step`], so the caller can report
//! progress and stop between two slices.

use super::{Session, SessionError};
use crate::sim::{self, PolicyKind, SimOptions, SimReport, Sweep, SweepPoint};

/// A sweep's state after a step: how far it is, and the points once done.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepStatus {
    /// Simulations done.
    pub done: usize,
    /// Simulations in the whole sweep.
    pub total: usize,
    /// Every point, once `done == total`.
    pub points: Option<Vec<SweepPoint>>,
}

impl Session {
    /// Simulates the graph on a cluster.
    pub fn simulate(&self, options: &SimOptions) -> Result<SimReport, SessionError> {
        Ok(sim::simulate(self.graph()?, options)?)
    }

    /// Starts a sweep of the graph (every policy at 1…256 workers, other
    /// options from `options`); advance it with [`Session::sweep_step`].
    /// A sweep already in progress is replaced.
    pub fn start_sweep(&mut self, options: &SimOptions) -> Result<SweepStatus, SessionError> {
        let built = self.built()?.clone();
        let sweep = Sweep::new(options, &sim::SWEEP_WORKERS, &PolicyKind::SWEPT)?;
        let status = SweepStatus {
            done: 0,
            total: sweep.total(),
            points: None,
        };
        self.sweep = Some((built, sweep));
        self.sweep_cancelled = false;
        Ok(status)
    }

    /// Runs simulations of the sweep in progress for about `budget_ms` (at
    /// least one); when it is done, returns its points and forgets it.
    pub fn sweep_step(&mut self, budget_ms: f64) -> Result<SweepStatus, SessionError> {
        if std::mem::take(&mut self.sweep_cancelled) {
            return Err(SessionError::Order("sweep cancelled"));
        }
        let (built, sweep) = self
            .sweep
            .as_mut()
            .ok_or(SessionError::Order("no sweep in progress: start one first"))?;
        let end = crate::exec::clock::now_us() + budget_ms * 1e3;
        while !sweep.step(built.graph()) && crate::exec::clock::now_us() < end {}
        let (done, total) = (sweep.done(), sweep.total());
        let points = if sweep.is_finished() {
            self.sweep.take().map(|(_, s)| s.into_points())
        } else {
            None
        };
        Ok(SweepStatus {
            done,
            total,
            points,
        })
    }
}
