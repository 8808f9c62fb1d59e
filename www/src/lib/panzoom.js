// Pan (drag) and zoom (wheel, around the pointer) for an SVG by rewriting its
// viewBox. Keyboard: + / - zoom, arrows pan, 0 returns to the first view,
// `f` (or double-click) fits the whole drawing.
//
// The first view is readable rather than complete: when fitting the whole
// drawing would shrink it below `minScale` (a wide graph in a small box),
// it starts at `minScale` on the drawing's centre, and the caller shows
// where that is (the DAG view's minimap).

/**
 * Makes `svg` pannable and zoomable in place; `onChange(view, whole)` is
 * called with the visible and the whole rectangle (drawing units) after
 * every move. Returns { view(), whole, setCentre(x, y) }.
 */
export function attachPanZoom(svg, { minScale = 0.6, onChange = () => {}, label = 'Task graph' } = {}) {
  const box = svg.viewBox.baseVal;
  const whole = { x: box.x, y: box.y, w: box.width, h: box.height };
  const r = svg.getBoundingClientRect();
  const fit = Math.min(r.width / whole.w, r.height / whole.h);
  // Too small to read whole: the box's shape at `minScale`, on the drawing's
  // centre (where a wide graph's chains meet).
  const home = { ...whole };
  if (r.width > 0 && r.height > 0 && fit < minScale) {
    home.w = r.width / minScale;
    home.h = r.height / minScale;
    home.x = whole.x + (whole.w - home.w) / 2;
    home.y = whole.y + (whole.h - home.h) / 2;
  }
  let view = { ...home };
  const apply = () => {
    svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
    onChange(view, whole);
  };
  const toSvg = (clientX, clientY) => {
    const rect = svg.getBoundingClientRect();
    const s = Math.max(view.w / rect.width, view.h / rect.height);
    const offsetX = (rect.width * s - view.w) / 2;
    const offsetY = (rect.height * s - view.h) / 2;
    return { x: view.x - offsetX + (clientX - rect.left) * s, y: view.y - offsetY + (clientY - rect.top) * s, scale: s };
  };
  const zoom = (factor, cx, cy) => {
    const w = Math.min(Math.max(whole.w, home.w) * 4, Math.max(Math.min(whole.w, home.w) / 50, view.w * factor));
    const f = w / view.w;
    view = { x: cx - (cx - view.x) * f, y: cy - (cy - view.y) * f, w, h: view.h * f };
    apply();
  };
  const fitAll = () => { view = { ...whole }; apply(); };

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
  svg.addEventListener('dblclick', fitAll);

  svg.tabIndex = 0;
  svg.setAttribute('aria-label', `${label}: drag or arrow keys to pan, wheel or +/- to zoom, 0 for the first view, f to fit all`);
  svg.addEventListener('keydown', (event) => {
    const step = view.w / 10;
    const centre = [view.x + view.w / 2, view.y + view.h / 2];
    const actions = {
      '+': () => zoom(1 / 1.25, ...centre), '=': () => zoom(1 / 1.25, ...centre), '-': () => zoom(1.25, ...centre),
      0: () => { view = { ...home }; apply(); }, f: fitAll,
      ArrowLeft: () => { view.x -= step; apply(); }, ArrowRight: () => { view.x += step; apply(); },
      ArrowUp: () => { view.y -= step; apply(); }, ArrowDown: () => { view.y += step; apply(); },
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  });
  apply();
  return {
    /** The visible rectangle, drawing units. */
    view: () => ({ ...view }),
    whole,
    /** Moves the view so that (x, y) is at its centre. */
    setCentre(x, y) { view = { ...view, x: x - view.w / 2, y: y - view.h / 2 }; apply(); },
  };
}
