// A graph file is untrusted: keys and prefixes with markup in them open,
// draw, replay and simulate as text. Hovering every DAG node and every
// task-stream bar runs no script and adds no element; the page runs under its
// Content-Security-Policy with no violation.
import { test, expect } from '@playwright/test';
import { ISOLATED_PORT, PLAIN_PORT } from '../../playwright.config.js';
import { collectConsoleErrors, openGraphFile } from './helpers.js';

const A = '<img src=x onerror=window.__pwned=1>-a';
const B = '<img src=x onerror=window.__pwned=1>-b';
const C = '</script><svg onload=window.__pwned=2>-c';
const D = '&lt;i&gt;&foo;&amp; "q\' \\N-d';
const E = '<style>*{display:none}</style><b onmouseover=window.__pwned=3>e</b>';
const PREFIX_C = '<b onmouseover=window.__pwned=4>bold</b><script>window.__pwned=5</script>';
const GRAPH = {
  tasks: [
    { key: A, deps: [], duration_ms: 40 },
    { key: B, deps: [], duration_ms: 30 },
    { key: C, prefix: PREFIX_C, deps: [A, B], duration_ms: 20 },
    { key: D, deps: [C], duration_ms: 10 },
    { key: E, deps: [C, B], duration_ms: 25 },
  ],
};
const KEYS = GRAPH.tasks.map((t) => t.key);

/** Elements that no view of this page ever makes; a graph file must not add them. */
const injected = (page) => page.evaluate(() => {
  const all = [...document.querySelectorAll('*')];
  const strange = all.filter((el) => ['IMG', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName) || el.localName === 'foreignObject');
  const scripts = document.scripts.length;
  const handlers = all.filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length;
  return { strange: strange.map((el) => el.outerHTML.slice(0, 80)), scripts, handlers, pwned: window.__pwned ?? null };
});

/** Records the tooltip's texts (and any element other than <b>/<br> in it) while hovering. */
const watchTooltip = (page) => page.evaluate(() => {
  window.__tips = new Set();
  window.__tipElements = new Set();
  const tip = document.getElementById('tooltip');
  new MutationObserver(() => {
    window.__tips.add(tip.querySelector('b')?.textContent ?? '');
    for (const el of tip.querySelectorAll('*')) window.__tipElements.add(el.tagName);
  }).observe(tip, { childList: true, subtree: true });
});
const tooltipSeen = (page) => page.evaluate(() => ({ tips: [...window.__tips], elements: [...window.__tipElements] }));

/** Moves the pointer over every row of the task stream, 2 px at a time. */
async function sweepStream(page) {
  const canvas = page.locator('#stream canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const rows = Number(await page.locator('#stream').getAttribute('data-rows'));
  for (let r = 0; r < rows; r += 1) {
    const y = box.y + 20 + r * 18 + 2 + 8;
    for (let x = box.x + 1; x < box.x + box.width; x += 2) await page.mouse.move(x, y);
  }
  await page.mouse.move(0, 0);
}

for (const [name, port] of [['isolated', ISOLATED_PORT], ['not isolated', PLAIN_PORT]]) {
  test(`${name}: markup in keys and prefixes stays text through open, draw, hover, replay and simulate`, async ({ page }) => {
    const errors = await collectConsoleErrors(page);
    await page.goto(`http://127.0.0.1:${port}/?pool=2`);
    await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
    const before = await injected(page);
    await openGraphFile(page, Buffer.from(JSON.stringify(GRAPH)), '<img src=x onerror=window.__pwned=6>.json');
    await expect(page.locator('#graph-source')).toContainText('Imported <img src=x onerror=window.__pwned=6>.json (5 tasks)');
    await expect(page.locator('#dag')).toHaveAttribute('data-state', 'drawn');

    // The DAG: one node per task, found by its key, labelled with its prefix as text.
    const ids = await page.locator('#dag g.node').evaluateAll((gs) => gs.map((g) => g.id));
    for (const key of KEYS) expect(ids).toContain(key);
    // (a label longer than 60 characters is cut there, with an ellipsis: src/dot.rs)
    const labels = await page.locator('#dag g.node text').allTextContents();
    expect(labels).toContain(`${[...PREFIX_C].slice(0, 60).join('')}…`);
    // Progress rows name the prefixes as text.
    const names = await page.locator('#progress .name').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['<img src=x onerror=window.__pwned=1>', PREFIX_C]));

    // Hover every task node: the tooltip shows the key as text.
    await watchTooltip(page);
    await page.locator('#dag').scrollIntoViewIfNeeded();
    await page.locator('#dag svg').press('f'); // long labels make it wide: fit it all in view
    for (const key of KEYS) {
      const at = await page.evaluate((k) => {
        const r = [...document.querySelectorAll('#dag g.node')].find((g) => g.id === k).querySelector('ellipse').getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }, key);
      await page.mouse.move(at.x, at.y);
    }
    let seen = await tooltipSeen(page);
    expect(seen.tips.sort()).toEqual([...KEYS].sort());
    expect(seen.elements.every((t) => t === 'B' || t === 'BR')).toBe(true);

    // Replay on the pool, then hover every bar of the stream.
    await page.fill('input[name=time_scale]', '0.05');
    await page.click('#run');
    await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
    await expect(page.locator('#stream')).toHaveAttribute('data-bars', '5');
    await watchTooltip(page);
    await sweepStream(page);
    seen = await tooltipSeen(page);
    expect(seen.tips.sort()).toEqual([...KEYS].sort());

    // Simulate, and hover every bar of the simulated schedule.
    await page.fill('input[name=workers]', '2');
    await page.click('#simulate');
    await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
    await watchTooltip(page);
    await sweepStream(page);
    seen = await tooltipSeen(page);
    expect(seen.tips.sort()).toEqual([...KEYS].sort());

    // No script ran, no element was added, and the SVG download carries the keys as escaped text.
    expect(await injected(page)).toEqual(before);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download=svg]')]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const svg = Buffer.concat(chunks).toString('utf8');
    expect(svg).not.toMatch(/<(img|script|style|foreignObject)\b/i);
    expect(svg).toContain('&lt;img src=x onerror=window.__pwned=1&gt;');
    expect(errors).toEqual([]);
  });
}

test('the SVG sanitiser keeps drawing elements only and rejects malformed XML', async ({ page }) => {
  const errors = await collectConsoleErrors(page);
  await page.goto(`http://127.0.0.1:${ISOLATED_PORT}/?pool=2`);
  await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
  const result = await page.evaluate(async () => {
    const { parseSvg } = await import('/src/lib/svg.js');
    const hostile = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="window.__pwned=1">
      <script>window.__pwned=2</script>
      <g id="a" class="node" onclick="window.__pwned=3" style="background:url(javascript:1)">
        <foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="window.__pwned=4"/></foreignObject>
        <a xlink:href="javascript:window.__pwned=5"><text x="1" y="1">t</text></a>
        <ellipse cx="5" cy="5" rx="2" ry="2" onmouseover="window.__pwned=6"/>
        <image href="x" onerror="window.__pwned=7"/>
      </g></svg>`;
    const svg = parseSvg(hostile);
    document.body.append(svg);
    svg.querySelector('ellipse').dispatchEvent(new MouseEvent('mouseover'));
    svg.querySelector('g').dispatchEvent(new MouseEvent('click'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    let malformed = null;
    try {
      parseSvg('<svg xmlns="http://www.w3.org/2000/svg"><g id="&foo;"></g></svg>');
    } catch (err) {
      malformed = err.message;
    }
    return {
      elements: [...svg.querySelectorAll('*')].map((e) => e.localName),
      attributes: [...svg.querySelectorAll('*'), svg].flatMap((e) => e.getAttributeNames()).filter((n) => /^on|href|style/.test(n)),
      pwned: window.__pwned ?? null,
      malformed,
    };
  });
  expect(result).toEqual({ elements: ['g', 'ellipse'], attributes: [], pwned: null, malformed: 'graph layout failed: Graphviz returned malformed SVG' });
  // Parsing the hostile text already meets the CSP, which blocks its handlers and style
  // attributes (reported as violations): the sanitiser is the second line, not the only one.
  const csp = /Content Security Policy|^CSP violation: (script|style)-src-attr blocked inline/;
  await expect.poll(() => errors.some((e) => csp.test(e))).toBe(true);
  expect(errors.filter((e) => !csp.test(e))).toEqual([]);
});
