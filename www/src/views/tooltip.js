// One floating tooltip shared by the views.

/** Returns { show(event, html), hide() } bound to the `#tooltip` element `el`. */
export function createTooltip(el) {
  return {
    show(event, html) {
      el.innerHTML = html;
      el.hidden = false;
      const x = Math.min(event.clientX + 12, window.innerWidth - el.offsetWidth - 8);
      el.style.left = `${x}px`;
      el.style.top = `${event.clientY + 14}px`;
    },
    hide() {
      el.hidden = true;
    },
  };
}
