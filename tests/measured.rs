//! The session's side of a measured graph file (`dask_to_dagsim.measure()`):
//! the cluster and calibration it reports for the page's fields, and the Dask
//! model's cluster-shape sweep with its Pareto front and "smallest cluster
//! within X s" answer. The file is a real one: a dask.array matmul measured
//! on a 2 × 1 LocalCluster sharing this machine's 2 cores (the page's e2e
//! test opens the same file).
#![cfg(feature = "lab")]

use dagsim::etl::EtlSpec;
use dagsim::session::{Session, SessionError, ShapeRequest, WorkResult};

const MEASURED: &str = include_str!("../www/test/e2e/fixtures/measured.json");

fn loaded() -> Session {
    let mut session = Session::new(1 << 30);
    session.load(MEASURED).unwrap();
    session
}

/// The shape sweep of the session's graph, run in small steps (the page's way).
fn ask(session: &mut Session, within_s: Option<f64>) -> dagsim::session::ShapeSweep {
    let request = ShapeRequest {
        within_s,
        ..ShapeRequest::default()
    };
    sweep(session, &request)
}

/// The shape sweep of `request`, run in small steps.
fn sweep(session: &mut Session, request: &ShapeRequest) -> dagsim::session::ShapeSweep {
    session.start_shapes(request).unwrap();
    loop {
        if let Some(WorkResult::Shapes(sweep)) = session.step(0.0).unwrap().result {
            return sweep;
        }
    }
}

#[test]
fn a_measured_file_reports_its_cluster_and_calibration() {
    let session = loaded();
    let m = session
        .measured()
        .expect("the file has a measurement section");
    let text: serde_json::Value = serde_json::from_str(MEASURED).unwrap();
    let cal = &text["measurement"]["calibration"];
    assert_eq!((m.workers, m.threads_per_worker), (2, 1));
    assert!(m.calibrated);
    let overhead = cal["scheduler_us_per_task"].as_f64().unwrap()
        + cal["worker_us_per_task"].as_f64().unwrap();
    assert_eq!(m.overhead_us, Some(overhead));
    assert_eq!(m.latency_us, cal["transfer"]["latency_us"].as_f64());
    assert_eq!(m.bandwidth_mb_s, cal["transfer"]["bandwidth_mb_s"].as_f64());
    assert_eq!(
        Some(m.makespan_ms),
        text["measurement"]["makespan_ms"].as_f64()
    );
    assert_eq!(m.host_cores, Some(2), "its workers shared a 2-core host");
}

#[test]
fn the_shape_sweep_predicts_the_measured_host_unless_asked_otherwise() {
    let mut session = loaded();
    let from_file = ask(&mut session, None);
    assert_eq!((from_file.host_cores, from_file.host_from_file), (2, true));
    let mut run = |host_cores| {
        let request = ShapeRequest {
            host_cores,
            ..ShapeRequest::default()
        };
        sweep(&mut session, &request)
    };
    let real = run(Some(0));
    assert_eq!((real.host_cores, real.host_from_file), (0, false));
    let same = run(Some(2));
    assert_eq!((same.host_cores, same.host_from_file), (2, false));
    // On 2 cores, 4 workers × 4 threads wait for cores; on a real cluster not.
    let at = |s: &dagsim::session::ShapeSweep| {
        s.shapes
            .iter()
            .find(|p| (p.report.workers, p.report.threads_per_worker) == (4, 4))
            .unwrap()
            .report
            .makespan_ms
    };
    assert!(at(&real) < at(&same), "{} vs {}", at(&real), at(&same));
    assert_eq!(at(&same), at(&from_file));
    let err = session
        .start_shapes(&ShapeRequest {
            host_cores: Some(u32::MAX),
            ..ShapeRequest::default()
        })
        .unwrap_err();
    assert_eq!(err.field(), Some("host_cores"), "{err}");
}

#[test]
fn building_the_pipeline_forgets_the_measurement() {
    let mut session = loaded();
    session.build(&EtlSpec::default()).unwrap();
    assert_eq!(session.measured(), None);
}

#[test]
fn the_shape_sweep_marks_the_pareto_front_and_answers_within() {
    let mut session = loaded();
    let sweep = ask(&mut session, None);
    assert!(sweep.calibrated);
    assert_eq!(sweep.shapes.len(), 15);
    assert!(sweep.within.is_none());
    // A point is on the front exactly when no other is at least as fast and
    // as cheap, and better in one.
    for p in &sweep.shapes {
        let (m, c) = (p.report.makespan_ms, p.report.core_seconds);
        let dominated = sweep.shapes.iter().any(|o| {
            let (om, oc) = (o.report.makespan_ms, o.report.core_seconds);
            om <= m && oc <= c && (om < m || oc < c)
        });
        assert_eq!(p.pareto, !dominated);
    }
    // Within the median makespan: the answer is as fast as asked, and no
    // shape with fewer threads in all is.
    let mut times: Vec<f64> = sweep.shapes.iter().map(|p| p.report.makespan_ms).collect();
    times.sort_by(f64::total_cmp);
    let seconds = times[times.len() / 2] / 1e3;
    let within = ask(&mut session, Some(seconds)).within.unwrap();
    let [w, t] = within
        .shape
        .expect("the median shape finishes within its own time");
    assert!(within.makespan_ms.unwrap() <= seconds * 1e3);
    assert!(!sweep
        .shapes
        .iter()
        .any(|p| p.report.makespan_ms <= seconds * 1e3
            && p.report.workers * p.report.threads_per_worker < w * t));
    // Faster than any shape: no answer, said so.
    let none = ask(&mut session, Some(times[0] / 2e3)).within.unwrap();
    assert_eq!((none.shape, none.makespan_ms), (None, None));
}

#[test]
fn a_shape_sweep_stops_on_cancel_and_says_so_once() {
    let mut session = loaded();
    let status = session.start_shapes(&ShapeRequest::default()).unwrap();
    assert_eq!((status.done, status.total), (0, 15));
    session.cancel();
    assert_eq!(
        session.step(0.0).unwrap_err(),
        SessionError::Order("shape sweep cancelled")
    );
    assert!(session.step(0.0).is_err());
    assert_eq!(ask(&mut session, None).shapes.len(), 15);
}

#[test]
fn a_bad_time_names_its_field() {
    let mut session = loaded();
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let request = ShapeRequest {
            within_s: Some(bad),
            ..ShapeRequest::default()
        };
        let err = session.start_shapes(&request).unwrap_err();
        assert_eq!(err.field(), Some("within_s"), "{bad}: {err}");
    }
    let request = ShapeRequest {
        time_scale: -1.0,
        ..ShapeRequest::default()
    };
    let err = session.start_shapes(&request).unwrap_err();
    assert_eq!(err.field(), Some("time_scale"), "{err}");
}

#[test]
fn a_bad_measurement_section_rejects_the_file_and_keeps_the_graph() {
    let mut session = loaded();
    let bad = MEASURED.replacen("\"makespan_ms\":", "\"makespan_ms\": -1, \"x\":", 1);
    let err = session.load(&bad).unwrap_err();
    assert!(matches!(err, SessionError::Field(_)), "{err}");
    assert_eq!(err.field(), Some("graph"));
    assert!(err.to_string().starts_with("graph: measurement: "), "{err}");
    assert!(session.measured().is_some(), "the previous file stays");
}

#[test]
fn a_new_graph_drops_a_shape_sweep_and_a_built_graph_is_swept_uncalibrated() {
    let mut session = loaded();
    // Loading a graph (even the same file) drops a sweep in progress.
    session.start_shapes(&ShapeRequest::default()).unwrap();
    session.load(MEASURED).unwrap();
    assert!(session.step(0.0).is_err());
    // A graph that is built (no measurement) is swept too, uncalibrated.
    session.build(&EtlSpec::default()).unwrap();
    assert!(!ask(&mut session, None).calibrated);
}
