// What the engine's errors mean to a view.

/** True when `err` is the engine's answer to Cancel ("run cancelled", "shape sweep cancelled", or `err.cancelled`) rather than a failure. */
export function isCancel(err) {
  return Boolean(err?.cancelled) || /^(\w+ ){0,2}cancell?ed\b/i.test(String(err?.message ?? err));
}
