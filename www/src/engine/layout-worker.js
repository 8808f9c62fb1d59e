// Graphviz (viz.js, compiled to wasm) in its own worker, so laying out a big
// graph never freezes the page. Request: { id, dot }; reply: { id, svg } or
// { id, error }.
import { instance } from '../../vendor/viz.js';

const viz = instance();

self.onmessage = async ({ data: { id, dot } }) => {
  try {
    const svg = (await viz).renderString(dot, { format: 'svg', engine: 'dot' });
    self.postMessage({ id, svg });
  } catch (err) {
    self.postMessage({ id, error: String(err?.message ?? err) });
  }
};
