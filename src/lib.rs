//! dagsim: Dask's "Custom ETL" notebook as a Rust crate that builds, runs and
//! simulates parallel task graphs, natively and in the browser.
//!
//! The modules read like the pipeline:
//! [`graph`] (an arena of tasks) → [`etl`] (the seed's pipeline and its task
//! bodies) → [`exec`] (runs a graph on rayon) | [`sim`] (simulates it on a
//! cluster) → [`dot`] (draws it; [`summary`]: what the views show of a
//! whole graph, in bounded steps) → [`export`] (writes it for Dask) → `web`
//! (the wasm-bindgen surface, wasm32 only, a shell over [`session`]: the
//! engine's state between calls, native and testable). [`trace`] is the schedule format
//! shared by `exec` and `sim`; [`prng`] is every random draw; [`field`] is
//! the error a bad input value gets in every layer; [`families`] generates
//! ESTEE's benchmark graphs for the simulator.
//!
//! [`sim`] (all but its options), [`families`], the graph file importer and
//! the JSON and Dask exports are the scheduling lab (feature `lab`, on by
//! default); without it the crate is the page's core: the ETL builder, the
//! executor and replay, stats, DOT, progress and the trace export.

#![warn(missing_docs)]

pub mod dot;
pub mod etl;
pub mod exec;
#[cfg(feature = "lab")]
pub mod export;
#[cfg(feature = "lab")]
pub mod families;
pub mod field;
pub mod graph;
pub mod prng;
pub mod session;
pub mod sim;
pub mod summary;
pub mod trace;
#[cfg(target_arch = "wasm32")]
pub mod web;
