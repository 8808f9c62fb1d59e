// Writes a self-contained static site to ../dist: the page, its modules, the
// vendored libraries, both wasm cores, the scheduling lab's wasm and the Dask
// converter download. Static
// hosts that cannot set the COOP/COEP headers get them from coi-serviceworker: on the first visit it
// installs a service worker that adds the headers and reloads the page, which
// then comes up cross-origin isolated with threads on.
import { cpSync, copyFileSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const www = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(www, '..', 'dist');

for (const needed of ['pkg', 'pkg-st', 'pkg-lab', 'vendor', 'dask_to_dagsim.py']) {
  if (!existsSync(path.join(www, needed))) {
    console.error(`dist: www/${needed} is missing: run scripts/build-wasm (and scripts/setup) first`);
    process.exit(1);
  }
}
rmSync(dist, { recursive: true, force: true });
for (const entry of ['src', 'vendor', 'pkg', 'pkg-st', 'pkg-lab']) {
  cpSync(path.join(www, entry), path.join(dist, entry), {
    recursive: true,
    filter: (p) => !/\.(d\.ts|gitignore)$/.test(p) && !p.endsWith('package.json'),
  });
}
copyFileSync(path.join(www, 'node_modules/coi-serviceworker/coi-serviceworker.min.js'), path.join(dist, 'coi-serviceworker.js'));
copyFileSync(path.join(www, 'dask_to_dagsim.py'), path.join(dist, 'dask_to_dagsim.py'));
const html = readFileSync(path.join(www, 'index.html'), 'utf8').replace(
  '<link rel="stylesheet"',
  '<script src="coi-serviceworker.js"></script>\n  <link rel="stylesheet"',
);
writeFileSync(path.join(dist, 'index.html'), html);
console.log(`dist: wrote ${dist}`);
