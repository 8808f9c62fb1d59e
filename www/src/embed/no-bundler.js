// Imported first by the package's plain entry (index.js): createEngine()
// starts the engine worker whose threaded build needs no bundler.
import { useEngineWorker } from './api.js';

useEngineWorker(() => new Worker(new URL('../engine/worker.js', import.meta.url), { type: 'module' }));
