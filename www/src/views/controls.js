// The control form: reads and checks every field against its allowed range,
// flags a bad value next to its field, and shows engine errors (which start
// with the field's name) the same way.

/** Fields of the graph spec and of a run, with the kind of number each takes. */
const SPEC_FIELDS = ['files', 'compares', 'seed'];
const RUN_FIELDS = ['time_scale', 'threads'];
const SIM_FIELDS = ['workers', 'threads_per_worker', 'bandwidth_mb_s', 'latency_us', 'overhead_us'];

/** Binds to the form; returns { read(), flag(field, message), clear() }. */
export function createControls(form) {
  const errorFor = (name) => form.querySelector(`.field-error[data-for="${name}"]`);
  const general = form.querySelector('#form-error');

  const flag = (name, message) => {
    const input = form.elements[name];
    const slot = input && errorFor(name);
    if (slot) {
      input.setAttribute('aria-invalid', 'true');
      slot.textContent = message;
    } else {
      general.textContent = message;
    }
  };
  const clear = () => {
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  };
  /** The field's number; `undefined` when an optional field is empty; null (flagged) when out of range. */
  const number = (name) => {
    const input = form.elements[name];
    if (!input.required && input.value.trim() === '') return undefined;
    const v = Number(input.value);
    const min = Number(input.min);
    const max = input.max === '' ? Infinity : Number(input.max);
    const integer = input.step !== 'any';
    if (input.value.trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      flag(name, `${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
      return null;
    }
    return v;
  };

  return {
    /** The spec, run options and simulated cluster, or null (with the bad fields flagged). */
    read() {
      clear();
      const values = Object.fromEntries([...SPEC_FIELDS, ...RUN_FIELDS, ...SIM_FIELDS].map((f) => [f, number(f)]));
      if (Object.values(values).some((v) => v === null)) return null;
      return {
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
        },
      };
    },
    /** Shows an error from the engine next to the field it names ("files: …"), else below the form. */
    showError(message) {
      const field = /^(\w+):/.exec(message)?.[1];
      flag(form.elements[field] ? field : '', message);
    },
    flag,
    clear,
  };
}
