// Numbers as the views show them: grouped digits, a unit that fits the size,
// and "n/a" where a figure is undefined (0/0, a span of zero, …).

const NA = 'n/a';
const finite = (x) => typeof x === 'number' && Number.isFinite(x);

/** A count with grouped digits: 2,682,673. */
export function formatCount(n) {
  return finite(n) ? Math.round(n).toLocaleString('en') : NA;
}

/** A duration given in ms, in µs, ms, s or min with three significant digits: "5.84 s". */
export function formatMs(ms) {
  if (!finite(ms)) return NA;
  const abs = Math.abs(ms);
  if (abs === 0) return '0 ms';
  if (abs < 1) return `${sig(ms * 1e3)} µs`;
  if (abs < 1e3) return `${sig(ms)} ms`;
  if (abs < 60e3) return `${sig(ms / 1e3)} s`;
  if (abs < 3600e3) return `${sig(ms / 60e3)} min`;
  return `${sig(ms / 3600e3)} h`;
}

/** Bytes in B, kB, MB or GB (powers of 1000): "2.02 GB". */
export function formatBytes(bytes) {
  if (!finite(bytes)) return NA;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = bytes;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return i === 0 ? `${v} B` : `${sig(v)} ${units[i]}`;
}

/** A ratio as "12.3×", or n/a when the denominator is zero or the value undefined. */
export function formatRatio(numerator, denominator) {
  if (!finite(numerator) || !finite(denominator) || denominator <= 0) return NA;
  return `${sig(numerator / denominator)}×`;
}

/** A fraction (0…1) as a percentage: "87.5 %". */
export function formatPercent(fraction) {
  return finite(fraction) ? `${(100 * fraction).toFixed(1)} %` : NA;
}

/**
 * What a simulation's scheduler knew and how often it decided, from its
 * options: "exact durations and sizes, a decision at every event",
 * "noisy estimates (σ 0.5), decisions at least 2 ms apart".
 */
export function formatKnowledge({ information = 'exact', noise = 0.5, scheduling_interval_us: interval = 0 }) {
  const knows = {
    exact: 'exact durations and sizes',
    noisy: `noisy estimates (σ ${noise})`,
    'prefix-mean': 'per-prefix means',
  }[information] ?? information;
  return `${knows}, ${interval > 0 ? `decisions at least ${formatMs(interval / 1e3)} apart` : 'a decision at every event'}`;
}

/** Three significant digits, no exponent, grouped thousands: 5.84, 58.4, 584, 5,844. */
function sig(x) {
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
