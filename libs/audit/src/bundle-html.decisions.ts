/** The court-bundle page's table of decisions: every event in the order recorded, with who decided, why, and its checkpoint. */
import { exists } from '@app/domain';
import type { AuditBundle } from './bundle';
import { asArray, asObject, instant, type Data } from './bundle-html.data';
import { esc, time } from './bundle-html.escape';
import type { Step } from './bundle-html.model';
import { eventName, iso, label, text, words } from './bundle-html.text';
import { renderLegalBasis, renderValue, type DecisionContext } from './bundle-html.values';

/** Fields shown in the "legal basis and reasons" column rather than among the details. */
const BASIS_FIELDS = ['legalBasis', 'statementOfReasons', 'reason', 'justification', 'findings', 'humanitarianWaiver'];

const HIDDEN_FIELDS = ['designationId', 'policyVersion'];

export function renderDecisions(bundle: AuditBundle, steps: readonly Step[]): string {
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
    const context: DecisionContext = {
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
<thead><tr><th scope="col">#</th><th scope="col">Recorded</th><th scope="col">Effective</th><th scope="col">Decision</th><th scope="col">By</th><th scope="col">Legal basis and reasons</th><th scope="col">Checkpoint</th></tr></thead>
${bodies.join('\n')}
</table>
</section>`;
}

function renderDecision(bundle: AuditBundle, step: Step, index: number, context: DecisionContext): string {
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
  const recordedAt = instant(metadata.recordedAt);
  const chain = [
    recordedAt !== undefined ? `recorded <code>${iso(recordedAt)}</code>` : '',
    step.effectiveAt !== undefined ? `effective <code>${iso(step.effectiveAt)}</code>` : '',
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

function renderBasis(data: Data, context: DecisionContext): string {
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

function conditions(value: unknown): Map<number, string> {
  const map = new Map<number, string>();
  for (const c of asArray(value)) {
    const condition = asObject(c);
    if (condition && typeof condition.number === 'number') map.set(condition.number, text(condition.text));
  }
  return map;
}
