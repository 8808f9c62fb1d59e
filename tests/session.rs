//! The engine's state machine (`session::Session`, what the page's engine
//! worker drives) under thousands of random call sequences: build, load,
//! run, poll, cancel, take the result, export, simulate, sweep, sweep cluster
//! shapes, send and receive a graph's byte stream, in any order
//! and with good and bad arguments. No call may panic, every failure is an
//! error, a run's trace is always read against the graph it ran, and the
//! session is usable afterwards. Deterministic: a fixed seed; `DAGSIM_CASES`
//! sets the number of sequences (`make fuzz` runs many more).
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::EtlSpec;
use dagsim::exec::RunOptions;
use dagsim::session::{Session, SessionError, ShapeRequest, WorkResult, WorkStatus};
use dagsim::sim::{PolicyKind, SimOptions};
use dagsim::summary::Summary;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use std::time::{Duration, Instant};

/// One call on the session, with its argument drawn from good and bad ones.
#[derive(Clone, Debug)]
enum Call {
    Build(u32, Option<&'static str>),
    Load(usize),
    StartRun(usize, f64),
    Poll,
    Progress,
    TraceTail,
    Cancel,
    TakeResult,
    ExportGraph(&'static str),
    ExportDask,
    ExportTrace,
    StartSimulate(u32),
    StartSweep(u32),
    Step,
    CheckImportSize(u64),
    Generate(&'static str, u32),
    StartCompare(u32),
    /// A time scale, and a time to finish within (NaN: no question asked).
    StartShapes(f64, f64),
    StartBuild(u32),
    StartSend(bool),
    Send(usize),
    StartReceive,
    /// A piece of another graph's byte stream (see [`stream_piece`]).
    Receive(usize),
    LastTrace,
}

/// Piece `i` of the byte stream of `FILES[2]`'s graph, as another instance
/// sends it: 0 all of it, 1 its first half, 2 the rest, 3 bytes that are no stream.
fn stream_piece(i: usize) -> Vec<u8> {
    let bytes = dagsim::graph::Graph::from_json(FILES[2])
        .unwrap()
        .to_bytes();
    let half = bytes.len() / 2;
    match i {
        0 => bytes,
        1 => bytes[..half].to_vec(),
        2 => bytes[half..].to_vec(),
        _ => vec![7; 150],
    }
}

/// Graph files: a small valid one, a smaller one, a larger one, one with a
/// `dask` section (priorities, a p2p input), and bad ones.
const FILES: [&str; 8] = [
    r#"{"tasks":[{"key":"a-1","duration_ms":1},{"key":"b-1","deps":["a-1"],"duration_ms":2},{"key":"c-1","deps":["a-1","b-1"],"duration_ms":1}]}"#,
    r#"{"tasks":[{"key":"x","duration_ms":0}]}"#,
    r#"{"tasks":[{"key":"p0","duration_ms":1},{"key":"p1","deps":["p0"],"duration_ms":1},{"key":"p2","deps":["p0"],"duration_ms":1},{"key":"p3","deps":["p1","p2"],"duration_ms":1},{"key":"p4","deps":["p3"],"duration_ms":1},{"key":"p5","deps":["p4","p0"],"duration_ms":1}]}"#,
    r#"{"tasks":[{"key":"a","deps":["a"],"duration_ms":1}]}"#,
    r#"{"tasks":[{"key":"a","duration_ms":-1}]}"#,
    r#"{"tasks": ["#,
    r#"{"tasks":[{"key":"t","duration_ms":1},{"key":"b","deps":["t"],"duration_ms":1},{"key":"o","deps":["b"],"duration_ms":1}],"dask":{"version":1,"priority":{"t":0,"b":1,"o":2},"p2p_bytes":{"t":4096}}}"#,
    r#"{"tasks":[{"key":"t","duration_ms":1}],"dask":{"version":1,"priority":{"zz":0}}}"#,
];

fn call() -> impl Strategy<Value = Call> {
    prop_oneof![
        (
            prop_oneof![Just(2u32), 3u32..12],
            prop_oneof![Just(None), Just(Some("nope")), Just(Some("reduction"))]
        )
            .prop_map(|(files, fail)| Call::Build(files, fail)),
        (0..FILES.len()).prop_map(Call::Load),
        (
            0usize..4,
            prop_oneof![Just(0.0), Just(0.0005), Just(f64::NAN), Just(-1.0)]
        )
            .prop_map(|(threads, scale)| Call::StartRun(threads, scale)),
        Just(Call::Poll),
        Just(Call::Progress),
        Just(Call::TraceTail),
        Just(Call::Cancel),
        Just(Call::TakeResult),
        prop_oneof![Just("json"), Just("dot"), Just("svg")].prop_map(Call::ExportGraph),
        Just(Call::ExportDask),
        Just(Call::ExportTrace),
        (0u32..6).prop_map(Call::StartSimulate),
        prop_oneof![Just(0u32), Just(1u32), Just(5000u32)].prop_map(Call::StartSweep),
        Just(Call::Step),
        prop_oneof![Just(0u64), Just(1u64 << 40)].prop_map(Call::CheckImportSize),
        (
            prop_oneof![Just("grid"), Just("bigmerge"), Just("nope")],
            prop_oneof![Just(0u32), 1u32..5, Just(1_000_000u32)]
        )
            .prop_map(|(family, size)| Call::Generate(family, size)),
        prop_oneof![Just(0u32), Just(2u32)].prop_map(Call::StartCompare),
        (
            prop_oneof![Just(1.0), Just(-1.0)],
            prop_oneof![Just(f64::NAN), Just(0.0), Just(-1.0), Just(0.5)]
        )
            .prop_map(|(time_scale, within)| Call::StartShapes(time_scale, within)),
        prop_oneof![Just(2u32), 3u32..12, Just(5_000u32)].prop_map(Call::StartBuild),
        Just(Call::Step),
        any::<bool>().prop_map(Call::StartSend),
        prop_oneof![Just(1usize), Just(64), Just(usize::MAX)].prop_map(Call::Send),
        Just(Call::StartReceive),
        (0usize..4).prop_map(Call::Receive),
        Just(Call::LastTrace),
    ]
}

/// The memory the session gets: a page's 1 GiB.
const MEMORY: usize = 1 << 30;

/// Makes `call` on `session`. Panics only on a broken invariant.
fn apply(session: &mut Session, call: &Call) {
    let result: Result<(), SessionError> = match call {
        Call::Build(files, fail) => session
            .build(&EtlSpec {
                files: *files,
                compares: 5,
                fail: fail.map(|key| {
                    // A key of the graph (the reduction's) or one that is not.
                    if key == "reduction" {
                        let g = dagsim::etl::build(&EtlSpec {
                            files: *files,
                            compares: 5,
                            ..EtlSpec::small()
                        });
                        g.map(|e| e.graph().key(e.target()).to_owned())
                            .unwrap_or_default()
                    } else {
                        key.to_owned()
                    }
                }),
                ..EtlSpec::small()
            })
            .map(|_| ()),
        Call::Load(i) => session.load(FILES[*i]).map(|_| ()),
        Call::StartBuild(files) => session
            .start_build(&EtlSpec {
                files: *files,
                compares: *files,
                ..EtlSpec::small()
            })
            .map(|_| ()),
        Call::StartRun(threads, time_scale) => session.start_run(RunOptions {
            threads: *threads,
            time_scale: *time_scale,
            ..RunOptions::default()
        }),
        Call::Poll => {
            session.poll(1.0);
            Ok(())
        }
        Call::Progress => {
            let (p, states) = (session.progress(), session.task_states());
            assert_eq!(p.is_some(), states.is_some());
            Ok(())
        }
        Call::TraceTail => {
            session.trace_tail();
            Ok(())
        }
        Call::Cancel => {
            session.cancel();
            Ok(())
        }
        Call::TakeResult => session.take_result().map(|f| {
            assert!(f.report.trace.events.len() <= 64);
        }),
        Call::ExportGraph(format) => session.export_graph(format).map(|_| ()),
        Call::ExportDask => session.export_dask().map(|_| ()),
        Call::ExportTrace => session.export_trace().map(|json| {
            assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
        }),
        Call::StartSimulate(workers) => session
            .start_simulate(&SimOptions {
                workers: *workers,
                policy: PolicyKind::ALL[*workers as usize % 5],
                ..SimOptions::default()
            })
            .map(|_| ()),
        Call::StartSweep(workers) => session
            .start_sweep(&SimOptions {
                workers: *workers,
                ..SimOptions::default()
            })
            .map(|_| ()),
        Call::Step => session.step(0.0).map(|status| {
            assert!(status.done <= status.total);
            assert!((0.0..=1.0).contains(&status.current));
            // A build's summary is made once every task is added (done = total).
            assert!(status.result.is_none() || status.done == status.total);
        }),
        Call::CheckImportSize(bytes) => session.check_import_size(*bytes),
        Call::Generate(family, size) => session.generate(family, *size, 3).map(|_| ()),
        Call::StartCompare(workers) => session
            .start_compare(&SimOptions {
                workers: *workers,
                ..SimOptions::default()
            })
            .map(|_| ()),
        // NaN: no question asked; the others a bad or a good time.
        Call::StartSend(last_run) => session.start_send(*last_run).map(|_| ()),
        Call::Send(max_bytes) => session.send(*max_bytes).map(|_| ()),
        Call::StartReceive => {
            session.start_receive();
            Ok(())
        }
        Call::Receive(i) => session.receive(&stream_piece(*i)).map(|_| ()),
        Call::LastTrace => session.last_trace().map(|_| ()),
        Call::StartShapes(time_scale, within) => session
            .start_shapes(&ShapeRequest {
                time_scale: *time_scale,
                within_s: (!within.is_nan()).then_some(*within),
                ..ShapeRequest::default()
            })
            .map(|_| ()),
    };
    if let Err(e) = result {
        // Every error is one line of text; field errors name their field.
        let text = e.to_string();
        assert!(
            !text.is_empty() && !text.contains('\n'),
            "{call:?}: {text:?}"
        );
        if let Some(field) = e.field() {
            assert!(!field.is_empty(), "{call:?}: {text}");
        }
    }
}

/// Finishes whatever is in flight and checks the session still does
/// everything: build, run to an answer, export its trace, simulate, sweep.
fn still_usable(session: &mut Session) {
    session.cancel();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !session.poll(5.0) {
        assert!(Instant::now() < deadline, "a cancelled run never finished");
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = session.take_result();
    session.build(&EtlSpec::small()).expect("builds");
    session
        .start_run(RunOptions {
            threads: 1,
            time_scale: 0.0,
            ..RunOptions::default()
        })
        .expect("starts");
    while !session.poll(5.0) {
        assert!(Instant::now() < deadline, "a run never finished");
        std::thread::sleep(Duration::from_millis(1));
    }
    let finished = session.take_result().expect("runs");
    assert!(finished.best.is_some());
    session.export_trace().expect("trace of the finished run");
    session
        .start_simulate(&SimOptions::default())
        .expect("simulates");
    assert!(matches!(finish(session), WorkResult::Simulation(_)));
    session.load(FILES[1]).expect("loads");
    session.start_sweep(&SimOptions::default()).expect("sweeps");
    assert!(matches!(finish(session), WorkResult::Sweep(_)));
}

/// Steps the work in progress to its end; its result.
fn finish(session: &mut Session) -> WorkResult {
    loop {
        let WorkStatus { result, .. } = session.step(10.0).expect("steps");
        if let Some(result) = result {
            return result;
        }
    }
}

#[test]
fn no_call_sequence_breaks_the_session() {
    let cases = std::env::var("DAGSIM_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(14),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    runner
        .run(&proptest::collection::vec(call(), 1..40), |calls| {
            let mut session = Session::new(MEMORY);
            for call in &calls {
                apply(&mut session, call);
            }
            still_usable(&mut session);
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_run_keeps_the_graph_it_ran() {
    // The issue's abort: run, load a smaller graph, export the trace.
    let mut session = Session::new(MEMORY);
    session.build(&EtlSpec::large()).unwrap();
    let ran = session.graph().unwrap().clone();
    session
        .start_run(RunOptions {
            threads: 1,
            time_scale: 0.0,
            ..RunOptions::default()
        })
        .unwrap();
    session.load(FILES[1]).unwrap();
    while !session.poll(5.0) {
        std::thread::sleep(Duration::from_millis(1));
    }
    let finished = session.take_result().unwrap();
    assert!(
        finished.best.is_some(),
        "the answer is read from the pipeline that ran"
    );
    let trace = session.export_trace().unwrap();
    assert_eq!(trace, finished.report.trace.to_chrome_json(&ran));
    assert_eq!(session.graph().unwrap().len(), 1);
}

#[test]
fn a_cancelled_sweep_says_so_once_and_a_new_one_runs() {
    let mut session = Session::new(MEMORY);
    session.build(&EtlSpec::small()).unwrap();
    let status = session.start_sweep(&SimOptions::default()).unwrap();
    assert_eq!((status.done, status.total), (0, 45));
    session.step(0.0).unwrap();
    session.cancel();
    assert_eq!(
        session.step(0.0).unwrap_err(),
        SessionError::Order("sweep cancelled")
    );
    assert_eq!(
        session.step(0.0).unwrap_err().to_string(),
        "no work in progress: start one first"
    );
    session.start_sweep(&SimOptions::default()).unwrap();
    assert!(matches!(finish(&mut session), WorkResult::Sweep(p) if p.len() == 45));
}

#[test]
fn a_simulation_of_a_large_graph_stops_mid_way_and_reports_how_far_it_is() {
    let mut session = Session::new(MEMORY);
    session
        .build(&EtlSpec {
            files: 2_000,
            compares: 2_000,
            ..EtlSpec::small()
        })
        .unwrap();
    let options = SimOptions {
        workers: 8,
        ..SimOptions::default()
    };
    let status = session.start_simulate(&options).unwrap();
    assert_eq!((status.done, status.total, status.current), (0, 1, 0.0));
    // One chunk of work is a small part of one simulation of 8,000 tasks.
    let status = session.step(0.0).unwrap();
    assert!(status.result.is_none());
    assert!(status.current > 0.0 && status.current < 1.0, "{status:?}");
    session.cancel();
    assert_eq!(
        session.step(0.0).unwrap_err(),
        SessionError::Order("simulation cancelled")
    );
    // The next simulation runs to the same report as the one-call simulation.
    session.start_simulate(&options).unwrap();
    let WorkResult::Simulation(stepped) = finish(&mut session) else {
        panic!("a simulation's result");
    };
    let whole = dagsim::sim::simulate(session.graph().unwrap(), &options).unwrap();
    assert_eq!(stepped.makespan_ms, whole.makespan_ms);
    assert_eq!(stepped.trace, whole.trace);
}

#[test]
fn oversized_files_get_one_sentence_with_size_limit_and_way_out() {
    let session = Session::new(MEMORY);
    let e = session.check_import_size(600 << 20).unwrap_err();
    assert_eq!(e.field(), Some("graph"));
    assert_eq!(
        e.to_string(),
        "graph: the file has 629145600 bytes of JSON, more than the 268435456 this page can \
         import in its 1024 MiB of wasm memory; the command line takes bigger graphs \
         (dagsim simulate --graph FILE)"
    );
    assert!(session.check_import_size(256 << 20).is_ok());
    // A small memory: the task limit is checked while reading.
    let mut small = Session::new(2048);
    let e = small.load(FILES[2]).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("graph: the file has 6 tasks, more than the 4 "),
        "{e}"
    );
    assert!(matches!(
        Session::new(MEMORY).take_result(),
        Err(SessionError::Order(_))
    ));
}

#[test]
fn a_run_that_may_not_fit_in_memory_is_refused_before_it_starts() {
    let mut session = Session::new(4 << 20);
    session
        .build(&EtlSpec {
            files: 5_000,
            compares: 5_000,
            ..EtlSpec::small()
        })
        .unwrap();
    let options = RunOptions {
        threads: 1,
        time_scale: 0.0,
        ..RunOptions::default()
    };
    let e = session.start_run(options.clone()).unwrap_err();
    assert_eq!(e.field(), Some("files"));
    assert!(
        e.to_string()
            .starts_with("files: a run of this graph may take up to 17 MiB, more than the 4 MiB"),
        "{e}"
    );
    assert!(
        session.start_simulate(&SimOptions::default()).is_ok(),
        "simulating still works"
    );
    session.build(&EtlSpec::small()).unwrap();
    session.start_run(options).unwrap();
}

#[test]
fn a_family_graph_compares_step_by_step_and_matches_sim_compare() {
    let mut session = Session::new(MEMORY);
    assert_eq!(
        session.generate("grid", 0, 1).unwrap_err().field(),
        Some("size")
    );
    assert_eq!(
        session.generate("nope", 4, 1).unwrap_err().field(),
        Some("family")
    );
    let tasks = session.generate("grid", 6, 1).unwrap().len();
    assert_eq!(tasks, 36);
    let options = SimOptions {
        bandwidth_mb_s: Some(100.0),
        ..SimOptions::default()
    };
    let status = session.start_compare(&options).unwrap();
    assert_eq!((status.done, status.total), (0, 3 * PolicyKind::ALL.len()));
    let first = session.step(0.0).unwrap();
    assert!(first.result.is_none());
    let WorkResult::Comparison {
        lower_ms: stepped_lower_ms,
        cells: stepped,
    } = finish(&mut session)
    else {
        panic!("a comparison's result");
    };
    let graph = dagsim::families::generate("grid", 6, 1).unwrap();
    let (lower_ms, cells) = dagsim::sim::compare(&graph, &options, &PolicyKind::ALL).unwrap();
    assert_eq!(stepped_lower_ms, lower_ms);
    assert_eq!(stepped, cells);
    // Cancel drops a comparison in progress and says so once.
    session.start_compare(&options).unwrap();
    session.cancel();
    assert_eq!(
        session.step(0.0).unwrap_err(),
        SessionError::Order("comparison cancelled")
    );
    assert!(session.step(0.0).is_err());
}

#[test]
fn a_build_in_steps_becomes_the_graph_and_a_cancelled_one_keeps_the_previous() {
    let small = EtlSpec::default();
    let large = EtlSpec {
        files: 20_000,
        compares: 20_000,
        ..EtlSpec::default()
    };
    let whole = dagsim::etl::build(&large).unwrap();
    let mut session = Session::new(MEMORY);
    session.build(&small).unwrap();
    let before = session.graph().unwrap().clone();
    let status = session.start_build(&large).unwrap();
    assert_eq!((status.done, status.total), (0, whole.graph().len()));
    let status = session.step(0.0).unwrap();
    assert!(status.result.is_none() && status.done > 0 && status.done < status.total);
    assert_eq!(
        session.graph().unwrap(),
        &before,
        "the previous graph stays meanwhile"
    );
    session.cancel();
    let error = session.step(1.0).unwrap_err().to_string();
    assert!(error.contains("build cancelled"), "{error}");
    assert_eq!(session.graph().unwrap(), &before);
    still_usable(&mut session);

    // Cancelled once every task is added, while its summary is made.
    let before = session.graph().unwrap().clone();
    session.start_build(&large).unwrap();
    let mut summarizing = 0;
    loop {
        let status = session.step(0.0).unwrap();
        assert!(status.result.is_none(), "bounded steps never end it here");
        if status.done == status.total {
            summarizing += 1;
            if summarizing == 3 {
                break;
            }
        }
    }
    assert_eq!(session.graph().unwrap(), &before);
    session.cancel();
    let error = session.step(1.0).unwrap_err().to_string();
    assert!(error.contains("build cancelled"), "{error}");
    assert_eq!(session.graph().unwrap(), &before);
    still_usable(&mut session);

    session.start_build(&large).unwrap();
    let WorkResult::Built { etl, summary } = finish(&mut session) else {
        panic!("a build ends with the pipeline")
    };
    assert_eq!(etl.graph(), whole.graph());
    assert_eq!(*summary, Summary::of(whole.graph()));
    assert_eq!(session.graph().unwrap(), whole.graph());
}

#[test]
fn a_graph_handed_over_in_chunks_is_adopted_whole_or_not_at_all() {
    let mut core = Session::new(MEMORY);
    core.build(&EtlSpec::small()).expect("builds");
    let mut lab = Session::new(MEMORY);
    lab.load(FILES[0]).expect("loads");
    let before = lab.graph().unwrap().clone();
    // Cancelled between two chunks: both sides say so once, the lab keeps its graph.
    core.start_send(false).expect("sends");
    lab.start_receive();
    let chunk = core.send(256).unwrap().expect("a chunk");
    assert!(!lab.receive(&chunk).unwrap());
    core.cancel();
    lab.cancel();
    for e in [
        core.send(256).unwrap_err(),
        lab.receive(&chunk).unwrap_err(),
    ] {
        assert_eq!(e.to_string(), "hand-over cancelled");
    }
    assert_eq!(lab.graph().unwrap(), &before);
    // Whole: received chunk by chunk, checked in steps, then the lab's graph.
    let total = core.start_send(false).expect("sends");
    lab.start_receive();
    let (mut received, mut whole) = (0, false);
    while !whole {
        let chunk = core.send(256).unwrap().expect("a chunk");
        received += chunk.len();
        whole = lab.receive(&chunk).unwrap();
    }
    assert_eq!(received, total);
    assert!(core.send(256).is_err(), "the hand-over is over");
    assert_eq!(lab.graph().unwrap(), &before, "not before it is checked");
    assert!(matches!(finish(&mut lab), WorkResult::Adopted));
    assert_eq!(lab.graph().unwrap(), core.graph().unwrap());
    // A run keeps the graph it ran: with `last_run`, that graph is sent.
    let ran = core.graph().unwrap().clone();
    core.start_run(RunOptions {
        threads: 1,
        time_scale: 0.0,
        ..RunOptions::default()
    })
    .expect("starts");
    core.load(FILES[1]).expect("loads meanwhile");
    while !core.poll(5.0) {
        std::thread::sleep(Duration::from_millis(1));
    }
    core.take_result().expect("runs");
    assert!(!core.last_trace().unwrap().1, "another graph is built now");
    core.start_send(true).expect("sends the run's graph");
    lab.start_receive();
    while !lab
        .receive(&core.send(usize::MAX).unwrap().unwrap())
        .unwrap()
    {}
    assert!(matches!(finish(&mut lab), WorkResult::Adopted));
    assert_eq!(lab.graph().unwrap(), &ran);
    let (trace, _) = core.last_trace().unwrap();
    assert_eq!(
        lab.chrome_trace(trace).unwrap(),
        core.export_trace().unwrap()
    );
}
