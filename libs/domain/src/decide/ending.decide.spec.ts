import { ErrorCode } from '../errors';
import {
  approve,
  at,
  command,
  courtOrder,
  DESIGNATION_ID,
  eventsOf,
  FINAL_HISTORIES,
  issued,
  lift,
  official,
  POLICY,
  propose,
  proposed,
  review,
  senior,
  seniorProposer,
  suspended,
  system,
  T1,
  withData,
} from '../../testing/fixtures';
import { given, itNeedsALiveDesignation } from '../../testing/given';

const stamp = { designationId: DESIGNATION_ID, policyVersion: POLICY.version };
const sunsetAt = at('P2Y');
const reviewedAt = at('P20M');
const extend = (newSunset = at('P30M'), actor = senior, now = at('P21M')) =>
  command('ExtendSunset', { sunsetAt: newSunset, justification: 'Threat persists' }, actor, now);
const expireDesignation = (now = sunsetAt, actor = system) => command('ExpireDesignation', {}, actor, now);
const reviewCommands = (outcome: 'maintain' | 'lift' = 'maintain') => [
  propose(),
  approve(),
  review({ outcome, nextReviewDueAt: at('P3M', reviewedAt) }, reviewedAt),
];
const reviewed = (outcome: 'maintain' | 'lift' = 'maintain') => eventsOf(...reviewCommands(outcome));

describe('ExtendSunset', () => {
  it('moves the sunset after a recent review that maintained the measures', () => {
    given(reviewed())
      .when(extend())
      .then([
        {
          type: 'SunsetExtended',
          data: { ...stamp, previousSunsetAt: sunsetAt, sunsetAt: at('P30M'), justification: 'Threat persists', reviewCompletedAt: reviewedAt },
        },
      ]);
  });

  it('accepts a review exactly at the edge of the window, and a new end exactly the maximum duration from now', () => {
    const now = at('P90D', reviewedAt);
    given(reviewed())
      .when(extend(at('P3Y', now), senior, now))
      .then(([event]) => expect(event.data).toMatchObject({ sunsetAt: at('P3Y', now), reviewCompletedAt: reviewedAt }));
  });

  it('can extend a second time after a further review', () => {
    const history = eventsOf(...reviewCommands(), extend(), review({ nextReviewDueAt: at('P30M') }, at('P29M')));
    given(history)
      .when(extend(at('P40M'), senior, at('P29M')))
      .then(([event]) => expect(event.data).toMatchObject({ previousSunsetAt: at('P30M'), sunsetAt: at('P40M'), reviewCompletedAt: at('P29M') }));
  });

  it('needs a review', () => {
    given(issued()).when(extend()).thenThrows(ErrorCode.RecentReviewRequired);
  });

  it('needs the review within the extension window', () => {
    given(reviewed()).when(extend(at('P30M'), senior, at('P90D', at('P1D', reviewedAt)))).thenThrows(ErrorCode.RecentReviewRequired);
  });

  it('refuses when the last review concluded to lift', () => {
    given(reviewed('lift')).when(extend()).thenThrows(ErrorCode.RecentReviewRequired);
  });

  it('must move the sunset later', () => {
    given(reviewed()).when(extend(at('P23M'))).thenThrows(ErrorCode.SunsetNotLater);
    given(reviewed()).when(extend(sunsetAt)).thenThrows(ErrorCode.SunsetNotLater);
  });

  it('refuses a malformed sunset', () => {
    given(reviewed()).when(extend('2028-07-05')).thenThrows(ErrorCode.InvalidInstant);
  });

  it('keeps the new end within the maximum duration from now', () => {
    given(reviewed()).when(extend(at('P3Y1D', at('P21M')))).thenThrows(ErrorCode.SunsetBeyondMaxDuration);
  });

  it('needs a senior official', () => {
    given(reviewed()).when(extend(at('P30M'), official)).thenThrows(ErrorCode.RoleRequired);
  });

  it('refuses the proposer (four eyes)', () => {
    const history = eventsOf(propose({}, seniorProposer), approve(), review({ nextReviewDueAt: at('P3M', reviewedAt) }, reviewedAt));
    given(history).when(extend(at('P30M'), seniorProposer)).thenThrows(ErrorCode.FourEyes);
  });

  it('needs an active designation', () => {
    given(proposed()).when(extend()).thenThrows(ErrorCode.NotActive);
  });

  it('needs an active designation, not a suspended one', () => {
    given(eventsOf(...reviewCommands(), courtOrder('suspend', 'order-1', reviewedAt))).when(extend()).thenThrows(ErrorCode.NotActive);
  });

  itNeedsALiveDesignation(() => extend());

  it('needs a justification', () => {
    const c = extend();
    given(reviewed()).when({ ...c, data: { ...c.data, justification: '' } }).thenThrows(ErrorCode.JustificationRequired);
  });
});

describe('LiftDesignation', () => {
  it('lifts with a reason, decided by someone other than the proposer', () => {
    given(issued())
      .when(lift())
      .then([
        {
          type: 'DesignationLifted',
          data: { ...stamp, reason: 'objectives_met', justification: 'Objectives met', effectiveAt: T1, liftedBy: senior.id },
        },
      ]);
  });

  it('lifts a suspended designation', () => {
    given(suspended())
      .when(lift())
      .then([{ type: 'DesignationLifted', data: { ...stamp, reason: 'objectives_met', justification: 'Objectives met', effectiveAt: T1, liftedBy: senior.id } }]);
  });

  it('takes effect at a later effectiveAt', () => {
    const c = lift();
    given(issued())
      .when({ ...c, data: { ...c.data, reason: 'diplomatic_settlement', effectiveAt: at('P10D') } })
      .then(([event]) => expect(event.data).toMatchObject({ reason: 'diplomatic_settlement', effectiveAt: at('P10D') }));
  });

  itNeedsALiveDesignation(() => lift());

  it('refuses the proposer (four eyes)', () => {
    given(eventsOf(propose({}, seniorProposer), approve())).when(lift(seniorProposer)).thenThrows(ErrorCode.FourEyes);
  });

  it('needs a senior official', () => {
    given(issued()).when(lift(official)).thenThrows(ErrorCode.RoleRequired);
  });

  it('needs a designation in force', () => {
    given(proposed()).when(lift()).thenThrows(ErrorCode.NotInForce);
  });

  it('needs a justification', () => {
    const c = lift();
    given(issued()).when({ ...c, data: { ...c.data, justification: '' } }).thenThrows(ErrorCode.JustificationRequired);
  });

  it('refuses a retroactive effective date', () => {
    const c = lift();
    given(issued()).when({ ...c, data: { ...c.data, effectiveAt: '2025-12-31T00:00:00Z' } }).thenThrows(ErrorCode.RetroactiveEffect);
  });

  it('refuses an unknown reason', () => {
    given(issued()).when(withData(lift(), { reason: 'definitely_not_in_the_vocabulary' })).thenThrows(ErrorCode.UnknownValue);
  });
});

describe('ExpireDesignation (system)', () => {
  // The standing exemption (ex-medicine) is valid until a year before the sunset. In these
  // histories its own expiry job never ran, so it lapses with the designation.
  const medicineLapses = { type: 'ExemptionExpired' as const, data: { ...stamp, exemptionId: 'ex-medicine', effectiveAt: '2027-01-05T09:00:00.000Z' } };
  const expiredAt = (at: string) => [medicineLapses, { type: 'DesignationExpired' as const, data: { ...stamp, sunsetAt: at, effectiveAt: at } }];

  it('expires at the sunset', () => {
    given(issued()).when(expireDesignation()).then(expiredAt(sunsetAt));
  });

  it('expires alone when every exemption already expired by itself', () => {
    given(eventsOf(propose(), approve(), command('ExpireExemption', { exemptionId: 'ex-medicine' }, system, at('P1Y'))))
      .when(expireDesignation())
      .then([{ type: 'DesignationExpired', data: { ...stamp, sunsetAt, effectiveAt: sunsetAt } }]);
  });

  it('takes with it an exemption whose own expiry has not run yet, effective at its validUntil, and that expiry then does nothing', () => {
    const history = eventsOf(propose(), approve(), expireDesignation());
    expect(history.filter((e) => e.type === 'ExemptionExpired')).toHaveLength(1);
    given(history).when(command('ExpireExemption', { exemptionId: 'ex-medicine' }, system, at('P1D', sunsetAt))).thenNothing();
  });

  it('expires late, effective at the sunset', () => {
    given(issued())
      .when(expireDesignation(at('P3D', sunsetAt)))
      .then(expiredAt(sunsetAt));
  });

  it('expires at the extended sunset', () => {
    given(eventsOf(...reviewCommands(), extend()))
      .when(expireDesignation(at('P30M')))
      .then(expiredAt(at('P30M')));
  });

  it('expires a suspended designation too', () => {
    given(suspended()).when(expireDesignation()).then((events) => expect(events.map((e) => e.type)).toEqual(['ExemptionExpired', 'DesignationExpired']));
  });

  it('does nothing before the sunset', () => {
    given(issued()).when(expireDesignation(at('P23M'))).thenNothing();
    given(issued()).when(expireDesignation('2028-01-05T08:59:59.999Z')).thenNothing();
  });

  it('does nothing after the sunset was extended (stale job)', () => {
    given(eventsOf(...reviewCommands(), extend())).when(expireDesignation()).thenNothing();
  });

  it('does nothing when the same job runs again after it expired (idempotent)', () => {
    given(eventsOf(propose(), approve(), expireDesignation())).when(expireDesignation()).thenNothing();
  });

  it('does nothing the second time (idempotent)', () => {
    given(eventsOf(propose(), approve(), expireDesignation())).when(expireDesignation(at('P1D', sunsetAt))).thenNothing();
  });

  it.each(FINAL_HISTORIES)('does nothing once %s (final)', (_status, history) => {
    given(history()).when(expireDesignation(at('P1M', sunsetAt))).thenNothing();
  });

  it('does nothing to a proposal', () => {
    given(proposed()).when(expireDesignation()).thenNothing();
  });

  it('refuses an unknown designation', () => {
    given([]).when(expireDesignation()).thenThrows(ErrorCode.NotFound);
  });

  it('is issued only by the service itself', () => {
    given(issued()).when(expireDesignation(sunsetAt, courtOrder('annul').metadata.actor)).thenThrows(ErrorCode.RoleRequired);
  });
});
