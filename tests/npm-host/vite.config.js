// This host app built with Vite (the e2e tests do both: `vite build` served
// statically, and Vite's dev server). dagsim needs nothing from Vite's
// config: its workers, wasm and styles are `new URL(…, import.meta.url)`
// references that Vite follows, in the build and in dev pre-bundling. The
// only addition is COOP/COEP headers, so the page is cross-origin isolated
// and gets the threaded build.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default {
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { outDir: '../../target/vite-host', emptyOutDir: true }, // the tests build per port
};
