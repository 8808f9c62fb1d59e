// Imported first by the package's bundler entry (bundler.js, the `module`
// export condition): createEngine() starts the engine worker through the
// literal `new Worker(new URL(…, import.meta.url), { type: 'module' })`
// pattern that Vite, webpack and Parcel follow and bundle.
import { useEngineWorker } from './api.js';

useEngineWorker(() => new Worker(new URL('../engine/worker-bundled.js', import.meta.url), { type: 'module' }));
