//! Browser tests (`wasm-pack test --headless --chrome`): in a dedicated worker,
//! start a real wasm-bindgen-rayon pool and run the pipeline on it.
#![cfg(target_arch = "wasm32")]

use dagsim::etl::{self, EtlSpec};
use dagsim::exec::{self, LatencyMode, RunError, RunOptions};
use dagsim::trace::Trace;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const POOL: usize = 4;

/// Starts the pool once for all tests of this instance.
async fn pool() {
    static STARTED: AtomicBool = AtomicBool::new(false);
    if !STARTED.swap(true, Ordering::SeqCst) {
        JsFuture::from(dagsim::web::init_thread_pool(POOL))
            .await
            .expect("initThreadPool");
    }
    assert_eq!(rayon::current_num_threads(), POOL);
}

fn options(threads: usize, mode: LatencyMode, time_scale: f64) -> RunOptions {
    RunOptions {
        threads,
        mode,
        time_scale,
    }
}

/// Pairs of tasks on different threads whose intervals intersect.
fn overlapping_pairs(trace: &Trace) -> usize {
    let e = &trace.events;
    let mut pairs = 0;
    for i in 0..e.len() {
        for j in i + 1..e.len() {
            if e[i].thread != e[j].thread
                && e[i].start_us < e[j].end_us
                && e[j].start_us < e[i].end_us
            {
                pairs += 1;
            }
        }
    }
    pairs
}

#[wasm_bindgen_test]
async fn sleeping_tasks_overlap_on_the_pool_and_give_the_serial_answer() {
    pool().await;
    let etl = Arc::new(etl::build(&EtlSpec::small()).unwrap());
    let oracle = etl.serial().unwrap();
    let report = exec::run(Arc::clone(&etl), &options(POOL, LatencyMode::Sleep, 0.02)).unwrap();
    assert_eq!(report.trace.events.len(), etl.graph().len());
    assert!(
        overlapping_pairs(&report.trace) > 0,
        "no two tasks overlapped on different threads"
    );
    let threads: std::collections::HashSet<u32> =
        report.trace.events.iter().map(|e| e.thread).collect();
    assert!(threads.len() > 1, "all tasks ran on one thread");
    let best = etl.answer(&report).unwrap();
    assert_eq!(best, oracle);
}

#[wasm_bindgen_test]
async fn every_thread_count_and_mode_gives_the_serial_answer() {
    pool().await;
    let etl = Arc::new(
        etl::build(&EtlSpec {
            files: 17,
            compares: 33,
            seed: 7,
            ..EtlSpec::default()
        })
        .unwrap(),
    );
    let oracle = etl.serial().unwrap();
    for threads in 1..=POOL {
        for mode in [LatencyMode::Sleep, LatencyMode::Spin] {
            let report = exec::run(Arc::clone(&etl), &options(threads, mode, 0.0)).unwrap();
            assert_eq!(
                etl.answer(&report).unwrap(),
                oracle,
                "{threads} threads, {mode:?}"
            );
            assert!(report
                .trace
                .events
                .iter()
                .all(|e| (e.thread as usize) < POOL));
        }
    }
}

#[wasm_bindgen_test]
async fn a_failing_task_is_reported_by_key_and_the_pool_stays_usable() {
    pool().await;
    let probe = Arc::new(etl::build(&EtlSpec::small()).unwrap());
    let victim = probe
        .graph()
        .key(probe.graph().ids().nth(12).unwrap())
        .to_owned();
    let failing = Arc::new(
        etl::build(&EtlSpec {
            fail: Some(victim.clone()),
            ..EtlSpec::small()
        })
        .unwrap(),
    );
    match exec::run(
        Arc::clone(&failing),
        &options(POOL, LatencyMode::Sleep, 0.0),
    ) {
        Err(RunError::TaskFailed { key, .. }) => assert_eq!(key, victim),
        other => panic!(
            "expected TaskFailed for {victim}, got {:?}",
            other.map(|r| r.makespan_us)
        ),
    }
    let report = exec::run(Arc::clone(&probe), &options(POOL, LatencyMode::Sleep, 0.0)).unwrap();
    assert_eq!(probe.answer(&report).unwrap(), probe.serial().unwrap());
}

/// Steps `engine`'s long work until it ends; its result.
fn finish(
    engine: &mut dagsim::web::Engine,
    status: wasm_bindgen::JsValue,
) -> wasm_bindgen::JsValue {
    let mut status = status;
    loop {
        let result = js_sys::Reflect::get(&status, &"result".into()).unwrap();
        if !result.is_null() {
            return result;
        }
        status = engine.step(25.0).map_err(|_| "step failed").unwrap();
    }
}

#[wasm_bindgen_test]
fn a_graph_crosses_to_another_instance_through_its_byte_stream_unchanged() {
    use dagsim::web::Engine;
    let spec = serde_wasm_bindgen::to_value(&EtlSpec::small()).unwrap();
    let mut core = Engine::new();
    let status = core.start_build(spec).map_err(|_| "build").unwrap();
    let summary = finish(&mut core, status);
    let mut other = Engine::new();
    let total = core.start_send(false).map_err(|_| "startSend").unwrap();
    other.start_receive();
    // Chunks of 1 KiB, as the engine worker sends a few MiB at a time.
    let (mut received, mut whole) = (0.0, false);
    while !whole {
        let chunk = core
            .send_chunk(1024)
            .map_err(|_| "sendChunk")
            .unwrap()
            .unwrap();
        received += chunk.len() as f64;
        whole = other
            .receive_chunk(&chunk)
            .map_err(|_| "receiveChunk")
            .unwrap();
    }
    assert_eq!(received, total);
    let status = other.step(25.0).map_err(|_| "step").unwrap();
    assert_eq!(finish(&mut other, status), wasm_bindgen::JsValue::TRUE);
    let dot = |e: &Engine| e.export_graph("dot").map_err(|_| "exportGraph").unwrap();
    assert_eq!(dot(&other), dot(&core));
    let tasks = |s: &wasm_bindgen::JsValue| js_sys::Reflect::get(s, &"tasks".into()).unwrap();
    let adopted = other.summary().map_err(|_| "summary").unwrap();
    assert_eq!(tasks(&adopted), tasks(&summary));
    // A stream that is not one is an error on `graph`, and the graph stays.
    other.start_receive();
    let error = other
        .receive_chunk(&[0; 200])
        .err()
        .map(wasm_bindgen::JsValue::from)
        .unwrap();
    let field = js_sys::Reflect::get(&error, &"field".into()).unwrap();
    assert_eq!(field.as_string().as_deref(), Some("graph"));
    assert_eq!(dot(&other), dot(&core));
    // A Cancel between two chunks stops the hand-over on both sides.
    core.start_send(false).map_err(|_| "startSend").unwrap();
    other.start_receive();
    let chunk = core
        .send_chunk(1024)
        .map_err(|_| "sendChunk")
        .unwrap()
        .unwrap();
    assert!(!other
        .receive_chunk(&chunk)
        .map_err(|_| "receiveChunk")
        .unwrap());
    core.cancel();
    other.cancel();
    assert!(core.send_chunk(1024).is_err());
    assert!(other.receive_chunk(&chunk).is_err());
    assert_eq!(dot(&other), dot(&core));
}
