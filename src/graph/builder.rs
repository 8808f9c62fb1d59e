//! [`GraphBuilder`]: grows a [`Graph`] one task at a time, `delayed`-style.

use super::{Graph, PrefixGroups, TaskId, Token};
use std::collections::HashMap;

/// Builds a [`Graph`]. Each `add` takes handles of earlier tasks and returns the
/// new task's handle, so dependencies always precede dependents.
///
/// ```
/// use dagsim::graph::GraphBuilder;
/// let mut b = GraphBuilder::new();
/// let x = b.add("load", 1, &[], 10.0, 8);
/// let y = b.add("load", 2, &[], 20.0, 8);
/// let z = b.add("sum", 0, &[x, y], 1.0, 8);
/// let g = b.finish();
/// assert_eq!(g.deps(z), &[x, y]);
/// assert!(g.key(z).starts_with("sum-"));
/// ```
#[derive(Debug, Default)]
pub struct GraphBuilder {
    graph: Graph,
    tokens: Vec<Token>,
    /// Each prefix's index in `graph.prefixes`: interning is O(1) even when
    /// every task has its own prefix.
    prefix_index: HashMap<String, u32>,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty builder with room for `tasks` tasks and `edges` dependency edges.
    pub fn with_capacity(tasks: usize, edges: usize) -> Self {
        let mut b = Self::default();
        let g = &mut b.graph;
        g.prefix_of.reserve(tasks);
        g.key_ends.reserve(tasks);
        g.keys.reserve(tasks * 24);
        g.dep_ends.reserve(tasks);
        g.deps.reserve(edges);
        g.duration_ms.reserve(tasks);
        g.bytes.reserve(tasks);
        b.tokens.reserve(tasks);
        b
    }

    /// Number of tasks added so far.
    pub fn len(&self) -> usize {
        self.graph.len()
    }

    /// True when no task was added yet.
    pub fn is_empty(&self) -> bool {
        self.graph.is_empty()
    }

    /// Adds a task `prefix` on `deps` and returns its handle. Its key is
    /// `prefix-<token>` with the token computed from `prefix`, `salt` and the
    /// dependencies' tokens (see [`Token::of`]); pass a distinct `salt` to
    /// tell apart calls of the same op on the same inputs.
    ///
    /// # Panics
    /// If a dependency handle does not come from this builder (a programming
    /// error, never caused by input data).
    pub fn add(
        &mut self,
        prefix: &str,
        salt: u64,
        deps: &[TaskId],
        duration_ms: f64,
        bytes: u64,
    ) -> TaskId {
        let token = Token::of(prefix, salt, deps.iter().map(|d| self.tokens[d.index()]));
        self.tokens.push(token);
        let g = &mut self.graph;
        g.keys.push_str(prefix);
        g.keys.push('-');
        {
            use std::fmt::Write;
            // Writing to a String cannot fail.
            let _ = write!(g.keys, "{token}");
        }
        self.push(prefix, deps, duration_ms, bytes)
    }

    /// Adds a task with an explicit `key` (for graphs imported from outside).
    /// Uniqueness of keys is the caller's to check.
    ///
    /// # Panics
    /// As [`GraphBuilder::add`].
    pub fn add_keyed(
        &mut self,
        key: &str,
        prefix: &str,
        deps: &[TaskId],
        duration_ms: f64,
        bytes: u64,
    ) -> TaskId {
        let token = Token(Token::of_str(key));
        self.tokens.push(token);
        self.graph.keys.push_str(key);
        self.push(prefix, deps, duration_ms, bytes)
    }

    /// The token of an added task.
    pub fn token(&self, id: TaskId) -> Token {
        self.tokens[id.index()]
    }

    /// The finished graph.
    pub fn finish(mut self) -> Graph {
        self.graph.groups = PrefixGroups::of(&self.graph);
        self.graph
    }

    /// Records everything but the key text, which the caller has just appended.
    fn push(&mut self, prefix: &str, deps: &[TaskId], duration_ms: f64, bytes: u64) -> TaskId {
        let g = &mut self.graph;
        let id = TaskId(g.prefix_of.len() as u32);
        assert!(
            deps.iter().all(|d| d.0 < id.0),
            "dependency handle from another builder"
        );
        let prefix_index = match self.prefix_index.get(prefix) {
            Some(&i) => i,
            None => {
                let i = g.prefixes.len() as u32;
                g.prefixes.push(prefix.to_owned());
                self.prefix_index.insert(prefix.to_owned(), i);
                i
            }
        };
        g.prefix_of.push(prefix_index);
        g.key_ends.push(g.keys.len() as u32);
        g.deps.extend_from_slice(deps);
        g.dep_ends.push(g.deps.len() as u32);
        g.duration_ms.push(duration_ms);
        g.bytes.push(bytes);
        id
    }
}
