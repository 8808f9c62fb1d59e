//! The ETL pipeline's graph and answer: determinism, structure (checked file
//! by file and pair by pair), culling, the pinned serial answers, failure
//! injection and bodies that refuse bad inputs instead of panicking.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::{self, Best, Etl, EtlSpec, Value};
use dagsim::exec::RunError;
use dagsim::graph::{Compute, Graph, TaskId, Token};
use std::collections::HashMap;

fn of_prefix<'a>(g: &'a Graph, prefix: &'a str) -> impl Iterator<Item = TaskId> + 'a {
    g.ids().filter(move |id| g.prefix(*id) == prefix)
}

/// The file each `load` and `process` task belongs to, recovered from the
/// load keys (`load-<token of "mydata-{i}.dat">`), as the notebook names files.
fn files(etl: &Etl) -> HashMap<TaskId, u32> {
    let spec = etl.spec();
    let g = etl.graph();
    let by_key: HashMap<String, u32> = (0..spec.files)
        .map(|i| {
            let salt = Token::of_str(&format!("mydata-{i}.dat"));
            (format!("load-{}", Token::of("load", salt, [])), i)
        })
        .collect();
    let mut files = HashMap::new();
    for id in of_prefix(g, "load") {
        files.insert(id, by_key[g.key(id)]);
    }
    for id in of_prefix(g, "process") {
        files.insert(id, files[&g.deps(id)[0]]);
    }
    files
}

/// Every task's output, computed in id order through the `Compute` trait.
fn outputs(etl: &Etl) -> Vec<Value> {
    let mut values: Vec<Value> = Vec::with_capacity(etl.graph().len());
    for id in etl.graph().ids() {
        let inputs: Vec<&Value> = etl
            .graph()
            .deps(id)
            .iter()
            .map(|d| &values[d.index()])
            .collect();
        values.push(etl.compute(id, &inputs).unwrap());
    }
    values
}

/// The roll-index pair of every compare, in compare order.
fn pairs(etl: &Etl) -> Vec<(u32, u32)> {
    let values = outputs(etl);
    of_prefix(etl.graph(), "compare")
        .map(|id| match &values[id.index()] {
            Value::Score(s) => (s.a, s.b),
            other => panic!("compare produced {other:?}"),
        })
        .collect()
}

#[test]
fn same_spec_same_graph_and_answer() {
    let a = etl::build(&EtlSpec::large()).unwrap();
    let b = etl::build(&EtlSpec::large()).unwrap();
    assert_eq!(a.graph(), b.graph());
    assert_eq!(a.serial().unwrap(), b.serial().unwrap());
}

#[test]
fn another_seed_draws_other_pairs_durations_and_answer() {
    let a = etl::build(&EtlSpec::large()).unwrap();
    let b = etl::build(&EtlSpec {
        seed: 43,
        ..EtlSpec::large()
    })
    .unwrap();
    assert_ne!(pairs(&a), pairs(&b));
    let durations = |e: &Etl| -> Vec<f64> {
        of_prefix(e.graph(), "load")
            .map(|id| e.graph().duration_ms(id))
            .collect()
    };
    assert_ne!(durations(&a), durations(&b));
    assert_ne!(a.serial().unwrap().score, b.serial().unwrap().score);
}

#[test]
fn structure_follows_the_notebook() {
    for spec in [
        EtlSpec::small(),
        EtlSpec::large(),
        EtlSpec {
            files: 3,
            compares: 1,
            ..EtlSpec::default()
        },
        EtlSpec {
            files: 31,
            compares: 7,
            seed: 99,
            ..EtlSpec::default()
        },
    ] {
        let etl = etl::build(&spec).unwrap();
        let g = etl.graph();
        let files = files(&etl);
        let sql = of_prefix(g, "load_from_sql").collect::<Vec<_>>();
        assert_eq!(sql.len(), 1);
        for id in of_prefix(g, "process") {
            let deps = g.deps(id);
            assert_eq!(g.prefix(deps[0]), "load");
            assert_eq!(deps[1], sql[0]);
        }
        // Roll i reads processed files i, i+1, i+2; its index is its first file.
        let mut roll_index = HashMap::new();
        for id in of_prefix(g, "roll") {
            let read: Vec<u32> = g.deps(id).iter().map(|d| files[d]).collect();
            assert!(g.deps(id).iter().all(|d| g.prefix(*d) == "process"));
            assert_eq!(read, [read[0], read[0] + 1, read[0] + 2], "{spec:?}");
            roll_index.insert(id, read[0]);
        }
        // Compare i depends on exactly the two rolls of its drawn pair.
        let compares: Vec<TaskId> = of_prefix(g, "compare").collect();
        assert_eq!(compares.len(), spec.compares as usize);
        for (&id, (a, b)) in compares.iter().zip(pairs(&etl)) {
            let deps = g.deps(id);
            assert_eq!(deps.len(), 2);
            assert_eq!((roll_index[&deps[0]], roll_index[&deps[1]]), (a, b));
        }
        assert_eq!(g.deps(etl.target()), compares.as_slice());
        assert_eq!(g.prefix(etl.target()), "reduction");
        // Culled like Dask: every roll is picked, every file read by a roll.
        assert_eq!(g.cull(&[etl.target()]), *g);
        // The notebook's order: loads, the SQL load, processes, rolls, compares, reduction.
        let order = [
            "load",
            "load_from_sql",
            "process",
            "roll",
            "compare",
            "reduction",
        ];
        let ranks: Vec<usize> = g
            .ids()
            .map(|id| order.iter().position(|p| *p == g.prefix(id)).unwrap())
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
    }
}

#[test]
fn task_counts_of_the_seed_examples() {
    // Small: 10 loads, 1 SQL load, 10 processes, 8 rolls (all picked), 20 compares, 1 reduction.
    let small = etl::build(&EtlSpec::small()).unwrap();
    let g = small.graph();
    let rolls = of_prefix(g, "roll").count();
    let distinct: std::collections::HashSet<u32> = pairs(&small)
        .into_iter()
        .flat_map(|(a, b)| [a, b])
        .collect();
    assert_eq!(rolls, distinct.len());
    assert_eq!(of_prefix(g, "load").count(), 10);
    assert_eq!(g.len(), 10 + 1 + 10 + rolls + 20 + 1);
    assert_eq!(g.len(), 50);
    // Large: 97 of the 98 rolls are picked; like Dask's own draw, 499 tasks.
    let large = etl::build(&EtlSpec::large()).unwrap();
    assert_eq!(of_prefix(large.graph(), "roll").count(), 97);
    assert_eq!(large.graph().len(), 499);
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
    assert!(etl.serial().is_ok());
}

/// The serial answers are pinned: the exported Dask script must reproduce
/// them bit for bit, so any change to a draw or a body shows up here.
#[test]
fn serial_answers_are_pinned() {
    let small = etl::build(&EtlSpec::small()).unwrap().serial().unwrap();
    assert_eq!(
        small,
        Best {
            a: 6,
            b: 0,
            score: -0.014994544738996484
        }
    );
    let large = etl::build(&EtlSpec::large()).unwrap().serial().unwrap();
    assert_eq!(
        large,
        Best {
            a: 11,
            b: 64,
            score: 0.21328381373347033
        }
    );
}

#[test]
fn the_answer_is_the_best_compare() {
    let etl = etl::build(&EtlSpec::large()).unwrap();
    let values = outputs(&etl);
    let scores: Vec<Best> = of_prefix(etl.graph(), "compare")
        .map(|id| match values[id.index()] {
            Value::Score(s) => s,
            _ => unreachable!(),
        })
        .collect();
    let best = etl.serial().unwrap();
    assert!(scores.iter().all(|s| s.score <= best.score));
    let first = scores.iter().find(|s| s.score == best.score).unwrap();
    assert_eq!(*first, best, "ties go to the lowest compare index");
    assert_eq!(etl.best(&values[etl.target().index()]), Some(best));
    assert_eq!(etl.best(&values[0]), None);
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
    for victim in [TaskId(0), TaskId(11), probe.target()] {
        let key = probe.graph().key(victim).to_owned();
        let failing = etl::build(&EtlSpec {
            fail: Some(key.clone()),
            ..EtlSpec::small()
        })
        .unwrap();
        let err = failing.serial().unwrap_err();
        assert!(matches!(&err, RunError::TaskFailed { key: k, .. } if *k == key));
        assert!(err
            .to_string()
            .starts_with(&format!("task {key} failed: injected failure")));
    }
    let unknown = etl::build(&EtlSpec {
        fail: Some("nope".into()),
        ..EtlSpec::small()
    })
    .unwrap_err();
    assert_eq!(unknown.field, "fail");
}

#[test]
fn bodies_refuse_wrong_inputs_without_panicking() {
    let etl = etl::build(&EtlSpec::small()).unwrap();
    let g = etl.graph();
    let values = outputs(&etl);
    let first = |p| of_prefix(g, p).next().unwrap();
    let load = &values[first("load").index()];
    let rolled = &values[first("roll").index()];
    for (id, inputs) in [
        (first("load"), vec![load]),
        (first("process"), vec![load]),
        (first("process"), vec![load, load]),
        (first("roll"), vec![load, load]),
        (first("roll"), vec![rolled, rolled, rolled]),
        (first("compare"), vec![load, load]),
        (first("compare"), vec![rolled]),
        (etl.target(), vec![]),
        (etl.target(), vec![rolled]),
        (TaskId(g.len() as u32), vec![]),
    ] {
        assert!(etl.compute(id, &inputs).is_err(), "{id:?} on {inputs:?}");
    }
}

#[test]
fn an_etl_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Etl>();
    shareable::<Value>();
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

/// Building in steps of any size gives the one-call build's graph, tasks
/// counted as they are added.
#[test]
fn a_build_in_steps_is_the_one_call_build() {
    use dagsim::etl::Building;
    let specs = [
        EtlSpec::default(),
        EtlSpec {
            files: 3,
            compares: 1,
            ..EtlSpec::default()
        },
        EtlSpec {
            files: 500,
            compares: 2_000,
            seed: 7,
            ..EtlSpec::default()
        },
    ];
    for spec in &specs {
        let whole = etl::build(spec).unwrap();
        for units in [1, 7, 256, 100_000] {
            let mut building = Building::new(spec).unwrap();
            let total = building.total();
            let mut last = 0;
            while !building.step(units) {
                assert!(building.done() >= last && building.done() < total);
                last = building.done();
            }
            assert_eq!(building.done(), total);
            let stepped = building.finish().unwrap();
            assert_eq!(
                stepped.graph(),
                whole.graph(),
                "{spec:?} in steps of {units}"
            );
            assert_eq!(stepped.target(), whole.target());
            assert_eq!(stepped.serial().unwrap(), whole.serial().unwrap());
        }
    }
}
