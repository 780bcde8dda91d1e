import { SYSTEM_ACTOR } from '../actor';
import { decide } from '../designation.decide';
import type { DesignationCommand, DesignationTerms } from '../designation.commands';
import { evolve } from '../designation.evolve';
import { initialState, type Designation } from '../designation.state';
import type { Provenance } from '../designation.types';
import { ErrorCode } from '../errors';
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
  importDesignation,
  imported,
  importedTerms,
  issued,
  official,
  partnerChange,
  POLICY,
  propose,
  proposed,
  provenance,
  release,
  RELEASE_2026,
  RELEASE_2027,
  reviewer,
  senior,
  seniorProposer,
  suspended,
  system,
  T0,
  T1,
  terms,
  unRelease,
  withData,
} from '../../testing/fixtures';
import { given, itNeedsALiveDesignation } from '../../testing/given';

const stamp = { designationId: DESIGNATION_ID, policyVersion: POLICY.version };
const fold = (...commands: DesignationCommand[]) => eventsOf(...commands).reduce(evolve, initialState()) as Designation;

describe('ImportDesignation', () => {
  it('proposes (by the preparer) and issues (by the approver) in one decision, with the provenance on both', () => {
    given([])
      .when(importDesignation())
      .then([
        {
          type: 'DesignationProposed',
          data: { ...importedTerms(), ...stamp, proposedBy: official.id, proposedAt: T0, provenance: provenance() },
        },
        {
          type: 'DesignationIssued',
          data: {
            ...stamp,
            approvedBy: senior.id,
            effectiveAt: T0,
            listingDate: '2019-09-13',
            sunsetAt: at('P2Y'),
            nextReviewDueAt: at('P6M'),
            notificationDueAt: at('P30D'),
            provenance: provenance(),
          },
        },
      ]);
  });

  it('needs no attribution meeting the proposal threshold: the same terms proposed here are refused', () => {
    const { attribution } = importedTerms();
    given([]).when(propose({ attribution })).thenThrows(ErrorCode.AttributionConfidenceTooLow);
    given([]).when(importDesignation()).then((events) => expect(events.map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued']));
  });

  it('leaves an active designation that knows where it came from', () => {
    expect(fold(importDesignation())).toMatchObject({
      status: 'active',
      proposedBy: official.id,
      proposedAt: T0,
      effectiveAt: T0,
      listingDate: '2019-09-13',
      provenance: provenance(),
      partnerChanges: [],
    });
  });

  it.each([
    ['a year', '2019'],
    ['a month', '2019-09'],
  ])('lists it today when the source gives only %s, and keeps the source\'s date in the provenance', (_case, listedOn) => {
    given([])
      .when(importDesignation({ provenance: { listedOn } }))
      .then(([proposal, issue]) => {
        expect(issue.data).toMatchObject({ listingDate: T0.slice(0, 10), provenance: { listedOn } });
        expect(proposal.data).toMatchObject({ provenance: { listedOn } });
      });
  });

  it('lists it today when the source gives no listing date, and records none', () => {
    const { listedOn: _none, ...withoutDate } = provenance();
    given([])
      .when({ ...importDesignation(), data: { ...importDesignation().data, provenance: withoutDate } })
      .then(([, issue]) => {
        expect(issue.data).toMatchObject({ listingDate: T0.slice(0, 10) });
        expect(issue.data).toHaveProperty('provenance', withoutDate);
      });
  });

  it('records only the provenance\'s own fields', () => {
    const noisy = { ...provenance(), password: 'x' } as Provenance;
    given([])
      .when({ ...importDesignation(), data: { ...importDesignation().data, provenance: noisy } })
      .then(([proposal]) => expect(proposal.data).toHaveProperty('provenance', provenance()));
  });

  it('takes the first review date the batch gives, in UTC', () => {
    given([])
      .when(importDesignation({ firstReviewDueAt: '2026-03-01T10:00:00+01:00' }))
      .then(([, issue]) => expect(issue.data).toMatchObject({ nextReviewDueAt: '2026-03-01T09:00:00.000Z' }));
  });

  it('accepts a first review exactly the maximum review interval from now, or exactly at the sunset', () => {
    given([]).when(importDesignation({ firstReviewDueAt: at('P12M') })).then(([, issue]) => expect(issue.data).toMatchObject({ nextReviewDueAt: at('P12M') }));
    const early = { sunsetAt: at('P3M'), exemptions: [], humanitarianWaiver: { justification: 'Carve-outs in the source regime' } };
    given([]).when(importDesignation({ terms: early, firstReviewDueAt: at('P3M') })).then(([, issue]) => expect(issue.data).toMatchObject({ nextReviewDueAt: at('P3M') }));
  });

  it('is first reviewed at its sunset when that comes before a review interval has passed', () => {
    const early = { sunsetAt: at('P3M'), exemptions: [], humanitarianWaiver: { justification: 'Carve-outs in the source regime' } };
    given([]).when(importDesignation({ terms: early })).then(([, issue]) => expect(issue.data).toMatchObject({ nextReviewDueAt: at('P3M'), sunsetAt: at('P3M') }));
  });

  it('refuses a stream that already exists', () => {
    given(proposed()).when(importDesignation()).thenThrows(ErrorCode.AlreadyExists);
    given(imported()).when(importDesignation()).thenThrows(ErrorCode.AlreadyExists);
  });

  it('needs a senior official to approve the batch', () => {
    given([]).when(importDesignation({ provenance: { preparedBy: 'official-9' } }, official)).thenThrows(ErrorCode.RoleRequired);
  });

  it('refuses the official who prepared the batch as its approver (four eyes, as for an approval)', () => {
    given([]).when(importDesignation({ provenance: { preparedBy: senior.id } }, senior)).thenThrows(ErrorCode.FourEyes);
    given([]).when(importDesignation({ provenance: { preparedBy: seniorProposer.id } }, seniorProposer)).thenThrows(ErrorCode.FourEyes);
  });

  it.each<[string, Partial<DesignationTerms>, string]>([
    ['no legal basis', { legalBasis: [] }, ErrorCode.LegalBasisRequired],
    ['no measures', { measures: [] }, ErrorCode.MeasuresRequired],
    ['no reviewing ministry', { reviewingMinistries: [] }, ErrorCode.ReviewingMinistryRequired],
    ['an empty statement of reasons', { statementOfReasons: ' ' }, ErrorCode.JustificationRequired],
    ['a sunset in the past', { sunsetAt: before('P1D') }, ErrorCode.SunsetNotAfterEffect],
    ['a sunset now', { sunsetAt: T0 }, ErrorCode.SunsetNotAfterEffect],
    ['a sunset beyond the maximum duration', { sunsetAt: at('P3Y1D') }, ErrorCode.SunsetBeyondMaxDuration],
    ['a review interval above the maximum', { reviewInterval: 'P13M' }, ErrorCode.ReviewIntervalTooLong],
    ['a malformed sunset', { sunsetAt: '2027-02-30T00:00:00Z' }, ErrorCode.InvalidInstant],
    ['a category outside the vocabulary', { category: 'terrorism' as never }, ErrorCode.UnknownValue],
    ['a state body for cyber crime', { category: 'cyber_crime', target: { ...terms().target, kind: 'state_body' } }, ErrorCode.StateBodyNotAllowed],
    [
      'a measure above the ceiling',
      { category: 'cyber_crime', measures: [{ measureId: 'm-x', type: 'export_control', capabilities: [], description: 'x' }], exemptions: [], humanitarianWaiver: { justification: 'n/a' } },
      ErrorCode.MeasureAboveCeiling,
    ],
    ['an asset freeze without a humanitarian safeguard', { exemptions: [] }, ErrorCode.HumanitarianSafeguardRequired],
    ['an exemption outlasting the sunset', { exemptions: [{ ...terms().exemptions[0], validUntil: at('P3Y') }] }, ErrorCode.ExemptionBeyondSunset],
    ['duplicate measure ids', { measures: [terms().measures[0], terms().measures[0]] }, ErrorCode.DuplicateId],
    [
      'duplicate evidence refs',
      { attribution: { confidence: 'low', evidence: [importedTerms().attribution.evidence[0], importedTerms().attribution.evidence[0]] } },
      ErrorCode.DuplicateId,
    ],
  ])('refuses terms with %s, as a proposal would', (_case, overrides, code) => {
    given([]).when(importDesignation({ terms: overrides })).thenThrows(code as ErrorCode);
  });

  it.each(['list', 'source', 'sourceId', 'releaseHash', 'releaseDate', 'batchId', 'preparedBy'] as const)('refuses a provenance without %s', (field) => {
    given([]).when(importDesignation({ provenance: { [field]: ' ' } })).thenThrows(ErrorCode.JustificationRequired);
    given([]).when(importDesignation({ provenance: { [field]: 36 as never } })).thenThrows(ErrorCode.JustificationRequired);
  });

  it.each(['13/09/2019', '2019-13', '2019-02-30', '19'])('refuses a listing date at the source that is no date (%s)', (listedOn) => {
    given([]).when(importDesignation({ provenance: { listedOn } })).thenThrows(ErrorCode.InvalidInstant);
  });

  it.each<[string, string]>([
    ['now', T0],
    ['in the past', before('P1D')],
    ['beyond the maximum review interval', at('P12M1D')],
  ])('refuses a first review %s', (_case, firstReviewDueAt) => {
    given([]).when(importDesignation({ firstReviewDueAt })).thenThrows(ErrorCode.FirstReviewOutOfRange);
  });

  it('refuses a first review after the sunset, and says the latest it may be', () => {
    const early = { sunsetAt: at('P3M'), exemptions: [], humanitarianWaiver: { justification: 'Carve-outs in the source regime' } };
    given([]).when(importDesignation({ terms: early, firstReviewDueAt: at('P4M') })).thenThrows(ErrorCode.FirstReviewOutOfRange);
    expect(() => decide(importDesignation({ terms: early, firstReviewDueAt: at('P4M') }), initialState(), POLICY)).toThrow(
      expect.objectContaining({ details: { firstReviewDueAt: at('P4M'), now: T0, notAfter: at('P3M') } }),
    );
  });

  it('refuses a malformed first review date', () => {
    given([]).when(importDesignation({ firstReviewDueAt: 'next spring' })).thenThrows(ErrorCode.InvalidInstant);
  });
});

describe('RecordDelistingAtSource', () => {
  it('lifts the designation, with the release that delisted it', () => {
    given(imported())
      .when(delistAtSource())
      .then([
        {
          type: 'DesignationLifted',
          data: { ...stamp, reason: 'delisted_at_source', justification: 'Removed from the SDN list', effectiveAt: T1, liftedBy: senior.id, source: release() },
        },
      ]);
  });

  it('lifts a suspended designation, and one proposed here', () => {
    given(suspended()).when(delistAtSource()).then(([event]) => expect(event.data).toMatchObject({ reason: 'delisted_at_source' }));
    given(issued()).when(delistAtSource()).then(([event]) => expect(event.type).toBe('DesignationLifted'));
  });

  it('needs no second pair of eyes: the batch had them, so its approver may be the designation\'s proposer', () => {
    given(eventsOf(propose({}, seniorProposer), approve(senior)))
      .when(delistAtSource(seniorProposer))
      .then(([event]) => expect(event.data).toMatchObject({ liftedBy: seniorProposer.id }));
  });

  it('records a partner-style reference without a batch as given', () => {
    const { batchId: _none, ...withoutBatch } = release();
    given(imported()).when(delistAtSource(senior, T1, withoutBatch)).then(([event]) => expect(event.data).toHaveProperty('source', withoutBatch));
  });

  it('takes effect when the designation does, if it was approved for a later date', () => {
    given(eventsOf(propose(), command('ApproveDesignation', { effectiveAt: at('P10D') }, senior)))
      .when(delistAtSource())
      .then(([event]) => expect(event.data).toMatchObject({ effectiveAt: at('P10D') }));
  });

  it('ends the designation and its exemptions', () => {
    expect(fold(importDesignation(), delistAtSource())).toMatchObject({ status: 'lifted', exemptions: [{ exemptionId: 'ex-medicine', status: 'ended', endedAt: T1 }] });
  });

  itNeedsALiveDesignation(() => delistAtSource());

  it('refuses a proposal, which is not in force', () => {
    given(proposed()).when(delistAtSource()).thenThrows(ErrorCode.NotInForce);
  });

  it('needs a senior official', () => {
    given(imported()).when(delistAtSource(official)).thenThrows(ErrorCode.RoleRequired);
  });

  it('needs a justification and a whole source reference', () => {
    given(imported()).when(withData(delistAtSource(), { justification: '' })).thenThrows(ErrorCode.JustificationRequired);
    given(imported()).when(delistAtSource(senior, T1, release({ releaseHash: '' }))).thenThrows(ErrorCode.JustificationRequired);
    given(imported()).when(withData(delistAtSource(), { source: undefined })).thenThrows(ErrorCode.JustificationRequired);
  });

  it('is the only way to lift with reason delisted_at_source: LiftDesignation refuses it', () => {
    given(imported())
      .when(command('LiftDesignation', { reason: 'delisted_at_source' as never, justification: 'Delisted' }, senior, T1))
      .thenThrows(ErrorCode.UnknownValue);
  });
});

describe('RecordAmendmentAtSource', () => {
  it('records what the release changed, and the correction of the target it carries', () => {
    given(imported())
      .when(amendAtSource())
      .then([
        {
          type: 'DesignationAmended',
          data: {
            ...stamp,
            target: { aliases: ['APT-EXAMPLE', 'Example Group'] },
            justification: 'Amended in the SDN release of 4 January 2027',
            source: release(),
            changes: [{ field: 'aliases', before: ['APT-EXAMPLE'], after: ['APT-EXAMPLE', 'Example Group'] }],
          },
        },
      ]);
  });

  it('records changes that correct nothing of the target (a remark, a program), without a target', () => {
    const changes = [{ field: 'remarks', before: null, after: 'Linked to QDi.413' }];
    given(imported())
      .when(amendAtSource({ target: undefined, changes }))
      .then(([event]) => {
        expect(event.data).toMatchObject({ changes, source: release() });
        expect(event.data).not.toHaveProperty('target');
      });
  });

  it('keeps the values as JSON: a missing before or after is null', () => {
    given(imported())
      .when(amendAtSource({ changes: [{ field: 'dateOfBirth', after: '1970' }] }))
      .then(([event]) => expect(event.data).toMatchObject({ changes: [{ field: 'dateOfBirth', before: null, after: '1970' }] }));
  });

  it('moves the provenance on to the release, and corrects the target', () => {
    const state = fold(importDesignation(), amendAtSource());
    expect(state.provenance).toEqual({ ...provenance(), releaseHash: RELEASE_2027, releaseDate: '2027-01-04', batchId: 'batch-2' });
    expect(state.target.aliases).toEqual(['APT-EXAMPLE', 'Example Group']);
  });

  it('amends a suspended designation', () => {
    given(suspended()).when(amendAtSource()).then(([event]) => expect(event.type).toBe('DesignationAmended'));
  });

  itNeedsALiveDesignation(() => amendAtSource());

  it('refuses a proposal, which is not in force', () => {
    given(proposed()).when(amendAtSource()).thenThrows(ErrorCode.NotInForce);
  });

  it('needs a senior official', () => {
    given(imported()).when(amendAtSource({}, official)).thenThrows(ErrorCode.RoleRequired);
  });

  it('needs at least one change, each naming its field', () => {
    given(imported()).when(amendAtSource({ changes: [] })).thenThrows(ErrorCode.NothingToAmend);
    given(imported()).when(amendAtSource({ changes: undefined })).thenThrows(ErrorCode.NothingToAmend);
    given(imported()).when(amendAtSource({ changes: [{ before: 1, after: 2 }] })).thenThrows(ErrorCode.JustificationRequired);
  });

  it('needs a justification and a whole source reference', () => {
    given(imported()).when(withData(amendAtSource(), { justification: ' ' })).thenThrows(ErrorCode.JustificationRequired);
    given(imported()).when(amendAtSource({ source: release({ sourceId: '' }) })).thenThrows(ErrorCode.JustificationRequired);
  });

  it('checks a target correction as an amendment would', () => {
    given(imported()).when(amendAtSource({ target: { kind: 'vessel' } })).thenThrows(ErrorCode.UnknownValue);
    given(eventsOf(importDesignation({ terms: { category: 'cyber_crime', measures: [terms().measures[1]], exemptions: [] } })))
      .when(amendAtSource({ target: { kind: 'state_body' } }))
      .thenThrows(ErrorCode.StateBodyNotAllowed);
  });
});

describe('RecordPartnerListingChange', () => {
  const reminder = (now = T1) => ({
    type: 'ReviewReminderIssued' as const,
    data: { ...stamp, reviewDueAt: at('P6M'), kind: 'partner_change' as const, remindAt: now, recipients: ['foreign-affairs', 'justice'] },
  });

  it('records the change and reminds the reviewing ministries to review now', () => {
    given(imported())
      .when(partnerChange())
      .then([
        {
          type: 'PartnerListingChanged',
          data: { ...stamp, reference: 'QDi.413', partner: unRelease(), change: 'delisted', changes: [], recordedBy: official.id },
        },
        reminder(),
      ]);
  });

  it('finds the reference trimmed and whatever its case; a senior official may record it too', () => {
    given(imported())
      .when(partnerChange({ reference: '  qdi.413 ', change: 'amended', changes: [{ field: 'name', before: 'A', after: 'B' }] }, senior))
      .then(([event]) =>
        expect(event.data).toMatchObject({ reference: '  qdi.413 ', change: 'amended', changes: [{ field: 'name', before: 'A', after: 'B' }], recordedBy: senior.id }),
      );
  });

  it('reminds while suspended too', () => {
    const history = eventsOf(
      propose({ coalition: { coordination: 'joint', partners: ['UN'], crossListReferences: ['QDi.413'] } }),
      approve(),
      courtOrder('suspend'),
    );
    given(history).when(partnerChange()).then((events) => expect(events.map((e) => e.type)).toEqual(['PartnerListingChanged', 'ReviewReminderIssued']));
  });

  it('records it for a proposal without a reminder: there is no review yet', () => {
    const history = eventsOf(propose({ coalition: { coordination: 'joint', partners: ['UN'], crossListReferences: ['QDi.413'] } }));
    given(history).when(partnerChange()).then((events) => expect(events.map((e) => e.type)).toEqual(['PartnerListingChanged']));
  });

  it('decides nothing for the same change from the same release, however the reference is written', () => {
    given(eventsOf(importDesignation(), partnerChange())).when(partnerChange({ reference: 'qdi.413' })).thenNothing();
    given(eventsOf(importDesignation(), partnerChange())).when(partnerChange({}, senior, at('P2D'))).thenNothing();
  });

  it('records another change from the same release, and the same change from another release', () => {
    const once = eventsOf(importDesignation(), partnerChange());
    given(once).when(partnerChange({ change: 'amended' })).then((events) => expect(events).toHaveLength(2));
    given(once).when(partnerChange({ partner: unRelease({ releaseHash: RELEASE_2026, releaseDate: '2026-04-01' }) })).then((events) => expect(events).toHaveLength(2));
  });

  it('keeps the partner changes in the state; its reminder neither stands for nor silences a scheduled one', () => {
    const scheduledAt = before('P30D', at('P6M'));
    const state = fold(importDesignation(), partnerChange({}, official, scheduledAt));
    expect(state.partnerChanges).toEqual([{ reference: 'QDi.413', change: 'delisted', releaseHash: RELEASE_2027, releaseDate: '2026-03-01' }]);
    expect(state.remindersIssued).toEqual([]);
    given(eventsOf(importDesignation(), partnerChange({}, official, scheduledAt)))
      .when(command('IssueReviewReminder', { reviewDueAt: at('P6M') }, system, scheduledAt))
      .then(([event]) => expect(event.data).toMatchObject({ kind: 'upcoming', remindAt: scheduledAt }));
  });

  itNeedsALiveDesignation(() => partnerChange());

  it('refuses a reference the designation does not cross-list, and names it', () => {
    given(imported()).when(partnerChange({ reference: 'QDi.999' })).thenThrows(ErrorCode.ReferenceNotFound);
    given(issued()).when(partnerChange()).thenThrows(ErrorCode.ReferenceNotFound);
    expect(() => decide(partnerChange({ reference: 'QDi.999' }), imported().reduce(evolve, initialState()), POLICY)).toThrow(
      expect.objectContaining({ code: ErrorCode.ReferenceNotFound, details: { reference: 'QDi.999' } }),
    );
  });

  it('needs an official or a senior official, or the service recording a release it fetched', () => {
    given(imported()).when(partnerChange({}, reviewer)).thenThrows(ErrorCode.RoleRequired);
    expect(decide(partnerChange({}, SYSTEM_ACTOR), imported().reduce(evolve, initialState()), POLICY).map((e) => e.type)).toEqual(['PartnerListingChanged', 'ReviewReminderIssued']);
  });

  it('refuses a change outside the vocabulary, an empty reference, and a partial partner reference', () => {
    given(imported()).when(withData(partnerChange(), { change: 'withdrawn' })).thenThrows(ErrorCode.UnknownValue);
    given(imported()).when(partnerChange({ reference: ' ' })).thenThrows(ErrorCode.JustificationRequired);
    given(imported()).when(partnerChange({ partner: unRelease({ releaseDate: '' }) })).thenThrows(ErrorCode.JustificationRequired);
    given(imported()).when(partnerChange({ changes: [{ before: 1 }] })).thenThrows(ErrorCode.JustificationRequired);
  });
});
