//! The graph between the page's two wasm instances, the core and the
//! scheduling lab: [`Engine::graph_parts`] gives the graph's columns
//! (`graph::GraphParts`) as typed arrays and [`Engine::adopt_graph`] makes
//! the graph they describe the one later calls work on. The engine worker
//! copies them from one instance to the other whenever one has a graph the
//! other has not seen; no text format in between.

use super::engine::Engine;
use super::error::EngineError;
use super::report;
use crate::field::FieldError;
use crate::graph::{Graph, GraphParts, OutputParts};
use js_sys::{Array, BigUint64Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use std::borrow::Cow;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
impl Engine {
    /// The graph's columns: `{ prefixes: string[], prefix_of, key_ends,
    /// deps, dep_ends, threads: Uint32Array, keys: Uint8Array (UTF-8),
    /// duration_ms: Float64Array, bytes: BigUint64Array, outputs: null |
    /// { sizes: BigUint64Array, ends, reads, read_ends: Uint32Array } }`.
    #[wasm_bindgen(js_name = graphParts)]
    pub fn graph_parts(&self) -> Result<JsValue, EngineError> {
        let p = self.session.graph()?.to_parts();
        let object = new_object();
        let prefixes: Array = p.prefixes.iter().map(|s| JsValue::from_str(s)).collect();
        report::set(&object, "prefixes", &prefixes);
        report::set(&object, "prefix_of", &Uint32Array::from(&p.prefix_of[..]));
        report::set(&object, "keys", &Uint8Array::from(p.keys.as_bytes()));
        report::set(&object, "key_ends", &Uint32Array::from(&p.key_ends[..]));
        report::set(&object, "deps", &Uint32Array::from(&p.deps[..]));
        report::set(&object, "dep_ends", &Uint32Array::from(&p.dep_ends[..]));
        report::set(
            &object,
            "duration_ms",
            &Float64Array::from(&p.duration_ms[..]),
        );
        report::set(&object, "bytes", &BigUint64Array::from(&p.bytes[..]));
        report::set(&object, "threads", &Uint32Array::from(&p.threads[..]));
        let outputs = match &p.outputs {
            None => JsValue::NULL,
            Some(o) => {
                let outputs = new_object();
                report::set(&outputs, "sizes", &BigUint64Array::from(&o.sizes[..]));
                report::set(&outputs, "ends", &Uint32Array::from(&o.ends[..]));
                report::set(&outputs, "reads", &Uint32Array::from(&o.reads[..]));
                report::set(&outputs, "read_ends", &Uint32Array::from(&o.read_ends[..]));
                outputs
            }
        };
        report::set(&object, "outputs", &outputs);
        Ok(object)
    }

    /// Makes the graph whose columns are `parts` (another instance's
    /// [`Engine::graph_parts`]) the graph later calls work on, as an
    /// imported graph is (it replays); checked first (an error on `graph`),
    /// and then the previous graph stays.
    #[wasm_bindgen(js_name = adoptGraph)]
    pub fn adopt_graph(&mut self, parts: JsValue) -> Result<(), EngineError> {
        let graph = Graph::from_parts(read_parts(&parts)?)?;
        self.session.adopt(graph);
        Ok(())
    }

    /// The summary of the graph later calls work on (as a build ends with).
    pub fn summary(&self) -> Result<JsValue, EngineError> {
        report::summary(self.session.graph()?)
    }
}

fn new_object() -> JsValue {
    Object::new().into()
}

/// `parts` read back as [`GraphParts`]; a missing or mistyped column is an
/// error on `graph`.
fn read_parts(parts: &JsValue) -> Result<GraphParts<'static>, FieldError> {
    let keys = String::from_utf8(column::<Uint8Array>(parts, "keys")?.to_vec())
        .map_err(|_| bad("keys are not UTF-8"))?;
    let prefixes = column::<Array>(parts, "prefixes")?
        .iter()
        .map(|p| p.as_string().ok_or_else(|| bad("a prefix is not a string")))
        .collect::<Result<Vec<String>, _>>()?;
    let outputs = match get(parts, "outputs")? {
        o if o.is_null() => None,
        o => Some(OutputParts {
            sizes: Cow::Owned(column::<BigUint64Array>(&o, "sizes")?.to_vec()),
            ends: Cow::Owned(column::<Uint32Array>(&o, "ends")?.to_vec()),
            reads: Cow::Owned(column::<Uint32Array>(&o, "reads")?.to_vec()),
            read_ends: Cow::Owned(column::<Uint32Array>(&o, "read_ends")?.to_vec()),
        }),
    };
    let u32s = |name| column::<Uint32Array>(parts, name).map(|a| Cow::Owned(a.to_vec()));
    Ok(GraphParts {
        prefixes: Cow::Owned(prefixes),
        prefix_of: u32s("prefix_of")?,
        keys: Cow::Owned(keys),
        key_ends: u32s("key_ends")?,
        deps: u32s("deps")?,
        dep_ends: u32s("dep_ends")?,
        duration_ms: Cow::Owned(column::<Float64Array>(parts, "duration_ms")?.to_vec()),
        bytes: Cow::Owned(column::<BigUint64Array>(parts, "bytes")?.to_vec()),
        threads: u32s("threads")?,
        outputs,
    })
}

fn bad(what: &str) -> FieldError {
    FieldError::new("graph", format!("graph parts: {what}"))
}

fn get(object: &JsValue, name: &str) -> Result<JsValue, FieldError> {
    Reflect::get(object, &name.into()).map_err(|_| bad("not an object"))
}

/// `object[name]` as a `T` (a typed array, an array).
fn column<T: JsCast>(object: &JsValue, name: &str) -> Result<T, FieldError> {
    get(object, name)?
        .dyn_into::<T>()
        .map_err(|_| bad(&format!("{name} is missing or of the wrong type")))
}
