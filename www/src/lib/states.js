// Task states as the engine reports them: one byte per task, indexing this list.
import { h } from './dom.js';

/** State names indexed by the engine's state byte. */
export const STATE_NAMES = ['waiting', 'ready', 'running', 'done', 'failed'];

/** Fills `root` with one swatch and name per state, in the engine's `colors`. */
export function renderStateLegend(root, colors) {
  root.replaceChildren(...STATE_NAMES.flatMap((name, i) => {
    const swatch = h('i', { 'aria-hidden': 'true' });
    swatch.style.background = colors[i];
    return [swatch, name];
  }));
}
