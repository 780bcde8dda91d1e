/** The values of a decision's data in HTML: targets, legal bases, evidence, measures, exemptions, conditions, and any other field. */
import { CLASSIFICATIONS } from '@app/domain';
import { asArray, asObject, instant, oneOf, type Data } from './bundle-html.data';
import { duration, esc, isCalendarDate, time } from './bundle-html.escape';
import { label, text, words } from './bundle-html.text';

/** What a decision's values are rendered against: the names of measures and the texts of numbered conditions. */
export interface DecisionContext {
  measureNames: Map<string, string>;
  criteria: Map<number, string>;
  rollback: Map<number, string>;
}

export function renderValue(key: string, value: unknown, context: DecisionContext): string {
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
    case 'provenance':
    case 'partner':
    case 'source':
      // An official list entry and release (ImportDesignation, the records at the source, a partner's change).
      if (asObject(value)) return renderSource(asObject(value)!);
      break;
    case 'changes':
      if (Array.isArray(value)) return renderChanges(value);
      break;
  }
  if (typeof value === 'string') {
    if (instant(value) !== undefined || isCalendarDate(value)) return time(value);
    const asDuration = duration(value);
    if (asDuration !== undefined) return asDuration;
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

/** `ofac list own-ofac-sdn-csv, entry 36, listed at the source 2019-09-13; release of …, SHA-256 …; batch …, prepared by …`. */
export function renderSource(source: Data): string {
  const parts = [`<strong>${esc(text(source.source))}</strong> list <code>${esc(text(source.list))}</code>, entry <code>${esc(text(source.sourceId))}</code>`];
  if (source.listedOn !== undefined) parts.push(`, listed at the source ${time(source.listedOn)}`);
  parts.push(`<br>Release of ${time(source.releaseDate)}, SHA-256 <code>${esc(text(source.releaseHash))}</code>`);
  if (source.batchId !== undefined) parts.push(`<br>Import batch <code>${esc(text(source.batchId))}</code>`);
  if (source.preparedBy !== undefined) parts.push(`, prepared by <span class="actor-id">${esc(text(source.preparedBy))}</span>`);
  return parts.join('');
}

/** Each field a list release changed: its value before and after, as JSON. */
function renderChanges(changes: unknown[]): string {
  if (changes.length === 0) return 'none';
  return `<ul class="items">${changes
    .map((c) => {
      const change = asObject(c) ?? {};
      return `<li><code>${esc(text(change.field))}</code>: <code>${esc(JSON.stringify(change.before ?? null))}</code> → <code>${esc(JSON.stringify(change.after ?? null))}</code></li>`;
    })
    .join('')}</ul>`;
}

export function renderTarget(target: Data): string {
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

export function renderLegalBasis(value: unknown): string {
  const items = asArray(value).map((b) => {
    const basis = asObject(b) ?? {};
    const jurisdiction = basis.jurisdiction !== undefined ? ` <span class="muted">(${esc(words(text(basis.jurisdiction)))})</span>` : '';
    return `<li><cite>${esc(text(basis.instrument))}</cite>, ${esc(text(basis.provision))}${jurisdiction}</li>`;
  });
  return items.length ? `<ul class="legal-basis">${items.join('')}</ul>` : '<span class="none">none stated</span>';
}

function renderAttribution(attribution: Data, context: DecisionContext): string {
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

function renderExemption(e: unknown, context: DecisionContext): string {
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

function conditionRefs(numbers: unknown[], known: Map<number, string>): string {
  if (numbers.length === 0) return 'none';
  return `<ul class="conditions">${numbers
    .map((num) => `<li><span class="cond-num">${esc(text(num))}.</span> ${typeof num === 'number' && known.has(num) ? esc(known.get(num)) : ''}</li>`)
    .join('')}</ul>`;
}

function measureRef(id: unknown, context: DecisionContext): string {
  const name = typeof id === 'string' ? context.measureNames.get(id) : undefined;
  return `<code>${esc(text(id))}</code>${name ? ` (${esc(name)})` : ''}`;
}
