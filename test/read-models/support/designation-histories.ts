import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { designationStream, type DesignationEvent } from '@app/domain';
import type { EventStore, JsonObject } from '@app/event-store';
import { runSequence, sequenceArb } from '../../../libs/domain/testing/command-sequences';

/** Every string a public reader must never see carries this marker. */
export const SECRET = 'SECRET';

export interface DesignationHistory {
  id: string;
  name: string;
  events: DesignationEvent[];
  /** `recordedAt` of each event, in order (the generator's clock). */
  recordedAt: string[];
}

/**
 * Random but lawful designation histories from the domain's own command generator, each with a
 * unique target name, one public evidence item, and every non-public string marked SECRET.
 */
export function generateHistories(count: number, seed: number, maxLength = 40): DesignationHistory[] {
  // The generator also tries many refused commands; keep histories that got somewhere, and a few
  // that stopped at the proposal (those must never reach the public register).
  const histories = fc.sample(sequenceArb(maxLength), { numRuns: count * 10, seed }).map(toHistory);
  const lived = histories.filter((h) => h.events.length >= 3);
  const proposals = histories.filter((h) => h.events.length > 0 && h.events.length < 3);
  const kept = [...lived.slice(0, count - Math.floor(count / 8)), ...proposals.slice(0, Math.floor(count / 8))];
  return [...kept, ...lived.slice(kept.length)].slice(0, count);
}

function toHistory(steps: Parameters<typeof runSequence>[0], n: number): DesignationHistory {
  {
    const id = randomUUID();
    const name = `Target ${n} ${id.slice(0, 8)}`;
    const events: DesignationEvent[] = [];
    const recordedAt: string[] = [];
    for (const transition of runSequence(steps)) {
      if (!('events' in transition.outcome)) continue;
      for (const event of transition.outcome.events) {
        events.push(markSecrets(withId(event, id), name, n));
        recordedAt.push(transition.command.metadata.now);
      }
    }
    return { id, name, events, recordedAt };
  }
}

/**
 * Appends the histories interleaved (a few events of each in turn), so designations mix in global
 * order. Returns how many events were appended and the global position of the last one.
 */
export async function appendHistories(store: EventStore, histories: DesignationHistory[], chunk = 3): Promise<{ count: number; head: number }> {
  const next = histories.map(() => 0);
  let appended = 0;
  let head = -1;
  for (let active = true; active; ) {
    active = false;
    for (const [h, history] of histories.entries()) {
      if (next[h] >= history.events.length) continue;
      active = true;
      const slice = history.events.slice(next[h], next[h] + chunk);
      const result = await store.appendToStream(
        designationStream(history.id),
        slice.map((event, i) => ({
          type: event.type,
          data: event.data as unknown as JsonObject,
          metadata: { recordedAt: history.recordedAt[next[h] + i], actor: { id: `${SECRET}-actor`, roles: [] } },
        })),
        { expectedRevision: next[h] === 0 ? 'no_stream' : next[h] - 1 },
      );
      next[h] += slice.length;
      appended += slice.length;
      head = Math.max(head, result.position);
    }
  }
  return { count: appended, head };
}

function withId(event: DesignationEvent, id: string): DesignationEvent {
  return { ...event, data: { ...event.data, designationId: id } } as DesignationEvent;
}

const secret = (what: string, n: number) => `${SECRET}-${what}-${n}`;

/** Marks every field the public register must not carry, per event type. */
function markSecrets(event: DesignationEvent, name: string, n: number): DesignationEvent {
  const e = JSON.parse(JSON.stringify(event)) as DesignationEvent;
  const d = e.data as Record<string, unknown>;
  const mark = (field: string) => {
    if (typeof d[field] === 'string') d[field] = secret(field, n);
  };
  switch (e.type) {
    case 'DesignationProposed': {
      const data = e.data;
      data.target = { ...data.target, name };
      data.proposedBy = secret('proposer', n);
      data.attribution = {
        ...data.attribution,
        evidence: [
          ...data.attribution.evidence.map((ev, i) =>
            ev.classification === 'public'
              ? ev
              : { ...ev, ref: secret(`ref${i}`, n), summary: secret(`evidence${i}`, n), corroboratedBy: ev.corroboratedBy.map((_, j) => secret(`partner${j}`, n)) },
          ),
          { ref: `PUBLIC-REF-${n}`, kind: 'open_source', classification: 'public', summary: `Public report ${n}`, corroboratedBy: [] },
        ],
      };
      data.reviewingMinistries = data.reviewingMinistries.map((_, i) => secret(`ministry${i}`, n));
      data.exemptions = data.exemptions.map((x) => ({ ...x, beneficiary: secret('beneficiary', n), oversightBody: secret('oversight', n) }));
      if (data.humanitarianWaiver) data.humanitarianWaiver = { justification: secret('waiver', n) };
      // An import: who prepared the batch, and which batch it was, are internal (the list entry is public).
      if (data.provenance) data.provenance = { ...data.provenance, batchId: secret('batch', n), preparedBy: secret('preparer', n) };
      break;
    }
    case 'DesignationIssued':
      mark('approvedBy');
      if (e.data.provenance) e.data.provenance = { ...e.data.provenance, batchId: secret('batch', n), preparedBy: secret('preparer', n) };
      break;
    case 'PartnerListingChanged':
      mark('recordedBy');
      break;
    case 'ExemptionGranted':
      ['beneficiary', 'oversightBody', 'justification'].forEach(mark);
      break;
    case 'RepresentationReceived':
      ['summary', 'submittedBy'].forEach(mark);
      break;
    case 'ReviewCompleted':
      ['findings', 'ministry'].forEach(mark);
      break;
    case 'ReviewReminderIssued':
      d.recipients = (d.recipients as string[]).map((_, i) => secret(`recipient${i}`, n));
      break;
    case 'CourtOrderRecorded':
      ['summary', 'reference', 'court'].forEach(mark);
      break;
    case 'DesignationLifted':
      ['justification', 'liftedBy'].forEach(mark);
      break;
    case 'DesignationProposalRejected':
    case 'DesignationProposalWithdrawn':
    case 'ExemptionRevoked':
      mark('reason');
      break;
    case 'MeasuresEscalated':
      mark('justification');
      if (e.data.humanitarianWaiver) e.data.humanitarianWaiver = { justification: secret('waiver', n) };
      break;
    case 'MeasuresRolledBack':
    case 'SunsetExtended':
      mark('justification');
      break;
    case 'DesignationAmended':
      mark('justification');
      if (e.data.source?.batchId !== undefined) e.data.source = { ...e.data.source, batchId: secret('batch', n) };
      break;
    default:
      break;
  }
  return e;
}
