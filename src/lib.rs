//! dagsim: Dask's "Custom ETL" notebook as a Rust crate that builds, runs and
//! simulates parallel task graphs, natively and in the browser.
//!
//! The modules read like the pipeline:
//! [`graph`] (an arena of tasks) → [`etl`] (the seed's pipeline and its task
//! bodies) → [`exec`] (runs a graph on rayon) → [`dot`] (draws it) → `web` (the
//! wasm-bindgen surface, wasm32 only).

pub mod dot;
pub mod etl;
pub mod exec;
pub mod graph;
pub mod prng;
pub mod sim;
pub mod trace;
#[cfg(target_arch = "wasm32")]
pub mod web;
