// Copies the browser builds of the front end's npm dependencies into www/vendor/
// so the page, its workers, dist/ and the npm package import them by plain
// relative URLs (no bundler, no import map). Run by scripts/setup after npm ci.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const www = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = {
  'viz.js': '@viz-js/viz/dist/viz.js', // Graphviz compiled to wasm, one ES module
  'uPlot.esm.js': 'uplot/dist/uPlot.esm.js',
  'uPlot.min.css': 'uplot/dist/uPlot.min.css',
};
mkdirSync(path.join(www, 'vendor'), { recursive: true });
for (const [name, source] of Object.entries(files)) {
  copyFileSync(path.join(www, 'node_modules', source), path.join(www, 'vendor', name));
}
console.log(`vendor: ${Object.keys(files).join(', ')} -> www/vendor/`);
