//! The graph as Graphviz DOT, drawn the way Dask's `visualize()` draws it:
//! every task is a function node (a circle labelled with its op) feeding a
//! data node (a box for its output), flowing bottom to top.
//!
//! Node ids are derived from task keys (the function node's id *is* the key,
//! its output box is `key` + [`DATA_SUFFIX`]) so a page can find and recolour
//! a task's node live. Graphs above [`DotOptions::group_above`] tasks are
//! drawn grouped — one node per prefix group (see `graph::PrefixGroups`: at
//! most 20, the largest prefixes by work and "other") with its task count and
//! total work, one edge per pair of connected groups with its edge count — so
//! that no view ever tries to lay out a million nodes. Labels are cut to 60
//! characters.

use crate::graph::{Graph, TaskId};
use std::fmt::Write;

/// Suffix of a task's output (data) node id.
pub const DATA_SUFFIX: &str = ":out";

/// Default task count above which graphs are drawn grouped by prefix.
pub const GROUP_ABOVE: usize = 1_000;

/// Most bytes of keys a per-task drawing names its nodes by; graphs with
/// more (a few huge keys) are drawn grouped whatever their task count.
pub const MAX_DRAWN_KEY_BYTES: usize = 1 << 20;

/// One colour per prefix, by the prefix's index in [`Graph::prefixes`]: the
/// palette every view of the page uses too (a graph with more prefixes
/// repeats it; views name prefixes in text as well).
///
/// It never uses the hues of [`STATE_COLORS`] (no red, green, amber or light
/// blue), so a prefix colour is never read as a state; its colours differ in
/// lightness as well as hue (after Paul Tol's colour-blind-safe schemes), so
/// they stay apart for red–green colour blindness.
pub const PALETTE: [&str; 8] = [
    "#332288", "#6699cc", "#882255", "#8c510a", "#117777", "#aa4499", "#444444", "#cc99cc",
];

/// The colour of the prefix at `index`.
pub fn prefix_color(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// Colours of the function nodes of a task state (see `exec::TaskState`):
/// waiting, ready, running, done, failed.
pub const STATE_COLORS: [&str; 5] = ["#e4e7ec", "#b9d4f7", "#f5b942", "#5cb85c", "#d9534f"];

/// How function nodes are filled.
#[derive(Clone, Copy, Debug, Default)]
pub enum DotColor {
    /// White, like `visualize()`.
    #[default]
    None,
    /// By prefix, with [`prefix_color`].
    Prefix,
}

/// Options of [`to_dot`].
#[derive(Clone, Copy, Debug)]
pub struct DotOptions {
    /// Fill of the function nodes.
    pub color: DotColor,
    /// Above this many tasks, draw one node per prefix instead.
    pub group_above: usize,
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions {
            color: DotColor::None,
            group_above: GROUP_ABOVE,
        }
    }
}

/// True when `graph` is drawn grouped under `options`: above
/// `options.group_above` tasks or [`MAX_DRAWN_KEY_BYTES`] of keys.
pub fn is_grouped(graph: &Graph, options: &DotOptions) -> bool {
    graph.len() > options.group_above || graph.key_bytes() > MAX_DRAWN_KEY_BYTES
}

/// The graph as DOT text; see the [module docs](self).
pub fn to_dot(graph: &Graph, options: &DotOptions) -> String {
    if is_grouped(graph, options) {
        grouped(graph, options)
    } else {
        per_task(graph, options)
    }
}

const HEADER: &str = "digraph {\n  graph [rankdir=BT];\n";

fn per_task(graph: &Graph, options: &DotOptions) -> String {
    let mut out = String::with_capacity(HEADER.len() + graph.len() * 160);
    out.push_str(HEADER);
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10];\n");
    for id in graph.ids() {
        let key = quote(graph.key(id));
        let fill = match options.color {
            DotColor::None => "#ffffff",
            DotColor::Prefix => prefix_color(graph.prefix_index(id)),
        };
        let data = quote(&format!("{}{DATA_SUFFIX}", graph.key(id)));
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "  {key} [id={key}, label={}, shape=circle, style=filled, fillcolor=\"{fill}\"];\n  {data} [id={data}, label=\"\", shape=box, width=0.3, height=0.2];\n  {key} -> {data};",
            quote(&shorten(graph.prefix(id))),
        );
        for dep in graph.deps(id) {
            let _ = writeln!(
                out,
                "  {} -> {key};",
                quote(&format!("{}{DATA_SUFFIX}", graph.key(*dep)))
            );
        }
    }
    out.push_str("}\n");
    out
}

fn grouped(graph: &Graph, options: &DotOptions) -> String {
    let mut tally = GroupTally::new(graph);
    for id in graph.ids() {
        tally.add(graph, id);
    }
    tally.to_dot(graph, options)
}

/// What a grouped drawing counts, task by task: the tasks and work of every
/// prefix group and the edges between every pair of groups. Built in one
/// pass ([`to_dot`]) or task by task in bounded steps (`summary`); the
/// drawing is the same.
#[derive(Clone, Debug)]
pub(crate) struct GroupTally {
    counts: Vec<usize>,
    work: Vec<f64>,
    /// At most MAX_SHOWN_PREFIXES² pairs: a dense matrix, O(1) per edge.
    edges: Vec<usize>,
}

impl GroupTally {
    /// Nothing counted yet for `graph`'s groups.
    pub(crate) fn new(graph: &Graph) -> GroupTally {
        let n = graph.groups().len();
        GroupTally {
            counts: vec![0; n],
            work: vec![0.0; n],
            edges: vec![0; n * n],
        }
    }

    /// Counts task `id` and the edges into it.
    pub(crate) fn add(&mut self, graph: &Graph, id: TaskId) {
        let n = self.counts.len();
        let g = graph.group_index(id);
        self.counts[g] += 1;
        self.work[g] += graph.duration_ms(id);
        for dep in graph.deps(id) {
            self.edges[graph.group_index(*dep) * n + g] += 1;
        }
    }

    /// Tasks counted in each group, by group index.
    pub(crate) fn counts(&self) -> &[usize] {
        &self.counts
    }

    /// The grouped drawing of the counted graph.
    pub(crate) fn to_dot(&self, graph: &Graph, options: &DotOptions) -> String {
        let names = graph.groups().names();
        let n = names.len();
        let (counts, work, edges) = (&self.counts, &self.work, &self.edges);
        // Node ids: the group's name, or its cut name and index when it is long.
        let ids: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, name)| match shorten(name) {
                std::borrow::Cow::Borrowed(_) => quote(name),
                std::borrow::Cow::Owned(cut) => quote(&format!("{cut}#{i}")),
            })
            .collect();
        let mut out = String::from(HEADER);
        out.push_str(
            "  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded,filled\"];\n",
        );
        for (i, name) in names.iter().enumerate() {
            let fill = match options.color {
                DotColor::None => "#ffffff",
                DotColor::Prefix => prefix_color(i),
            };
            let label = format!(
                "{}\n{} tasks · {:.1} s work",
                shorten(name),
                counts[i],
                work[i] / 1e3
            );
            let _ = writeln!(
                out,
                "  {} [id={}, label={}, fillcolor=\"{fill}\"];",
                ids[i],
                ids[i],
                quote(&label)
            );
        }
        for (pair, count) in edges.iter().enumerate().filter(|(_, c)| **c > 0) {
            let _ = writeln!(
                out,
                "  {} -> {} [label=\"{count}\"];",
                ids[pair / n],
                ids[pair % n]
            );
        }
        out.push_str("}\n");
        out
    }
}

/// Longest label text drawn for a name, in characters.
const MAX_LABEL_CHARS: usize = 60;

/// `name` cut to [`MAX_LABEL_CHARS`] characters (with `…`), so a huge key or
/// prefix cannot blow up a drawing.
fn shorten(name: &str) -> std::borrow::Cow<'_, str> {
    match name.char_indices().nth(MAX_LABEL_CHARS) {
        None => name.into(),
        Some((cut, _)) => format!("{}…", &name[..cut]).into(),
    }
}

/// A DOT double-quoted string whose text reaches the SVG exactly as given.
///
/// Quotes and backslashes are escaped for DOT; a newline becomes a line break.
/// `&` is written `&amp;`: Graphviz reads entities in strings, and its SVG
/// writer keeps an `&name;` it finds, so a key like `&lt;b&gt;` would come out
/// as markup-looking text or as an undefined entity that breaks the XML. Other
/// control characters, which XML forbids (and a NUL would cut the C string
/// Graphviz reads), become U+FFFD. `<`, `>` and quotes are escaped by
/// Graphviz's SVG writer itself.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '&' => q.push_str("&amp;"),
            c if c.is_control() => q.push('\u{FFFD}'),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;

    fn chain(n: usize) -> Graph {
        let mut b = GraphBuilder::new();
        let mut prev = b.add("load", 0, &[], 1.0, 8);
        for i in 1..n {
            prev = b.add("step", i as u64, &[prev], 2.0, 8);
        }
        b.finish()
    }

    #[test]
    fn one_circle_and_one_box_per_task_bottom_to_top() {
        let g = chain(3);
        let dot = to_dot(&g, &DotOptions::default());
        assert!(dot.starts_with("digraph {") && dot.trim_end().ends_with('}'));
        assert!(dot.contains("rankdir=BT"));
        assert_eq!(dot.matches("shape=circle").count(), 3);
        assert_eq!(dot.matches("shape=box").count(), 3);
        // task -> its box, and a dependency's box -> the task: 3 + 2 edges.
        assert_eq!(dot.matches(" -> ").count(), 5);
        let key = g.key(crate::graph::TaskId(1));
        assert!(dot.contains(&format!("\"{key}\" [id=\"{key}\", label=\"step\"")));
    }

    #[test]
    fn colours_by_prefix() {
        let g = chain(2);
        let dot = to_dot(
            &g,
            &DotOptions {
                color: DotColor::Prefix,
                ..DotOptions::default()
            },
        );
        assert!(dot.contains(PALETTE[0]) && dot.contains(PALETTE[1]));
    }

    #[test]
    fn big_graphs_are_grouped_by_prefix() {
        let g = chain(50);
        let options = DotOptions {
            group_above: 10,
            ..DotOptions::default()
        };
        assert!(is_grouped(&g, &options));
        let dot = to_dot(&g, &options);
        assert_eq!(dot.matches("[id=").count(), 2);
        assert!(dot.contains("49 tasks"));
        assert!(dot.contains("\"load\" -> \"step\" [label=\"1\"]"));
        assert!(dot.contains("\"step\" -> \"step\" [label=\"48\"]"));
    }

    #[test]
    fn thousands_of_prefixes_draw_as_at_most_twenty_groups() {
        let mut b = GraphBuilder::new();
        let mut prev = b.add_keyed("k0", "p0", &[], 1.0, 0);
        for i in 1..5_000 {
            prev = b.add_keyed(&format!("k{i}"), &format!("p{i}"), &[prev], 1.0, 0);
        }
        let dot = to_dot(&b.finish(), &DotOptions::default());
        assert_eq!(
            dot.matches("[id=").count(),
            crate::graph::MAX_SHOWN_PREFIXES
        );
        assert!(dot.contains("other (4981 prefixes)"));
    }

    #[test]
    fn a_few_huge_keys_are_drawn_grouped() {
        let mut b = GraphBuilder::new();
        let huge = "k".repeat(MAX_DRAWN_KEY_BYTES);
        let a = b.add_keyed(&huge, &huge, &[], 1.0, 0);
        b.add_keyed("small", "q", &[a], 1.0, 0);
        let g = b.finish();
        assert!(is_grouped(&g, &DotOptions::default()));
        let dot = to_dot(&g, &DotOptions::default());
        assert!(dot.len() < 1_000, "{dot}");
        assert!(dot.contains(&format!("\"{}…#0\" -> \"q\"", "k".repeat(MAX_LABEL_CHARS))));
    }

    #[test]
    fn long_names_are_cut_in_labels() {
        let long = "x".repeat(500);
        assert_eq!(shorten(&long).chars().count(), MAX_LABEL_CHARS + 1);
        assert_eq!(shorten("load"), "load");
    }

    #[test]
    fn quotes_are_escaped() {
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }

    #[test]
    fn markup_and_control_characters_cannot_escape_the_string() {
        let key = "</script><img src=x onerror=alert(1)>&lt;&foo;\u{0}\r\t-a";
        let q = quote(key);
        assert_eq!(
            q,
            "\"</script><img src=x onerror=alert(1)>&amp;lt;&amp;foo;\u{FFFD}\u{FFFD}\u{FFFD}-a\""
        );
        // One DOT string: it opens and closes once, nothing in between ends it.
        assert_eq!(q.matches('"').count(), 2);
        assert!(!q.chars().any(char::is_control));
    }
}
