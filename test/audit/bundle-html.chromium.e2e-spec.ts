import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditBundle } from '@app/audit';
import { renderBundleHtml } from '../../libs/audit/src/bundle.html';
import { at, before, lifecycleCommands, official, propose, terms } from '../../libs/domain/testing/fixtures';
import { decodePng, dumpDom, printToPdf, requireChromium, screenshot } from '../support/chromium';
import { withPage } from '../support/chromium-devtools';
import { genuineBundle } from './support/genuine-bundle';
import { LONG_HISTORY_NOW, longHistoryCommands } from '../../libs/audit/src/testing/long-history';

/**
 * The court bundle as judges read it: a genuine bundle (real hash chain, Merkle proofs and
 * signatures, so that `sanctions-verify` accepts it) rendered by `renderBundleHtml`, then opened in
 * headless Chromium to check that the timeline is drawn and the root hash to quote is on screen,
 * the very hash the offline verifier reports, and that the bundle saved from the page is the one it shows.
 */
jest.setTimeout(180_000);

const HOSTILE_NAME = `<script>alert(1)</script> & "Friends" 'Ltd'`;
const VIEWPORT = { width: 1280, height: 2400 };
const verifier = join(__dirname, '../../bin/sanctions-verify.js');

/**
 * Measures the rendered page from inside it and leaves the result in the DOM for --dump-dom. It is
 * put into a copy of the page, after its charset but before its Content-Security-Policy (which
 * applies only to what follows it), so the page under test itself stays script-free.
 */
const PROBE = `<script>
document.addEventListener('DOMContentLoaded', () => {
  const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
  const shown = (el) => { const s = getComputedStyle(el); return s.display !== 'none' && s.visibility === 'visible' && Number(s.opacity) > 0; };
  const svg = document.getElementById('timeline');
  const root = document.getElementById('root-hash');
  const value = root && root.querySelector('.root-hash-value');
  const result = {
    viewport: { width: innerWidth, height: innerHeight },
    scrollWidth: document.documentElement.scrollWidth,
    title: document.title,
    h1: document.querySelector('h1').textContent,
    scripts: document.querySelectorAll('script').length,
    foreign: document.querySelectorAll('img, iframe, object, embed, link, [onerror], [onload], [onclick]').length,
    timeline: svg && {
      box: box(svg),
      shown: shown(svg),
      label: svg.getAttribute('aria-label'),
      laneLabels: [...svg.querySelectorAll('text.lane-label')].map((t) => ({ text: t.textContent, box: box(t) })),
      rowLabels: [...svg.querySelectorAll('text.row-label')].map((t) => t.textContent),
      bands: [...svg.querySelectorAll('rect[data-status]')].map((r) => ({ status: r.dataset.status, box: box(r), fill: getComputedStyle(r).fill })),
      bars: [...svg.querySelectorAll('rect.bar')].map((r) => ({ kind: r.classList.contains('measure') ? 'measure' : 'exemption', box: box(r) })),
      markers: svg.querySelectorAll('.marker').length,
    },
    rootHash: root && value && {
      text: root.innerText,
      value: value.innerText.trim(),
      box: box(value),
      shown: shown(value) && shown(root),
      onTop: (() => { const b = box(value); const hit = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2); return !!hit && root.contains(hit); })(),
    },
    uncovered: [...document.querySelectorAll('tbody.decision.uncovered .uncovered-flag')].map((el) => el.innerText),
    decisions: document.querySelectorAll('tbody.decision').length,
  };
  const out = document.createElement('script');
  out.type = 'application/json';
  out.id = 'probe-result';
  out.textContent = JSON.stringify(result).replace(/</g, '\\\\u003c');
  document.body.appendChild(out);
});
</script>`;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface ProbeResult {
  viewport: { width: number; height: number };
  scrollWidth: number;
  title: string;
  h1: string;
  scripts: number;
  foreign: number;
  timeline: {
    box: Box;
    shown: boolean;
    label: string;
    laneLabels: { text: string; box: Box }[];
    rowLabels: string[];
    bands: { status: string; box: Box; fill: string }[];
    bars: { kind: string; box: Box }[];
    markers: number;
  } | null;
  rootHash: { text: string; value: string; box: Box; shown: boolean; onTop: boolean } | null;
  uncovered: string[];
  decisions: number;
}

const dir = mkdtempSync(join(tmpdir(), 'bundle-html-'));
let bundle: AuditBundle;
let jwks: object;
let page: string;
let probe: ProbeResult;

beforeAll(async () => {
  requireChromium();
  const [, ...rest] = lifecycleCommands();
  ({ bundle, jwks } = await genuineBundle([propose({ target: { ...terms().target, name: HOSTILE_NAME } }, official, before('P14D')), ...rest], {
    uncovered: 2,
    issuedAt: at('P22M'),
    generatedAt: at('P23M'),
  }));
  page = join(dir, 'bundle.html');
  const html = renderBundleHtml(bundle);
  writeFileSync(page, html);
  const probed = join(dir, 'bundle.probed.html');
  writeFileSync(probed, html.replace('<meta charset="utf-8">\n', `<meta charset="utf-8">\n${PROBE}\n`));
  const dom = await dumpDom(probed, { windowSize: VIEWPORT });
  const json = /<script type="application\/json" id="probe-result">([\s\S]*?)<\/script>/.exec(dom);
  if (!json) throw new Error(`the probe left no result; Chromium's DOM began:\n${dom.slice(0, 2000)}`);
  probe = JSON.parse(json[1]) as ProbeResult;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('is checked against /usr/bin/chromium, which is there (CI installs it)', () => {
  expect(requireChromium()).toBe('/usr/bin/chromium');
});

it('renders the timeline: a visible SVG with its lanes, status bands, measures and exemptions', () => {
  const timeline = probe.timeline!;
  expect(timeline).not.toBeNull();
  expect(timeline.shown).toBe(true);
  expect(timeline.box.width).toBeGreaterThan(600);
  expect(timeline.box.height).toBeGreaterThan(150);
  expect(timeline.box.x).toBeGreaterThanOrEqual(0);
  expect(timeline.box.x + timeline.box.width).toBeLessThanOrEqual(probe.viewport.width);
  expect(timeline.label).toMatch(/^Timeline of designation-/);
  expect(timeline.laneLabels.map((l) => l.text)).toEqual(['Status', 'Measures', 'Exemptions', 'Reviews', 'Court orders']);
  for (const label of timeline.laneLabels) {
    expect(label.box.width).toBeGreaterThan(0);
    expect(label.box.height).toBeGreaterThan(0);
    expect(label.box.x).toBeGreaterThanOrEqual(timeline.box.x);
  }
  // Lanes stacked top to bottom, in that order.
  const ys = timeline.laneLabels.map((l) => l.box.y);
  expect([...ys].sort((a, b) => a - b)).toEqual(ys);
  expect(timeline.rowLabels).toEqual(expect.arrayContaining(['asset freeze · m-freeze', 'travel ban · m-travel', 'export control · m-export', 'medicine · ex-medicine', 'food · ex-food']));

  expect(timeline.bands.map((b) => b.status)).toEqual(['proposed', 'active', 'suspended', 'active', 'lifted']);
  for (const band of timeline.bands) expect(band.box.width).toBeGreaterThan(0);
  expect(timeline.bands.find((b) => b.status === 'active')!.fill).toBe('rgb(46, 125, 50)');
  expect(timeline.bars.filter((b) => b.kind === 'measure')).toHaveLength(3);
  expect(timeline.bars.filter((b) => b.kind === 'exemption')).toHaveLength(2);
  for (const bar of timeline.bars) expect(bar.box.width).toBeGreaterThan(0);
  expect(timeline.markers).toBeGreaterThanOrEqual(5); // two reviews, a reminder, two court orders
});

it('shows the root hash to quote, on screen and uncovered: the one sanctions-verify reports for this bundle', () => {
  const root = probe.rootHash!;
  expect(root).not.toBeNull();
  expect(root.value).toBe(bundle.checkpoint.rootHash);
  expect(root.shown).toBe(true);
  expect(root.onTop).toBe(true);
  expect(root.box.width).toBeGreaterThan(0);
  expect(root.box.height).toBeGreaterThan(0);
  expect(root.box.y + root.box.height).toBeLessThanOrEqual(probe.viewport.height);
  expect(root.text).toContain(`${bundle.checkpoint.treeSize} events of the whole log`);
  expect(root.text).toContain(bundle.checkpoint.issuedAt);
  expect(root.text).toContain('sanctions.example/court-e2e');
  expect(root.text).toContain('court-e2e-key');

  writeFileSync(join(dir, 'bundle.json'), JSON.stringify(bundle, null, 2));
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks));
  const verified = spawnSync(process.execPath, [verifier, join(dir, 'bundle.json'), '--jwks', join(dir, 'jwks.json')], { encoding: 'utf8' });
  expect(verified.stderr).toBe('');
  expect(verified.status).toBe(0);
  expect(/root hash ([0-9a-f]{64})/.exec(verified.stdout)?.[1]).toBe(root.value);
  expect(verified.stdout).toContain('2 recorded after the checkpoint');
});

it('carries the bundle it shows: the JSON saved from its link in Chromium has the printed root, and sanctions-verify passes it', async () => {
  const { printed, link, saved } = await withPage(
    page,
    async (p) => ({
      printed: await p.evaluate<string>(`document.querySelector('#root-hash .root-hash-value').innerText.trim()`),
      link: await p.evaluate<string>(`document.querySelector('p.download a').innerText`),
      saved: await p.download('p.download a'),
    }),
    { windowSize: VIEWPORT },
  );
  expect(link).toMatch(/^Save this bundle \(JSON, [\d.]+ kB\)$/);
  expect(saved.suggestedFilename).toBe(`${bundle.stream}-tree-${bundle.checkpoint.treeSize}.json`);
  const json = JSON.parse(saved.content.toString('utf8')) as AuditBundle;
  expect(json).toEqual(bundle);
  expect(json.checkpoint.rootHash).toBe(printed);

  const file = join(dir, saved.suggestedFilename);
  writeFileSync(file, saved.content);
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks));
  const verified = spawnSync(process.execPath, [verifier, file, '--jwks', join(dir, 'jwks.json')], { encoding: 'utf8' });
  expect(verified.stderr).toBe('');
  expect(verified.status).toBe(0);
  expect(/root hash ([0-9a-f]{64})/.exec(verified.stdout)?.[1]).toBe(printed);
});

it('lists every event, marks those the checkpoint does not cover, and renders hostile text as text', () => {
  expect(probe.decisions).toBe(bundle.events.length);
  expect(probe.uncovered).toEqual(['Not yet covered by a checkpoint', 'Not yet covered by a checkpoint']);
  expect(probe.h1).toBe(HOSTILE_NAME);
  expect(probe.title).toBe(`Audit trail — ${HOSTILE_NAME}`);
  expect(probe.scripts).toBe(1); // the probe itself
  expect(probe.foreign).toBe(0);
  expect(probe.scrollWidth).toBeLessThanOrEqual(probe.viewport.width); // nothing overflows sideways
});

it('is painted: the screenshot of the page itself shows the status bands and the root hash', async () => {
  const png = decodePng(await screenshot(page, join(dir, 'bundle.png'), { windowSize: VIEWPORT }));
  expect([png.width, png.height]).toEqual([VIEWPORT.width, VIEWPORT.height]);
  const near = (a: number[], b: number[]) => a.slice(0, 3).every((v, i) => Math.abs(v - b[i]) <= 6);
  const active = probe.timeline!.bands.find((b) => b.status === 'active')!.box;
  expect(near(png.pixel(active.x + active.width / 2, active.y + 2), [46, 125, 50])).toBe(true);
  const suspended = probe.timeline!.bands.find((b) => b.status === 'suspended')!.box;
  expect(near(png.pixel(suspended.x + suspended.width / 2, suspended.y + suspended.height / 2), [239, 108, 0])).toBe(true);
  // The hash is drawn as dark text on its light panel: some of its pixels are dark.
  const hash = probe.rootHash!.box;
  let dark = 0;
  for (let x = Math.ceil(hash.x); x < hash.x + hash.width; x += 2) {
    for (let y = Math.ceil(hash.y); y < hash.y + hash.height; y += 2) if (png.pixel(x, y).slice(0, 3).every((v) => v < 90)) dark += 1;
  }
  expect(dark).toBeGreaterThan(100);
});

it('prints: A4 pages, and no script runs even if one were slipped into the page', async () => {
  const pdf = (await printToPdf(page, join(dir, 'bundle.pdf'))).toString('latin1');
  expect(pdf.startsWith('%PDF-')).toBe(true);
  const boxes = pdf.match(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g) ?? [];
  expect(boxes.length).toBeGreaterThan(1);
  for (const box of boxes) {
    const [, w, h] = /\[0 0 ([\d.]+) ([\d.]+)\]/.exec(box)!;
    expect(Math.round(Number(w))).toBe(595);
    expect(Math.round(Number(h))).toBe(842);
  }

  // The page's Content-Security-Policy is the second line of defence behind escaping.
  const smuggled = join(dir, 'bundle.smuggled.html');
  writeFileSync(smuggled, renderBundleHtml(bundle).replace('</main>', '</main><script>document.documentElement.setAttribute("data-ran", "yes")</script>'));
  const dom = await dumpDom(smuggled, { windowSize: VIEWPORT });
  expect(dom).toMatch(/^<!DOCTYPE html>\s*<html lang="en">/);
  expect(dom).not.toMatch(/<html[^>]*data-ran/);
});

/**
 * A long history (three years of decisions, the sunset three more years away) as a judge sees it
 * and prints it. The screenshots are kept (SCREENSHOT_DIR, else <tmp>/court-bundle-screenshots) for
 * a person to look at; what they should show is checked here too.
 */
describe('a long history, on screen and printed', () => {
  const shots = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'court-bundle-screenshots');
  let longPage: string;
  let long: AuditBundle;

  /** Text boxes of the timeline, the sunset's edge mark, the dates beneath, and the colours of what is filled. */
  const LOOK = `(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y + scrollY, width: r.width, height: r.height }; };
    const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    const svg = document.getElementById('timeline');
    const dark = [...document.querySelectorAll('body *')].filter((el) => {
      const [r, g, b, a = 1] = rgb(getComputedStyle(el).backgroundColor);
      return a > 0 && r !== undefined && luminance([r, g, b]) < 0.6 && (el.innerText || '').trim() !== '';
    }).map((el) => el.tagName + '.' + el.className);
    return {
      svg: box(svg),
      pageWidth: document.documentElement.clientWidth,
      ticks: [...svg.querySelectorAll('text.tick')].map((t) => ({ text: t.textContent, box: box(t) })),
      beyond: [...svg.querySelectorAll('g.moment.beyond text')].map((t) => ({ text: t.textContent, box: box(t) })),
      dates: document.querySelector('.timeline-text').innerText,
      bandFills: [...svg.querySelectorAll('rect.band')].map((r) => luminance(rgb(getComputedStyle(r).fill))),
      bandLabelFills: [...svg.querySelectorAll('text.band-label')].map((t) => luminance(rgb(getComputedStyle(t).fill))),
      darkBehindText: dark,
      breaks: ['section.timeline', 'section.decisions'].map((s) => getComputedStyle(document.querySelector(s)).breakBefore),
      rootHash: (() => { const v = document.querySelector('.root-hash-value'); return { text: v.innerText.trim(), box: box(v), colour: luminance(rgb(getComputedStyle(v).color)) }; })(),
    };
  })()`;
  interface Look {
    svg: Box;
    pageWidth: number;
    ticks: { text: string; box: Box }[];
    beyond: { text: string; box: Box }[];
    dates: string;
    bandFills: number[];
    bandLabelFills: number[];
    darkBehindText: string[];
    breaks: string[];
    rootHash: { text: string; box: Box; colour: number };
  }

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    ({ bundle: long } = await genuineBundle(longHistoryCommands(), { generatedAt: LONG_HISTORY_NOW, issuedAt: at('P36M') }));
    longPage = join(dir, 'long-history.html');
    writeFileSync(longPage, renderBundleHtml(long));
  });

  it('on screen: the axis spans the three years, labelled in months and years; the far sunset is marked at the edge; the dates are printed beneath', async () => {
    const out = join(shots, 'long-history.screen.png');
    const look = await withPage(longPage, async (p) => {
      await p.screenshot(out);
      return p.evaluate<Look>(LOOK);
    });
    expect(decodePng(readFileSync(out)).width).toBe(1280);
    expect(look.ticks.map((t) => t.text)).toEqual(['Jan 2026', 'Jul 2026', 'Jan 2027', 'Jul 2027', 'Jan 2028', 'Jul 2028', 'Jan 2029']);
    for (const tick of look.ticks) {
      expect(tick.box.width).toBeGreaterThan(20);
      expect(tick.box.x).toBeGreaterThanOrEqual(look.svg.x);
    }
    // The sunset, five years after the proposal: at the right edge, its label whole, inside the figure.
    expect(look.beyond.map((b) => b.text)).toEqual(['sunset 5 Jan 2032 →']);
    const [edge] = look.beyond;
    expect(edge.box.x + edge.box.width).toBeLessThanOrEqual(look.svg.x + look.svg.width + 0.5);
    expect(edge.box.x).toBeGreaterThan(look.svg.x + look.svg.width / 2);
    expect(look.dates).toContain('active from 5 Jan 2026 09:00 UTC');
    expect(look.dates).toContain('travel ban · m-travel: in force from 5 Jan 2026 09:00 UTC, until 5 Feb 2028 09:00 UTC (rolled back)');
    expect(look.dates).toContain('5 Jan 2032 09:00 UTC: sunset (beyond the end of the timeline, marked at its right edge)');
    // On screen the status bands are solid colours with white labels, and the badges too (what print must undo).
    expect(Math.min(...look.bandFills)).toBeLessThan(0.5);
    expect(look.darkBehindText).toEqual(expect.arrayContaining(['SPAN.status-badge status-active', 'SPAN.classification cls-secret']));
  });

  it('printed: no dark fills behind text, the timeline and the decisions each from a new page, the root hash and the timeline within the page', async () => {
    const out = join(shots, 'long-history.print.png');
    const look = await withPage(longPage, async (p) => {
      await p.emulateMedia('print');
      await p.screenshot(out);
      return p.evaluate<Look>(LOOK);
    });
    expect(look.darkBehindText).toEqual([]);
    for (const fill of look.bandFills) expect(fill).toBeGreaterThan(0.7);
    for (const fill of look.bandLabelFills) expect(fill).toBeLessThan(0.3);
    expect(look.breaks).toEqual(['page', 'page']);
    expect(look.rootHash.text).toBe(long.checkpoint.rootHash);
    expect(look.rootHash.colour).toBeLessThan(0.3);
    expect(look.rootHash.box.x + look.rootHash.box.width).toBeLessThanOrEqual(look.pageWidth);
    expect(look.svg.x + look.svg.width).toBeLessThanOrEqual(look.pageWidth);
    expect(look.ticks).toHaveLength(7);

    // On A4: the header and root hash, the timeline, and the decisions each begin a page.
    const pdf = (await printToPdf(longPage, join(shots, 'long-history.pdf'))).toString('latin1');
    expect((pdf.match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });
});
