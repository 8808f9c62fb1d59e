// Task states as the engine reports them: one byte per task, indexing the
// state names and colours of the graph summary (both from Rust:
// exec::TaskState::NAMES and dot::STATE_COLORS).
import { h } from './dom.js';

/** Fills `root` with one swatch and name per state, from a graph summary's `state_names` and `state_colors`. */
export function renderStateLegend(root, { state_names: names, state_colors: colors }) {
  root.replaceChildren(...names.flatMap((name, i) => {
    const swatch = h('i', { 'aria-hidden': 'true' });
    swatch.style.background = colors[i];
    return [swatch, name];
  }));
}
