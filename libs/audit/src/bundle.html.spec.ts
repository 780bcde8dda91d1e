import type { JsonObject } from '@app/event-store';
import {
  amendAtSource,
  at,
  before,
  command,
  delistAtSource,
  importDesignation,
  lifecycleCommands,
  official,
  partnerChange,
  propose,
  RELEASE_2026,
  RELEASE_2027,
  senior,
  T0,
  terms,
} from '../../domain/testing/fixtures';
import type { AuditBundle } from './bundle';
import { renderBundleHtml } from './bundle.html';
import { bundleOf, record, ROOT, STREAM } from './testing/rendered-bundle';

const HOSTILE_NAME = `<script>alert(1)</script> & "Friends" 'Ltd'`;
const ESCAPED_NAME = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Friends&quot; &#39;Ltd&#39;';
const PROPOSED_AT = before('P14D');

/** The long life of the fixtures (every kind of decision), proposed under a hostile name, with some hostile text. */
function hostileLifecycle(): AuditBundle {
  // Proposed a fortnight before the fixtures' approval at T0, as proposals are.
  const [, ...rest] = lifecycleCommands();
  const recorded = record([propose({ target: { ...terms().target, name: HOSTILE_NAME } }, official, PROPOSED_AT), ...rest]);
  const bundle = bundleOf(recorded, { uncovered: 2 });
  const lifted = bundle.events.find((e) => e.type === 'DesignationLifted')!;
  lifted.data.justification = 'Objectives met </td></tr><script>alert(3)</script>';
  const proposal = bundle.events[0].data as unknown as { attribution: { evidence: JsonObject[] } };
  proposal.attribution.evidence.push({
    ref: 'EV-3',
    kind: 'open_source',
    classification: '"><svg onload=alert(5)>',
    summary: '<img src=x onerror=alert(4)>',
    corroboratedBy: [],
  });
  (bundle.events[2].metadata.actor as JsonObject).id = 'senior-1"><img src=x onerror=alert(2)>';
  return bundle;
}

/** The HTML of each decision, in order. */
const decisionsOf = (html: string) =>
  html
    .slice(0, html.indexOf('</table>\n</section>'))
    .split('<tbody class="decision')
    .slice(1);

const ALLOWED_TAGS = new Set(
  'html head meta title style body p header h1 h2 h3 dl dt dd code strong main section div pre figure figcaption svg desc defs pattern rect line g text path circle ul li table thead tbody tr th td time span cite caption br footer a'.split(' '),
);

describe('renderBundleHtml', () => {
  const bundle = hostileLifecycle();
  const html = renderBundleHtml(bundle);

  it('is one self-contained HTML5 document: inline CSS and SVG, no script, nothing fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|@import/i);
    // The one link is the bundle itself, as a data: URL: nothing is fetched.
    expect(html).not.toMatch(/<[^>]*\s(src|xlink:href)\s*=/i);
    expect([...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1].slice(0, 29))).toEqual(['data:application/json;base64,']);
    expect(html.match(/url\([^)]*\)/g)).toEqual(['url(#timeline-hatch)']);
    expect(html).toMatch(/@media print/);
  });

  it('escapes every piece of text taken from the bundle', () => {
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase()));
    expect([...tags].filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).toContain(`<h1>${ESCAPED_NAME}</h1>`);
    expect(html).toContain(`<title>Audit trail — ${ESCAPED_NAME}</title>`);
    expect(html).toContain('Objectives met &lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(html).toContain('senior-1&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(4)&gt;');
    // A classification outside the vocabulary is shown as text, never put into a class name.
    expect(html).toContain('<span class="classification cls-other">&quot;&gt;&lt;svg onload=alert(5)&gt;</span>');
    expect(html).toContain('<code>sanctions.example/&lt;i&gt;log&lt;/i&gt;</code>');
    expect(html).toContain('<code>court-key-&quot;1&quot;</code>');
  });

  it('heads the page with the designation: target, category, status now, stream and generation time', () => {
    const header = html.slice(html.indexOf('<header>'), html.indexOf('</header>'));
    expect(header).toContain(ESCAPED_NAME);
    expect(header).toContain('<dt>Category</dt><dd>cyber espionage</dd>');
    expect(header).toContain('<dt>Status now</dt><dd><span class="status-badge status-lifted">lifted</span></dd>');
    expect(header).toContain(`<dt>Stream</dt><dd><code>${STREAM}</code></dd>`);
    expect(header).toContain(`<dt>Generated</dt><dd><time datetime="${at('P23M')}">5 Dec 2027 09:00 UTC</time> <code class="exact">${at('P23M')}</code></dd>`);
    expect(header).toContain('<dt>Review interval</dt><dd>6 months (<code class="exact">P6M</code>)</dd>');
    expect(header).toContain('(listed <time datetime="2026-01-05">5 Jan 2026</time>)');
    expect(header).toContain('<cite>Regulation (EU) 2019/796</cite>, Art. 3(1)');
    expect(html).toContain('For the court only — contains evidence summaries classified up to <strong>SECRET</strong>');
  });

  it('draws the timeline as inline SVG with lanes for status, measures, exemptions, reviews and court orders', () => {
    const svg = html.slice(html.indexOf('<svg id="timeline"'), html.indexOf('</svg>', html.indexOf('<svg id="timeline"')));
    expect(svg).toMatch(/^<svg id="timeline" xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 960 \d+" width="960" height="\d+" role="img" aria-labelledby="timeline-title timeline-desc" aria-label="Timeline of /);
    expect(svg).toContain('<title id="timeline-title">Timeline of ');
    for (const lane of ['status', 'measures', 'exemptions', 'reviews', 'court-orders']) expect(svg).toContain(`data-lane="${lane}"`);
    const laneLabels = [...svg.matchAll(/<text class="lane-label"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(laneLabels).toEqual(['Status', 'Measures', 'Exemptions', 'Reviews', 'Court orders']);

    // Status over time: consecutive bands in the order the status changed.
    const bands = [...svg.matchAll(/data-status="(\w+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => ({ status: m[1], x: Number(m[2]), w: Number(m[3]) }));
    expect(bands.map((b) => b.status)).toEqual(['proposed', 'active', 'suspended', 'active', 'lifted']);
    for (let i = 1; i < bands.length; i++) expect(bands[i].x).toBeCloseTo(bands[i - 1].x + bands[i - 1].w, 0);
    expect(bands[0].x).toBeGreaterThanOrEqual(210);
    expect(bands.at(-1)!.x + bands.at(-1)!.w).toBeLessThanOrEqual(920);

    // One row per measure and exemption, each ending as it ended.
    const row = (key: string) => svg.slice(svg.indexOf(`data-row="${key}"`), svg.indexOf('</g>', svg.indexOf(`data-row="${key}"`)));
    expect(row('m-freeze')).toContain('asset freeze · m-freeze');
    expect(row('m-travel')).toContain('>rolled back</text>');
    expect(row('m-export')).toContain('export control · m-export');
    expect(row('m-export')).toContain('>designation lifted</text>');
    expect(row('ex-medicine')).toContain('>revoked</text>');
    expect(row('ex-food')).toContain('>expired</text>');
    expect(svg.match(/class="bar measure"/g)).toHaveLength(3);
    expect(svg.match(/class="bar exemption"/g)).toHaveLength(2);
    // Reviews, the reminder and the court orders as markers; the suspension shaded across the lanes.
    expect(svg.match(/class="marker review"/g)).toHaveLength(2);
    expect(svg.match(/class="marker reminder"/g)).toHaveLength(1);
    expect(svg).toContain('class="marker court court-suspend"');
    expect(svg).toContain('class="marker court court-uphold"');
    expect(svg.match(/<rect class="suspension"/g)).toHaveLength(1);
    expect(svg).toContain('<g class="moment now">');
    // The sunset (extended to T0 + 30 months) is further past the last event than a quarter of the history: at the edge.
    expect(svg).toContain('<g class="moment beyond beyond-sunset">');
    expect(svg).toContain('>sunset 5 Jul 2028 →</text>');
  });

  it('lists every decision in order: times, plain words, actor and roles, legal basis and reasons', () => {
    const decisions = decisionsOf(html);
    expect(decisions).toHaveLength(bundle.events.length);
    const [proposal, issued] = decisions;
    expect(proposal).toContain('<th scope="row" class="what">Designation proposed</th>');
    expect(proposal).toContain(`<td><time datetime="${PROPOSED_AT}">22 Dec 2025 09:00 UTC</time></td>`);
    expect(proposal).toContain(`recorded <code>${PROPOSED_AT}</code> · event hash`);
    // A duration among the data, in words with the exact value beside it.
    expect(proposal).toContain('<dt>Review interval</dt><dd>6 months (<code class="exact">P6M</code>)</dd>');
    expect(proposal).toContain('<span class="actor-id">official-1</span><span class="roles">official</span>');
    expect(proposal).toContain('<cite>Regulation (EU) 2019/796</cite>, Art. 3(1) <span class="muted">(multilateral)</span>');
    expect(proposal).toContain('Responsible for intrusions into ministries.');
    expect(issued).toContain('Designation approved and issued');
    expect(issued).toContain('<span class="roles">senior official</span>');
    bundle.events.forEach((event, i) => {
      expect(decisions[i]).toContain(`id="event-${i}"`);
      expect(decisions[i]).toContain(`<time datetime="${event.metadata.recordedAt}">`);
      if (typeof event.data.effectiveAt === 'string') expect(decisions[i]).toContain(`<td><time datetime="${event.data.effectiveAt}">`);
      expect(decisions[i]).toContain(`event hash <code>${event.metadata.hash}</code>`);
    });
    const byType = (type: string) => decisions[bundle.events.findIndex((e) => e.type === type)];
    expect(byType('MeasuresEscalated')).toContain('Renewed intrusions after listing'); // criterion 1, by its text
    expect(byType('MeasuresRolledBack')).toContain('<code>m-travel</code> (travel ban)');
    expect(byType('ExemptionRevoked')).toContain('Diversion found');
    expect(byType('CourtOrderRecorded')).toContain('General Court');
    expect(byType('ReviewCompleted')).toContain('<span class="roles">reviewer</span>');
    expect(byType('DesignationLifted')).toContain('objectives met');
  });

  it('shows the evidence with its kind, classification and summary', () => {
    const evidence = decisionsOf(html)[0].match(/<table class="evidence">[\s\S]*?<\/table>/)![0];
    const rows = evidence.split('<tr>').slice(2);
    expect(rows[0]).toMatch(/<code>EV-1<\/code><\/td><td>technical<\/td><td><span class="classification cls-restricted">restricted<\/span><\/td><td class="text">C2 overlap<\/td>/);
    expect(rows[1]).toMatch(/<code>EV-2<\/code><\/td><td>partner shared<\/td><td><span class="classification cls-secret">secret<\/span><\/td><td class="text">Partner report<\/td><td>PARTNER-A<\/td>/);
    expect(rows[2]).toContain('<code>EV-3</code>');
  });

  it('shows the root hash to quote with the checkpoint it comes from, and how to verify', () => {
    const block = html.slice(html.indexOf('<div id="root-hash">'), html.indexOf('</div>', html.indexOf('<div id="root-hash">')));
    expect(block).toContain(`<p class="root-hash-value"><code>${ROOT}</code></p>`);
    expect(block).toContain('<dt>Tree size</dt><dd>97 events of the whole log</dd>');
    expect(block).toContain(`<dt>Issued</dt><dd><time datetime="${at('P22M')}">5 Nov 2027 09:00 UTC</time> <code class="exact">${at('P22M')}</code></dd>`);
    expect(block).toContain('<dt>Origin</dt>');
    expect(block).toContain('<dt>Key id</dt>');
    expect(html).toContain('<pre class="command">npx sanctions-verify bundle.json --jwks jwks.json</pre>');
    expect(html).toContain(`${bundle.events.length - 2} of the ${bundle.events.length} events below`);
  });

  it('carries the very bundle it renders, to save as JSON: the link decodes to the bundle, whose root is the one printed', () => {
    const link = /<a href="data:application\/json;base64,([A-Za-z0-9+/=]+)" download="([^"]+)" type="application\/json">([^<]*)<\/a>/.exec(html)!;
    expect(link).not.toBeNull();
    const json = Buffer.from(link[1], 'base64').toString('utf8');
    expect(json).toBe(JSON.stringify(bundle));
    expect(JSON.parse(json).checkpoint.rootHash).toBe(ROOT);
    expect(html).toContain(`<p class="root-hash-value"><code>${ROOT}</code></p>`);
    expect(link[2]).toBe(`${STREAM}-tree-97.json`);
    expect(link[3]).toMatch(/^Save this bundle \(JSON, [\d.]+ kB\)$/);
    // The page no longer sends the judge to fetch the bundle again (a new reading, a new root).
    expect(html).toContain('Asking the service for the audit trail again yields a new bundle, not this one');
    expect(html).toContain('Save the bundle with the link above as <code>bundle.json</code>');
    // A hostile stream name cannot reach the file name.
    const odd = renderBundleHtml({ ...bundleOf([]), stream: 'designation-"><b>../x' });
    expect(/download="([^"]+)"/.exec(odd)![1]).toBe('designation-_b_.._x-tree-97.json');
  });

  it('says why the keys must come from a JWKS the court trusts, and what --trust-embedded-keys proves', () => {
    expect(html).toContain('without <code>--jwks</code> the verifier refuses (“no trusted');
    expect(html).toContain('<code>--trust-embedded-keys</code>');
    expect(html).toMatch(/a forged bundle would\s+carry its forger's key/);
    expect(html).toMatch(/intact \(its integrity\), not who signed it \(its provenance\)/);
  });

  it('marks the events recorded after the checkpoint as not yet covered', () => {
    const decisions = decisionsOf(html);
    const uncovered = decisions.map((d, i) => [i, d.startsWith(' uncovered"'), d.includes('Not yet covered by a checkpoint')]);
    const n = decisions.length;
    expect(uncovered).toEqual(decisions.map((_, i) => [i, i >= n - 2, i >= n - 2]));
    expect(decisions[0]).toContain(`leaf 40 of 97`);
    expect(html).toContain('<strong>2 were recorded after the checkpoint and are not yet covered</strong>');
  });

  it('renders a proposal that never took effect, and a bundle with no events, without failing', () => {
    const rejected = renderBundleHtml(
      bundleOf(record([propose(), command('RejectProposal', { reason: 'Attribution <not> corroborated' }, senior, at('P2D'))]), { generatedAt: at('P3D') }),
    );
    expect([...rejected.matchAll(/data-status="(\w+)"/g)].map((m) => m[1])).toEqual(['proposed', 'rejected']);
    expect(rejected).toContain('No measure came into force');
    expect(rejected).toContain('No exemption came into force');
    expect(rejected).toContain('Attribution &lt;not&gt; corroborated');
    expect(rejected).toContain('<span class="status-badge status-rejected">rejected</span>');

    const empty = renderBundleHtml({ ...bundleOf([]), stream: 'designation-<none>' });
    expect(empty).toContain('<h1>Stream designation-&lt;none&gt;</h1>');
    expect(empty).toContain('<svg id="timeline"');
    expect(decisionsOf(empty)).toEqual([]);
  });

  it('shows where an imported designation came from, the changes at the source and at a partner, and a delisting in words', () => {
    const page = renderBundleHtml(
      bundleOf(record([importDesignation(), partnerChange({}, official, at('P2D')), amendAtSource({}, senior, at('P3D')), delistAtSource(senior, at('P4D'))]), { generatedAt: at('P5D') }),
    );
    const [proposal, issued, partner, reminder, amended, lifted] = decisionsOf(page);
    expect(proposal).toContain('<th scope="row" class="what">Designation proposed</th>');
    expect(proposal).toContain('<dt>Official list entry</dt><dd><strong>ofac</strong> list <code>own-ofac-sdn-csv</code>, entry <code>36</code>, listed at the source <time datetime="2019-09-13">');
    expect(proposal).toContain(`SHA-256 <code>${RELEASE_2026}</code>`);
    expect(proposal).toContain('Import batch <code>batch-1</code>, prepared by <span class="actor-id">official-1</span>');
    expect(issued).toContain('Designation approved and issued');
    expect(issued).toContain(`SHA-256 <code>${RELEASE_2026}</code>`);
    expect(partner).toContain('<th scope="row" class="what">Partner listing changed</th>');
    expect(partner).toContain('<dt>Partner list entry</dt><dd><strong>un</strong> list <code>partner-un-xml</code>, entry <code>6908555</code>');
    expect(reminder).toContain('Review reminder issued');
    expect(reminder).toContain('partner change');
    expect(amended).toContain('<dt>Changes at the source</dt><dd><ul class="items"><li><code>aliases</code>: <code>[&quot;APT-EXAMPLE&quot;]</code> → <code>[&quot;APT-EXAMPLE&quot;,&quot;Example Group&quot;]</code></li></ul></dd>');
    expect(amended).toContain(`SHA-256 <code>${RELEASE_2027}</code>`);
    expect(lifted).toContain('<th scope="row" class="what">Designation lifted</th>');
    expect(lifted).toContain('<span class="k">Reason:</span> <span class="text">delisted at source</span>');
    expect(page).toContain('(delisted at source)'); // the end of each measure's bar on the timeline
    // Proposed and issued in one decision: no proposed band, active from the import until the delisting.
    expect([...page.matchAll(/data-status="(\w+)"/g)].map((m) => m[1])).toEqual(['active', 'lifted']);
  });

  it('shows every instant in words, in UTC, with its exact ISO value in the markup, whatever offset it was written with', () => {
    const recorded = record([propose({}, official, T0)]);
    const b = bundleOf(recorded);
    b.events[0].metadata.recordedAt = '2026-01-05T11:00:00+02:00';
    const page = renderBundleHtml(b);
    expect(page).toContain('<time datetime="2026-01-05T09:00:00.000Z">5 Jan 2026 09:00 UTC</time>');
    expect(page).toContain('recorded <code>2026-01-05T09:00:00.000Z</code>');
    // No instant is left in ISO form between tags, but where it is quoted exactly.
    const shown = page.replace(/<code[^>]*>[^<]*<\/code>/g, '').replace(/<[^>]+>/g, ' ');
    expect(shown).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});
