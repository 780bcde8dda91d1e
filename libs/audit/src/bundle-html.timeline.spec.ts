import { approve, at, before, command, propose, system, terms } from '../../domain/testing/fixtures';
import { renderBundleHtml } from './bundle.html';
import { bundleOf, record } from './testing/rendered-bundle';
import { LONG_HISTORY_NOW, longHistoryCommands } from './testing/long-history';

const svgOf = (html: string) => html.slice(html.indexOf('<svg id="timeline"'), html.indexOf('</svg>', html.indexOf('<svg id="timeline"')));
const textsOf = (svg: string, cls: string) => [...svg.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1]);
const xOf = (svg: string, cls: string) => [...svg.matchAll(new RegExp(`<text class="${cls}" x="([\\d.]+)"`, 'g'))].map((m) => Number(m[1]));
const datesText = (html: string) => html.slice(html.indexOf('<div class="timeline-text">'), html.indexOf('</div>', html.indexOf('<div class="timeline-text">')));

describe('the timeline of a long history, its sunset far away', () => {
  const html = renderBundleHtml(bundleOf(record(longHistoryCommands()), { generatedAt: LONG_HISTORY_NOW }));
  const svg = svgOf(html);

  it('spans the events and what is near them, not the far sunset: proposal to next review due, labelled in months and years', () => {
    const ticks = textsOf(svg, 'tick');
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    for (const tick of ticks) expect(tick).toMatch(/^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{4}$|^\d{4}$/);
    expect(ticks[0]).toMatch(/2026$/);
    expect(ticks.at(-1)).toMatch(/2029$/); // the next review due is 5 Jun 2029; the sunset, 5 Jan 2032, is not on the axis
    expect(ticks.join()).not.toMatch(/203\d/);
    // The status bands fill the plot: proposed, then active to the end.
    const bands = [...svg.matchAll(/data-status="(\w+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => ({ status: m[1], x: Number(m[2]), w: Number(m[3]) }));
    expect(bands.map((b) => b.status)).toEqual(['proposed', 'active']);
    expect(bands[1].x + bands[1].w).toBeGreaterThan(900);
  });

  it('marks the sunset at the right edge, with its date, and says so above the figure', () => {
    expect(svg).toContain('<g class="moment beyond beyond-sunset">');
    expect(textsOf(svg, 'moment-label anchor-end')).toContain('sunset 5 Jan 2032 →');
    expect(svg).not.toContain('<g class="moment sunset">');
    expect(html).toContain(
      // The next review, five months after now, is near enough to be drawn to scale; the sunset is not.
      'to the next review due (<time datetime="2029-06-05T09:00:00.000Z">5 Jun 2029 09:00 UTC</time>); the sunset (<time datetime="2032-01-05T09:00:00.000Z">5 Jan 2032 09:00 UTC</time>) lies further ahead, marked at the right edge (→)',
    );
  });

  it('prints every date it shows as text beneath it, lane by lane, in words', () => {
    const dates = datesText(html);
    expect(dates).toContain('<dt>Status</dt><dd><ul><li><strong>proposed</strong> from <time datetime="2025-12-22T09:00:00.000Z">22 Dec 2025 09:00 UTC</time> until <time datetime="2026-01-05T09:00:00.000Z">5 Jan 2026 09:00 UTC</time></li><li><strong>active</strong> from <time datetime="2026-01-05T09:00:00.000Z">5 Jan 2026 09:00 UTC</time></li></ul></dd>');
    expect(dates).toContain('travel ban · m-travel: in force from <time datetime="2026-01-05T09:00:00.000Z">5 Jan 2026 09:00 UTC</time>, until <time datetime="2028-02-05T09:00:00.000Z">5 Feb 2028 09:00 UTC</time> (rolled back)');
    expect(dates).toContain('export control · m-export: in force from <time datetime="2026-08-05T09:00:00.000Z">5 Aug 2026 09:00 UTC</time>, still in force');
    expect(dates.match(/: review completed: outcome maintain/g)).toHaveLength(6);
    expect(dates).toContain('review reminder (upcoming) for the review due 5 Dec 2026');
    expect(dates).toContain('<time datetime="2029-06-05T09:00:00.000Z">5 Jun 2029 09:00 UTC</time>: next review due</li>');
    expect(dates).toContain('<time datetime="2032-01-05T09:00:00.000Z">5 Jan 2032 09:00 UTC</time>: sunset (beyond the end of the timeline, marked at its right edge)');
    expect(dates).toContain('<time datetime="2029-01-06T09:00:00.000Z">6 Jan 2029 09:00 UTC</time>: this bundle generated (“now”)');
    expect(dates).toContain('<dt>Court orders</dt><dd><span class="none">No court order</span></dd>');
  });
});

describe('the timeline of a short history', () => {
  it('a designation issued yesterday: an axis of days, labelled with dates, and its sunset two years off at the edge', () => {
    const html = renderBundleHtml(bundleOf(record([propose({}, undefined, before('P1D')), approve()]), { generatedAt: at('P1D') }));
    const svg = svgOf(html);
    const ticks = textsOf(svg, 'tick');
    expect(ticks.length).toBeGreaterThan(0);
    for (const tick of ticks) expect(tick).toMatch(/^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)( \d{4}| \d{2}:\d{2})$/);
    expect(textsOf(svg, 'moment-label anchor-end')).toContain(`sunset 5 Jan 2028 →`);
    // The next review, six months off, is beyond the axis too.
    expect(textsOf(svg, 'moment-label anchor-end')).toContain('next review due 5 Jul 2026 →');
  });

  it('a sunset near the end of the events is drawn to scale, as is the expiry at it', () => {
    const html = renderBundleHtml(bundleOf(record([propose(), approve(), command('ExpireDesignation', {}, system, terms().sunsetAt)]), { generatedAt: at('P2Y1D') }));
    const svg = svgOf(html);
    expect(svg).toContain('<g class="moment sunset">');
    expect(svg).not.toContain('moment beyond');
    const sunsetX = Number(/<g class="moment sunset"><line x1="([\d.]+)"/.exec(svg)![1]);
    expect(sunsetX).toBeGreaterThan(880);
    expect(Math.max(...xOf(svg, 'tick'))).toBeLessThanOrEqual(920);
  });
});
