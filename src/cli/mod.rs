//! One module per subcommand; each turns its arguments into the text to print
//! or an error message naming the bad argument.

pub mod dask_sweep;
pub mod export;
pub mod graph;
pub mod run;
pub mod simulate;
pub mod spec;
