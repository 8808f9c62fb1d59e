/** A pipeline: Dask's Custom ETL with N files and K random comparisons. */
export interface EtlSpec {
  files?: number; // range: Limits.fields.files
  compares?: number; // range: Limits.fields.compares
  seed?: number;
  records_per_file?: number; // range: Limits.fields.records_per_file
  latency?: Partial<Record<'load' | 'load_from_sql' | 'process' | 'roll' | 'compare' | 'reduction', { lo: number; hi: number }>>;
  fail?: string | null;
}
export interface RunOptions {
  threads?: number; // 1..=pool size
  mode?: 'sleep' | 'spin';
  time_scale?: number; // range: Limits.fields.time_scale
}
export type Policy = 'dask-like' | 'work-stealing' | 'b-level' | 'random' | 'fifo'
  | 'b-level-gt' | 't-level' | 't-level-gt' | 'mcp' | 'etf' | 'dls' | 'single' | 'work-stealing-eager' | 'lc' | 'genetic' | 'camp';
/** How concurrent transfers share the bandwidth (README, "Network models"). */
export type NetworkModel = 'fcfs-inbound' | 'simple' | 'maxmin';
/** What the scheduler knows of durations and sizes; the simulation uses the real ones (README, "Information modes"). */
export type Information = 'exact' | 'noisy' | 'prefix-mean';
export interface SimOptions {
  workers?: number;
  threads_per_worker?: number;
  policy?: Policy;
  overhead_us?: number;
  bandwidth_mb_s?: number | null;
  latency_us?: number;
  network?: NetworkModel;
  downloads?: number; // 1..=4096, most transfers into one worker at once (simple, maxmin)
  downloads_per_sender?: number; // 1..=4096, most of those from one sender at once (maxmin); default: no limit
  seed?: number;
  time_scale?: number;
  information?: Information;
  noise?: number; // range: Limits.fields.noise, σ of the noisy estimates (default 0.5)
  scheduling_interval_us?: number; // range: Limits.fields.scheduling_interval_us, 0: a decision at every event
}
export interface PrefixProgress { prefix: string; waiting: number; ready: number; running: number; done: number; failed: number }
export interface Progress {
  prefixes: PrefixProgress[]; elapsed_ms: number;
  /** Per-task states (only for a graph drawn one node per task: GraphSummary.grouped false), and the trace events since the last progress. */
  states?: Uint8Array; tail?: TraceColumns | null;
}
export interface TraceColumns { task: Uint32Array; thread: Uint32Array; start: Float64Array; end: Float64Array }
/** A simulation's transfers between workers, one per index: sender, receiver, start and end (µs; end NaN if never completed), bytes. */
export interface TransferColumns { from: Uint32Array; to: Uint32Array; start: Float64Array; end: Float64Array; bytes: Float64Array }
export interface GraphSummary {
  tasks: number; edges: number; work_ms: number; span_ms: number; parallelism: number;
  /** Prefix groups: every prefix, or the 19 largest by work and "other (N prefixes)"; `prefix_of` indexes them. */
  prefixes: { name: string; count: number; color: string }[];
  /** Names and colours of the task states (Progress.states values 0…4): waiting, ready, running, done, failed. */
  state_names: [string, string, string, string, string]; state_colors: [string, string, string, string, string];
  /** `keys`: null above 100,000 tasks or 16 MB of key text. */
  dot: string; grouped: boolean; keys: string[] | null; prefix_of: Uint32Array; durations_ms: Float64Array;
  /** `load` of a file measured by dask_to_dagsim.measure(): its cluster and calibration (else null; absent after `build`). */
  measurement?: MeasuredCluster | null;
}
/** The cluster a graph file was measured on; the calibrated fields are null without a calibration. */
export interface MeasuredCluster {
  workers: number; threads_per_worker: number; makespan_ms: number; dask: string; calibrated: boolean;
  /** Scheduler plus worker time per task, µs. */
  overhead_us: number | null; latency_us: number | null; bandwidth_mb_s: number | null;
  /** Cores of the one host the measured workers shared (a LocalCluster); null when the file does not say they shared one. */
  host_cores: number | null;
}
export interface RunReport {
  best: { a: number; b: number; score: number } | null;
  tasks: number; threads: number; makespan_ms: number; work_ms: number; overhead_us_per_task: number;
  trace: TraceColumns;
}
export interface SimReport {
  policy: Policy; network: NetworkModel; workers: number; threads_per_worker: number; makespan_ms: number; utilisation: number;
  busy_ms_per_worker: number[]; bounds: { work_ms: number; span_ms: number; lower_ms: number };
  transfers: number; transferred_bytes: number; threads: number;
  /** The schedule: one event per thread a task holds (a task needing k threads has k adjacent events, one per thread of its worker). */
  trace: TraceColumns;
  /** Every transfer (empty with a free network). */
  transfer_log: TransferColumns;
}
/** What a failed call rejects with: `field` names the input at fault (`files`, `workers`, `graph`, …) or is null. */
export interface EngineError extends Error { field: string | null }
/** The wasm memory, the largest graph file `load` takes, and [min, max] of the numeric fields the engine checks. */
export interface Limits {
  memory_bytes: number; import_bytes: number; import_tasks: number;
  fields: Record<'files' | 'compares' | 'records_per_file' | 'time_scale' | 'workers' | 'threads_per_worker' | 'noise' | 'scheduling_interval_us', [number, number]>;
}
export interface SweepPoint { policy: Policy; workers: number; makespan_ms: number; speedup: number; bound: number }
/**
 * Progress of long work (simulate, sweep, compare): simulations `done` of `total`, how far the
 * current one is (`current`, 0…1), the share of the whole done (`fraction`), and the time left at
 * the pace so far (`eta_ms`, null before any progress).
 */
export interface WorkProgress { done: number; total: number; current: number; fraction: number; elapsed_ms: number; eta_ms: number | null }
/** The promise of long work; `cancel()` stops it (it then rejects with "… cancelled") within about 25 ms. */
export type LongWork<T> = Promise<T> & { cancel(): void };
/** One policy under one network model (`network` null: free transfers); `skipped` says why a policy refused the graph. */
export interface CompareCell { policy: Policy; network: NetworkModel | null; makespan_ms: number | null; normalised: number | null; skipped: string | null }
/** Every cell of a comparison, with the lower bound on any makespan (`normalised` = makespan_ms ÷ lower_ms). */
export interface Comparison { lower_ms: number; cells: CompareCell[] }
/**
 * What a cluster-shape sweep is asked: a time scale (default 1), optionally a time the smallest cluster must finish
 * within, and the cores of the one host every worker shares (0: every thread its own core, a real cluster; null or
 * absent: the measured host's when the file says its workers shared one, else 0; range 0…1,048,576).
 */
export interface ShapeRequest { time_scale?: number; within_s?: number | null; host_cores?: number | null }
/** The calibrated Dask model on one cluster shape; `pareto`: no other shape is both faster and cheaper (core-seconds). */
export interface ShapePoint {
  model: 'dask'; workers: number; threads_per_worker: number; makespan_ms: number; core_seconds: number; utilisation: number;
  bounds: { work_ms: number; span_ms: number; lower_ms: number };
  transfers: number; transferred_bytes: number; stolen: number; calibrated: boolean; pareto: boolean;
  /** The host it was predicted on: its cores (0: every thread its own core), and whether they are the file's. */
  host_cores: number; host_from_file: boolean;
}
/** Every shape swept, whether the file's calibration was used, and the smallest shape within `within.seconds` (`shape` null when none is). */
export interface ShapeSweep {
  shapes: ShapePoint[]; calibrated: boolean;
  /** Cores of the one host every shape's workers share (0: every thread its own core); whether they are the measured host's. */
  host_cores: number; host_from_file: boolean;
  within: { seconds: number; shape: [number, number] | null; makespan_ms: number | null } | null;
}
/** An ESTEE benchmark graph family: its name, what `size` counts, and its largest size. */
export interface Family { name: string; size_means: string; max_size: number }
export interface Engine {
  ready: Promise<{ isolated: boolean; threads: number; flavour: 'threaded' | 'single-thread'; reason: string | null; limits: Limits }>;
  /** Long work: `onProgress` counts tasks (`done` of `total`; `done` equals `total` while the summary of the built graph is made, in slices too); `cancel()` keeps the previous graph. */
  build(spec: EtlSpec, callbacks?: { onProgress?: (p: WorkProgress) => void }): LongWork<GraphSummary>;
  /** What the pipeline of `spec` will take (tasks before culling, heap bytes at most), before building it. */
  estimate(spec: EtlSpec): Promise<{ tasks: number; bytes: number }>;
  /** Imports a graph in dagsim's JSON format ({ tasks: [{ key, prefix?, deps?, duration_ms, bytes? }] }): text, or a File/Blob checked against `limits` before it is read. */
  load(source: string | Blob): Promise<GraphSummary>;
  run(options?: RunOptions, callbacks?: { onProgress?: (p: Progress) => void }): { result: Promise<RunReport>; cancel(): void };
  simulate(options: SimOptions, callbacks?: { onProgress?: (p: WorkProgress) => void }): LongWork<SimReport>;
  /** Every policy at 1…256 workers, so `options` leaves out `workers` and `policy` (an error otherwise). */
  sweep(options: Omit<SimOptions, 'workers' | 'policy'>, callbacks?: { onProgress?: (p: WorkProgress) => void }): LongWork<SweepPoint[]>;
  /** Every policy × network model on the built graph; `onProgress` counts simulations. */
  compare(options: SimOptions, callbacks?: { onProgress?: (p: WorkProgress) => void }): LongWork<Comparison>;
  /** Builds the graph of ESTEE's benchmark family `family` at `size` instead; errors name `family` or `size`. */
  generate(family: string, size: number, seed?: number): Promise<GraphSummary>;
  families(): Promise<Family[]>;
  /** The calibrated Dask model on every cluster shape (1…16 workers × 1…4 threads) of the built graph, with the Pareto front of makespan against core-seconds; `onProgress` counts shapes. */
  daskShapes(request?: ShapeRequest, callbacks?: { onProgress?: (p: WorkProgress) => void }): LongWork<ShapeSweep>;
  /** Stops the run in flight and a build, simulation, sweep, comparison or shape sweep in progress (their promises reject). */
  cancel(): void;
  export(kind: 'json' | 'dot' | 'dask' | 'trace'): Promise<string>;
  terminate(): void;
}
/** Starts an engine (a module worker owning the wasm and its thread pool). */
export function createEngine(options?: { threads?: number }): Engine;
/** <dagsim-etl files compares seed threads view>: see the README. */
export class DagsimEtl extends HTMLElement {
  run(options?: RunOptions): Promise<RunReport | null>;
}
declare global {
  interface HTMLElementTagNameMap { 'dagsim-etl': DagsimEtl }
}
