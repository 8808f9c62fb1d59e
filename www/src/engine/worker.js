// The engine worker for pages without a bundler: ./client.js starts it.
// The threaded core uses wasm-bindgen-rayon's `no-bundler` helpers; the
// scheduling lab is imported the first time a request needs it.
import { hostEngine } from './host.js';

hostEngine(
  (threaded) => (threaded ? import('../../pkg/dagsim.js') : import('../../pkg-st/dagsim.js')),
  () => import('../../pkg-lab/dagsim.js'),
);
