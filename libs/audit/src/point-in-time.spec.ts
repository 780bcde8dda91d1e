import {
  evolve,
  initialState,
  type Designation,
  type DesignationCommand,
  type DesignationEvent,
  type Measure,
} from '@app/domain';
import type { JsonObject, RecordedEvent } from '@app/event-store';
import {
  approve,
  at,
  before,
  command,
  court,
  delistAtSource,
  DESIGNATION_ID,
  eventsOf,
  importDesignation,
  provenance,
  lifecycleCommands,
  official,
  propose,
  reviewer,
  senior,
  system,
  T0,
  T1,
  terms,
} from '../../domain/testing/fixtures';
import { proposedAtAsKnown, stateAt } from './point-in-time';

/**
 * Histories are built from the decider's own output: each command's events are recorded at the
 * command's `now`, as the command handler stamps `metadata.recordedAt`.
 */
function history(...commands: DesignationCommand[]): RecordedEvent[] {
  const recorded: RecordedEvent[] = [];
  commands.forEach((c, index) => {
    const produced = eventsOf(...commands.slice(0, index + 1)).slice(recorded.length);
    for (const event of produced) recorded.push(stored(event, recorded.length, c.metadata.now));
  });
  return recorded;
}

function stored(event: DesignationEvent, revision: number, recordedAt: string): RecordedEvent {
  return {
    streamName: `designation-${DESIGNATION_ID}`,
    revision,
    position: 100 + revision,
    eventId: `event-${revision}`,
    type: event.type,
    data: event.data as unknown as JsonObject,
    metadata: { recordedAt, actor: { id: 'someone', roles: [] }, hash: 'h', prevHash: 'p' },
  };
}

const FAR = at('P10Y');
/** One millisecond earlier. */
const justBefore = (instant: string) => new Date(Date.parse(instant) - 1).toISOString();
const ids = (measures: Measure[]) => measures.map((m) => m.measureId);
const exportControl: Measure = { measureId: 'm-export', type: 'export_control', capabilities: ['tooling'], description: 'Dual-use export ban' };
const escalate = (now: string, effectiveAt?: string) =>
  command('EscalateMeasures', { criteriaMet: [1], justification: 'Renewed intrusions', measures: [exportControl], ...(effectiveAt ? { effectiveAt } : {}) }, senior, now);
const rollBack = (measureIds: string[], now: string, effectiveAt?: string) =>
  command('RollBackMeasures', { conditionsMet: [2], justification: 'Cooperation shown', measureIds, ...(effectiveAt ? { effectiveAt } : {}) }, senior, now);
const liftAt = (now: string, effectiveAt?: string) =>
  command('LiftDesignation', { reason: 'objectives_met', justification: 'Objectives met', ...(effectiveAt ? { effectiveAt } : {}) }, senior, now);
const order = (decision: 'suspend' | 'annul' | 'uphold', orderId: string, now: string, effectiveAt = now) =>
  command('RecordCourtOrder', { orderId, court: 'General Court', decision, reference: 'T-1/26', summary: 'Interim measures', effectiveAt }, court, now);
const approveAt = (now: string, effectiveAt?: string) => command('ApproveDesignation', effectiveAt ? { effectiveAt } : {}, senior, now);

/** Fails the test rather than returning undefined. */
function must(events: RecordedEvent[], asOf: string, knownAt: string) {
  const state = stateAt(events, asOf, knownAt);
  if (!state) throw new Error(`no designation as of ${asOf} known at ${knownAt}`);
  return state;
}

describe('stateAt: what is known', () => {
  const events = history(propose(), approve(senior, T1));

  it('before the proposal was recorded there is no designation, whatever asOf', () => {
    expect(stateAt(events, FAR, before('PT1S'))).toBeUndefined();
    expect(stateAt(events, T0, before('PT1S'))).toBeUndefined();
    expect(stateAt([], FAR, FAR)).toBeUndefined();
  });

  it('as of before the proposal there is no designation, whatever was recorded later: no status at all', () => {
    expect(stateAt(events, before('P1Y'), FAR)).toBeUndefined();
    expect(stateAt(events, justBefore(T0), FAR)).toBeUndefined();
    expect(stateAt(events, justBefore(T0), T0)).toBeUndefined();
  });

  it('the proposal defines the designation from when it was recorded (inclusive)', () => {
    const state = must(events, T0, T0);
    expect(state).toMatchObject({ id: DESIGNATION_ID, status: 'proposed', inForce: false, exemptionsInForce: [], proposedAt: T0 });
    expect(state.basedOn).toEqual({ events: 1, lastRevision: 0, lastRecordedAt: T0 });
  });

  it('says when the proposal was recorded, as known at knownAt', () => {
    expect(proposedAtAsKnown(events, FAR)).toBe(T0);
    expect(proposedAtAsKnown(events, justBefore(T0))).toBeUndefined();
    expect(proposedAtAsKnown([], FAR)).toBeUndefined();
  });

  it('proposed but not yet issued: the approval is unknown before it is recorded, and not in effect before it applies', () => {
    const knownEarlier = must(events, FAR, before('PT1M', T1));
    expect(knownEarlier).toMatchObject({ status: 'proposed', inForce: false, notYetEffective: [] });
    const inEffectLater = must(events, before('PT1M', T1), FAR);
    expect(inEffectLater).toMatchObject({ status: 'proposed', inForce: false });
    expect(inEffectLater.notYetEffective).toEqual([{ revision: 1, type: 'DesignationIssued', effectiveAt: T1, recordedAt: T1 }]);
    expect(must(events, T1, T1)).toMatchObject({ status: 'active', inForce: true, effectiveAt: T1, listingDate: T1.slice(0, 10) });
  });

  it('carries the folded designation and normalises the instants it was asked about', () => {
    const state = must(events, '2026-03-01T10:00:00+01:00', '2026-03-15T00:00:00Z');
    expect(state).toMatchObject({
      asOf: '2026-03-01T09:00:00.000Z',
      knownAt: '2026-03-15T00:00:00.000Z',
      designationId: DESIGNATION_ID,
      target: terms().target,
      attribution: terms().attribution,
      statementOfReasons: terms().statementOfReasons,
      sunsetAt: at('P2Y'),
      proposedBy: 'official-1',
      recordedStatus: 'active',
      sunsetPassed: false,
    });
    expect(ids(state.measures)).toEqual(['m-freeze', 'm-travel']);
    expect(state.exemptionsInForce.map((e) => e.exemptionId)).toEqual(['ex-medicine']);
    expect(state.basedOn).toEqual({ events: 2, lastRevision: 1, lastRecordedAt: T1 });
  });

  it('refuses instants without an offset', () => {
    expect(() => stateAt(events, '2026-03-01', FAR)).toThrow(/asOf must be an ISO 8601 date-time/);
    expect(() => stateAt(events, FAR, '2026-02-30T00:00:00Z')).toThrow(/knownAt must be an ISO 8601 date-time/);
  });
});

describe('stateAt: effective time', () => {
  it('an issuance with a future effectiveAt is not in force before it, and is from that instant on (inclusive)', () => {
    const events = history(propose(), approveAt(T1, at('P10D')));
    expect(must(events, at('P5D'), FAR)).toMatchObject({
      status: 'proposed',
      inForce: false,
      notYetEffective: [{ revision: 1, type: 'DesignationIssued', effectiveAt: at('P10D'), recordedAt: T1 }],
    });
    expect(must(events, justBefore(at('P10D')), FAR).inForce).toBe(false);
    const onTheDay = must(events, at('P10D'), FAR);
    expect(onTheDay).toMatchObject({ status: 'active', inForce: true, effectiveAt: at('P10D'), notYetEffective: [] });
    expect(onTheDay.exemptionsInForce.map((e) => e.exemptionId)).toEqual(['ex-medicine']);
  });

  it('an escalation effective later adds its measures only from its effectiveAt', () => {
    const events = history(propose(), approve(), escalate(T1, at('P30D')));
    const earlier = must(events, at('P20D'), FAR);
    expect(ids(earlier.measures)).toEqual(['m-freeze', 'm-travel']);
    expect(earlier.notYetEffective.map((e) => e.type)).toEqual(['MeasuresEscalated']);
    expect(ids(must(events, at('P30D'), FAR).measures)).toEqual(['m-freeze', 'm-travel', 'm-export']);
    // As known before the escalation was recorded, nothing was planned either.
    expect(must(events, at('P30D'), T0).notYetEffective).toEqual([]);
  });

  it('a rollback recorded later: as known before its recording the measure binds, as known after it does not', () => {
    const events = history(propose(), approve(), rollBack(['m-travel'], at('P10D'), at('P20D')));
    const asOf = at('P30D');
    expect(ids(must(events, asOf, at('P5D')).measures)).toEqual(['m-freeze', 'm-travel']);
    expect(ids(must(events, asOf, at('P15D')).measures)).toEqual(['m-freeze']);
    // Known, but not yet in effect on P15D.
    const planned = must(events, at('P15D'), at('P15D'));
    expect(ids(planned.measures)).toEqual(['m-freeze', 'm-travel']);
    expect(planned.notYetEffective).toEqual([{ revision: 2, type: 'MeasuresRolledBack', effectiveAt: at('P20D'), recordedAt: at('P10D') }]);
  });

  it('a rollback recorded after an escalation but effective before it: the escalated measure never binds', () => {
    const events = history(propose(), approve(), escalate(T1, at('P60D')), rollBack(['m-export'], at('P10D'), at('P20D')));
    expect(ids(must(events, at('P30D'), FAR).measures)).toEqual(['m-freeze', 'm-travel']);
    expect(ids(must(events, at('P70D'), FAR).measures)).toEqual(['m-freeze', 'm-travel']);
    // Known only up to before the rollback, the escalation was going to bind from P60D.
    expect(ids(must(events, at('P70D'), at('P5D')).measures)).toEqual(['m-freeze', 'm-travel', 'm-export']);
  });

  it('lifting ends it from its effectiveAt: immediate, or scheduled', () => {
    const immediate = history(propose(), approve(), liftAt(at('P2M')));
    expect(must(immediate, before('PT1S', at('P2M')), FAR)).toMatchObject({ status: 'active', inForce: true });
    expect(must(immediate, at('P2M'), FAR)).toMatchObject({ status: 'lifted', recordedStatus: 'lifted', inForce: false, exemptionsInForce: [] });
    expect(must(immediate, at('P3M'), before('PT1S', at('P2M')))).toMatchObject({ status: 'active', inForce: true });

    const scheduled = history(propose(), approve(), liftAt(at('P1M'), at('P3M')));
    expect(must(scheduled, at('P2M'), FAR)).toMatchObject({ status: 'active', notYetEffective: [expect.objectContaining({ type: 'DesignationLifted', effectiveAt: at('P3M') })] });
    expect(must(scheduled, at('P3M'), FAR).status).toBe('lifted');
  });

  it('a suspension by court order effective before it was recorded: not known before its recording, in force terms retroactive after', () => {
    const events = history(propose(), approve(), order('suspend', 'order-1', at('P2M'), at('P1M')));
    const asOf = at('P45D');
    expect(must(events, asOf, at('P50D'))).toMatchObject({ status: 'active', inForce: true, courtOrderIds: [] });
    expect(must(events, asOf, at('P2M'))).toMatchObject({ status: 'suspended', recordedStatus: 'suspended', inForce: false, exemptionsInForce: [], courtOrderIds: ['order-1'] });
    expect(must(events, at('P20D'), at('P2M'))).toMatchObject({ status: 'active', inForce: true });
  });

  it('an upholding order reinstates from its effectiveAt', () => {
    const events = history(propose(), approve(), order('suspend', 'order-1', at('P1M')), order('uphold', 'order-2', at('P3M')));
    expect(must(events, at('P2M'), FAR).status).toBe('suspended');
    expect(must(events, at('P3M'), FAR)).toMatchObject({ status: 'active', inForce: true, courtOrderIds: ['order-1', 'order-2'] });
  });
});

describe('stateAt: the sunset and exemptions, derived from time', () => {
  const sunset = at('P2Y');

  it('a designation whose sunset passed is expired in force terms, though no expiry was recorded (yet)', () => {
    const events = history(propose(), approve(), command('ExpireDesignation', {}, system, at('P3D', sunset)));
    const unrecorded = must(events, sunset, at('P1D', sunset));
    expect(unrecorded).toMatchObject({ status: 'expired', recordedStatus: 'active', sunsetPassed: true, inForce: false, exemptionsInForce: [] });
    expect(must(events, justBefore(sunset), FAR)).toMatchObject({ status: 'active', inForce: true, sunsetPassed: false });
    // Once the expiry is recorded (effective at the sunset, 3 days late), the fold says so too.
    expect(must(events, at('P1D', sunset), FAR)).toMatchObject({ status: 'expired', recordedStatus: 'expired', sunsetPassed: false });
    expect(must(events, at('P1D', sunset), FAR).basedOn.lastRecordedAt).toBe(at('P3D', sunset));
  });

  it('a suspended designation past its sunset is expired too', () => {
    const events = history(propose(), approve(), order('suspend', 'order-1', T1));
    expect(must(events, sunset, FAR)).toMatchObject({ status: 'expired', recordedStatus: 'suspended', sunsetPassed: true });
  });

  it('an extension of the sunset counts from when it was recorded, and only as known', () => {
    const events = history(
      propose(),
      approve(),
      command('CompleteReview', { outcome: 'maintain', findings: 'Still needed', representationsConsidered: [], nextReviewDueAt: at('P23M') }, reviewer, at('P20M')),
      command('ExtendSunset', { sunsetAt: at('P30M'), justification: 'Threat persists' }, senior, at('P21M')),
    );
    expect(must(events, at('P1D', sunset), FAR)).toMatchObject({ status: 'active', sunsetAt: at('P30M'), inForce: true });
    expect(must(events, at('P1D', sunset), at('P20M'))).toMatchObject({ status: 'expired', sunsetAt: sunset, sunsetPassed: true });
  });

  it('an exemption is no longer in force once its validUntil has passed, recorded or not', () => {
    const validUntil = terms().exemptions[0].validUntil; // P1Y
    const events = history(propose(), approve(), command('ExpireExemption', { exemptionId: 'ex-medicine' }, system, at('P5D', validUntil)));
    const stillValid = must(events, justBefore(validUntil), FAR);
    expect(stillValid.exemptionsInForce.map((e) => e.exemptionId)).toEqual(['ex-medicine']);
    const derived = must(events, validUntil, at('P1D', validUntil));
    expect(derived.exemptions).toEqual([expect.objectContaining({ exemptionId: 'ex-medicine', status: 'expired' })]);
    expect(derived.exemptionsInForce).toEqual([]);
    expect(derived.inForce).toBe(true);
    expect(must(events, at('P1D', validUntil), FAR).exemptions[0].status).toBe('expired');
  });

  it('an exemption ends with its designation: from a lift\'s effectiveAt, not before', () => {
    const events = history(propose(), approve(), liftAt(at('P1M'), at('P2M')));
    const exemption = (asOf: string) => must(events, asOf, FAR).exemptions.map(({ exemptionId, status, endedAt }) => ({ exemptionId, status, endedAt }));
    expect(exemption(justBefore(at('P2M')))).toEqual([{ exemptionId: 'ex-medicine', status: 'in_force', endedAt: undefined }]);
    expect(exemption(at('P2M'))).toEqual([{ exemptionId: 'ex-medicine', status: 'ended', endedAt: at('P2M') }]);
    // As known before the lift was recorded, it was still in force then.
    expect(must(events, at('P2M'), before('PT1S', at('P1M'))).exemptions[0].status).toBe('in_force');
  });

  it('an exemption ends with a designation annulled by a court, at the order\'s effectiveAt', () => {
    const events = history(propose(), approve(), order('annul', 'order-1', at('P2M'), at('P1M')));
    expect(must(events, at('P3M'), FAR).exemptions).toEqual([expect.objectContaining({ exemptionId: 'ex-medicine', status: 'ended', endedAt: at('P1M') })]);
    expect(must(events, at('P3M'), FAR).exemptionsInForce).toEqual([]);
  });

  it('an exemption past its validUntil is expired at its validUntil (endedAt), as the recorded expiry will say', () => {
    const validUntil = terms().exemptions[0].validUntil;
    const events = history(propose(), approve(), command('ExpireExemption', { exemptionId: 'ex-medicine' }, system, at('P5D', validUntil)));
    expect(must(events, validUntil, at('P1D', validUntil)).exemptions[0]).toMatchObject({ status: 'expired', endedAt: validUntil });
    expect(must(events, validUntil, FAR).exemptions[0]).toMatchObject({ status: 'expired', endedAt: validUntil });
  });

  it('a revoked exemption is not in force from the revocation; a granted one from the grant', () => {
    const food = { exemptionId: 'ex-food', kind: 'food' as const, measureIds: ['m-freeze'], beneficiary: 'Food importers', conditions: 'Staple foods only', oversightBody: 'Customs authority', validUntil: at('P1Y') };
    const events = history(
      propose(),
      approve(),
      command('GrantExemption', food, official, at('P1M')),
      command('RevokeExemption', { exemptionId: 'ex-medicine', reason: 'Diversion found' }, official, at('P2M')),
    );
    const inForce = (asOf: string) => must(events, asOf, FAR).exemptionsInForce.map((e) => e.exemptionId);
    expect(inForce(at('P20D'))).toEqual(['ex-medicine']);
    expect(inForce(at('P1M'))).toEqual(['ex-medicine', 'ex-food']);
    expect(inForce(at('P2M'))).toEqual(['ex-food']);
    expect(must(events, at('P2M'), FAR).exemptions.map((e) => [e.exemptionId, e.status])).toEqual([['ex-medicine', 'revoked'], ['ex-food', 'in_force']]);
  });
});

/**
 * Why the applicable events are folded in stream order, not sorted by effective instant: each
 * decision was taken against the state its predecessors made. Each case below would come out
 * wrong if sorted by effective instant (noted per case).
 */
describe('stateAt: decisions apply in the order they were taken', () => {
  it('a lift decided before a future-dated issuance takes effect with it: the designation is never in force', () => {
    const events = history(propose(), approveAt(T0, at('P10D')), liftAt(T1));
    expect(events[2].data.effectiveAt).toBe(at('P10D'));
    expect(must(events, at('P5D'), FAR)).toMatchObject({ status: 'proposed', inForce: false });
    // Sorted by effective instant without regard to the order taken, the issuance could come after the lift and revive it.
    expect(must(events, at('P10D'), FAR)).toMatchObject({ status: 'lifted', inForce: false });
    expect(must(events, at('P11D'), FAR)).toMatchObject({ status: 'lifted', inForce: false });
  });

  it('an expiry recorded late (effective at the sunset) ends a designation suspended in the meantime', () => {
    const sunset = at('P2Y');
    const events = history(propose(), approve(), order('suspend', 'order-late', at('P1D', sunset)), command('ExpireDesignation', {}, system, at('P2D', sunset)));
    // The standing exemption's own expiry never ran here, so it lapses with the designation.
    expect(events.map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued', 'CourtOrderRecorded', 'DesignationSuspended', 'ExemptionExpired', 'DesignationExpired']);
    // Sorted by effective instant, the suspension (sunset + 1 day) would come after the expiry.
    expect(must(events, at('P3D', sunset), FAR)).toMatchObject({ status: 'expired', recordedStatus: 'expired' });
  });
});

/**
 * Logs written before the deciders refused an effect before the designation's own: such an event
 * is read as taking effect at the earliest instant it could (the issuance's effect, or the proposal).
 */
describe('stateAt: never a state the designation never had', () => {
  /** The recorded history with some events' effectiveAt replaced, as an older service would have recorded them. */
  const withEffect = (events: RecordedEvent[], effective: Record<number, string>) =>
    events.map((e) => (effective[e.revision] ? { ...e, data: { ...e.data, effectiveAt: effective[e.revision] } } : e));

  it('court orders effective before the proposal: never suspended, nor active, before the approval', () => {
    const recorded = history(propose(), approve(senior, T1), order('suspend', 'order-1', at('P2D')), order('uphold', 'order-2', at('P3D')));
    expect(recorded.map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued', 'CourtOrderRecorded', 'DesignationSuspended', 'CourtOrderRecorded', 'DesignationReinstated']);
    const events = withEffect(recorded, { 2: before('P2D'), 3: before('P2D'), 4: before('P1D'), 5: before('P1D') });
    expect(stateAt(events, before('P1D'), FAR)).toBeUndefined();
    expect(stateAt(events, justBefore(T0), FAR)).toBeUndefined();
    const beforeApproval = must(events, at('PT12H'), FAR);
    expect(beforeApproval).toMatchObject({ status: 'proposed', recordedStatus: 'proposed', inForce: false, courtOrderIds: [] });
    expect(beforeApproval.notYetEffective.map((e) => [e.type, e.effectiveAt])).toEqual([
      ['DesignationIssued', T1],
      ['CourtOrderRecorded', T1],
      ['DesignationSuspended', T1],
      ['CourtOrderRecorded', T1],
      ['DesignationReinstated', T1],
    ]);
    // From the approval on, both orders had taken effect: suspended, then reinstated.
    expect(must(events, T1, FAR)).toMatchObject({ status: 'active', inForce: true, courtOrderIds: ['order-1', 'order-2'] });
  });

  it('a suspension effective before a future-dated issuance takes effect with it: proposed until then, suspended from then', () => {
    const recorded = history(propose(), approveAt(T0, at('P10D')), order('suspend', 'order-1', at('P10D'), at('P10D')));
    const events = withEffect(recorded, { 2: T1, 3: T1 });
    expect(must(events, at('P5D'), FAR)).toMatchObject({ status: 'proposed', inForce: false, courtOrderIds: [] });
    expect(must(events, at('P10D'), FAR)).toMatchObject({ status: 'suspended', inForce: false });
    // Sorted by effective instant without regard to the order taken, the issuance would come after the suspension and undo it.
    expect(must(events, at('P11D'), FAR)).toMatchObject({ status: 'suspended', inForce: false });
  });

  it('an issuance effective before the proposal takes effect with the proposal', () => {
    const recorded = history(propose(), approveAt(at('PT30S')));
    const events = withEffect(recorded, { 1: before('PT10S') });
    expect(stateAt(events, before('PT5S'), FAR)).toBeUndefined();
    expect(must(events, T0, FAR)).toMatchObject({ status: 'active', inForce: true });
  });
});

describe('stateAt: robustness', () => {
  it('replays the log: for a history without future-dated decisions, "as of t, known at t" is the fold of what was recorded by t', () => {
    const events = history(...lifecycleCommands());
    const times = [...new Set(events.map((e) => e.metadata.recordedAt as string))];
    for (const t of times) {
      const prefix = events.filter((e) => Date.parse(e.metadata.recordedAt as string) <= Date.parse(t));
      const folded = prefix.reduce((s, e) => evolve(s, { type: e.type, data: e.data } as unknown as DesignationEvent), initialState()) as Designation;
      const state = must(events, t, t);
      expect({ status: state.recordedStatus, measures: state.measures, exemptions: state.exemptions, sunsetAt: state.sunsetAt, target: state.target, statementOfReasons: state.statementOfReasons }).toEqual({
        status: folded.status,
        measures: folded.measures,
        exemptions: folded.exemptions,
        sunsetAt: folded.sunsetAt,
        target: folded.target,
        statementOfReasons: folded.statementOfReasons,
      });
      expect(state.basedOn).toEqual({ events: prefix.length, lastRevision: prefix.length - 1, lastRecordedAt: t });
    }
  });

  it('takes events in any order, ignores unknown types, and falls back to the store clock when metadata has no recordedAt', () => {
    const events = history(propose(), approve(senior, T1));
    const unknown: RecordedEvent = { ...events[1], revision: 2, eventId: 'x', type: 'SomethingNewer', data: { designationId: DESIGNATION_ID } };
    const { recordedAt: _dropped, ...metadata } = events[1].metadata;
    const storeClocked: RecordedEvent = { ...events[1], metadata: metadata as RecordedEvent['metadata'], recordedAt: T1 };
    const state = must([unknown, storeClocked, events[0]], at('P1M'), FAR);
    expect(state).toMatchObject({ status: 'active', basedOn: { events: 3, lastRevision: 2, lastRecordedAt: T1 } });
    const { recordedAt: _none, ...undated } = storeClocked;
    expect(must([events[0], undated as RecordedEvent], FAR, FAR).status).toBe('proposed');
  });
});

describe('stateAt: an imported designation (proposed and issued in one decision)', () => {
  const events = history(importDesignation(), delistAtSource(senior, T1));

  it('is in force from the import, with where it came from; there was none before', () => {
    expect(stateAt(events, justBefore(T0), FAR)).toBeUndefined();
    const state = must(events, T0, T0);
    expect(state).toMatchObject({ status: 'active', inForce: true, effectiveAt: T0, listingDate: '2019-09-13', provenance: provenance(), proposedBy: provenance().preparedBy });
    expect(state.exemptionsInForce.map((e) => e.exemptionId)).toEqual(['ex-medicine']);
    expect(state.basedOn).toEqual({ events: 2, lastRevision: 1, lastRecordedAt: T0 });
  });

  it('recorded a moment after its now, as the command handler stamps it, it is in force from when it was recorded', () => {
    const later = new Date(Date.parse(T0) + 5).toISOString();
    const recorded = events.slice(0, 2).map((event) => ({ ...event, metadata: { ...event.metadata, recordedAt: later } }));
    expect(stateAt(recorded, T0, FAR)).toBeUndefined();
    expect(must(recorded, later, later)).toMatchObject({ status: 'active', inForce: true, notYetEffective: [] });
  });

  it('is lifted from the delisting at the source on, as known once it was recorded', () => {
    expect(must(events, T1, justBefore(T1))).toMatchObject({ status: 'active' });
    expect(must(events, T1, T1)).toMatchObject({ status: 'lifted', inForce: false, exemptionsInForce: [] });
  });
});
