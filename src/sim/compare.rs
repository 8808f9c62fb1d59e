//! Every scheduler under every network model on one graph and cluster, as
//! in the ESTEE paper's figures: each makespan normalised by the lower
//! bound (work / threads or the critical path), so 1.0 is a schedule no
//! policy can beat.

use super::{simulate, NetworkKind, PolicyKind, SimOptions};
use crate::field::FieldError;
use crate::graph::Graph;
use serde::Serialize;

/// One cell of a comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompareCell {
    /// The policy.
    pub policy: PolicyKind,
    /// The network model (`None`: transfers are free).
    pub network: Option<NetworkKind>,
    /// Simulated makespan, ms; `None` when the policy does not take this
    /// graph (`skipped` says why).
    pub makespan_ms: Option<f64>,
    /// Makespan ÷ lower bound.
    pub normalised: Option<f64>,
    /// Why the policy did not run, if it did not.
    pub skipped: Option<String>,
}

/// Simulates `graph` under every policy of `policies` and, when `base` has
/// a bandwidth, every network model (else on the free network); other
/// options from `base`. Returns the lower bound (ms) and the cells, policy
/// by policy.
pub fn compare(
    graph: &Graph,
    base: &SimOptions,
    policies: &[PolicyKind],
) -> Result<(f64, Vec<CompareCell>), FieldError> {
    base.validate()?;
    let networks: Vec<Option<NetworkKind>> = if base.bandwidth_mb_s.is_some() {
        NetworkKind::ALL.into_iter().map(Some).collect()
    } else {
        vec![None]
    };
    let mut lower_ms = 0.0;
    let mut cells = Vec::with_capacity(policies.len() * networks.len());
    for &policy in policies {
        for &network in &networks {
            let options = SimOptions {
                policy,
                network: network.unwrap_or_default(),
                ..base.clone()
            };
            let cell = match simulate(graph, &options) {
                Ok(r) => {
                    lower_ms = r.bounds.lower_ms;
                    CompareCell {
                        policy,
                        network,
                        makespan_ms: Some(r.makespan_ms),
                        normalised: Some(if r.bounds.lower_ms > 0.0 {
                            r.makespan_ms / r.bounds.lower_ms
                        } else {
                            1.0
                        }),
                        skipped: None,
                    }
                }
                // Only a policy refuses a valid cluster (genetic on a big graph).
                Err(e) if e.field == "policy" => CompareCell {
                    policy,
                    network,
                    makespan_ms: None,
                    normalised: None,
                    skipped: Some(e.message),
                },
                Err(e) => return Err(e),
            };
            cells.push(cell);
        }
    }
    Ok((lower_ms, cells))
}
