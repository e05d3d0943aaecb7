// The live view in a real browser: Debian's chromium, headless, driven by
// playwright-core (which brings no browser of its own).
//
//   RV_NODE_MODULES=…/node_modules node view.mjs URL
//
// Reads the view's test hooks while the pipeline runs, then checks that the
// page says it is disconnected when the server goes away and reconnects by
// itself when it is back.  Talks to the test driver on stdout/stdin:
// prints "stop" when the server should stop and "start" when it should come
// back, and waits for a line on stdin after each.  Exit 0 = pass, 1 = fail,
// 77 = the browser cannot start here (the reason is printed).
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const url = process.argv[2];
const lines = createInterface({ input: process.stdin });
const waiting = [];
lines.on('line', () => { const w = waiting.shift(); if (w) w(); });
const ask = (what) => new Promise((resolve) => {
  waiting.push(resolve);
  process.stdout.write(what + '\n');
});
const fail = (msg) => { throw new Error(msg); };

// playwright-core from ./run's npm prefix (RV_NODE_MODULES), else the usual
// lookup
let chromium;
try {
  const from = process.env.RV_NODE_MODULES
    ? join(process.env.RV_NODE_MODULES, '..', 'x.js') : import.meta.url;
  ({ chromium } = createRequire(from)('playwright-core'));
} catch (e) {
  console.error('SKIP: playwright-core is not installed (' + e.message + ')');
  process.exit(77);
}

const profile = mkdtempSync(join(tmpdir(), 'rvview-'));
let ctx;
try {
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.RV_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
} catch (e) {
  console.error('SKIP: chromium cannot start: ' + e.message.split('\n')[0]);
  rmSync(profile, { recursive: true, force: true });
  process.exit(77);
}

const T = { timeout: 15000 };
const text = (id) => page.textContent(`[data-testid=${id}]`);
const page = await ctx.newPage();
const requests = [];
page.on('request', (r) => requests.push(r.url()));
try {
  await page.goto(url, T);
  // the cycle advances
  await page.waitForFunction(() => /^\d+$/.test(
      document.querySelector('[data-testid=cycle]').textContent), null, T);
  const c1 = Number(await text('cycle'));
  await page.waitForFunction((c) => Number(document.querySelector(
      '[data-testid=cycle]').textContent) >= c + 5, c1, T);
  const nodes = await text('nodes');
  if (nodes !== '4') fail(`nodes: ${nodes}`);
  const persons = await text('persons');
  if (!/^\d+$/.test(persons)) fail(`persons: ${persons}`);
  await page.waitForFunction(() => /^[0-9a-f]{64}$/.test(
      document.querySelector('[data-testid=witness]').textContent), null, T);
  // the occupancy map is drawn (not one flat colour) once the tomography
  // has its baseline: waited for, as a slow (sanitized) build gets there later
  const countColours = () => {
    const c = document.querySelector('canvas[data-testid=occupancy]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
    return seen.size;
  };
  let colours = await page.evaluate(countColours);
  for (const end = Date.now() + T.timeout; colours < 3 && Date.now() < end;) {
    await page.waitForTimeout(200);
    colours = await page.evaluate(countColours);
  }
  if (colours < 3) fail(`occupancy canvas has ${colours} colours`);
  // nothing but the server itself is asked for
  const origin = new URL(url).origin;
  for (const r of requests)
    if (!r.startsWith(origin) && !r.startsWith(origin.replace('http', 'ws')))
      fail(`the view loaded ${r}`);

  // the server goes away: the page says so; it comes back: live again
  await ask('stop');
  await page.waitForFunction(() => /disconnected|ended/.test(
      document.getElementById('conn').textContent), null, T);
  const before = Number(await text('cycle'));
  await ask('start');
  await page.waitForFunction(() => document.getElementById('conn')
      .textContent === 'live', null, { timeout: 30000 });
  await page.waitForFunction((c) => Number(document.querySelector(
      '[data-testid=cycle]').textContent) !== c, before, T);
  console.error(`ok: cycles ${c1}.., nodes ${nodes}, persons ${persons}, ` +
      `${colours} colours, reconnected`);
} catch (e) {
  console.error('FAIL: ' + e.message.split('\n')[0]);
  process.exitCode = 1;
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(process.exitCode || 0);
