//! Derived graphs: culled to what some targets need (like Dask computing
//! only what `best` depends on), or with other durations.

use super::{Graph, GraphBuilder, Input, TaskId};

impl Graph {
    /// The sub-graph of `targets` and everything they depend on, renumbered
    /// in the same relative order (so still topological). Keys, prefixes,
    /// durations, outputs, reads and threads are kept.
    pub fn cull(&self, targets: &[TaskId]) -> Graph {
        let mut keep = vec![false; self.len()];
        for t in targets {
            if let Some(k) = keep.get_mut(t.index()) {
                *k = true;
            }
        }
        // Ids descend, so every dependent is decided before its dependencies.
        for id in self.ids().rev() {
            if keep[id.index()] {
                for d in self.deps(id) {
                    keep[d.index()] = true;
                }
            }
        }
        let mut new_id = vec![TaskId(0); self.len()];
        let mut b =
            GraphBuilder::with_capacity(keep.iter().filter(|k| **k).count(), self.edge_count());
        let mut inputs = Vec::new();
        for id in self.ids().filter(|id| keep[id.index()]) {
            inputs.clear();
            inputs.extend(self.deps(id).iter().enumerate().map(|(i, d)| Input {
                task: new_id[d.index()],
                reads: self.reads(id, i),
            }));
            new_id[id.index()] = b.add_keyed_with(
                self.key(id),
                self.prefix(id),
                &inputs,
                self.duration_ms(id),
                self.output_sizes(id),
                self.threads(id),
            );
        }
        b.finish()
    }
}

impl Graph {
    /// The same graph with new durations (ms, one per task in id order), e.g.
    /// the durations a run measured, to replay them in the simulator.
    pub fn with_durations(&self, durations_ms: &[f64]) -> Graph {
        let mut g = self.clone();
        g.duration_ms = durations_ms.to_vec();
        g.duration_ms.resize(self.len(), 0.0);
        g.groups = super::PrefixGroups::of(&g);
        g
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::GraphBuilder;

    #[test]
    fn keeps_exactly_the_ancestors() {
        let mut b = GraphBuilder::new();
        let a = b.add("a", 0, &[], 1.0, 0);
        let unused = b.add("u", 0, &[], 1.0, 0);
        let c = b.add("c", 0, &[a], 1.0, 0);
        let _after = b.add("d", 0, &[c, unused], 1.0, 0);
        let g = b.finish();
        let culled = g.cull(&[c]);
        let keys: Vec<&str> = culled.ids().map(|id| culled.key(id)).collect();
        assert_eq!(keys, vec![g.key(a), g.key(c)]);
        assert_eq!(
            culled.deps(crate::graph::TaskId(1)),
            &[crate::graph::TaskId(0)]
        );
    }
}
