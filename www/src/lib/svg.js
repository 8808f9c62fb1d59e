// Turns Graphviz's SVG text into an SVG element that can only draw: parsed as
// XML (never as HTML), and kept to the drawing elements and attributes
// Graphviz writes. Task keys reach the SVG through DOT labels and ids; they
// are escaped there (src/dot.rs), and this is the second line of defence.

const ELEMENTS = new Set(['svg', 'g', 'title', 'ellipse', 'polygon', 'polyline', 'path', 'text', 'tspan', 'rect', 'circle', 'line', 'defs']);
const ATTRIBUTES = new Set([
  'id', 'class', 'viewBox', 'width', 'height', 'transform', 'fill', 'stroke', 'stroke-width', 'stroke-dasharray',
  'stroke-opacity', 'fill-opacity', 'cx', 'cy', 'rx', 'ry', 'r', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'points', 'd',
  'text-anchor', 'font-family', 'font-size', 'font-weight', 'font-style', 'xml:space', 'preserveAspectRatio',
]);

/** Parses `text` (Graphviz SVG) into a detached, sanitised <svg> element; throws on malformed XML. */
export function parseSvg(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.localName !== 'svg' || doc.querySelector('parsererror')) throw new Error('graph layout failed: Graphviz returned malformed SVG');
  const walk = (el) => {
    for (const child of [...el.children]) {
      if (child.namespaceURI !== 'http://www.w3.org/2000/svg' || !ELEMENTS.has(child.localName)) child.remove();
      else walk(child);
    }
    for (const attr of [...el.attributes]) if (!ATTRIBUTES.has(attr.name)) el.removeAttribute(attr.name);
  };
  walk(root);
  return document.importNode(root, true);
}
