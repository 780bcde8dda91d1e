import {
  evolve,
  exists,
  initialState,
  toMillis,
  type Designation,
  type DesignationEvent,
  type DesignationState,
  type ExemptionState,
  type Instant,
  type Status,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

/** An event the service had recorded by `knownAt` that takes effect only after `asOf`. */
export interface NotYetEffective {
  revision: number;
  type: string;
  effectiveAt: Instant;
  recordedAt: Instant;
}

/** The events a point-in-time state was folded from. */
export interface PointInTimeBasis {
  /** How many events were applied (the proposal included). */
  events: number;
  /** The highest stream revision among them. */
  lastRevision: number;
  /** The latest `metadata.recordedAt` among them. */
  lastRecordedAt: Instant;
}

/** The designation as in force on `asOf`, as the log stood at `knownAt`. */
export interface PointInTimeState extends Omit<Designation, 'status' | 'exemptions'> {
  id: string;
  /** Effective time asked about (normalised to UTC). */
  asOf: Instant;
  /** Recording time asked about (normalised to UTC). */
  knownAt: Instant;
  /** The status in force terms: `recordedStatus`, except that an active or suspended designation whose sunset has passed is `expired`. */
  status: Status;
  /** The status the applied events give, before the sunset is taken into account. */
  recordedStatus: Status;
  /** True when the sunset (`sunsetAt` <= `asOf`) ends an active or suspended designation that no applied event had ended. */
  sunsetPassed: boolean;
  /** The measures bind the target on `asOf` (status `active`). `measures` lists the designation's measures either way. */
  inForce: boolean;
  /**
   * Every exemption, as the fold leaves it (one ends with its designation: `ended`, `endedAt` the
   * lift's or annulment's effective instant), an `in_force` one whose `validUntil` <= `asOf` reported
   * as `expired` with `endedAt` its `validUntil`.
   */
  exemptions: ExemptionState[];
  /** The exemptions that carve out of binding measures on `asOf`: none unless `inForce`. */
  exemptionsInForce: ExemptionState[];
  basedOn: PointInTimeBasis;
  /** Recorded by `knownAt` but effective after `asOf`, in revision order: what was already decided for later. */
  notYetEffective: NotYetEffective[];
}

interface Timed {
  event: RecordedEvent;
  recordedAt: number;
  effectiveAt: number;
}

/**
 * The designation as in force on `asOf` (effective time) according to what had been recorded by
 * `knownAt` (recording time): the bitemporal question a court asks ("what was in force on
 * 1 March, as the service knew it on 15 March?"). Pure; `events` is one designation's stream.
 *
 * 1. Known: only events whose hash-chained `metadata.recordedAt` <= `knownAt` count (events
 *    without it fall back to the store's `recordedAt`; an event with neither is left out).
 * 2. Defined: the designation exists from its `DesignationProposed`, in effect from when it was
 *    recorded. No proposal known by `knownAt`, or none recorded by `asOf` → `undefined`: there was
 *    no designation then, so it had no status (the API answers 404).
 * 3. In effect: every other known event applies if its effective instant <= `asOf`; the effective
 *    instant is `data.effectiveAt` when the event carries one, else its `recordedAt` — but never
 *    before the proposal, nor, for an event recorded after the issuance, before the issuance took
 *    effect. The deciders refuse such an `effectiveAt` (DESIGNATION.EFFECT_BEFORE_ISSUE,
 *    EFFECT_BEFORE_PROPOSAL); a log written before they did is read as if the event took effect
 *    at that earliest instant, so no state the designation never had (suspended before it was
 *    proposed, active again before it was approved) is ever reported. Events effective later are
 *    listed in `notYetEffective` (with that effective instant), not applied.
 * 4. Order: the applicable events are folded with the domain's `evolve` in stream (revision)
 *    order, i.e. the order in which the decisions were taken, NOT sorted by effective instant.
 *    Each event was decided against the state its predecessors in the stream made, so the
 *    stream order is the causal one: a lift recorded after an approval that takes effect later
 *    still ends it (sorting by effective instant would apply the approval last and revive the
 *    designation); a court suspension effective before a future-dated issuance keeps it
 *    suspended; a late-recorded expiry (effective at the sunset) ends a designation suspended in
 *    the meantime; a rollback of an escalated measure effective before the escalation means the
 *    measure never binds. Where no such dependency exists, the two orders give the same state.
 * 5. Derived from time, not from events:
 *    - the sunset: a designation still `active` or `suspended` after the fold whose `sunsetAt`
 *      (as extended by the applied events) <= `asOf` is reported `expired` (`sunsetPassed`), even
 *      if the service recorded its expiry later or not yet; `recordedStatus` keeps the fold's;
 *    - exemptions: an `in_force` exemption whose `validUntil` <= `asOf` is reported `expired`
 *      (`endedAt` = `validUntil`); one whose designation was lifted or annulled by then is `ended`
 *      by the fold itself;
 *    - `inForce` is `status === 'active'`; `exemptionsInForce` are the `in_force` exemptions of a
 *      designation in force (none otherwise: nothing binds for them to carve out of).
 *
 * Every comparison is at millisecond precision on the instants' UTC values; "by" and "on" are
 * inclusive (an event effective exactly at `asOf` applies; a sunset exactly at `asOf` has passed).
 * Throws a DomainError (`InvalidInstant`) when `asOf` or `knownAt` is not an ISO 8601 date-time
 * with an offset.
 */
export function stateAt(events: readonly RecordedEvent[], asOf: Instant, knownAt: Instant): PointInTimeState | undefined {
  const asOfMillis = toMillis(asOf, 'asOf');
  const knownAtMillis = toMillis(knownAt, 'knownAt');

  const known = events
    .map(timed)
    .filter((t): t is Timed => t !== undefined && t.recordedAt <= knownAtMillis)
    .sort((a, b) => a.event.revision - b.event.revision);

  const applied: Timed[] = [];
  const notYetEffective: NotYetEffective[] = [];
  let earliestEffect = Number.NEGATIVE_INFINITY;
  for (const t of known) {
    const effectiveAt = Math.max(t.effectiveAt, earliestEffect);
    if (t.event.type === 'DesignationProposed' || t.event.type === 'DesignationIssued') earliestEffect = effectiveAt;
    if (effectiveAt <= asOfMillis) applied.push(t);
    else notYetEffective.push({ revision: t.event.revision, type: t.event.type, effectiveAt: iso(effectiveAt), recordedAt: iso(t.recordedAt) });
  }

  const folded = applied.reduce<DesignationState>((state, t) => evolve(state, toDomainEvent(t.event)), initialState());
  if (!exists(folded)) return undefined;

  const { status: recordedStatus, exemptions: foldedExemptions, ...designation } = folded;
  const sunsetPassed = (recordedStatus === 'active' || recordedStatus === 'suspended') && toMillis(designation.sunsetAt) <= asOfMillis;
  const status: Status = sunsetPassed ? 'expired' : recordedStatus;
  const inForce = status === 'active';
  const exemptions = foldedExemptions.map((e) =>
    e.status === 'in_force' && toMillis(e.validUntil) <= asOfMillis ? { ...e, status: 'expired' as const, endedAt: e.validUntil } : e,
  );
  const last = applied.reduce((a, b) => (b.event.revision > a.event.revision ? b : a));
  const lastRecorded = Math.max(...applied.map((t) => t.recordedAt));

  return {
    id: designation.designationId,
    asOf: iso(asOfMillis),
    knownAt: iso(knownAtMillis),
    status,
    recordedStatus,
    sunsetPassed,
    inForce,
    ...designation,
    exemptions,
    exemptionsInForce: inForce ? exemptions.filter((e) => e.status === 'in_force') : [],
    basedOn: { events: applied.length, lastRevision: last.event.revision, lastRecordedAt: iso(lastRecorded) },
    notYetEffective,
  };
}

/** When the designation was proposed, as the log stood at `knownAt`: undefined if no proposal had been recorded by then. */
export function proposedAtAsKnown(events: readonly RecordedEvent[], knownAt: Instant): Instant | undefined {
  const knownAtMillis = toMillis(knownAt, 'knownAt');
  const proposal = events
    .filter((event) => event.type === 'DesignationProposed')
    .map(timed)
    .find((t) => t !== undefined && t.recordedAt <= knownAtMillis);
  return proposal ? iso(proposal.recordedAt) : undefined;
}

function timed(event: RecordedEvent): Timed | undefined {
  const stamped = event.metadata.recordedAt;
  const recordedText = typeof stamped === 'string' ? stamped : event.recordedAt;
  if (recordedText === undefined) return undefined;
  const recordedAt = storedInstant(recordedText, event, 'recordedAt');
  const effective = event.data.effectiveAt;
  const effectiveAt = typeof effective === 'string' ? storedInstant(effective, event, 'effectiveAt') : recordedAt;
  return { event, recordedAt, effectiveAt };
}

/** A stored instant that does not parse is a damaged log, not a bad request: say where. */
function storedInstant(value: string, event: RecordedEvent, field: string): number {
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) throw new Error(`${event.streamName}@${event.revision}: ${field} is not an instant`);
  return millis;
}

const iso = (millis: number): Instant => new Date(millis).toISOString();

/** Stored events are the decider's own: the designation streams are written only through it. */
function toDomainEvent(event: RecordedEvent): DesignationEvent {
  return { type: event.type, data: event.data } as unknown as DesignationEvent;
}
