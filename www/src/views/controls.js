// The control form: reads and checks every field against its allowed range,
// flags a bad value next to its field — with the label the user sees, the
// range, and the reason when there is one (an input's data-why) — tied to
// the field for screen readers (aria-describedby, aria-invalid). Engine
// errors land the same way: by `err.field` when the engine sends it, else by
// the "field: …" prefix of the message.
import { formatCount } from '../lib/format.js';

/** Fields of the graph spec and of a run, with the kind of number each takes. */
const SPEC_FIELDS = ['files', 'compares', 'seed'];
const RUN_FIELDS = ['time_scale', 'threads'];
const SIM_FIELDS = ['workers', 'threads_per_worker', 'bandwidth_mb_s', 'latency_us', 'overhead_us', 'scheduling_interval_us'];

/** Binds to the form; returns { read(), flag(field, message), unflag(field), showError(err), notice(message), clear() }. */
export function createControls(form) {
  const errorFor = (name) => form.querySelector(`.field-error[data-for="${name}"]`);
  const general = form.querySelector('#form-error');
  const status = form.querySelector('#form-status');
  // Noise σ matters only for noisy estimates.
  const knowledge = () => { form.elements.noise.disabled = form.elements.information.value !== 'noisy'; };
  form.elements.information.addEventListener('change', knowledge);
  knowledge();

  /** The text of the field's own label ("Threads / worker"), without its input. */
  const labelOf = (name) => {
    const input = form.elements[name];
    const text = input?.closest('label')?.firstChild?.textContent?.trim();
    return text || name;
  };
  const flag = (name, message) => {
    const input = form.elements[name];
    const slot = input && errorFor(name);
    if (slot) {
      slot.id ||= `error-${name}`;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', slot.id);
      slot.textContent = message;
    } else {
      general.textContent = message;
    }
  };
  /** Takes the flag off one field. */
  const unflag = (name) => {
    form.elements[name]?.removeAttribute('aria-invalid');
    form.elements[name]?.removeAttribute('aria-describedby');
    const slot = errorFor(name);
    if (slot) slot.textContent = '';
  };
  const clear = () => {
    for (const el of form.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    }
    for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
    status.textContent = '';
  };
  const bound = (v) => (Number.isInteger(v) && Math.abs(v) < 1e15 ? formatCount(v) : String(v));
  /** The field's number; `undefined` when an optional field is empty; null (flagged) when out of range. */
  const number = (name) => {
    const input = form.elements[name];
    if (!input.required && input.value.trim() === '') return undefined;
    const v = Number(input.value);
    const min = Number(input.min);
    const max = input.max === '' ? Infinity : Number(input.max);
    const integer = input.step !== 'any';
    if (input.value.trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      const why = input.dataset.why ? ` (${input.dataset.why})` : '';
      flag(name, `${labelOf(name)} must be ${integer ? 'a whole number' : 'a number'} from ${bound(min)} to ${bound(max)}${why}`);
      return null;
    }
    return v;
  };

  return {
    /** The spec, run options, simulated cluster and picked family, or null (with the bad fields flagged). */
    read() {
      clear();
      const values = Object.fromEntries([...SPEC_FIELDS, ...RUN_FIELDS, ...SIM_FIELDS].map((f) => [f, number(f)]));
      const family = form.elements.family.value;
      const size = family ? number('size') : undefined; // read only when a family is picked
      const information = form.elements.information.value;
      const noise = information === 'noisy' ? number('noise') : undefined; // read only for noisy estimates
      const hostCores = number('host_cores'); // checked here, read by the shapes view
      if (Object.values(values).some((v) => v === null) || size === null || noise === null || hostCores === null) return null;
      return {
        family: family ? { name: family, size } : null,
        spec: { files: values.files, compares: values.compares, seed: values.seed },
        options: { threads: values.threads, time_scale: values.time_scale, mode: form.elements.mode.value },
        cluster: {
          workers: values.workers,
          threads_per_worker: values.threads_per_worker,
          policy: form.elements.policy.value,
          bandwidth_mb_s: values.bandwidth_mb_s ?? null, // empty: a free network
          network: form.elements.network.value,
          latency_us: values.latency_us,
          overhead_us: values.overhead_us,
          time_scale: values.time_scale,
          seed: values.seed,
          information,
          ...(noise === undefined ? {} : { noise }),
          scheduling_interval_us: values.scheduling_interval_us,
        },
      };
    },
    /**
     * Shows an engine error next to the field it names — `err.field` when
     * present, else the message's "field: …" prefix — with the field's label
     * in place of its internal name; else below the form.
     */
    showError(err) {
      const message = String(err?.message ?? err);
      const prefixed = /^(\w+):\s*/.exec(message);
      const field = err?.field ?? prefixed?.[1];
      if (!field || !form.elements[field] || !errorFor(field)) {
        flag('', message);
        return;
      }
      const rest = prefixed?.[1] === field ? message.slice(prefixed[0].length) : message;
      if (field === 'graph') {
        flag(field, message); // names a key of the file: shown exactly as it is
        return;
      }
      const label = labelOf(field);
      flag(field, `${label}: ${rest.replaceAll(field, label)}`.replace(/\b\d{5,}\b/g, (n) => formatCount(Number(n))));
    },
    /** A neutral line below the form (not an error): "Run cancelled." */
    notice(message) {
      status.textContent = message;
    },
    flag,
    unflag,
    clear,
  };
}
