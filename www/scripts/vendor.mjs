// Copies the browser builds of the front end's npm dependencies into www/vendor/
// so the page, its workers, dist/ and the npm package import them by plain
// relative URLs (no bundler, no import map). Run by scripts/setup after npm ci.
// uPlot ships no minified ES module: it is minified here (Vite's minifier), which
// halves what the page downloads for the chart.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minifySync } from 'vite';

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
const uplot = path.join(www, 'vendor', 'uPlot.esm.js');
const source = readFileSync(uplot, 'utf8');
const minified = minifySync('uPlot.esm.js', source, { compress: true, mangle: true, module: true });
if (minified.errors.length) throw new Error(`vendor: minifying uPlot: ${minified.errors.map((e) => e.message).join('; ')}`);
const license = source.match(/^\/\*\*[\s\S]*?\*\//)[0]; // copyright, MIT licence, version
writeFileSync(uplot, `${license}\n${minified.code}`);
console.log(`vendor: ${Object.keys(files).join(', ')} -> www/vendor/`);
