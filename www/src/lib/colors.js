// One colour per task prefix, the same in every view (progress, DAG, stream).
// Prefixes are coloured by their order of first appearance in the graph,
// which for the ETL is load, load_from_sql, process, roll, compare, reduction.

/** A qualitative palette (ColorBrewer Set2-like, darkened for contrast on white). */
export const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#b07aa1', '#edc948', '#ff9da7', '#9c755f', '#bab0ac'];

/** The colour of the prefix at `index` in the graph's prefix list. */
export function prefixColor(index) {
  return PALETTE[index % PALETTE.length];
}
