//! The browser surface (wasm32 only): what the engine worker calls.
//!
//! One [`Engine`] per wasm instance holds the built pipeline and the run in
//! flight. Plain JS objects go in and out through serde-wasm-bindgen; traces go
//! out as typed arrays so 100k-task runs cross the boundary cheaply. The
//! threaded build (feature `threads`) runs on the wasm-bindgen-rayon pool and
//! re-exports its `initThreadPool`; the single-thread build advances a run in
//! time slices from the worker's timer ticks. The benchmark hooks (`bench`)
//! are only in the benchmark harness's build (feature `bench`).

#[cfg(feature = "bench")]
mod bench;
mod engine;
mod report;

pub use engine::Engine;
#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;
