import { ErrorCode } from '../errors';
import {
  approve,
  at,
  before,
  command,
  DESIGNATION_ID,
  eventsOf,
  issued,
  official,
  POLICY,
  propose,
  proposed,
  senior,
  seniorProposer,
  T0,
  terms,
  withData,
} from '../../testing/fixtures';
import { given } from '../../testing/given';

describe('ProposeDesignation', () => {
  it('records the proposal with the proposer, when it was proposed, and the policy version', () => {
    given([])
      .when(propose({}, official, '2026-01-05T10:00:00+01:00'))
      .then([
        {
          type: 'DesignationProposed',
          data: { ...terms(), policyVersion: POLICY.version, proposedBy: official.id, proposedAt: T0 },
        },
      ]);
  });

  it('rejects a stream that already exists', () => {
    given(proposed()).when(propose()).thenThrows(ErrorCode.AlreadyExists);
  });

  it('rejects a proposer without the official role', () => {
    given([]).when(propose({}, senior)).thenThrows(ErrorCode.RoleRequired);
  });

  it.each([
    ['no legal basis', { legalBasis: [] }, ErrorCode.LegalBasisRequired],
    ['no measures', { measures: [] }, ErrorCode.MeasuresRequired],
    ['no reviewing ministry', { reviewingMinistries: [] }, ErrorCode.ReviewingMinistryRequired],
    ['an empty statement of reasons', { statementOfReasons: '  ' }, ErrorCode.JustificationRequired],
    ['a sunset in the past', { sunsetAt: before('P1D') }, ErrorCode.SunsetNotAfterEffect],
    ['a sunset beyond the maximum duration', { sunsetAt: at('P3Y1D') }, ErrorCode.SunsetBeyondMaxDuration],
    ['a review interval above the maximum', { reviewInterval: 'P13M' }, ErrorCode.ReviewIntervalTooLong],
    ['a malformed review interval', { reviewInterval: '6 months' }, ErrorCode.InvalidDuration],
    ['a malformed sunset', { sunsetAt: '2027-02-30T00:00:00Z' }, ErrorCode.InvalidInstant],
  ])('rejects %s', (_case, overrides, code) => {
    given([]).when(propose(overrides)).thenThrows(code);
  });

  it('rejects duplicate measure ids', () => {
    const [freeze] = terms().measures;
    given([]).when(propose({ measures: [freeze, freeze] })).thenThrows(ErrorCode.DuplicateId);
  });

  it('rejects a measure above the category ceiling', () => {
    const measures = [{ measureId: 'm-fin', type: 'financial_restriction' as const, capabilities: [], description: 'x' }];
    given([]).when(propose({ category: 'cyber_crime', measures, exemptions: [], humanitarianWaiver: { justification: 'n/a' } }))
      .thenThrows(ErrorCode.MeasureAboveCeiling);
  });

  it('rejects a state body for cyber crime', () => {
    given([])
      .when(propose({ category: 'cyber_crime', target: { ...terms().target, kind: 'state_body' } }))
      .thenThrows(ErrorCode.StateBodyNotAllowed);
  });

  it('rejects attribution below the category threshold', () => {
    given([])
      .when(propose({ attribution: { ...terms().attribution, confidence: 'moderate' } }))
      .thenThrows(ErrorCode.AttributionConfidenceTooLow);
  });

  it('rejects too few independent sources', () => {
    const [first] = terms().attribution.evidence;
    given([])
      .when(propose({ attribution: { confidence: 'very_high', evidence: [first] } }))
      .thenThrows(ErrorCode.InsufficientSources);
  });

  it('requires partner corroboration for armed cyber aggression', () => {
    const evidence = terms().attribution.evidence.map((e) => ({ ...e, kind: 'technical' as const, corroboratedBy: [] }));
    given([])
      .when(propose({ category: 'armed_cyber_aggression', attribution: { confidence: 'high', evidence } }))
      .thenThrows(ErrorCode.PartnerCorroborationRequired);
  });

  it('accepts cyber crime on one moderate source', () => {
    const [first] = terms().attribution.evidence;
    given([])
      .when(propose({ category: 'cyber_crime', attribution: { confidence: 'moderate', evidence: [first] } }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['DesignationProposed']));
  });

  it('requires a humanitarian exemption or waiver for an asset freeze', () => {
    given([]).when(propose({ exemptions: [] })).thenThrows(ErrorCode.HumanitarianSafeguardRequired);
  });

  it('accepts an asset freeze with a justified waiver instead of an exemption', () => {
    given([])
      .when(propose({ exemptions: [], humanitarianWaiver: { justification: 'Target has no civilian dependants' } }))
      .then((events) => expect(events).toHaveLength(1));
  });

  it('rejects a standing exemption that outlasts the sunset', () => {
    const [exemption] = terms().exemptions;
    given([])
      .when(propose({ exemptions: [{ ...exemption, validUntil: at('P2Y1D') }] }))
      .thenThrows(ErrorCode.ExemptionBeyondSunset);
  });

  it('rejects a standing exemption for a measure that does not exist', () => {
    const [exemption] = terms().exemptions;
    given([])
      .when(propose({ exemptions: [{ ...exemption, measureIds: ['m-none'] }] }))
      .thenThrows(ErrorCode.UnknownMeasure);
  });

  it.each([
    ['category', { category: 'definitely_not_in_the_vocabulary' }],
    ['target.kind', { target: { ...terms().target, kind: 'definitely_not_in_the_vocabulary' } }],
    ['attribution.confidence', { attribution: { ...terms().attribution, confidence: 'definitely_not_in_the_vocabulary' } }],
    ['exemption kind', { exemptions: [{ ...terms().exemptions[0], kind: 'definitely_not_in_the_vocabulary' }] }],
  ])('refuses an unknown %s', (_field, data) => {
    given([]).when(withData(propose(), data)).thenThrows(ErrorCode.UnknownValue);
  });
});

describe('ApproveDesignation', () => {
  it('issues the designation with its dates', () => {
    given(proposed())
      .when(approve(senior, at('P1D')))
      .then([
        {
          type: 'DesignationIssued',
          data: {
            designationId: DESIGNATION_ID,
            policyVersion: POLICY.version,
            approvedBy: senior.id,
            effectiveAt: at('P1D'),
            listingDate: at('P1D').slice(0, 10),
            sunsetAt: at('P2Y'),
            nextReviewDueAt: at('P6M', at('P1D')),
            notificationDueAt: at('P30D', at('P1D')),
          },
        },
      ]);
  });

  it('takes effect at a later effectiveAt', () => {
    const effectiveAt = at('P7D');
    given(proposed())
      .when(command('ApproveDesignation', { effectiveAt }, senior))
      .then(([issuedEvent]) => expect(issuedEvent.data).toMatchObject({ effectiveAt, listingDate: T0.slice(0, 10) }));
  });

  it('caps the first review at the sunset', () => {
    given(eventsOfShortDesignation())
      .when(approve())
      .then(([issuedEvent]) => expect(issuedEvent.data).toMatchObject({ nextReviewDueAt: at('P3M') }));
  });

  it('rejects the proposer (four eyes)', () => {
    given(eventsOfSeniorProposal()).when(approve(seniorProposer)).thenThrows(ErrorCode.FourEyes);
  });

  it('rejects an approver who is not a senior official', () => {
    given(proposed()).when(approve(official)).thenThrows(ErrorCode.RoleRequired);
  });

  it('rejects a designation that is not proposed', () => {
    given(issued()).when(approve()).thenThrows(ErrorCode.NotProposed);
  });

  it('rejects a designation that does not exist', () => {
    given([]).when(approve()).thenThrows(ErrorCode.NotFound);
  });

  it('rejects a retroactive effective date', () => {
    given(proposed())
      .when(command('ApproveDesignation', { effectiveAt: before('P1D') }, senior))
      .thenThrows(ErrorCode.RetroactiveEffect);
  });

  it('never takes effect before the designation was proposed, even within the clock-skew tolerance', () => {
    const now = at('PT30S');
    given(proposed())
      .when(command('ApproveDesignation', { effectiveAt: before('PT10S') }, senior, now))
      .thenThrows(ErrorCode.EffectBeforeProposal);
    given(proposed())
      .when(command('ApproveDesignation', { effectiveAt: T0 }, senior, now))
      .then(([issuedEvent]) => expect(issuedEvent.data).toMatchObject({ effectiveAt: T0 }));
  });

  it('a proposal recorded before proposals carried proposedAt: the clock-skew tolerance alone applies', () => {
    const [legacy] = proposed();
    const { proposedAt: _dropped, ...data } = legacy.data as typeof legacy.data & { proposedAt?: string };
    given([{ ...legacy, data } as typeof legacy])
      .when(command('ApproveDesignation', { effectiveAt: before('PT10S') }, senior, at('PT30S')))
      .then(([issuedEvent]) => expect(issuedEvent.data).toMatchObject({ effectiveAt: before('PT10S') }));
  });

  it('rejects an effective date on or after the end of a standing exemption (it would lapse before it took effect)', () => {
    given(proposed())
      .when(command('ApproveDesignation', { effectiveAt: terms().exemptions[0].validUntil }, senior))
      .thenThrows(ErrorCode.ExemptionAlreadyEnded);
  });

  it('rejects when the sunset would come before the effective date', () => {
    given(proposed())
      .when(command('ApproveDesignation', { effectiveAt: at('P2Y1D') }, senior))
      .thenThrows(ErrorCode.SunsetNotAfterEffect);
  });

  it('rejects a sunset beyond the maximum duration when policy tightened after the proposal', () => {
    given(proposed(), { ...POLICY, version: 'tightened', maxDuration: 'P1Y' })
      .when(approve())
      .thenThrows(ErrorCode.SunsetBeyondMaxDuration);
  });
});

function eventsOfShortDesignation() {
  const waiver = { justification: 'No civilian dependants' };
  return eventsOf(propose({ sunsetAt: at('P3M'), reviewInterval: 'P6M', exemptions: [], humanitarianWaiver: waiver }));
}

function eventsOfSeniorProposal() {
  return eventsOf(propose({}, seniorProposer));
}
