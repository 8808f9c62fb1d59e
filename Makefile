# dagsim — the two commands a newcomer needs are `make serve` and `make test`.
# Both run scripts/setup first (idempotent; seconds when everything is installed).

PORT ?= 8080

.PHONY: setup wasm serve serve-st dist test fuzz pinned bench bench-quick bench-native bench-wasm fidelity estee clean

setup:
	scripts/setup

wasm: setup
	scripts/build-wasm

## Build both wasm flavours and serve the app, cross-origin isolated, on 127.0.0.1:$(PORT).
serve: wasm
	node www/scripts/serve.mjs --port $(PORT)

## The same, without the isolation headers: the page falls back to one thread.
serve-st: wasm
	node www/scripts/serve.mjs --port $(PORT) --no-isolation

## A self-contained static site in dist/ for any static host (adds COOP/COEP by service worker).
dist: wasm
	node www/scripts/dist.mjs

## fmt, clippy (native + wasm32), cargo test, wasm-pack browser tests, JS unit and e2e tests.
test:
	scripts/test

## The long fuzz pass: the importer and option parsers (tests/fuzz.rs) and the engine's
## call sequences (tests/session.rs), a million inputs each (make test runs 20,000 / 2,000).
fuzz: setup
	env DAGSIM_CASES=1000000 cargo test --release --quiet --test fuzz -- --ignored
	env DAGSIM_CASES=100000 cargo test --release --quiet --test session

## The pinned schedules at up to 1M tasks (tests/pinned.rs; make test runs the small ones): a
## change meant only to make the simulator faster must leave every one bit-identical.
pinned: setup
	cargo test --release --quiet --test pinned -- --include-ignored

## Everything against real Dask in one run; rewrites BENCHMARKS.md's comparison, fidelity table and docs/bench-*.png.
bench: setup
	scripts/bench
	scripts/fidelity

## Real Dask against dagsim's calibrated Dask model; rewrites BENCHMARKS.md's fidelity table.
fidelity: setup
	scripts/fidelity

## The same harness at tiny sizes (make test runs it); rewrites nothing.
bench-quick: setup
	scripts/bench --quick

## Only dagsim's own benchmarks: native (cargo bench) or in headless Chromium.
bench-native: setup
	cargo bench --quiet

bench-wasm: wasm
	node www/scripts/bench-wasm.mjs

## dagsim against ESTEE itself on ESTEE's benchmark graphs (not in make test: ESTEE is on no
## registry). ESTEE=DIR names a checkout of It4innovations/estee; ARGS=... go to validation/estee/run.py.
estee:
	ESTEE="$(ESTEE)" scripts/estee $(ARGS)

clean:
	cargo clean
	rm -rf target-st target-lab www/pkg www/pkg-st www/pkg-lab www/pkg-bench www/dask_to_dagsim.py dist
