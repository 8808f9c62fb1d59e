// Builds DOM from text. Keys, prefixes and file names come from untrusted
// graph files: they only ever become text nodes or attribute values here,
// never markup (see README, "What the page protects against").

/**
 * A new element `tag` with `props` (properties such as className, or
 * attributes when the name contains a dash or is `role`/`for`) and
 * `children` (strings become text nodes; null/false are skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (name.includes('-') || name === 'role' || name === 'for') el.setAttribute(name, String(value));
    else el[name] = value;
  }
  el.append(...children.flat().filter((c) => c != null && c !== false));
  return el;
}
