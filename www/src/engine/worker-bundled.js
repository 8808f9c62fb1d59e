// The engine worker for bundlers (Vite, webpack, …): the npm package's
// `module` entry starts it. Its threaded build (../../pkg-bundler, in the npm
// package only) uses wasm-bindgen-rayon's bundler helpers, which start the
// pool's workers with the `new Worker(new URL(…), …)` pattern bundlers follow.
// The scheduling lab (../../pkg-lab) is imported the first time it is needed.
import { hostEngine } from './host.js';

hostEngine(
  (threaded) => (threaded ? import('../../pkg-bundler/dagsim.js') : import('../../pkg-st/dagsim.js')),
  () => import('../../pkg-lab/dagsim.js'),
);
