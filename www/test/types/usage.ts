// What a TypeScript user writes against the npm package's declarations: the
// README's example, the element through querySelector, and misuses that must
// not type-check (each `@ts-expect-error` fails the check if the error goes away).
import { createEngine, DagsimEtl, type EngineError, type GraphSummary, type RunReport, type SimReport } from 'dagsim';

export async function readmeExample(): Promise<[RunReport['best'], SimReport]> {
  const engine = createEngine({ threads: 4 });
  const hello = await engine.ready;
  const flavour: 'threaded' | 'single-thread' = hello.flavour;
  void flavour;
  const graph: GraphSummary = await engine.build({ files: 100, compares: 200 });
  const prefixes: string[] = graph.prefixes.map((p) => p.name);
  void prefixes;
  const { result, cancel } = engine.run({ time_scale: 0 }, { onProgress: (p) => p.prefixes.map((x) => x.done) });
  void cancel;
  const report = await result;
  const sim = await engine.simulate({ workers: 16, policy: 'b-level', network: 'maxmin', downloads: 4 });
  const imported: GraphSummary = await engine.load('{"tasks": []}');
  void imported;
  const dask: string = await engine.export('dask');
  void dask;
  return [report.best, sim];
}

export async function longWork(file: File): Promise<number> {
  const engine = createEngine();
  const { limits } = await engine.ready;
  if (file.size <= limits.import_bytes) await engine.load(file);
  const { bytes } = await engine.estimate({ files: 300000, compares: 1000000 });
  const [family] = await engine.families();
  await engine.generate(family.name, Math.min(4, family.max_size));
  const comparison = engine.compare({ bandwidth_mb_s: 100, information: 'noisy', noise: 0.3, scheduling_interval_us: 500 }, { onProgress: (p) => p.done });
  const { lower_ms, cells } = await comparison;
  const worst = Math.max(...cells.map((c) => c.normalised ?? 0), lower_ms);
  const shapes = await engine.daskShapes({ within_s: 30 }, { onProgress: (p) => p.done / p.total + p.current });
  const front = shapes.shapes.filter((p) => p.pareto).map((p) => p.core_seconds);
  const smallest: [number, number] | null = shapes.within?.shape ?? null;
  void smallest;
  const sweep = engine.sweep({ threads_per_worker: 2 }, { onProgress: (p) => p.fraction + (p.eta_ms ?? 0) });
  sweep.cancel();
  const simulating = engine.simulate({ workers: 64 }, { onProgress: (p) => p.current });
  simulating.cancel();
  await simulating.catch(() => null);
  try {
    return (await sweep).length + bytes + worst + front.length;
  } catch (err) {
    return (err as EngineError).field === null ? 0 : 1;
  }
}

export async function element(): Promise<number | undefined> {
  const el = document.querySelector('dagsim-etl');
  const report = await el?.run({ threads: 2, mode: 'spin' });
  el?.addEventListener('dagsim-done', () => {});
  const made: DagsimEtl = document.createElement('dagsim-etl');
  void made;
  return report?.makespan_ms;
}

export function misuses(): void {
  const engine = createEngine();
  // @ts-expect-error: a sweep picks its own workers
  void engine.sweep({ workers: 4 });
  // @ts-expect-error: an unknown policy
  void engine.simulate({ workers: 4, policy: 'round-robin' });
  // @ts-expect-error: an unknown network model
  void engine.simulate({ network: 'tcp' });
  // @ts-expect-error: an unknown information mode
  void engine.simulate({ policy: 'camp', information: 'oracle' });
  // @ts-expect-error: files is a number
  void engine.build({ files: '10' });
  // @ts-expect-error: load takes the JSON text or a file, not a parsed object
  void engine.load({ tasks: [] });
  // @ts-expect-error: an unknown export kind
  void engine.export('png');
  // @ts-expect-error: mode is sleep or spin
  engine.run({ mode: 'busy' });
  // @ts-expect-error: within_s is a number of seconds
  void engine.daskShapes({ within_s: '30' });
}
