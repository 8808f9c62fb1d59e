//! Outgrowing the browser: the pipeline as a self-contained Python script
//! that builds the same graph with `dask.delayed` and runs it on
//! `dask.distributed`, with task bodies that give the same answer bit for bit
//! (same splitmix64 draws, same order of floating-point operations).
//!
//! The script is `dask_script.py` with the spec written into it. Failure
//! injection (`EtlSpec::fail`) names dagsim keys and is not exported.
//!
//! And the other way: `dask_to_dagsim.py` (with `dask_calibrate.py`, the
//! cluster micro-benchmarks its `measure()` runs), a Python module that turns
//! any Dask collection (with a task stream's measured durations) into dagsim's
//! JSON graph format, for the page's "Or open" and `--graph`. They are not
//! compiled in: the page serves them as one static file
//! (`www/scripts/converter.mjs`).

use crate::etl::EtlSpec;
use crate::field::FieldError;

const TEMPLATE: &str = include_str!("dask_script.py");

/// The Python/Dask script for `spec` (validated first).
pub fn dask_script(spec: &EtlSpec) -> Result<String, FieldError> {
    spec.validate()?;
    let latency = spec
        .latency
        .by_op()
        .iter()
        .map(|(op, r)| format!("\"{op}\": ({:?}, {:?})", r.lo, r.hi))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(TEMPLATE
        .replace("{files}", &spec.files.to_string())
        .replace("{compares}", &spec.compares.to_string())
        .replace("{seed}", &spec.seed.to_string())
        .replace("{records_per_file}", &spec.records_per_file.to_string())
        .replace("{latency}", &format!("{{{latency}}}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_is_written_into_the_script() {
        let script = dask_script(&EtlSpec {
            files: 12,
            compares: 7,
            seed: 99,
            ..EtlSpec::default()
        })
        .unwrap();
        assert!(script.contains("FILES = 12\nCOMPARES = 7\nSEED = 99\nRECORDS_PER_FILE = 64\n"));
        assert!(script.contains(r#"LATENCY = {"load": (0.0, 0.5), "load_from_sql": (0.5, 1.0),"#));
        assert!(!script.contains("{files}") && !script.contains("{latency}"));
        assert!(script.contains("from dask import delayed"));
        assert!(dask_script(&EtlSpec {
            files: 2,
            ..EtlSpec::default()
        })
        .is_err());
    }
}
