//! A stable topological order of an imported graph, or one of its cycles.
//!
//! Depth-first in file order: each task is placed right after its
//! dependencies (in the order it lists them), so a file that is already in a
//! topological order keeps its order exactly. Iterative (a million-task chain
//! cannot overflow the stack) and O(tasks + edges).

use crate::graph::span;

/// Tasks are positions `0..dep_ends.len()`; the dependencies of task `i` are
/// `deps[dep_ends[i-1]..dep_ends[i]]`. Returns the positions in a topological
/// order, or the positions on one cycle in data-flow order (each feeds the
/// next; the first is repeated at the end).
pub(super) fn topological_order(dep_ends: &[u32], deps: &[u32]) -> Result<Vec<u32>, Vec<u32>> {
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const PLACED: u8 = 2;
    let n = dep_ends.len();
    let mut state = vec![NEW; n];
    let mut order = Vec::with_capacity(n);
    // The open path: (task, how many of its deps were looked at).
    let mut path: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if state[root as usize] != NEW {
            continue;
        }
        state[root as usize] = OPEN;
        path.push((root, 0));
        while let Some((task, seen)) = path.last_mut() {
            let task = *task;
            let task_deps = &deps[span(dep_ends, task as usize)];
            let Some(&dep) = task_deps.get(*seen) else {
                state[task as usize] = PLACED;
                order.push(task);
                path.pop();
                continue;
            };
            *seen += 1;
            match state[dep as usize] {
                NEW => {
                    state[dep as usize] = OPEN;
                    path.push((dep, 0));
                }
                OPEN => return Err(cycle(&path, dep)),
                _ => {}
            }
        }
    }
    Ok(order)
}

/// The cycle closed by an edge from the open task `dep` to the top of `path`
/// (`path` runs from dependents to their dependencies).
fn cycle(path: &[(u32, usize)], dep: u32) -> Vec<u32> {
    let from = path.iter().rposition(|(t, _)| *t == dep).unwrap_or(0);
    let mut cycle: Vec<u32> = path[from..].iter().rev().map(|(t, _)| *t).collect();
    cycle.push(cycle[0]);
    cycle
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CSR arrays from per-task dependency lists.
    fn csr(lists: &[&[u32]]) -> (Vec<u32>, Vec<u32>) {
        let deps: Vec<u32> = lists.iter().flat_map(|l| l.iter().copied()).collect();
        let ends = lists
            .iter()
            .scan(0, |end, l| {
                *end += l.len() as u32;
                Some(*end)
            })
            .collect();
        (ends, deps)
    }

    #[test]
    fn sorted_input_keeps_its_order() {
        let (ends, deps) = csr(&[&[], &[], &[0, 1], &[2]]);
        assert_eq!(topological_order(&ends, &deps), Ok(vec![0, 1, 2, 3]));
    }

    #[test]
    fn dependencies_come_first_in_listed_order() {
        // 0 needs 2 and 1; 3 needs 0.
        let (ends, deps) = csr(&[&[2, 1], &[], &[], &[0]]);
        assert_eq!(topological_order(&ends, &deps), Ok(vec![2, 1, 0, 3]));
    }

    #[test]
    fn a_cycle_is_named_in_data_flow_order() {
        // 1 needs 3, 2 needs 1, 3 needs 2: 3 feeds 1 feeds 2 feeds 3.
        let (ends, deps) = csr(&[&[], &[3, 0], &[1], &[2]]);
        assert_eq!(topological_order(&ends, &deps), Err(vec![2, 3, 1, 2]));
        let (ends, deps) = csr(&[&[0]]);
        assert_eq!(topological_order(&ends, &deps), Err(vec![0, 0]));
    }

    #[test]
    fn a_long_chain_does_not_recurse() {
        // Position p needs p + 1: the file lists the chain backwards.
        let n = 200_000u32;
        let lists: Vec<Vec<u32>> = (0..n)
            .map(|p| if p + 1 == n { vec![] } else { vec![p + 1] })
            .collect();
        let refs: Vec<&[u32]> = lists.iter().map(Vec::as_slice).collect();
        let (ends, deps) = csr(&refs);
        let order = topological_order(&ends, &deps).unwrap();
        assert_eq!(order, (0..n).rev().collect::<Vec<_>>());
    }
}
