/** What the court-bundle page's timeline shows: status bands, measure and exemption bars, review and court-order markers. */
import { exists, type DesignationState } from '@app/domain';
import type { AuditBundle } from './bundle';
import { asArray, instant, oneOf, type Data } from './bundle-html.data';
import { IN_FORCE_STATUSES, inForce, type Step } from './bundle-html.model';
import { dateInWords, instantInWords } from './bundle-html.dates';
import { eventName, text, words } from './bundle-html.text';

export interface Bar {
  from: number;
  to: number;
  /** Still in force at the end of the axis. */
  openEnd: boolean;
  endNote?: string;
  title: string;
}

export interface Row {
  key: string;
  label: string;
  title: string;
  bars: Bar[];
}

export type MarkerShape = 'review' | 'reminder' | 'due' | 'court';

export interface Marker {
  at: number;
  shape: MarkerShape;
  /** A fixed word, never bundle text: used in a class name. */
  variant: string;
  letter?: string;
  /** What it marks, in words, without its date (plain text, not yet escaped). */
  what: string;
  title: string;
}

/** A moment after the end of the axis, too far away to draw to scale: marked at its right edge. */
export interface Beyond {
  key: 'sunset' | 'due';
  label: string;
  at: number;
}

export interface Segment {
  status: string;
  from: number;
  to: number;
}

export interface TimelineModel {
  /**
   * The axis before padding: from the first event to the later of the last event and now, and on to
   * the sunset and the next review due when they are near (see NEAR); if not, they are in `beyond`.
   */
  first: number;
  last: number;
  /** What the axis ends at, in words. */
  lastIs: 'the sunset' | 'the next review due' | 'the time this bundle was generated' | 'the last event';
  start: number;
  end: number;
  now?: number;
  sunset?: number;
  statuses: Segment[];
  measures: Row[];
  exemptions: Row[];
  reviews: Marker[];
  courtOrders: Marker[];
  beyond: Beyond[];
}

export const DAY = 86_400_000;

/**
 * How far past the events (and now) the axis reaches to show the sunset or the next review to
 * scale, as a share of the events' span: further than that, they would squeeze years of history into
 * a sliver, and are marked at the edge instead ("sunset 1 Jun 2029 →").
 */
export const NEAR = 0.25;

export function timelineModel(bundle: AuditBundle, steps: readonly Step[], state: DesignationState): TimelineModel {
  const now = instant(bundle.generatedAt);
  const sunset = exists(state) ? instant(state.sunsetAt) : undefined;
  const due = exists(state) && IN_FORCE_STATUSES.includes(state.status) ? instant(state.nextReviewDueAt) : undefined;
  const times = steps.flatMap((s) => [s.recordedAt, s.effectiveAt]).filter((t): t is number => t !== undefined);
  const first = times.length > 0 ? Math.min(...times) : (now ?? 0);
  const eventsEnd = Math.max(first, ...times, ...(now !== undefined ? [now] : []));
  const reach = eventsEnd + NEAR * Math.max(eventsEnd - first, DAY);
  const ahead = [
    { key: 'sunset' as const, label: 'sunset', at: sunset },
    { key: 'due' as const, label: 'next review due', at: due },
  ].filter((m): m is Beyond => m.at !== undefined && m.at > eventsEnd);
  const last = Math.max(eventsEnd, ...ahead.filter((m) => m.at <= reach).map((m) => m.at));
  const beyond = ahead.filter((m) => m.at > last).sort((a, b) => a.at - b.at);
  const lastIs = last === sunset ? 'the sunset' : last === due ? 'the next review due' : last === now ? 'the time this bundle was generated' : 'the last event';
  // A little room either side, and at least a day in all.
  const pad = Math.max((last - first) * 0.01, (DAY - (last - first)) / 2);
  const start = first - pad;
  const end = last + pad;

  // Status: each change takes effect at its event's effective time.
  const changes: { status: string; at: number }[] = [];
  for (const step of steps) {
    const status = step.after.status;
    if (status !== step.before.status && status !== 'none' && Number.isFinite(step.at)) changes.push({ status, at: step.at });
  }
  const statuses = changes.map((c, i) => ({ status: c.status, from: c.at, to: changes[i + 1]?.at ?? Math.max(last, c.at) }));

  // Measures and exemptions: from when they come into force until they leave it.
  const measureRows = new Map<string, Row>();
  const exemptionRows = new Map<string, Row>();
  const open = new Map<string, { row: Row; from: number; item: Data; kind: 'measure' | 'exemption' }>();
  for (const step of steps) {
    if (!Number.isFinite(step.at)) continue;
    const was = inForce(step.before);
    const is = inForce(step.after);
    for (const [kind, rows, before, after] of [
      ['measure', measureRows, was.measures, is.measures],
      ['exemption', exemptionRows, was.exemptions, is.exemptions],
    ] as const) {
      for (const [id, item] of after) {
        if (before.has(id)) continue;
        const row = rows.get(id) ?? newRow(kind, id, item);
        rows.set(id, row);
        open.set(`${kind}:${id}`, { row, from: step.at, item, kind });
      }
      for (const id of before.keys()) {
        if (after.has(id)) continue;
        const opened = open.get(`${kind}:${id}`);
        if (!opened) continue;
        open.delete(`${kind}:${id}`);
        const validUntil = kind === 'exemption' ? instant(opened.item.validUntil) : undefined;
        const to = validUntil !== undefined ? Math.min(step.at, validUntil) : step.at;
        opened.row.bars.push(bar(opened, to, false, endNote(step.event.type, step.data)));
      }
    }
  }
  for (const opened of open.values()) {
    const validUntil = opened.kind === 'exemption' ? instant(opened.item.validUntil) : undefined;
    if (validUntil !== undefined && validUntil <= last) opened.row.bars.push(bar(opened, validUntil, false, 'valid until'));
    else opened.row.bars.push(bar(opened, last, true, 'in force'));
  }

  const reviews: Marker[] = [];
  const courtOrders: Marker[] = [];
  for (const step of steps) {
    const { data } = step;
    if (step.event.type === 'ReviewCompleted') {
      const at = instant(data.completedAt) ?? step.recordedAt;
      if (at !== undefined) {
        const what = `review completed: outcome ${words(text(data.outcome))}`;
        reviews.push({ at, shape: 'review', variant: 'completed', what, title: `${what}, ${instantInWords(at)}` });
      }
    } else if (step.event.type === 'ReviewReminderIssued') {
      const at = instant(data.remindAt) ?? step.recordedAt;
      if (at !== undefined) {
        const dueAt = instant(data.reviewDueAt);
        const what = `review reminder (${words(text(data.kind))}) for the review due ${dueAt !== undefined ? dateInWords(dueAt) : text(data.reviewDueAt)}`;
        reviews.push({ at, shape: 'reminder', variant: 'reminder', what, title: `${what}, ${instantInWords(at)}` });
      }
    } else if (step.event.type === 'CourtOrderRecorded') {
      const at = step.effectiveAt ?? step.recordedAt;
      const decision = oneOf(data.decision, ['suspend', 'annul', 'uphold']) ?? 'other';
      if (at !== undefined) {
        const what = `court order ${text(data.orderId)} (${text(data.court)}, ${text(data.reference)}): ${text(data.decision)}`;
        courtOrders.push({
          at,
          shape: 'court',
          variant: decision,
          letter: decision === 'other' ? '?' : decision[0].toUpperCase(),
          what,
          title: `${what}, effective ${instantInWords(at)}`,
        });
      }
    }
  }
  if (due !== undefined && due <= last) reviews.push({ at: due, shape: 'due', variant: 'due', what: 'next review due', title: `next review due ${instantInWords(due)}` });

  return {
    first,
    last,
    lastIs,
    start,
    end,
    now,
    sunset,
    statuses,
    measures: [...measureRows.values()],
    exemptions: [...exemptionRows.values()],
    reviews,
    courtOrders,
    beyond,
  };
}

function newRow(kind: 'measure' | 'exemption', id: string, item: Data): Row {
  if (kind === 'measure') {
    return { key: id, label: `${words(text(item.type))} · ${id}`, title: `Measure ${id}: ${words(text(item.type))} — ${text(item.description)}`, bars: [] };
  }
  return {
    key: id,
    label: `${words(text(item.kind))} · ${id}`,
    title: `Exemption ${id}: ${words(text(item.kind))} for ${text(item.beneficiary)}; covers ${asArray(item.measureIds).map(text).join(', ')}; valid until ${
      instant(item.validUntil) !== undefined ? instantInWords(instant(item.validUntil)!) : text(item.validUntil)
    }`,
    bars: [],
  };
}

function bar(opened: { row: Row; from: number }, to: number, openEnd: boolean, note: string): Bar {
  const until = openEnd ? 'still in force' : `until ${instantInWords(to)} (${note})`;
  return { from: opened.from, to: Math.max(to, opened.from), openEnd, endNote: note, title: `${opened.row.title} — in force from ${instantInWords(opened.from)}, ${until}` };
}

function endNote(type: string, data: Data): string {
  switch (type) {
    case 'MeasuresRolledBack':
      return 'rolled back';
    case 'ExemptionRevoked':
      return 'revoked';
    case 'ExemptionExpired':
      return 'expired';
    case 'DesignationLifted':
      return data.reason === 'delisted_at_source' ? 'delisted at source' : 'designation lifted';
    case 'DesignationExpired':
      return 'designation expired';
    default:
      return eventName(type).toLowerCase();
  }
}
