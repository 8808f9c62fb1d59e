//! The longest step of long work (native): what a Cancel on the page can
//! wait for. The engine works on long work in slices of ≤ 25 ms, each a
//! loop of `Session::step`'s chunks (256 units: events, task placements,
//! tasks and edges of a preparation or a summary), looking at the clock
//! between two; a chunk, a start (`Session::start_*`) and the step that ends
//! the work (the report, the summary) cannot be split.
//!
//! `cargo bench --bench steps` prints one markdown table: per kind of long
//! work on the 50,000-file pipeline (192,937 tasks, 64 workers; every
//! policy on the free network and under max-min sharing at 1 MB/s, the
//! Dask model's shape sweep) and the largest build (1.9M tasks), the time of
//! its start, its longest step, its number of steps and its last step.
//! Arguments narrow it: policy names (`lc`), `free` or `maxmin`, `build`,
//! `shapes` (`cargo bench --bench steps -- lc maxmin`).

use dagsim::etl::{self, EtlSpec};
use dagsim::exec::clock::now_us;
use dagsim::session::{Session, SessionError, ShapeRequest, WorkStatus};
use dagsim::sim::{NetworkKind, PolicyKind, SimOptions};

/// The memory of the page's engine.
const MEMORY: usize = 1 << 30;

/// The time of `f`, ms, and its result.
fn timed<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let start = now_us();
    let out = f();
    ((now_us() - start) / 1e3, out)
}

/// Starts work with `start`, then steps it one chunk at a time to the end;
/// prints its row.
fn row(
    session: &mut Session,
    what: &str,
    start: impl FnOnce(&mut Session) -> Result<WorkStatus, SessionError>,
) {
    let (start_ms, started) = timed(|| start(session));
    started.unwrap_or_else(|e| panic!("{what}: {e}"));
    let (mut longest_ms, mut steps) = (0.0f64, 0);
    let last_ms = loop {
        let (ms, status) = timed(|| session.step(0.0));
        steps += 1;
        if status
            .unwrap_or_else(|e| panic!("{what}: {e}"))
            .result
            .is_some()
        {
            break ms;
        }
        longest_ms = longest_ms.max(ms);
    };
    println!("| {what} | {start_ms:.1} | {longest_ms:.1} | {steps} | {last_ms:.1} |");
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| args.is_empty() || args.iter().any(|a| a == name);
    let mut policies: Vec<PolicyKind> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let mut networks: Vec<&str> = ["free", "maxmin"]
        .into_iter()
        .filter(|n| args.iter().any(|a| a == n))
        .collect();
    if policies.is_empty() && (args.is_empty() || !networks.is_empty()) {
        policies = PolicyKind::ALL.to_vec();
    }
    if networks.is_empty() {
        networks = vec!["free", "maxmin"];
    }
    println!("| long work | start ms | longest step ms | steps | last step ms |");
    println!("|---|---:|---:|---:|---:|");
    let mut session = Session::new(MEMORY);
    if wanted("build") {
        let largest = EtlSpec {
            files: etl::FILES.1,
            compares: etl::COMPARES.1,
            ..EtlSpec::default()
        };
        row(&mut session, "build, 1,899,648 tasks", |s| {
            s.start_build(&largest)
        });
    }
    let spec = EtlSpec {
        files: 50_000,
        compares: 50_000,
        ..EtlSpec::default()
    };
    row(&mut session, "build, 192,937 tasks", |s| {
        s.start_build(&spec)
    });
    for policy in policies {
        for &network in &networks {
            let options = SimOptions {
                workers: 64,
                policy,
                bandwidth_mb_s: (network == "maxmin").then_some(1.0),
                network: NetworkKind::Maxmin,
                ..SimOptions::default()
            };
            let what = format!("simulate {policy}, {network}");
            match policy {
                // Searches that take graphs of at most 2,000 tasks.
                PolicyKind::Genetic | PolicyKind::Camp => {
                    let small = EtlSpec {
                        files: 400,
                        compares: 400,
                        ..EtlSpec::default()
                    };
                    let mut small_session = Session::new(MEMORY);
                    small_session.build(&small).expect("valid spec");
                    let what = format!("{what} ({} tasks)", small_session.graph().unwrap().len());
                    row(&mut small_session, &what, |s| s.start_simulate(&options));
                }
                _ => row(&mut session, &what, |s| s.start_simulate(&options)),
            }
        }
    }
    if wanted("shapes") {
        row(&mut session, "Dask model, 15 cluster shapes", |s| {
            s.start_shapes(&ShapeRequest::default())
        });
    }
}
