import { CLASSIFICATIONS, exists, type Designation } from '@app/domain';
import type { AuditBundle } from './bundle';
import { type Data, type Step, fold, IN_FORCE_STATUSES, esc, text, words, asObject, asArray, oneOf, instant, time, statusBadge, classificationMarking, STYLE, eventName } from './bundle-html.common';
import { renderTimelineSection } from './bundle-html.timeline';

/**
 * A court bundle as a document for judges: one self-contained HTML5 page (inline CSS and SVG, no
 * script, nothing fetched) with the designation's state, a timeline of its status, measures,
 * exemptions, reviews and court orders, every decision in the order recorded, and the root hash to
 * quote. The JSON bundle stays the authoritative record; this page is how it is read.
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
<p>Rendered from a <code>${esc(bundle.format)}</code> bundle generated ${time(bundle.generatedAt)}. The JSON bundle is the
authoritative record and the one to verify; this page presents its contents. Times are UTC (ISO 8601).</p>
<p class="marking">${marking}</p>
</footer>
</body>
</html>
`;
}

// ---- The header and the root hash --------------------------------------------------------------

function renderHeader(bundle: AuditBundle, d: Designation | undefined): string {
  const rows: [string, string][] = [];
  if (d) {
    const target = asObject(d.target) ?? {};
    rows.push(['Designation', `<code>${esc(d.designationId)}</code>`]);
    rows.push(['Target', renderTarget(target)]);
    rows.push(['Category', esc(words(text(d.category)))]);
    rows.push(['Status now', statusBadge(d.status)]);
    if (d.effectiveAt) rows.push(['In force since', `${time(d.effectiveAt)}${d.listingDate ? ` (listed ${esc(d.listingDate)})` : ''}`]);
    if (d.sunsetAt) rows.push(['Sunset', time(d.sunsetAt)]);
    if (d.nextReviewDueAt && IN_FORCE_STATUSES.includes(d.status)) rows.push(['Next review due', time(d.nextReviewDueAt)]);
    rows.push(['Legal basis', renderLegalBasis(d.legalBasis)]);
  }
  rows.push(['Stream', `<code>${esc(bundle.stream)}</code>`]);
  rows.push(['Generated', time(bundle.generatedAt)]);
  const name = d?.target?.name;
  return `<header>
<p class="kind">Court bundle · audit trail of a sanctions designation</p>
<h1>${name !== undefined ? esc(name) : `Stream ${esc(bundle.stream)}`}</h1>
${d ? '' : '<p class="warning">This bundle holds no proposal, so the designation cannot be described; its events are listed below.</p>'}
<dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
</header>`;
}

function renderRootHash(bundle: AuditBundle): string {
  const c = bundle.checkpoint;
  const covered = bundle.events.filter((e) => e.leafIndex !== null).length;
  const uncovered = bundle.events.length - covered;
  const consistency = bundle.consistency
    ? `<p>The bundle also carries a consistency proof from a checkpoint of tree size ${esc(bundle.consistency.fromTreeSize)}: a checkpoint the court already holds can be checked against this one with <code>--checkpoint held.json</code>.</p>`
    : '';
  return `<section class="quote" aria-labelledby="root-hash-heading">
<h2 id="root-hash-heading">Root hash to quote</h2>
<div id="root-hash">
<p class="root-hash-value"><code>${esc(c.rootHash)}</code></p>
<dl class="facts">
<dt>Tree size</dt><dd>${esc(c.treeSize)} events of the whole log</dd>
<dt>Issued</dt><dd>${time(c.issuedAt)}</dd>
<dt>Origin</dt><dd><code>${esc(c.origin)}</code></dd>
<dt>Key id</dt><dd><code>${esc(c.kid)}</code></dd>
</dl>
</div>
<p>This is the signed checkpoint of the service's whole event log. ${covered} of the ${bundle.events.length} events below
${covered === 1 ? 'is' : 'are'} proven to be included under this root hash${
    uncovered > 0
      ? `; <strong>${uncovered} ${uncovered === 1 ? 'was' : 'were'} recorded after the checkpoint and ${uncovered === 1 ? 'is' : 'are'} not yet covered</strong> (marked below; fetch the bundle again later to have ${uncovered === 1 ? 'it' : 'them'} covered)`
      : ''
  }.</p>
${consistency}
<h3>How to verify</h3>
<p>Save the bundle as JSON (<code>bundle.json</code>) and the service's public keys, obtained from a source the court trusts,
as <code>jwks.json</code>. Then run, offline:</p>
<pre class="command">npx sanctions-verify bundle.json --jwks jwks.json</pre>
<p>It checks the checkpoint's and the bundle statement's signatures, the hash chain linking every event, and each event's
inclusion proof, and exits 0 with a summary naming the root hash — which must be the one above — or 1 naming the first
failure.</p>
</section>`;
}

// ---- The decisions -----------------------------------------------------------------------------


/** Fields shown in the "legal basis and reasons" column rather than among the details. */
const BASIS_FIELDS = ['legalBasis', 'statementOfReasons', 'reason', 'justification', 'findings', 'humanitarianWaiver'];
const HIDDEN_FIELDS = ['designationId', 'policyVersion'];

interface Context {
  measureNames: Map<string, string>;
  criteria: Map<number, string>;
  rollback: Map<number, string>;
}

function renderDecisions(bundle: AuditBundle, steps: readonly Step[]): string {
  const measureNames = new Map<string, string>();
  for (const step of steps) {
    if (!exists(step.after)) continue;
    for (const m of [...asArray(step.after.measures), ...asArray(step.data.measures)]) {
      const measure = asObject(m);
      if (measure && typeof measure.measureId === 'string') measureNames.set(measure.measureId, words(text(measure.type)));
    }
  }
  const bodies = steps.map((step, i) => {
    const state = exists(step.after) ? step.after : exists(step.before) ? step.before : undefined;
    const context: Context = {
      measureNames,
      criteria: conditions(state?.escalationCriteria),
      rollback: conditions(state?.rollbackConditions),
    };
    return renderDecision(bundle, step, i, context);
  });
  return `<section class="decisions" aria-labelledby="decisions-heading">
<h2 id="decisions-heading">Decisions, in the order recorded</h2>
<p class="lead">${steps.length} event${steps.length === 1 ? '' : 's'} of stream <code>${esc(bundle.stream)}</code>. “Recorded” is when the service
recorded the decision (hash-chained); “effective” is when it takes legal effect, where that differs.</p>
<table id="decisions">
<thead><tr><th scope="col">#</th><th scope="col">Recorded (UTC)</th><th scope="col">Effective (UTC)</th><th scope="col">Decision</th><th scope="col">By</th><th scope="col">Legal basis and reasons</th><th scope="col">Checkpoint</th></tr></thead>
${bodies.join('\n')}
</table>
</section>`;
}

function renderDecision(bundle: AuditBundle, step: Step, index: number, context: Context): string {
  const { event, data } = step;
  const metadata = asObject(event.metadata) ?? {};
  const actor = asObject(metadata.actor);
  const roles = asArray(actor?.roles).map((r) => words(text(r)));
  const covered = event.leafIndex !== null && event.leafIndex !== undefined;
  const revision = typeof event.revision === 'number' ? event.revision : index;
  const details = Object.entries(data)
    .filter(([key]) => !HIDDEN_FIELDS.includes(key) && !BASIS_FIELDS.includes(key) && key !== 'effectiveAt')
    .map(([key, value]) => `<dt>${esc(label(key))}</dt><dd>${renderValue(key, value, context)}</dd>`)
    .join('');
  const chain = [
    `event hash <code>${esc(text(metadata.hash))}</code>`,
    data.policyVersion !== undefined ? `policy version ${esc(text(data.policyVersion))}` : '',
    `position ${esc(text(event.position))}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return `<tbody class="decision${covered ? '' : ' uncovered'}" id="event-${esc(revision)}">
<tr class="summary">
<td class="num">${esc(revision)}</td>
<td>${time(metadata.recordedAt)}</td>
<td>${step.effectiveAt !== undefined ? time(data.effectiveAt) : '<span class="none">—</span>'}</td>
<th scope="row" class="what">${esc(eventName(event.type))}</th>
<td class="actor">${actor ? `<span class="actor-id">${esc(text(actor.id))}</span>${roles.length ? `<span class="roles">${esc(roles.join(', '))}</span>` : ''}` : '<span class="none">—</span>'}</td>
<td class="basis">${renderBasis(data, context) || '<span class="none">—</span>'}</td>
<td class="proof">${
    covered
      ? `leaf ${esc(event.leafIndex)} of ${esc(bundle.checkpoint.treeSize)}`
      : '<strong class="uncovered-flag">Not yet covered by a checkpoint</strong>'
  }</td>
</tr>
<tr class="details"><td></td><td colspan="6">${details ? `<dl class="fields">${details}</dl>` : ''}<p class="chain">${chain}</p></td></tr>
</tbody>`;
}

function renderBasis(data: Data, context: Context): string {
  const parts: string[] = [];
  if (data.legalBasis !== undefined) parts.push(renderLegalBasis(data.legalBasis));
  for (const key of BASIS_FIELDS.slice(1)) {
    const value = data[key];
    if (value === undefined || value === null || value === '') continue;
    const shown = key === 'humanitarianWaiver' ? renderValue('justification', asObject(value)?.justification ?? value, context) : renderValue(key, value, context);
    parts.push(`<p><span class="k">${esc(label(key))}:</span> ${shown}</p>`);
  }
  return parts.join('');
}

const LABELS: Record<string, string> = {
  statementOfReasons: 'Statement of reasons',
  humanitarianWaiver: 'Humanitarian waiver',
  criteriaMet: 'Escalation criteria met',
  conditionsMet: 'Rollback conditions met',
  measureIds: 'Measures',
  sunsetAt: 'Sunset',
  previousSunsetAt: 'Previous sunset',
  nextReviewDueAt: 'Next review due',
  notificationDueAt: 'Notification due',
  reviewDueAt: 'Review due',
  validUntil: 'Valid until',
  exemptionId: 'Exemption',
  orderId: 'Court order',
  courtOrderId: 'Court order',
  representationId: 'Representation',
  representationsConsidered: 'Representations considered',
  escalationCriteria: 'Escalation criteria',
  rollbackConditions: 'Rollback conditions',
  reviewingMinistries: 'Reviewing ministries',
  oversightBody: 'Oversight body',
};

function label(key: string): string {
  if (Object.hasOwn(LABELS, key)) return LABELS[key];
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function renderValue(key: string, value: unknown, context: Context): string {
  if (value === undefined || value === null || value === '') return '<span class="none">—</span>';
  switch (key) {
    case 'target':
      if (asObject(value)) return renderTarget(asObject(value)!);
      break;
    case 'attribution':
      if (asObject(value)) return renderAttribution(asObject(value)!, context);
      break;
    case 'evidence':
      if (Array.isArray(value)) return renderEvidence(value);
      break;
    case 'legalBasis':
      if (Array.isArray(value)) return renderLegalBasis(value);
      break;
    case 'measures':
      if (Array.isArray(value)) return renderMeasures(value);
      break;
    case 'exemptions':
      if (Array.isArray(value)) return value.length ? `<ul class="items">${value.map((e) => `<li>${renderExemption(e, context)}</li>`).join('')}</ul>` : 'none';
      break;
    case 'escalationCriteria':
    case 'rollbackConditions':
      if (Array.isArray(value)) return renderConditions(value);
      break;
    case 'criteriaMet':
    case 'conditionsMet':
      if (Array.isArray(value)) return conditionRefs(value, key === 'criteriaMet' ? context.criteria : context.rollback);
      break;
    case 'measureIds':
      if (Array.isArray(value)) return value.map((id) => measureRef(id, context)).join(', ') || 'none';
      break;
    case 'identifiers':
      if (Array.isArray(value)) return value.map((i) => `${esc(text(asObject(i)?.type))}: <code>${esc(text(asObject(i)?.value))}</code>`).join(', ') || 'none';
      break;
  }
  if (typeof value === 'string') {
    if (instant(value) !== undefined) return time(value);
    return `<span class="text">${esc(/^[a-z]+(_[a-z]+)+$/.test(value) ? words(value) : value)}</span>`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return esc(String(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.every((item) => typeof item !== 'object' || item === null)) return value.map((item) => renderValue('', item, context)).join(', ');
    return `<ul class="items">${value.map((item) => `<li>${renderValue('', item, context)}</li>`).join('')}</ul>`;
  }
  const object = asObject(value);
  if (object) {
    return `<dl class="nested">${Object.entries(object)
      .map(([k, v]) => `<dt>${esc(label(k))}</dt><dd>${renderValue(k, v, context)}</dd>`)
      .join('')}</dl>`;
  }
  return esc(String(value));
}

function renderTarget(target: Data): string {
  const parts = [`<strong class="target-name">${esc(text(target.name))}</strong>`];
  const facts = [target.kind !== undefined ? words(text(target.kind)) : '', target.country !== undefined ? `country ${text(target.country)}` : '']
    .filter(Boolean)
    .join(', ');
  if (facts) parts.push(` (${esc(facts)})`);
  const aliases = asArray(target.aliases).map(text);
  if (aliases.length) parts.push(`<br>Also known as: ${esc(aliases.join('; '))}`);
  const identifiers = asArray(target.identifiers);
  if (identifiers.length) parts.push(`<br>Identifiers: ${identifiers.map((i) => `${esc(text(asObject(i)?.type))} <code>${esc(text(asObject(i)?.value))}</code>`).join(', ')}`);
  return parts.join('');
}

function renderLegalBasis(value: unknown): string {
  const items = asArray(value).map((b) => {
    const basis = asObject(b) ?? {};
    const jurisdiction = basis.jurisdiction !== undefined ? ` <span class="muted">(${esc(words(text(basis.jurisdiction)))})</span>` : '';
    return `<li><cite>${esc(text(basis.instrument))}</cite>, ${esc(text(basis.provision))}${jurisdiction}</li>`;
  });
  return items.length ? `<ul class="legal-basis">${items.join('')}</ul>` : '<span class="none">none stated</span>';
}

function renderAttribution(attribution: Data, context: Context): string {
  const rest = Object.entries(attribution).filter(([k]) => k !== 'confidence' && k !== 'evidence');
  return `<p>Confidence of attribution: <strong>${esc(words(text(attribution.confidence)))}</strong></p>${renderEvidence(asArray(attribution.evidence))}${
    rest.length ? renderValue('', Object.fromEntries(rest), context) : ''
  }`;
}

function renderEvidence(evidence: unknown[]): string {
  if (evidence.length === 0) return '<p class="none">No evidence listed.</p>';
  const rows = evidence.map((e) => {
    const item = asObject(e) ?? {};
    const classification = text(item.classification);
    const cls = oneOf(classification, CLASSIFICATIONS) ?? 'other';
    return `<tr><td><code>${esc(text(item.ref))}</code></td><td>${esc(words(text(item.kind)))}</td><td><span class="classification cls-${cls}">${esc(
      classification,
    )}</span></td><td class="text">${esc(text(item.summary))}</td><td>${esc(asArray(item.corroboratedBy).map(text).join(', ')) || '<span class="none">—</span>'}</td></tr>`;
  });
  return `<table class="evidence"><caption>Evidence (summaries included: this document is for the court only)</caption>
<thead><tr><th scope="col">Ref</th><th scope="col">Kind</th><th scope="col">Classification</th><th scope="col">Summary</th><th scope="col">Corroborated by</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}

function renderMeasures(measures: unknown[]): string {
  if (measures.length === 0) return 'none';
  return `<ul class="items">${measures
    .map((m) => {
      const measure = asObject(m) ?? {};
      const capabilities = asArray(measure.capabilities).map(text);
      return `<li><strong>${esc(words(text(measure.type)))}</strong> <code>${esc(text(measure.measureId))}</code>: ${esc(text(measure.description))}${
        capabilities.length ? ` <span class="muted">(capabilities: ${esc(capabilities.join(', '))})</span>` : ''
      }</li>`;
    })
    .join('')}</ul>`;
}

function renderExemption(e: unknown, context: Context): string {
  const exemption = asObject(e) ?? {};
  return `<strong>${esc(words(text(exemption.kind)))}</strong> <code>${esc(text(exemption.exemptionId))}</code> for ${esc(text(exemption.beneficiary))}; covers ${
    asArray(exemption.measureIds).map((id) => measureRef(id, context)).join(', ') || 'no measure'
  }; conditions: ${esc(text(exemption.conditions))}; oversight: ${esc(text(exemption.oversightBody))}; valid until ${time(exemption.validUntil)}`;
}

function renderConditions(list: unknown[]): string {
  if (list.length === 0) return 'none';
  return `<ul class="conditions">${list
    .map((c) => `<li><span class="cond-num">${esc(text(asObject(c)?.number))}.</span> ${esc(text(asObject(c)?.text))}</li>`)
    .join('')}</ul>`;
}

function conditions(value: unknown): Map<number, string> {
  const map = new Map<number, string>();
  for (const c of asArray(value)) {
    const condition = asObject(c);
    if (condition && typeof condition.number === 'number') map.set(condition.number, text(condition.text));
  }
  return map;
}

function conditionRefs(numbers: unknown[], known: Map<number, string>): string {
  if (numbers.length === 0) return 'none';
  return `<ul class="conditions">${numbers
    .map((num) => `<li><span class="cond-num">${esc(text(num))}.</span> ${typeof num === 'number' && known.has(num) ? esc(known.get(num)) : ''}</li>`)
    .join('')}</ul>`;
}

function measureRef(id: unknown, context: Context): string {
  const name = typeof id === 'string' ? context.measureNames.get(id) : undefined;
  return `<code>${esc(text(id))}</code>${name ? ` (${esc(name)})` : ''}`;
}

