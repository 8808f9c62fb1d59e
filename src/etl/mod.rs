//! The seed's pipeline: Dask's "Custom ETL" notebook as a spec → graph, with
//! real, deterministic task bodies so every run has a checkable answer.
//!
//! `load` N files and `load_from_sql` a reference table, `process` (clean)
//! every file with the reference, `roll` every sliding triplet of processed
//! files, `compare` K random pairs of rolled results, and `reduction` to the
//! best pair. Like Dask, only what the reduction needs is in the graph: a roll
//! that no comparison picked is left out.
//!
//! Everything random comes from [`crate::prng`], which is specified exactly so the
//! same pipeline can be reproduced in Python.

mod bodies;
mod build;
mod spec;

pub use bodies::{Best, Value};
pub use build::{build, Building, Etl};
pub use spec::{Estimate, EtlSpec, Latency, LatencyRange, COMPARES, FILES, RECORDS_PER_FILE};
