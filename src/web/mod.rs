//! The browser surface (wasm32 only): what the engine worker calls.
//!
//! One [`Engine`] per wasm instance: a thin shell over `session::Session`,
//! which holds the built pipeline and the run in flight and is tested
//! natively. Plain JS objects go in and out through serde-wasm-bindgen;
//! errors as JS `Error`s with a `field` ([`EngineError`]); traces go out as
//! typed arrays so 100k-task runs cross the boundary cheaply. The
//! threaded build (feature `threads`) runs on the wasm-bindgen-rayon pool and
//! re-exports its `initThreadPool`; the single-thread build advances a run in
//! time slices from the worker's timer ticks. The benchmark hooks (`bench`)
//! are only in the benchmark harness's build (feature `bench`); the
//! scheduling lab's calls (`lab`) only in builds with the feature `lab`.
//! The page runs two instances, the core (no `lab`) and the lab, which
//! hand their graph to each other as columns (`parts`).

#[cfg(feature = "bench")]
mod bench;
mod engine;
mod error;
#[cfg(feature = "lab")]
mod lab;
mod parts;
mod report;

pub use engine::{Engine, WASM_MEMORY_BYTES};
pub use error::EngineError;
#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;
