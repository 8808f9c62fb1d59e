// Pan (drag) and zoom (wheel, around the pointer) for an SVG by rewriting its
// viewBox; double-click resets. Keyboard: + / - zoom, arrows pan, 0 resets.

/** Makes `svg` pannable and zoomable in place. */
export function attachPanZoom(svg) {
  const initial = svg.viewBox.baseVal;
  const home = { x: initial.x, y: initial.y, w: initial.width, h: initial.height };
  let view = { ...home };
  const apply = () => svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
  const toSvg = (clientX, clientY) => {
    const r = svg.getBoundingClientRect();
    const scale = Math.max(view.w / r.width, view.h / r.height);
    const offsetX = (r.width * scale - view.w) / 2;
    const offsetY = (r.height * scale - view.h) / 2;
    return { x: view.x - offsetX + (clientX - r.left) * scale, y: view.y - offsetY + (clientY - r.top) * scale, scale };
  };
  const zoom = (factor, cx, cy) => {
    const w = Math.min(home.w * 4, Math.max(home.w / 50, view.w * factor));
    const f = w / view.w;
    view = { x: cx - (cx - view.x) * f, y: cy - (cy - view.y) * f, w, h: view.h * f };
    apply();
  };

  svg.addEventListener('wheel', (event) => {
    event.preventDefault();
    const p = toSvg(event.clientX, event.clientY);
    zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });

  let drag = null;
  svg.addEventListener('pointerdown', (event) => {
    drag = { x: event.clientX, y: event.clientY, view: { ...view }, scale: toSvg(0, 0).scale };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener('pointermove', (event) => {
    if (!drag) return;
    view = { ...drag.view, x: drag.view.x - (event.clientX - drag.x) * drag.scale, y: drag.view.y - (event.clientY - drag.y) * drag.scale };
    apply();
  });
  svg.addEventListener('pointerup', () => { drag = null; });
  svg.addEventListener('dblclick', () => { view = { ...home }; apply(); });

  svg.tabIndex = 0;
  svg.setAttribute('aria-label', 'Task graph: drag or arrow keys to pan, wheel or +/- to zoom, 0 to reset');
  svg.addEventListener('keydown', (event) => {
    const step = view.w / 10;
    const centre = [view.x + view.w / 2, view.y + view.h / 2];
    const actions = {
      '+': () => zoom(1 / 1.25, ...centre), '=': () => zoom(1 / 1.25, ...centre), '-': () => zoom(1.25, ...centre),
      0: () => { view = { ...home }; apply(); },
      ArrowLeft: () => { view.x -= step; apply(); }, ArrowRight: () => { view.x += step; apply(); },
      ArrowUp: () => { view.y -= step; apply(); }, ArrowDown: () => { view.y += step; apply(); },
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  });
}
