//! Why a run did not produce a result.

/// A run's failure.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RunError {
    /// A run option is out of range.
    #[error("{field}: {message}")]
    InvalidOption {
        /// The option, e.g. `threads`.
        field: &'static str,
        /// What is allowed.
        message: String,
    },
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

impl RunError {
    /// An [`RunError::InvalidOption`] on `field`.
    pub fn invalid(field: &'static str, message: String) -> Self {
        RunError::InvalidOption { field, message }
    }
}
