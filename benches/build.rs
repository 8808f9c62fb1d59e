//! Graph construction benchmark (native): time and arena memory per task to
//! build the ETL graph at about 1k, 10k, 100k and 1M tasks.
//!
//! `cargo bench --bench build` prints a markdown table. The WASM numbers
//! come from the same measurement in the browser (`make bench-wasm`).

use dagsim::etl::{self, EtlSpec};
use dagsim::exec::clock::now_us;

/// Files for ~`tasks` tasks with as many compares as files (≈ 4 tasks per file).
fn spec_for(tasks: u32) -> EtlSpec {
    let files = tasks / 4;
    EtlSpec {
        files,
        compares: files,
        ..EtlSpec::default()
    }
}

fn main() {
    println!("| target tasks | tasks | build µs/task (best of 5) | arena bytes/task |");
    println!("|---:|---:|---:|---:|");
    for target in [1_000, 10_000, 100_000, 1_000_000] {
        let spec = spec_for(target);
        let mut best = f64::INFINITY;
        let mut tasks = 0;
        let mut bytes = 0;
        for _ in 0..5 {
            let start = now_us();
            let built = etl::build(&spec).expect("valid spec");
            best = best.min(now_us() - start);
            tasks = built.graph().len();
            bytes = built.graph().heap_bytes();
        }
        println!(
            "| {target} | {tasks} | {:.3} | {:.1} |",
            best / tasks as f64,
            bytes as f64 / tasks as f64
        );
    }
}
