//! [`PrefixGroups`]: the prefixes a view shows. A graph may have a million
//! distinct prefixes (keys without a `-`, each its own op); no progress list
//! or grouped drawing should have a million rows. The largest
//! [`MAX_SHOWN_PREFIXES`]` - 1` prefixes by work are shown by name, every
//! other prefix is folded into one "other" group.

use super::{Graph, TaskId};

/// Most groups a view shows, the "other" group included.
pub const MAX_SHOWN_PREFIXES: usize = 20;

/// Every prefix of a graph mapped to a shown group; see the [module docs](self).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PrefixGroups {
    /// Group names: the shown prefixes in order of first appearance, then
    /// "other (N prefixes)" when some were folded.
    names: Vec<String>,
    /// The group of each prefix, by prefix index.
    of_prefix: Vec<u32>,
}

impl PrefixGroups {
    /// The groups of `graph`'s prefixes, in O(tasks + prefixes log prefixes).
    pub(super) fn of(graph: &Graph) -> PrefixGroups {
        let prefixes = graph.prefixes();
        if prefixes.len() <= MAX_SHOWN_PREFIXES {
            return PrefixGroups {
                names: prefixes.to_vec(),
                of_prefix: (0..prefixes.len() as u32).collect(),
            };
        }
        let mut work = vec![0.0f64; prefixes.len()];
        for id in graph.ids() {
            work[graph.prefix_index(id)] += graph.duration_ms(id);
        }
        let shown = MAX_SHOWN_PREFIXES - 1;
        let mut by_work: Vec<u32> = (0..prefixes.len() as u32).collect();
        // Largest work first, ties to the earlier prefix; only the first `shown` matter.
        let rank = |a: &u32, b: &u32| {
            work[*b as usize]
                .total_cmp(&work[*a as usize])
                .then(a.cmp(b))
        };
        by_work.select_nth_unstable_by(shown, rank);
        let mut kept = by_work[..shown].to_vec();
        kept.sort_unstable();
        let other = shown as u32;
        let mut of_prefix = vec![other; prefixes.len()];
        let mut names = Vec::with_capacity(MAX_SHOWN_PREFIXES);
        for (group, p) in kept.iter().enumerate() {
            of_prefix[*p as usize] = group as u32;
            names.push(prefixes[*p as usize].clone());
        }
        names.push(format!("other ({} prefixes)", prefixes.len() - shown));
        PrefixGroups { names, of_prefix }
    }

    /// Number of groups (at most [`MAX_SHOWN_PREFIXES`]).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when the graph has no prefix (no task).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The group names, by group index.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The group of the prefix at `prefix_index`.
    #[inline]
    pub fn of_prefix(&self, prefix_index: usize) -> usize {
        self.of_prefix[prefix_index] as usize
    }
}

impl Graph {
    /// The prefix groups views show (see [`PrefixGroups`]).
    pub fn groups(&self) -> &PrefixGroups {
        &self.groups
    }

    /// The index of the task's group in [`Graph::groups`].
    #[inline]
    pub fn group_index(&self, id: TaskId) -> usize {
        self.groups.of_prefix(self.prefix_index(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;

    #[test]
    fn few_prefixes_are_their_own_groups() {
        let mut b = GraphBuilder::new();
        let a = b.add("load", 0, &[], 1.0, 0);
        b.add("sum", 0, &[a], 1.0, 0);
        let g = b.finish();
        assert_eq!(g.groups().names(), g.prefixes());
        assert_eq!(g.group_index(TaskId(1)), 1);
    }

    #[test]
    fn many_prefixes_keep_the_largest_by_work_and_fold_the_rest() {
        let mut b = GraphBuilder::new();
        let n = 1_000;
        for i in 0..n {
            // Task i has work i: the last MAX_SHOWN_PREFIXES - 1 are the largest.
            b.add_keyed(&format!("k{i}"), &format!("p{i}"), &[], i as f64, 0);
        }
        let g = b.finish();
        let groups = g.groups();
        assert_eq!(groups.len(), MAX_SHOWN_PREFIXES);
        let shown = MAX_SHOWN_PREFIXES - 1;
        let expected: Vec<String> = (n - shown..n).map(|i| format!("p{i}")).collect();
        assert_eq!(&groups.names()[..shown], &expected[..]);
        assert_eq!(
            groups.names()[shown],
            format!("other ({} prefixes)", n - shown)
        );
        assert_eq!(g.group_index(TaskId(0)), shown);
        assert_eq!(g.group_index(TaskId(n as u32 - 1)), shown - 1);
    }
}
