//! [`GraphBuilder`]: grows a [`Graph`] one task at a time, `delayed`-style.

use super::outputs::{Input, Outputs, Reads};
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
    /// The dependencies of the task being added (kept to reuse its buffer).
    dep_buf: Vec<TaskId>,
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

    /// Adds a task like [`GraphBuilder::add`] that needs `threads` threads
    /// of one worker, makes `outputs` (their sizes, bytes) and reads what
    /// `inputs` say of each dependency.
    ///
    /// # Panics
    /// As [`GraphBuilder::add`], and when an input names an output its task
    /// does not have, or `threads` is 0.
    pub fn add_with(
        &mut self,
        prefix: &str,
        salt: u64,
        inputs: &[Input],
        duration_ms: f64,
        outputs: &[u64],
        threads: u32,
    ) -> TaskId {
        let token = Token::of(
            prefix,
            salt,
            inputs.iter().map(|i| self.tokens[i.task.index()]),
        );
        let key = format!("{prefix}-{token}");
        self.add_full(token, &key, prefix, inputs, (duration_ms, outputs, threads))
    }

    /// [`GraphBuilder::add_with`] with an explicit `key`, as
    /// [`GraphBuilder::add_keyed`].
    ///
    /// # Panics
    /// As [`GraphBuilder::add_with`].
    pub fn add_keyed_with(
        &mut self,
        key: &str,
        prefix: &str,
        inputs: &[Input],
        duration_ms: f64,
        outputs: &[u64],
        threads: u32,
    ) -> TaskId {
        let token = Token(Token::of_str(key));
        self.add_full(token, key, prefix, inputs, (duration_ms, outputs, threads))
    }

    /// Adds a task of `key` and `token`; `(duration_ms, outputs, threads)` as
    /// [`GraphBuilder::add_with`] takes them.
    fn add_full(
        &mut self,
        token: Token,
        key: &str,
        prefix: &str,
        inputs: &[Input],
        (duration_ms, outputs, threads): (f64, &[u64], u32),
    ) -> TaskId {
        assert!(threads > 0, "a task needs at least one thread");
        let partial = inputs
            .iter()
            .any(|i| matches!(i.reads, Reads::Only(list) if list.len() != self.outputs_of(i.task)));
        if (outputs.len() != 1 || partial) && self.graph.outputs.is_none() {
            self.record_outputs();
        }
        let mut deps = std::mem::take(&mut self.dep_buf);
        deps.clear();
        deps.extend(inputs.iter().map(|i| i.task));
        let bytes = outputs.iter().fold(0u64, |a, b| a.saturating_add(*b));
        self.tokens.push(token);
        self.graph.keys.push_str(key);
        let id = self.push_core(prefix, &deps, duration_ms, bytes);
        self.dep_buf = deps;
        if let Some(o) = &mut self.graph.outputs {
            o.push_task(outputs);
            for i in inputs {
                o.push_edge(i.task, i.reads);
            }
        }
        if threads != 1 || !self.graph.threads.is_empty() {
            // The tasks before the first of several threads need one each.
            self.graph.threads.resize(id.index(), 1);
            self.graph.threads.push(threads);
        }
        id
    }

    /// Number of outputs of added task `id`.
    fn outputs_of(&self, id: TaskId) -> usize {
        self.graph.output_sizes(id).len()
    }

    /// Starts recording outputs and reads: every task so far has one
    /// output, read whole.
    fn record_outputs(&mut self) {
        let g = &self.graph;
        let mut o = Outputs::default();
        for id in g.ids() {
            o.push_task(&[g.bytes(id)]);
            for &d in g.deps(id) {
                o.push_edge(d, Reads::All);
            }
        }
        self.graph.outputs = Some(Box::new(o));
    }

    /// The key of an added task.
    pub fn key(&self, id: TaskId) -> &str {
        self.graph.key(id)
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

    /// Records a task with one output read whole by every consumer, and one
    /// thread; the caller has just appended the key text.
    fn push(&mut self, prefix: &str, deps: &[TaskId], duration_ms: f64, bytes: u64) -> TaskId {
        let id = self.push_core(prefix, deps, duration_ms, bytes);
        if let Some(o) = &mut self.graph.outputs {
            o.push_task(&[bytes]);
            for &d in deps {
                o.push_edge(d, Reads::All);
            }
        }
        if !self.graph.threads.is_empty() {
            self.graph.threads.push(1);
        }
        id
    }

    /// Records everything but the key text, outputs and threads.
    fn push_core(&mut self, prefix: &str, deps: &[TaskId], duration_ms: f64, bytes: u64) -> TaskId {
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
