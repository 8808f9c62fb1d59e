//! Why a run did not produce a result.

use crate::field::FieldError;

/// A run's failure.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RunError {
    /// A run option is out of range.
    #[error(transparent)]
    Option(#[from] FieldError),
    /// A task's body returned an error; the rest of the run was cancelled.
    #[error("task {key} failed: {message}")]
    TaskFailed {
        /// The failed task's key.
        key: String,
        /// The body's error message.
        message: String,
    },
    /// The run was cancelled before it finished.
    #[error("run cancelled")]
    Cancelled,
}
