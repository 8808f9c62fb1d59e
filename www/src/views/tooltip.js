// One floating tooltip shared by the views. Its content is text only: a
// title line (bold) and detail lines.
import { h } from '../lib/dom.js';

/** Returns { show(event, title, ...lines), hide() } bound to the tooltip element `el`. */
export function createTooltip(el) {
  return {
    show(event, title, ...lines) {
      el.replaceChildren(h('b', {}, title), ...lines.flatMap((line) => [h('br'), line]));
      el.hidden = false;
      const x = Math.min(event.clientX + 12, window.innerWidth - el.offsetWidth - 8);
      el.style.left = `${Math.max(0, x)}px`;
      el.style.top = `${event.clientY + 14}px`;
    },
    hide() {
      el.hidden = true;
    },
  };
}
