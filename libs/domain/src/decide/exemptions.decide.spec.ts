import { ErrorCode } from '../errors';
import {
  approve,
  at,
  command,
  courtOrder,
  DESIGNATION_ID,
  eventsOf,
  issued,
  official,
  POLICY,
  propose,
  proposed,
  reviewer,
  senior,
  suspended,
  system,
  T1,
  terms,
} from '../../testing/fixtures';
import { given, itNeedsALiveDesignation } from '../../testing/given';

const stamp = { designationId: DESIGNATION_ID, policyVersion: POLICY.version };
type GrantData = Parameters<typeof command<'GrantExemption'>>[1];
const food: GrantData = {
  exemptionId: 'ex-food',
  kind: 'food',
  measureIds: ['m-freeze'],
  beneficiary: 'Food importers',
  conditions: 'Staple foods only',
  oversightBody: 'Customs authority',
  validUntil: at('P1Y'),
};
const grant = (data: Partial<GrantData> = {}, actor = official, now = T1) => command('GrantExemption', { ...food, ...data }, actor, now);
const revoke = (exemptionId = 'ex-medicine', actor = official, now = T1) =>
  command('RevokeExemption', { exemptionId, reason: 'Diversion found' }, actor, now);
const expire = (exemptionId = 'ex-medicine', now = at('P1Y'), actor = system) => command('ExpireExemption', { exemptionId }, actor, now);
const withFood = () => eventsOf(propose(), approve(), grant());

describe('GrantExemption', () => {
  it('grants a humanitarian carve-out', () => {
    given(issued())
      .when(grant({ justification: 'Famine warning' }))
      .then([{ type: 'ExemptionGranted', data: { ...stamp, ...food, effectiveAt: T1, justification: 'Famine warning' } }]);
  });

  it('needs an active designation', () => {
    given(proposed()).when(grant()).thenThrows(ErrorCode.NotActive);
  });

  it('is open to a senior official too', () => {
    given(issued())
      .when(grant({}, senior))
      .then([{ type: 'ExemptionGranted', data: { ...stamp, ...food, effectiveAt: T1 } }]);
  });

  it('needs an active designation, not a suspended one', () => {
    given(suspended()).when(grant()).thenThrows(ErrorCode.NotActive);
  });

  itNeedsALiveDesignation(() => grant());

  it('needs an official', () => {
    given(issued()).when(grant({}, reviewer)).thenThrows(ErrorCode.RoleRequired);
  });

  it('refuses an exemption id already in use', () => {
    given(issued()).when(grant({ exemptionId: 'ex-medicine' })).thenThrows(ErrorCode.DuplicateId);
  });

  it('must name the measures it exempts', () => {
    given(issued()).when(grant({ measureIds: [] })).thenThrows(ErrorCode.ExemptionMeasuresRequired);
  });

  it('refuses an unknown measure', () => {
    given(issued()).when(grant({ measureIds: ['m-none'] })).thenThrows(ErrorCode.UnknownMeasure);
  });

  it.each(['beneficiary', 'conditions', 'oversightBody'] as const)('needs a %s', (field) => {
    given(issued()).when(grant({ [field]: '' })).thenThrows(ErrorCode.JustificationRequired);
  });

  it('cannot outlast the sunset', () => {
    given(issued()).when(grant({ validUntil: at('P2Y1D') })).thenThrows(ErrorCode.ExemptionBeyondSunset);
  });

  it('stores validUntil in UTC and may end exactly at the sunset', () => {
    given(issued())
      .when(grant({ validUntil: '2028-01-05T10:00:00+01:00' }))
      .then(([event]) => expect(event.data).toMatchObject({ validUntil: at('P2Y') }));
  });

  it('refuses a malformed validUntil', () => {
    given(issued()).when(grant({ validUntil: '2026-02-30T00:00:00Z' })).thenThrows(ErrorCode.InvalidInstant);
  });

  it('cannot end in the past', () => {
    given(issued()).when(grant({ validUntil: at('PT1H') })).thenThrows(ErrorCode.ExemptionAlreadyEnded);
  });

  describe('on a designation approved to take effect later', () => {
    const futureIssued = () => eventsOf(propose(), command('ApproveDesignation', { effectiveAt: at('P10D') }, senior));

    it('takes effect when the designation does, not before', () => {
      given(futureIssued())
        .when(grant())
        .then([{ type: 'ExemptionGranted', data: { ...stamp, ...food, effectiveAt: at('P10D') } }]);
    });

    it('cannot end before the designation takes effect', () => {
      given(futureIssued()).when(grant({ validUntil: at('P5D') })).thenThrows(ErrorCode.ExemptionAlreadyEnded);
    });
  });
});

describe('RevokeExemption', () => {
  it('revokes an exemption in force while another still safeguards the freeze', () => {
    given(withFood())
      .when(revoke())
      .then([{ type: 'ExemptionRevoked', data: { ...stamp, exemptionId: 'ex-medicine', reason: 'Diversion found', effectiveAt: T1 } }]);
  });

  it('on a designation approved to take effect later, takes effect when the designation does', () => {
    const history = eventsOf(propose(), command('ApproveDesignation', { effectiveAt: at('P10D') }, senior), grant());
    given(history)
      .when(revoke())
      .then([{ type: 'ExemptionRevoked', data: { ...stamp, exemptionId: 'ex-medicine', reason: 'Diversion found', effectiveAt: at('P10D') } }]);
  });

  it('refuses to remove the last safeguard of an asset freeze', () => {
    given(issued()).when(revoke()).thenThrows(ErrorCode.HumanitarianSafeguardRequired);
  });

  it('may remove the last exemption where a waiver stands', () => {
    const history = eventsOf(propose({ humanitarianWaiver: { justification: 'State funds only' } }), approve());
    given(history).when(revoke()).then((events) => expect(events).toHaveLength(1));
  });

  it('refuses an unknown exemption', () => {
    given(issued()).when(revoke('ex-none')).thenThrows(ErrorCode.ExemptionNotFound);
  });

  it('refuses an exemption no longer in force', () => {
    given(eventsOf(propose(), approve(), grant(), revoke())).when(revoke()).thenThrows(ErrorCode.ExemptionNotInForce);
  });

  it('needs an official', () => {
    given(withFood()).when(revoke('ex-medicine', reviewer)).thenThrows(ErrorCode.RoleRequired);
  });

  it('needs a designation in force', () => {
    given(proposed()).when(revoke()).thenThrows(ErrorCode.NotInForce);
  });

  it('revokes while suspended', () => {
    given(eventsOf(propose(), approve(), grant(), courtOrder('suspend')))
      .when(revoke())
      .then([{ type: 'ExemptionRevoked', data: { ...stamp, exemptionId: 'ex-medicine', reason: 'Diversion found', effectiveAt: T1 } }]);
  });

  itNeedsALiveDesignation(() => revoke());

  it('refuses an exemption that has expired', () => {
    given(eventsOf(propose(), approve(), grant({ validUntil: at('P2Y') }), expire()))
      .when(revoke('ex-medicine', official, at('P1Y1D')))
      .thenThrows(ErrorCode.ExemptionNotInForce);
  });

  it('counts only exemptions still in force as a safeguard', () => {
    // ex-food was revoked, so ex-medicine is again the last one standing.
    given(eventsOf(propose(), approve(), grant(), revoke('ex-food')))
      .when(revoke())
      .thenThrows(ErrorCode.HumanitarianSafeguardRequired);
  });

  it('needs a reason', () => {
    given(withFood()).when(command('RevokeExemption', { exemptionId: 'ex-medicine', reason: '' }, official, T1))
      .thenThrows(ErrorCode.JustificationRequired);
  });
});

describe('ExpireExemption (system)', () => {
  const validUntil = terms().exemptions[0].validUntil;

  it('expires an exemption at its validUntil', () => {
    given(issued())
      .when(expire())
      .then([{ type: 'ExemptionExpired', data: { ...stamp, exemptionId: 'ex-medicine', effectiveAt: validUntil } }]);
  });

  it('does nothing before validUntil', () => {
    given(issued()).when(expire('ex-medicine', at('PT1H', T1))).thenNothing();
  });

  it('expires late, still effective at validUntil', () => {
    given(issued())
      .when(expire('ex-medicine', at('P400D')))
      .then([{ type: 'ExemptionExpired', data: { ...stamp, exemptionId: 'ex-medicine', effectiveAt: validUntil } }]);
  });

  it('expires while the designation is suspended', () => {
    given(suspended()).when(expire()).then((events) => expect(events.map((e) => e.type)).toEqual(['ExemptionExpired']));
  });

  it('does nothing one millisecond before validUntil', () => {
    given(issued()).when(expire('ex-medicine', '2027-01-05T08:59:59.999Z')).thenNothing();
  });

  it('does nothing the second time (idempotent)', () => {
    given(eventsOf(propose(), approve(), expire())).when(expire()).thenNothing();
  });

  it('does nothing when retried later after it expired', () => {
    given(eventsOf(propose(), approve(), expire())).when(expire('ex-medicine', at('P1D', validUntil))).thenNothing();
  });

  it('does nothing for a revoked exemption', () => {
    given(eventsOf(propose(), approve(), grant(), revoke())).when(expire()).thenNothing();
  });

  itNeedsALiveDesignation(() => expire());

  it('does nothing while only proposed', () => {
    given(proposed()).when(expire()).thenNothing();
  });

  it('refuses an unknown exemption', () => {
    given(issued()).when(expire('ex-none')).thenThrows(ErrorCode.ExemptionNotFound);
  });

  it('is issued only by the service itself', () => {
    given(issued()).when(expire('ex-medicine', at('P1Y'), senior)).thenThrows(ErrorCode.RoleRequired);
  });
});
