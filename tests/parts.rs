//! A graph handed between the page's two wasm instances as its columns
//! (`Graph::to_parts` / `Graph::from_parts`) and as their byte stream
//! (`PartsWriter` / `PartsReader`, checked in steps by `Adopting`): every
//! graph comes back identical (the ETL pipeline, every benchmark family,
//! version-2 files with several outputs, partial reads and tasks of several
//! threads), however the stream is cut into chunks and the check into
//! steps; parts broken in any column, and streams with any byte changed,
//! cut short or run long, are an error on `graph`, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::{self, EtlSpec};
use dagsim::families;
use dagsim::graph::{Adopting, Graph, GraphParts, PartsReader, PartsWriter, TaskId};
use proptest::prelude::*;

const V2: &str = r#"{"version": 2, "tasks": [
  {"key": "split", "duration_ms": 5, "outputs": [1000, 20, 0]},
  {"key": "fit", "deps": [{"key": "split", "outputs": [2, 0]}], "duration_ms": 3, "threads": 4},
  {"key": "sum-é", "deps": ["split", "fit"], "duration_ms": 1, "bytes": 8},
  {"key": "end", "deps": ["sum-é"], "duration_ms": 1, "outputs": []}
]}"#;

/// `graph` through a copy of its parts.
fn through_parts(graph: &Graph) -> Graph {
    Graph::from_parts(graph.to_parts()).unwrap()
}

/// `graph` through its byte stream, in one go.
fn through_bytes(graph: &Graph) -> Graph {
    Graph::from_bytes(&graph.to_bytes()).unwrap()
}

#[test]
fn every_graph_comes_back_identical() {
    let etl = etl::build(&EtlSpec::large()).unwrap();
    assert_eq!(&through_parts(etl.graph()), etl.graph());
    assert_eq!(&through_bytes(etl.graph()), etl.graph());
    let v2 = Graph::from_json(V2).unwrap();
    assert!(v2.is_extended());
    assert_eq!(through_parts(&v2), v2);
    assert_eq!(through_bytes(&v2), v2);
    for family in families::families() {
        let g = families::generate(family.name, family.max_size.min(6), 7).unwrap();
        assert_eq!(through_parts(&g), g, "{}", family.name);
        assert_eq!(through_bytes(&g), g, "{}", family.name);
    }
    assert_eq!(through_parts(&Graph::default()), Graph::default());
    assert_eq!(through_bytes(&Graph::default()), Graph::default());
}

/// Something that breaks one column of a graph's parts.
type Break = Box<dyn Fn(&mut GraphParts)>;

#[test]
fn broken_parts_are_errors_on_graph() {
    let g = Graph::from_json(V2).unwrap();
    let cases: Vec<(&str, Break)> = vec![
        ("a later dependency", Box::new(|p| p.deps[0] = TaskId(3))),
        (
            "a missing duration",
            Box::new(|p| {
                p.duration_ms.pop();
            }),
        ),
        ("a negative duration", Box::new(|p| p.duration_ms[1] = -1.0)),
        ("a NaN duration", Box::new(|p| p.duration_ms[1] = f64::NAN)),
        ("a key inside a character", Box::new(|p| p.key_ends[2] -= 1)),
        ("decreasing key ends", Box::new(|p| p.key_ends[0] = 100)),
        (
            "dep ends past the list",
            Box::new(|p| *p.dep_ends.last_mut().unwrap() += 1),
        ),
        ("a prefix out of range", Box::new(|p| p.prefix_of[0] = 99)),
        ("no threads", Box::new(|p| p.threads[0] = 0)),
        (
            "threads for some tasks",
            Box::new(|p| {
                p.threads.pop();
            }),
        ),
        (
            "an output read twice",
            Box::new(|p| {
                let o = p.outputs.as_mut().unwrap();
                o.reads[1] = o.reads[0];
            }),
        ),
        (
            "an output the dependency lacks",
            Box::new(|p| {
                p.outputs.as_mut().unwrap().reads[0] = 9;
            }),
        ),
        (
            "output ends for fewer tasks",
            Box::new(|p| {
                p.outputs.as_mut().unwrap().ends.pop();
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

#[test]
fn broken_streams_are_errors_on_graph() {
    let bytes = Graph::from_json(V2).unwrap().to_bytes();
    let header = 12 + 8 * 14;
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("cut short", bytes[..bytes.len() - 1].to_vec()),
        ("only the header", bytes[..header].to_vec()),
        ("half a header", bytes[..header / 2].to_vec()),
        ("empty", Vec::new()),
        ("a byte past the end", [&bytes[..], &[0]].concat()),
    ];
    let mut changed = |what, at: usize, value: u8| {
        let mut b = bytes.clone();
        b[at] = value;
        cases.push((what, b));
    };
    changed("another magic", 0, b'X');
    changed("another version", 4, 9);
    changed("an unknown flag", 8, 3);
    changed("a column far longer than the stream", 12 + 8 * 3 + 7, 0x7f);
    for (what, b) in cases {
        let e = Graph::from_bytes(&b).expect_err(what);
        assert_eq!(e.field, "graph", "{what}: {e}");
        assert!(e.message.starts_with("graph parts: "), "{what}: {e}");
    }
    // A stream without outputs may not carry output columns.
    let plain = Graph::from_json(r#"{"tasks": [{"key": "a", "duration_ms": 1}]}"#).unwrap();
    let mut b = plain.to_bytes();
    b[12 + 8 * 10] = 1;
    let e = Graph::from_bytes(&b).unwrap_err();
    assert!(e.message.contains("without outputs"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any one number of any column changed: the graph comes back checked
    /// (an error, or a graph whose invariants hold), never a panic.
    #[test]
    fn any_changed_number_is_checked(column in 0usize..7, at in any::<prop::sample::Index>(), value in any::<u32>()) {
        let g = Graph::from_json(V2).unwrap();
        let mut p = g.to_parts();
        let value = value % 16;
        let list: &mut Vec<u32> = match column {
            0 => &mut p.prefix_of,
            1 => &mut p.key_ends,
            2 => {
                let i = at.index(p.deps.len());
                p.deps[i] = TaskId(value);
                return check(Graph::from_parts(p));
            }
            3 => &mut p.dep_ends,
            4 => &mut p.threads,
            5 => &mut p.outputs.as_mut().unwrap().reads,
            _ => &mut p.outputs.as_mut().unwrap().read_ends,
        };
        let i = at.index(list.len());
        list[i] = value;
        check(Graph::from_parts(p))?;
    }

    /// Any one byte of the stream changed: an error on `graph`, or a graph
    /// whose invariants hold; never a panic.
    #[test]
    fn any_changed_byte_is_checked(at in any::<prop::sample::Index>(), value in any::<u8>()) {
        let mut bytes = Graph::from_json(V2).unwrap().to_bytes();
        let i = at.index(bytes.len());
        bytes[i] = value;
        check(Graph::from_bytes(&bytes))?;
    }

    /// The stream cut into chunks of any sizes and checked in steps of any
    /// number of tasks gives the same graph.
    #[test]
    fn any_chunks_and_steps_give_the_same_graph(sizes in prop::collection::vec(1usize..200, 1..50), tasks in 1usize..40) {
        let etl = etl::build(&EtlSpec::small()).unwrap();
        for g in [Graph::from_json(V2).unwrap(), etl.graph().clone()] {
            let mut writer = PartsWriter::new(&g);
            let mut reader = PartsReader::default();
            let mut complete = false;
            for size in sizes.iter().cycle() {
                let Some(chunk) = writer.next_chunk(*size) else { break };
                prop_assert!(!complete, "bytes after the stream was complete");
                // The chunk arrives cut where the sizes say, not where it was written.
                for piece in chunk.chunks(*size) {
                    complete = reader.push(piece).unwrap();
                }
            }
            prop_assert!(complete && writer.is_done());
            let mut adopting = Adopting::new(reader.finish().unwrap()).unwrap();
            let mut steps = 0;
            while !adopting.step(tasks) {
                steps += 1;
                prop_assert_eq!(adopting.done(), steps * tasks);
            }
            prop_assert_eq!(adopting.finish().unwrap(), g);
        }
    }
}

/// `Ok` when `result` is an error on `graph`, or a graph whose invariants hold.
fn check(result: Result<Graph, dagsim::field::FieldError>) -> Result<(), TestCaseError> {
    match result {
        Err(e) => prop_assert_eq!(&e.field, "graph", "{}", e),
        Ok(back) => {
            for id in back.ids() {
                prop_assert!(back.deps(id).iter().all(|d| *d < id));
                let _ = (
                    back.key(id),
                    back.prefix(id),
                    back.output_sizes(id),
                    back.inputs(id).count(),
                );
            }
            let _ = back.to_json();
        }
    }
    Ok(())
}
