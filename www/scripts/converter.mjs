// Writes www/dask_to_dagsim.py, the page's "dask_to_dagsim.py" download: the
// converter (src/export/dask_to_dagsim.py) with the cluster micro-benchmarks
// that its measure() runs (src/export/dask_calibrate.py) appended, so one file
// is all a notebook needs. A static file, not part of the wasm: the engine
// never reads it. Run by scripts/build-wasm.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const exportDir = path.join(here, '..', '..', 'src', 'export');

/** The single-file converter, from the two modules in src/export. */
export function singleFileConverter() {
  const read = (name) => readFileSync(path.join(exportDir, name), 'utf8');
  return `${read('dask_to_dagsim.py')}\n\n# ---- dask_calibrate.py, appended: this one file is all a notebook needs ----\n\n${read('dask_calibrate.py')}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(path.join(here, '..', 'dask_to_dagsim.py'), singleFileConverter());
}
