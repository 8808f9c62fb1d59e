//! A graph handed between the page's two wasm instances as its columns
//! (`Graph::to_parts` / `Graph::from_parts`): every graph comes back
//! identical (the ETL pipeline, every benchmark family, version-2 files with
//! several outputs, partial reads and tasks of several threads), and parts
//! broken in any column are an error on `graph`, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::{self, EtlSpec};
use dagsim::families;
use dagsim::graph::{Graph, GraphParts};
use proptest::prelude::*;

const V2: &str = r#"{"version": 2, "tasks": [
  {"key": "split", "duration_ms": 5, "outputs": [1000, 20, 0]},
  {"key": "fit", "deps": [{"key": "split", "outputs": [2, 0]}], "duration_ms": 3, "threads": 4},
  {"key": "sum-é", "deps": ["split", "fit"], "duration_ms": 1, "bytes": 8},
  {"key": "end", "deps": ["sum-é"], "duration_ms": 1, "outputs": []}
]}"#;

/// `graph` through owned parts, as they arrive from the other instance.
fn through_parts(graph: &Graph) -> Graph {
    Graph::from_parts(graph.to_parts().into_owned()).unwrap()
}

#[test]
fn every_graph_comes_back_identical() {
    let etl = etl::build(&EtlSpec::large()).unwrap();
    assert_eq!(&through_parts(etl.graph()), etl.graph());
    let v2 = Graph::from_json(V2).unwrap();
    assert!(v2.is_extended());
    assert_eq!(through_parts(&v2), v2);
    for family in families::families() {
        let g = families::generate(family.name, family.max_size.min(6), 7).unwrap();
        assert_eq!(through_parts(&g), g, "{}", family.name);
    }
    assert_eq!(through_parts(&Graph::default()), Graph::default());
}

/// Something that breaks one column of a graph's parts.
type Break = Box<dyn Fn(&mut GraphParts)>;

#[test]
fn broken_parts_are_errors_on_graph() {
    let g = Graph::from_json(V2).unwrap();
    let cases: Vec<(&str, Break)> = vec![
        ("a later dependency", Box::new(|p| p.deps.to_mut()[0] = 3)),
        (
            "a missing duration",
            Box::new(|p| {
                p.duration_ms.to_mut().pop();
            }),
        ),
        (
            "a negative duration",
            Box::new(|p| p.duration_ms.to_mut()[1] = -1.0),
        ),
        (
            "a NaN duration",
            Box::new(|p| p.duration_ms.to_mut()[1] = f64::NAN),
        ),
        (
            "a key inside a character",
            Box::new(|p| p.key_ends.to_mut()[2] -= 1),
        ),
        (
            "decreasing key ends",
            Box::new(|p| p.key_ends.to_mut()[0] = 100),
        ),
        (
            "dep ends past the list",
            Box::new(|p| *p.dep_ends.to_mut().last_mut().unwrap() += 1),
        ),
        (
            "a prefix out of range",
            Box::new(|p| p.prefix_of.to_mut()[0] = 99),
        ),
        ("no threads", Box::new(|p| p.threads.to_mut()[0] = 0)),
        (
            "threads for some tasks",
            Box::new(|p| {
                p.threads.to_mut().pop();
            }),
        ),
        (
            "an output read twice",
            Box::new(|p| {
                let o = p.outputs.as_mut().unwrap();
                o.reads.to_mut()[1] = o.reads[0];
            }),
        ),
        (
            "an output the dependency lacks",
            Box::new(|p| {
                p.outputs.as_mut().unwrap().reads.to_mut()[0] = 9;
            }),
        ),
        (
            "output ends for fewer tasks",
            Box::new(|p| {
                p.outputs.as_mut().unwrap().ends.to_mut().pop();
            }),
        ),
    ];
    for (what, breaks) in cases {
        let mut parts = g.to_parts();
        breaks(&mut parts);
        let e = Graph::from_parts(parts).expect_err(what);
        assert_eq!(e.field, "graph", "{what}: {e}");
        assert!(e.message.starts_with("graph parts: "), "{what}: {e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any one number of any column changed: the graph comes back checked
    /// (an error, or a graph whose invariants hold), never a panic.
    #[test]
    fn any_changed_number_is_checked(column in 0usize..7, at in any::<prop::sample::Index>(), value in any::<u32>()) {
        let g = Graph::from_json(V2).unwrap();
        let mut p = g.to_parts();
        let list: &mut Vec<u32> = match column {
            0 => p.prefix_of.to_mut(),
            1 => p.key_ends.to_mut(),
            2 => p.deps.to_mut(),
            3 => p.dep_ends.to_mut(),
            4 => p.threads.to_mut(),
            5 => p.outputs.as_mut().unwrap().reads.to_mut(),
            _ => p.outputs.as_mut().unwrap().read_ends.to_mut(),
        };
        let i = at.index(list.len());
        list[i] = value % 16;
        if let Ok(back) = Graph::from_parts(p) {
            for id in back.ids() {
                prop_assert!(back.deps(id).iter().all(|d| *d < id));
                let _ = (back.key(id), back.prefix(id), back.output_sizes(id), back.inputs(id).count());
            }
            let _ = back.to_json();
        }
    }
}
