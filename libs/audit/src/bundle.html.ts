import { CLASSIFICATIONS, exists, STATUSES, type Designation } from '@app/domain';
import type { AuditBundle, BundledEvent } from './bundle';
import { asObject, oneOf, type Data } from './bundle-html.data';
import { renderDecisions } from './bundle-html.decisions';
import { duration, esc, exactTime, time } from './bundle-html.escape';
import { fold, IN_FORCE_STATUSES } from './bundle-html.model';
import { renderRootHash } from './bundle-html.root-hash';
import { STYLE } from './bundle-html.styles';
import { renderTimelineSection } from './bundle-html.timeline';
import { text, words } from './bundle-html.text';
import { renderLegalBasis, renderTarget } from './bundle-html.values';

/**
 * A court bundle as a document for judges: one self-contained HTML5 page (inline CSS and SVG, no
 * script, nothing fetched) with the designation's state, a timeline of its status, measures,
 * exemptions, reviews and court orders, every decision in the order recorded, and the root hash to
 * quote. The JSON bundle stays the authoritative record; this page is how it is read, and carries
 * it (a data: link), so that what the judge verifies is what the page shows.
 *
 * Every piece of text taken from the bundle goes through `esc` (or is a number we computed); class
 * names built from bundle values come only from fixed vocabularies. The page also carries a
 * Content-Security-Policy that forbids every script and every fetch, should anything slip through.
 */
export function renderBundleHtml(bundle: AuditBundle): string {
  const { steps, state } = fold(bundle.events);
  const designation = exists(state) ? state : undefined;
  const marking = classificationMarking(bundle.events);
  const name = designation?.target?.name;
  const title = `Audit trail — ${name ?? bundle.stream}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<p class="marking">${marking}</p>
${renderHeader(bundle, designation)}
<main>
${renderRootHash(bundle)}
${renderTimelineSection(bundle, steps, state)}
${renderDecisions(bundle, steps)}
</main>
<footer>
<p>Rendered from a <code>${esc(bundle.format)}</code> bundle generated ${time(bundle.generatedAt)}, which this page carries
(“Save this bundle”, under the root hash). The JSON bundle is the authoritative record and the one to verify; this page
presents its contents. Times are in UTC, to the minute; each one's exact ISO 8601 value is in the page's markup
(<code>&lt;time datetime&gt;</code>), beside each decision, and in the bundle.</p>
<p class="marking">${marking}</p>
</footer>
</body>
</html>
`;
}


function renderHeader(bundle: AuditBundle, d: Designation | undefined): string {
  const rows: [string, string][] = [];
  if (d) {
    const target = asObject(d.target) ?? {};
    rows.push(['Designation', `<code>${esc(d.designationId)}</code>`]);
    rows.push(['Target', renderTarget(target)]);
    rows.push(['Category', esc(words(text(d.category)))]);
    rows.push(['Status now', statusBadge(d.status)]);
    if (d.effectiveAt) rows.push(['In force since', `${time(d.effectiveAt)}${d.listingDate ? ` (listed ${time(d.listingDate)})` : ''}`]);
    if (d.sunsetAt) rows.push(['Sunset', time(d.sunsetAt)]);
    const interval = duration(d.reviewInterval);
    if (interval) rows.push(['Review interval', interval]);
    if (d.nextReviewDueAt && IN_FORCE_STATUSES.includes(d.status)) rows.push(['Next review due', time(d.nextReviewDueAt)]);
    rows.push(['Legal basis', renderLegalBasis(d.legalBasis)]);
  }
  rows.push(['Stream', `<code>${esc(bundle.stream)}</code>`]);
  rows.push(['Generated', exactTime(bundle.generatedAt)]);
  const name = d?.target?.name;
  return `<header>
<p class="kind">Court bundle · audit trail of a sanctions designation</p>
<h1>${name !== undefined ? esc(name) : `Stream ${esc(bundle.stream)}`}</h1>
${d ? '' : '<p class="warning">This bundle holds no proposal, so the designation cannot be described; its events are listed below.</p>'}
<dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
</header>`;
}

function statusBadge(status: string): string {
  const cls = oneOf(status, STATUSES) ?? 'other';
  return `<span class="status-badge status-${cls}">${esc(words(status))}</span>`;
}

/** The marking printed at the top and bottom of the page: the highest classification of the evidence shown. */
function classificationMarking(events: readonly BundledEvent[]): string {
  let highest = -1;
  const visit = (value: unknown, key = ''): void => {
    if (Array.isArray(value)) {
      for (const item of value) {
        if (key === 'evidence') highest = Math.max(highest, CLASSIFICATIONS.indexOf(asObject(item)?.classification as never));
        visit(item);
      }
    } else if (asObject(value)) {
      for (const [k, v] of Object.entries(value as Data)) visit(v, k);
    }
  };
  for (const event of events) visit(event.data);
  const level = highest >= 0 ? CLASSIFICATIONS[highest] : undefined;
  return level && level !== 'public'
    ? `For the court only — contains evidence summaries classified up to <strong>${esc(level.toUpperCase())}</strong>`
    : 'For the court only';
}
