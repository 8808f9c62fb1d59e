//! [`SessionError`]: why a [`Session`](super::Session) call did nothing.

use crate::exec::RunError;
use crate::field::FieldError;
use crate::graph::GraphError;

/// A session call's failure. Every call that fails leaves the session as it
/// was (the graph it holds, the run in flight, the last finished run).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SessionError {
    /// A bad value in a spec or options.
    #[error(transparent)]
    Field(#[from] FieldError),
    /// A rejected graph file.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// A run that failed (a task, named by its key) or was cancelled, or bad run options.
    #[error(transparent)]
    Run(#[from] RunError),
    /// A call that needs something first: a graph, a finished run, no run in flight.
    #[error("{0}")]
    Order(&'static str),
}

impl SessionError {
    /// The input field at fault, when there is one: the option's name, or
    /// `graph` for a rejected graph file.
    pub fn field(&self) -> Option<&str> {
        match self {
            SessionError::Field(e) | SessionError::Run(RunError::Option(e)) => Some(&e.field),
            SessionError::Graph(_) => Some("graph"),
            SessionError::Run(_) | SessionError::Order(_) => None,
        }
    }
}
