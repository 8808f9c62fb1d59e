//! One module per subcommand; each turns its arguments into the text to print
//! or a one-line error message naming the bad flag, field or key.

pub mod dask_sweep;
pub mod export;
pub mod graph;
pub mod run;
pub mod simulate;
pub mod spec;

use dagsim::field::FieldError;

/// A bad value, named by the flag that sets it: `--workers: must be …`.
pub fn flag_error(e: FieldError) -> String {
    let flag = match e.field.as_str() {
        "bandwidth_mb_s" => "bandwidth".to_owned(),
        field => field.replace('_', "-"),
    };
    format!("--{flag}: {}", e.message)
}

/// `message` on one line: clap's `error: ` prefix and its usage and help
/// lines dropped, any other line break (from a key, say) escaped.
pub fn one_line(message: &str) -> String {
    let first = message
        .trim()
        .strip_prefix("error: ")
        .unwrap_or(message.trim());
    let first = first.split("\n\nUsage:").next().unwrap_or(first);
    first.trim_end().replace('\n', " ")
}
