import { decide } from '../designation.decide';
import { evolve } from '../designation.evolve';
import { initialState } from '../designation.state';
import { ErrorCode } from '../errors';
import {
  approve,
  at,
  before,
  command,
  court,
  courtOrder,
  DESIGNATION_ID,
  eventsOf,
  FINAL_HISTORIES,
  issued,
  official,
  POLICY,
  propose,
  proposed,
  reviewer,
  senior,
  suspended,
  T1,
  terms,
  withData,
} from '../../testing/fixtures';
import { given, itNeedsALiveDesignation } from '../../testing/given';

const stamp = { designationId: DESIGNATION_ID, policyVersion: POLICY.version };
const order = (decision: 'suspend' | 'annul' | 'uphold', orderId = `order-${decision}`) => ({
  ...stamp,
  orderId,
  court: 'General Court',
  decision,
  reference: 'T-1/26',
  summary: 'Interim measures',
  effectiveAt: T1,
});

describe('RecordCourtOrder', () => {
  it('suspends on an interim order', () => {
    given(issued())
      .when(courtOrder('suspend'))
      .then([
        { type: 'CourtOrderRecorded', data: order('suspend') },
        { type: 'DesignationSuspended', data: { ...stamp, courtOrderId: 'order-suspend', effectiveAt: T1 } },
      ]);
  });

  it('lifts on annulment, with reason court_order', () => {
    given(issued())
      .when(courtOrder('annul'))
      .then([
        { type: 'CourtOrderRecorded', data: order('annul') },
        {
          type: 'DesignationLifted',
          data: { ...stamp, reason: 'court_order', justification: 'Interim measures', effectiveAt: T1, liftedBy: court.id, courtOrderId: 'order-annul' },
        },
      ]);
  });

  it('changes nothing when upholding an active designation', () => {
    given(issued()).when(courtOrder('uphold')).then([{ type: 'CourtOrderRecorded', data: order('uphold') }]);
  });

  it('reinstates a suspended designation it upholds', () => {
    given(suspended())
      .when(courtOrder('uphold'))
      .then([
        { type: 'CourtOrderRecorded', data: order('uphold') },
        { type: 'DesignationReinstated', data: { ...stamp, courtOrderId: 'order-uphold', effectiveAt: T1 } },
      ]);
  });

  it('annuls a suspended designation', () => {
    given(suspended())
      .when(courtOrder('annul'))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['CourtOrderRecorded', 'DesignationLifted']));
  });

  it('suspends again after a reinstatement', () => {
    given(eventsOf(propose(), approve(), courtOrder('suspend', 'order-1'), courtOrder('uphold', 'order-2')))
      .when(courtOrder('suspend', 'order-3'))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['CourtOrderRecorded', 'DesignationSuspended']));
  });

  it('stores the effective date in UTC, even one before the order was recorded', () => {
    const c = courtOrder('uphold');
    given(issued())
      .when({ ...c, data: { ...c.data, effectiveAt: '2026-01-05T10:00:00+01:00' } })
      .then(([event]) => expect(event.data).toMatchObject({ effectiveAt: '2026-01-05T09:00:00.000Z' }));
  });

  describe('never takes effect before the designation did', () => {
    const effectiveAt = (c: ReturnType<typeof courtOrder>, instant: string) => ({ ...c, data: { ...c.data, effectiveAt: instant } });
    const futureIssued = () => eventsOf(propose(), command('ApproveDesignation', { effectiveAt: at('P10D') }, senior));

    it.each(['suspend', 'annul', 'uphold'] as const)('refuses to %s effective before the designation was proposed', (decision) => {
      given(issued()).when(effectiveAt(courtOrder(decision), before('P1D'))).thenThrows(ErrorCode.EffectBeforeIssue);
    });

    it.each(['suspend', 'annul'] as const)('refuses to %s effective after the proposal but before the designation took effect', (decision) => {
      given(futureIssued()).when(effectiveAt(courtOrder(decision), at('P5D'))).thenThrows(ErrorCode.EffectBeforeIssue);
    });

    it('refuses an upholding order for a suspended designation, effective before it took effect', () => {
      given(suspended()).when(effectiveAt(courtOrder('uphold'), before('PT1S'))).thenThrows(ErrorCode.EffectBeforeIssue);
    });

    it('says from when it may take effect', () => {
      try {
        decide(effectiveAt(courtOrder('suspend'), at('P5D')), futureIssued().reduce(evolve, initialState()), POLICY);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toMatchObject({ code: ErrorCode.EffectBeforeIssue, details: { effectiveAt: at('P5D'), notBefore: at('P10D') } });
      }
    });

    it('accepts one effective exactly when the designation took effect, or later, even before it was recorded', () => {
      given(futureIssued())
        .when(effectiveAt(courtOrder('suspend'), at('P10D')))
        .then((events) => expect(events.map((e) => [e.type, (e.data as { effectiveAt?: string }).effectiveAt])).toEqual([
          ['CourtOrderRecorded', at('P10D')],
          ['DesignationSuspended', at('P10D')],
        ]));
      given(issued())
        .when(effectiveAt(courtOrder('suspend', 'order-1', at('P2M')), at('P1M')))
        .then((events) => expect(events[1].data).toMatchObject({ effectiveAt: at('P1M') }));
    });
  });

  it('refuses a malformed effective date', () => {
    const c = courtOrder('uphold');
    given(issued()).when({ ...c, data: { ...c.data, effectiveAt: 'tomorrow' } }).thenThrows(ErrorCode.InvalidInstant);
  });

  it('refuses to suspend twice', () => {
    given(suspended()).when(courtOrder('suspend', 'order-2')).thenThrows(ErrorCode.AlreadySuspended);
  });

  it('refuses an order id already recorded', () => {
    given(eventsOf(propose(), approve(), courtOrder('uphold', 'order-1'))).when(courtOrder('suspend', 'order-1')).thenThrows(ErrorCode.DuplicateId);
  });

  it('needs the court role', () => {
    given(issued()).when({ ...courtOrder('suspend'), metadata: { now: T1, actor: official } }).thenThrows(ErrorCode.RoleRequired);
  });

  it('refuses a court actor who proposed the designation', () => {
    const dualRole = { id: 'dual-1', roles: ['official' as const, 'court' as const] };
    given(eventsOf(propose({}, dualRole), approve()))
      .when({ ...courtOrder('annul'), metadata: { now: T1, actor: dualRole } })
      .thenThrows(ErrorCode.FourEyes);
  });

  it('needs a designation in force', () => {
    given(proposed()).when(courtOrder('suspend')).thenThrows(ErrorCode.NotInForce);
  });

  it('refuses an unknown designation', () => {
    given([]).when(courtOrder('suspend')).thenThrows(ErrorCode.NotFound);
  });

  it.each(FINAL_HISTORIES)('accepts nothing once %s (final)', (_status, history) => {
    given(history()).when(courtOrder('annul', 'order-late')).thenThrows(ErrorCode.Final);
  });

  it.each(['court', 'reference'] as const)('needs the %s', (field) => {
    const c = courtOrder('uphold');
    given(issued()).when({ ...c, data: { ...c.data, [field]: '' } }).thenThrows(ErrorCode.JustificationRequired);
  });

  it('refuses a decision outside the vocabulary', () => {
    const c = courtOrder('uphold');
    given(issued()).when({ ...c, data: { ...c.data, decision: 'dissolve' as 'uphold' } }).thenThrows(ErrorCode.UnknownValue);
  });

  it('needs a summary, which becomes the reason on annulment', () => {
    given(eventsOf(propose(), approve())).when(withData(courtOrder('annul'), { summary: ' ' })).thenThrows(ErrorCode.JustificationRequired);
  });
});

describe('AmendDesignation', () => {
  type AmendData = Parameters<typeof command<'AmendDesignation'>>[1];
  const amend = (data: Partial<AmendData> = {}, actor = official) =>
    command('AmendDesignation', { target: { aliases: ['APT-EXAMPLE', 'Example Bear'] }, justification: 'New alias found', ...data }, actor, T1);

  it('corrects target details', () => {
    given(issued())
      .when(amend())
      .then([
        { type: 'DesignationAmended', data: { ...stamp, target: { aliases: ['APT-EXAMPLE', 'Example Bear'] }, justification: 'New alias found' } },
      ]);
  });

  it('corrects the statement of reasons of a proposal', () => {
    given(proposed())
      .when(amend({ target: undefined, statementOfReasons: 'Corrected reasons' }))
      .then([{ type: 'DesignationAmended', data: { ...stamp, statementOfReasons: 'Corrected reasons', justification: 'New alias found' } }]);
  });

  it('corrects a suspended designation, by a senior official', () => {
    given(suspended())
      .when(amend({ target: { name: 'Example Threat Group Ltd', country: 'YY' }, statementOfReasons: 'Reasons' }, senior))
      .then([
        {
          type: 'DesignationAmended',
          data: { ...stamp, target: { name: 'Example Threat Group Ltd', country: 'YY' }, statementOfReasons: 'Reasons', justification: 'New alias found' },
        },
      ]);
  });

  it('ignores anything but target details and the statement of reasons (never measures)', () => {
    const c = amend();
    const sneaky = { ...c, data: { ...c.data, measures: [], target: { ...c.data.target, sunsetAt: 'x' } } } as typeof c;
    given(issued()).when(sneaky).then(([event]) => expect(event.data).not.toHaveProperty('measures'));
    given(issued()).when(sneaky).then(([event]) => expect(event.data).toMatchObject({ target: { aliases: ['APT-EXAMPLE', 'Example Bear'] } }));
  });

  it('must change something', () => {
    given(issued()).when(amend({ target: {} })).thenThrows(ErrorCode.NothingToAmend);
  });

  it('refuses an empty statement of reasons', () => {
    given(issued()).when(amend({ target: undefined, statementOfReasons: ' ' })).thenThrows(ErrorCode.JustificationRequired);
  });

  it('needs a justification', () => {
    given(issued()).when(amend({ justification: '' })).thenThrows(ErrorCode.JustificationRequired);
  });

  it('keeps the state-body rule', () => {
    const [evidence] = terms().attribution.evidence;
    const crime = eventsOf(propose({ category: 'cyber_crime', attribution: { confidence: 'moderate', evidence: [evidence] } }), approve());
    given(crime).when(amend({ target: { kind: 'state_body' } })).thenThrows(ErrorCode.StateBodyNotAllowed);
  });

  it('needs an official', () => {
    given(issued()).when(amend({}, reviewer)).thenThrows(ErrorCode.RoleRequired);
  });

  it('accepts a state body where the category allows it', () => {
    given(issued())
      .when(amend({ target: { kind: 'state_body' } }))
      .then(([event]) => expect(event.data).toMatchObject({ target: { kind: 'state_body' } }));
  });

  itNeedsALiveDesignation(() => amend());

  it('refuses an unknown target kind', () => {
    given(issued()).when(amend({ target: { kind: 'definitely_not_in_the_vocabulary' as 'entity' } })).thenThrows(ErrorCode.UnknownValue);
  });
});
