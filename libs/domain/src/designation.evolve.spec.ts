import {
  amendAtSource,
  approve,
  at,
  before,
  command,
  courtOrder,
  delistAtSource,
  DESIGNATION_ID,
  eventsOf,
  expired,
  importDesignation,
  issued,
  lift,
  lifecycle,
  lifted,
  official,
  POLICY,
  partnerChange,
  propose,
  provenance,
  rejected,
  release,
  RELEASE_2027,
  senior,
  T0,
  T1,
  terms,
  unRelease,
  withdrawn,
} from '../testing/fixtures';
import type { DesignationEvent, DesignationEventType } from './designation.events';
import { evolve } from './designation.evolve';
import { initialState, type Designation, type DesignationState } from './designation.state';

const fold = (events: DesignationEvent[]) => events.reduce(evolve, initialState());
const designation = (events: DesignationEvent[]) => fold(events) as Designation;
const ofType = <T extends DesignationEventType>(events: DesignationEvent[], type: T) =>
  events.find((e): e is Extract<DesignationEvent, { type: T }> => e.type === type)!;

describe('evolve', () => {
  it('ignores events before the designation was proposed', () => {
    for (const event of lifecycle().filter((e) => e.type !== 'DesignationProposed')) {
      expect(evolve(initialState(), event)).toEqual({ status: 'none' });
    }
  });

  it('starts a proposal from DesignationProposed, with its standing exemptions in force', () => {
    const state = designation(eventsOf(propose()));
    expect(state).toMatchObject({
      status: 'proposed',
      designationId: DESIGNATION_ID,
      proposedBy: 'official-1',
      sunsetAt: at('P2Y'),
      exemptions: [{ ...terms().exemptions[0], status: 'in_force' }],
      representations: [],
      courtOrderIds: [],
      remindersIssued: [],
      notificationOverdueFlagged: false,
    });
    expect(state).not.toHaveProperty('policyVersion');
  });

  it('ignores a second proposal', () => {
    const state = fold(issued());
    expect(evolve(state, issued()[0])).toBe(state);
  });

  it('ignores an event type it does not know (from a newer version)', () => {
    const state = fold(issued());
    const future = { type: 'DesignationTranslated', data: { designationId: DESIGNATION_ID, policyVersion: POLICY.version } };
    expect(evolve(state, future as unknown as DesignationEvent)).toBe(state);
  });

  it.each<[string, string, () => DesignationEvent[]]>([
    ['DesignationProposed', 'proposed', () => eventsOf(propose())],
    ['DesignationIssued', 'active', () => eventsOf(propose(), approve())],
    ['DesignationProposalRejected', 'rejected', rejected],
    ['DesignationProposalWithdrawn', 'withdrawn', withdrawn],
    ['DesignationSuspended', 'suspended', () => eventsOf(propose(), approve(), courtOrder('suspend'))],
    ['DesignationReinstated', 'active', () => eventsOf(propose(), approve(), courtOrder('suspend'), courtOrder('uphold'))],
    ['DesignationLifted (court annulment)', 'lifted', () => eventsOf(propose(), approve(), courtOrder('annul'))],
    ['DesignationLifted', 'lifted', () => eventsOf(propose(), approve(), lift())],
    ['DesignationExpired', 'expired', expired],
    ['DesignationIssued (an import)', 'active', () => eventsOf(importDesignation())],
    ['DesignationLifted (delisted at source)', 'lifted', () => eventsOf(importDesignation(), delistAtSource())],
  ])('%s moves the status to %s', (type, status, history) => {
    const events = history();
    expect(events.at(-1)!.type).toBe(type.split(' ')[0]);
    const before = fold(events.slice(0, -1));
    const after = evolve(before, events.at(-1)!);
    expect(after.status).toBe(status);
    expect(after.status).not.toBe(before.status);
  });

  it('keeps the status on an upheld order for an active designation', () => {
    const events = eventsOf(propose(), approve(), courtOrder('uphold'));
    expect(events.map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued', 'CourtOrderRecorded']);
    expect(designation(events)).toMatchObject({ status: 'active', courtOrderIds: ['order-uphold'] });
  });

  it('folds a long life into the state each event implies', () => {
    const events = lifecycle();
    const state = designation(events);
    const issuedEvent = ofType(events, 'DesignationIssued');
    expect(state).toMatchObject({
      status: 'lifted',
      effectiveAt: issuedEvent.data.effectiveAt,
      listingDate: issuedEvent.data.listingDate,
      notificationDueAt: issuedEvent.data.notificationDueAt,
      notifiedAt: at('P32D'),
      notificationOverdueFlagged: true,
      sunsetAt: at('P30M'),
      nextReviewDueAt: at('P23M'),
      lastReview: { completedAt: at('P20M'), outcome: 'maintain' },
      statementOfReasons: 'Corrected reasons',
      courtOrderIds: ['order-1', 'order-2'],
      representations: [{ representationId: 'rep-1', receivedAt: at('P1D'), considered: true }],
      remindersIssued: [`${at('P6M')}|${before('P30D', at('P6M'))}`],
    });
    expect(state.measures.map((m) => m.measureId)).toEqual(['m-freeze', 'm-export']);
    expect(state.exemptions.map((e) => [e.exemptionId, e.status])).toEqual([
      ['ex-medicine', 'revoked'],
      ['ex-food', 'expired'],
    ]);
  });

  describe('official lists (issue 15)', () => {
    it('keeps where an imported designation came from, from its proposal and its issuance', () => {
      const [proposal, issuance] = eventsOf(importDesignation());
      expect(designation([proposal])).toMatchObject({ status: 'proposed', provenance: provenance(), proposedBy: provenance().preparedBy, partnerChanges: [] });
      expect(designation([proposal, issuance])).toMatchObject({ status: 'active', provenance: provenance(), listingDate: '2019-09-13', effectiveAt: T0 });
    });

    it('a designation proposed here has no provenance, and no partner changes yet', () => {
      const state = designation(issued());
      expect(state).not.toHaveProperty('provenance');
      expect(state.partnerChanges).toEqual([]);
    });

    it('an amendment at the source moves the provenance on to its release and batch; an ordinary amendment does not', () => {
      const ordinary = command('AmendDesignation', { statementOfReasons: 'Corrected reasons', justification: 'Typo' }, official, T1);
      expect(designation(eventsOf(importDesignation(), ordinary)).provenance).toEqual(provenance());
      expect(designation(eventsOf(importDesignation(), amendAtSource())).provenance).toEqual({
        ...provenance(),
        releaseHash: RELEASE_2027,
        releaseDate: '2027-01-04',
        batchId: 'batch-2',
      });
      const { batchId: _none, ...withoutBatch } = release();
      expect(designation(eventsOf(importDesignation(), amendAtSource({ source: withoutBatch }))).provenance).toMatchObject({ batchId: 'batch-1', releaseHash: RELEASE_2027 });
    });

    it('an amendment at the source of a designation proposed here corrects it but gives it no provenance', () => {
      const state = designation(eventsOf(propose(), approve(), amendAtSource()));
      expect(state.target.aliases).toEqual(['APT-EXAMPLE', 'Example Group']);
      expect(state).not.toHaveProperty('provenance');
    });

    it('appends each partner change, and its reminder to none of the scheduled ones', () => {
      const events = eventsOf(importDesignation(), partnerChange(), partnerChange({ change: 'amended', partner: unRelease({ releaseHash: 'c'.repeat(64), releaseDate: '2026-04-01' }) }));
      const state = designation(events);
      expect(state.partnerChanges).toEqual([
        { reference: 'QDi.413', change: 'delisted', releaseHash: RELEASE_2027, releaseDate: '2026-03-01' },
        { reference: 'QDi.413', change: 'amended', releaseHash: 'c'.repeat(64), releaseDate: '2026-04-01' },
      ]);
      expect(events.filter((e) => e.type === 'ReviewReminderIssued')).toHaveLength(2);
      expect(state.remindersIssued).toEqual([]);
    });
  });

  describe('an exemption ends with its designation', () => {
    const exemptionsOf = (events: DesignationEvent[]) => designation(events).exemptions.map(({ exemptionId, status, endedAt }) => ({ exemptionId, status, endedAt }));
    const liftedAt = (events: DesignationEvent[]) => ofType(events, 'DesignationLifted').data.effectiveAt;

    it('a lift ends every exemption still in force, at the lift\'s effective time', () => {
      const events = lifted();
      expect(exemptionsOf(events)).toEqual([{ exemptionId: 'ex-medicine', status: 'ended', endedAt: liftedAt(events) }]);
    });

    it('an annulment by a court ends them at the order\'s effective time', () => {
      const events = eventsOf(propose(), approve(), courtOrder('annul'));
      expect(exemptionsOf(events)).toEqual([{ exemptionId: 'ex-medicine', status: 'ended', endedAt: T1 }]);
    });

    it('a lift of a suspended designation ends them too', () => {
      const events = eventsOf(propose(), approve(), courtOrder('suspend'), lift(senior, at('P2D')));
      expect(exemptionsOf(events)).toEqual([{ exemptionId: 'ex-medicine', status: 'ended', endedAt: at('P2D') }]);
    });

    it('a lift leaves a revoked exemption as it was, with its own end', () => {
      const food = { ...terms().exemptions[0], exemptionId: 'ex-food', kind: 'food' as const };
      const events = eventsOf(
        propose(),
        approve(),
        command('GrantExemption', food, official, T1),
        command('RevokeExemption', { exemptionId: 'ex-medicine', reason: 'Diversion found' }, official, T1),
        lift(senior, at('P2D')),
      );
      expect(exemptionsOf(events)).toEqual([
        { exemptionId: 'ex-medicine', status: 'revoked', endedAt: T1 },
        { exemptionId: 'ex-food', status: 'ended', endedAt: at('P2D') },
      ]);
    });

    it('an expiry recorded without the exemption\'s own lapse (a log from before ExpireDesignation recorded it) expires it at its validUntil', () => {
      const legacy = expired().filter((e) => e.type !== 'ExemptionExpired');
      expect(legacy.map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued', 'DesignationExpired']);
      expect(exemptionsOf(legacy)).toEqual([{ exemptionId: 'ex-medicine', status: 'expired', endedAt: terms().exemptions[0].validUntil }]);
      expect(exemptionsOf(expired())).toEqual(exemptionsOf(legacy));
    });

    it.each<[string, () => DesignationEvent[]]>([
      ['rejected', rejected],
      ['withdrawn', withdrawn],
    ])('a proposal %s ends its standing exemptions, which never came into force (no endedAt)', (_status, history) => {
      expect(exemptionsOf(history())).toEqual([{ exemptionId: 'ex-medicine', status: 'ended', endedAt: undefined }]);
    });
  });

  it.each<[string, () => DesignationEvent[]]>([
    ['a long life', lifecycle],
    ['a rejection', rejected],
    ['a withdrawal', withdrawn],
    ['an expiry', expired],
  ])('does not mutate the (deep-frozen) state or events it is given, through %s', (_case, history) => {
    let state: DesignationState = deepFreeze(initialState());
    for (const event of deepFreeze(history())) {
      const snapshot = structuredClone(state);
      const next = evolve(state, event);
      expect(state).toEqual(snapshot);
      state = deepFreeze(next);
    }
    expect(state.status).not.toBe('none');
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}
