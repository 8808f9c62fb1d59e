// The engine worker for pages without a bundler: ./client.js starts it.
// The threaded build uses wasm-bindgen-rayon's `no-bundler` helpers.
import { hostEngine } from './host.js';

hostEngine((threaded) => (threaded ? import('../../pkg/dagsim.js') : import('../../pkg-st/dagsim.js')));
