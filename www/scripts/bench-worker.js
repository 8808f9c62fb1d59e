// The engine worker the in-browser benchmarks start: the page's engine
// (../src/engine/host.js) on the build with the benchmark hooks, ../pkg-bench
// (`scripts/build-wasm pkg-bench`; the page's own builds do not have them).
import { hostEngine } from '../src/engine/host.js';

hostEngine(() => import('../pkg-bench/dagsim.js'));
