//! The ETL pipeline's graph and answer: determinism, structure, culling,
//! validation and failure injection.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::{self, EtlSpec};
use dagsim::graph::{Graph, TaskId};

fn of_prefix<'a>(g: &'a Graph, prefix: &'a str) -> impl Iterator<Item = TaskId> + 'a {
    g.ids().filter(move |id| g.prefix(*id) == prefix)
}

#[test]
fn same_spec_same_graph_and_answer() {
    let a = etl::build(&EtlSpec::large()).unwrap();
    let b = etl::build(&EtlSpec::large()).unwrap();
    assert_eq!(a.graph(), b.graph());
    assert_eq!(a.serial().unwrap(), b.serial().unwrap());
    let other = etl::build(&EtlSpec {
        seed: 43,
        ..EtlSpec::large()
    })
    .unwrap();
    assert_ne!(a.graph().to_json(), other.graph().to_json());
}

#[test]
fn structure_follows_the_notebook() {
    let etl = etl::build(&EtlSpec::small()).unwrap();
    let g = etl.graph();
    assert_eq!(of_prefix(g, "load").count(), 10);
    assert_eq!(of_prefix(g, "load_from_sql").count(), 1);
    assert_eq!(of_prefix(g, "process").count(), 10);
    assert_eq!(of_prefix(g, "compare").count(), 20);
    assert_eq!(of_prefix(g, "reduction").count(), 1);
    let rolls = of_prefix(g, "roll").count();
    assert!((1..=8).contains(&rolls));
    assert_eq!(g.len(), 42 + rolls);
    for id in of_prefix(g, "process") {
        let deps: Vec<&str> = g.deps(id).iter().map(|d| g.prefix(*d)).collect();
        assert_eq!(deps, ["load", "load_from_sql"]);
    }
    for id in of_prefix(g, "roll") {
        assert!(g.deps(id).iter().all(|d| g.prefix(*d) == "process"));
        let ids: Vec<u32> = g.deps(id).iter().map(|d| d.0).collect();
        assert_eq!(ids.len(), 3);
        assert!(
            ids.windows(2).all(|w| w[1] == w[0] + 1),
            "consecutive processed files"
        );
    }
    for id in of_prefix(g, "compare") {
        assert_eq!(g.deps(id).len(), 2);
        assert!(g.deps(id).iter().all(|d| g.prefix(*d) == "roll"));
    }
    assert_eq!(g.deps(etl.target()).len(), 20);
    // Culled like Dask: every roll is used by some compare.
    let used = |r: TaskId| of_prefix(g, "compare").any(|c| g.deps(c).contains(&r));
    assert!(of_prefix(g, "roll").all(used));
    assert_eq!(g.cull(&[etl.target()]), *g);
}

#[test]
fn files_no_picked_roll_reads_are_culled() {
    let etl = etl::build(&EtlSpec {
        files: 31,
        compares: 7,
        seed: 99,
        ..EtlSpec::default()
    })
    .unwrap();
    let g = etl.graph();
    let loads = of_prefix(g, "load").count();
    assert_eq!(loads, of_prefix(g, "process").count());
    assert!(loads < 31, "some files are read by no picked roll");
    assert_eq!(g.cull(&[etl.target()]), *g);
    // The answer is the same as with every file computed.
    assert!(etl.serial().is_ok());
}

#[test]
fn the_large_example_has_dask_like_size() {
    let etl = etl::build(&EtlSpec::large()).unwrap();
    // 100 loads, 1 SQL load, 100 processes, 200 compares, 1 reduction, and the picked rolls.
    let rolls = of_prefix(etl.graph(), "roll").count();
    assert!(rolls <= 98);
    assert_eq!(etl.graph().len(), 402 + rolls);
}

#[test]
fn the_answer_depends_on_the_data() {
    let base = etl::build(&EtlSpec::large()).unwrap().serial().unwrap();
    let other = etl::build(&EtlSpec {
        records_per_file: 32,
        ..EtlSpec::large()
    })
    .unwrap()
    .serial()
    .unwrap();
    assert_ne!(base.score, other.score);
    assert!(base.score.is_finite() && (-1.0..=1.0).contains(&base.score));
}

#[test]
fn failure_injection_names_the_task() {
    let probe = etl::build(&EtlSpec::small()).unwrap();
    let victim = probe.graph().key(TaskId(11)).to_owned();
    let failing = etl::build(&EtlSpec {
        fail: Some(victim.clone()),
        ..EtlSpec::small()
    })
    .unwrap();
    let err = failing.serial().unwrap_err();
    assert_eq!(err.key, victim);
    assert!(err
        .to_string()
        .starts_with(&format!("task {victim} failed: injected failure")));
    let unknown = etl::build(&EtlSpec {
        fail: Some("nope".into()),
        ..EtlSpec::small()
    })
    .unwrap_err();
    assert_eq!(unknown.field, "fail");
}

#[test]
fn a_million_task_graph_builds() {
    let etl = etl::build(&EtlSpec {
        files: 250_000,
        compares: 250_000,
        ..EtlSpec::default()
    })
    .unwrap();
    assert!(etl.graph().len() > 900_000);
}
