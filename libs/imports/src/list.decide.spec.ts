import type { Actor } from '@app/domain';
import { HASH_1, HASH_2, HASH_3, importTerms, listing, mapping, NOW } from '../testing/listings';
import { ImportErrorCode, ImportRuleError } from './import.errors';
import { decideList, evolveList, initialListState, listDecider, type ListCommand, type ListState } from './list.decide';
import { releaseInstant } from './list.decide';
import type { AlignmentCandidate, ListEvent, ReleaseInfo } from './list.events';

const OWN = 'own-ofac-xml';
const PARTNER = 'partner-un-xml';
const LATER = '2026-01-06T09:00:00.000Z';

const official: Actor = { id: 'official-1', roles: ['official'] };
const senior: Actor = { id: 'senior-1', roles: ['senior_official'] };
const seniorPreparer: Actor = { id: 'senior-2', roles: ['official', 'senior_official'] };
const reviewer: Actor = { id: 'reviewer-1', roles: ['reviewer'], ministry: 'foreign-affairs' };
const seniorOfMinistry: Actor = { id: 'senior-3', roles: ['senior_official'], ministry: 'justice' };

const info = (releaseHash: string, releaseDate: string, overrides: Partial<ReleaseInfo> = {}): ReleaseInfo => ({
  releaseHash,
  releaseDate,
  format: 'ofac-xml',
  source: 'ofac',
  parts: [{ role: 'file', sha256: releaseHash, bytes: 100 }],
  listings: 3,
  ...overrides,
});
const R1 = info(HASH_1, '2026-01-01');
const R2 = info(HASH_2, '2026-02-01');
const R3 = info(HASH_3, '2026-03-01');
const COUNTS = { added: 2, removed: 0, amended: 0, unchanged: 0, outOfScope: 1 };
const DIGEST = 'd'.repeat(64);

const meta = (actor: Actor, now = NOW) => ({ now, actor });

// ── commands ──────────────────────────────────────────────────────────────────────────────────

const prepare = (overrides: Partial<Extract<ListCommand, { type: 'PrepareImportBatch' }>['data']> = {}, actor = official): ListCommand => ({
  type: 'PrepareImportBatch',
  data: { listId: OWN, batchId: 'batch-1', role: 'own', release: R1, baseReleaseHash: null, mapping: mapping(), terms: importTerms(), counts: COUNTS, digest: DIGEST, ...overrides },
  metadata: meta(actor),
});
const approve = (batchId = 'batch-1', actor = senior): ListCommand => ({ type: 'ApproveImportBatch', data: { listId: OWN, batchId }, metadata: meta(actor, LATER) });
const reject = (reason = 'The mapping is too wide', batchId = 'batch-1', actor = senior): ListCommand => ({
  type: 'RejectImportBatch',
  data: { listId: OWN, batchId, reason },
  metadata: meta(actor, LATER),
});
const APPLIED = { added: 2, lifted: 0, amended: 0 };
const SKIPPED = [{ sourceId: '9', action: 'add', code: 'POLICY.HUMANITARIAN_SAFEGUARD_REQUIRED', message: 'needs a waiver' }];
const complete = (batchId = 'batch-1', actor = senior): ListCommand => ({
  type: 'CompleteImportBatch',
  data: { listId: OWN, batchId, applied: APPLIED, skipped: SKIPPED },
  metadata: meta(actor, LATER),
});

const candidate = (sourceId: string, release = R1): AlignmentCandidate => ({
  candidateId: `candidate-${sourceId}`,
  sourceId,
  references: [`un:${sourceId}`],
  name: `Entry ${sourceId}`,
  programs: ['DPRK'],
  releaseHash: release.releaseHash,
  releaseDate: release.releaseDate,
  listing: listing(sourceId, { source: 'un', programs: ['DPRK'] }),
});
const PARTNER_COUNTS = { added: 1, removed: 0, amended: 0, unchanged: 0 };
const recordPartner = (
  overrides: Partial<Extract<ListCommand, { type: 'RecordPartnerRelease' }>['data']> = {},
  actor = official,
): ListCommand => ({
  type: 'RecordPartnerRelease',
  data: { listId: PARTNER, role: 'partner', release: R1, baseReleaseHash: null, counts: PARTNER_COUNTS, changesRecorded: 0, candidates: [candidate('1')], ...overrides },
  metadata: meta(actor),
});
const dismiss = (candidateId = 'candidate-1', reason = 'Not a cyber case', actor = official): ListCommand => ({
  type: 'DismissCandidate',
  data: { listId: PARTNER, candidateId, reason },
  metadata: meta(actor, LATER),
});
const markProposed = (candidateId = 'candidate-1', designationId = 'designation-1', actor = official): ListCommand => ({
  type: 'MarkCandidateProposed',
  data: { listId: PARTNER, candidateId, designationId },
  metadata: meta(actor, LATER),
});

// ── given / when / then ──────────────────────────────────────────────────────────────────────

/** The events the decider itself records for these commands, run in order from the empty list. */
function eventsOf(...commands: ListCommand[]): ListEvent[] {
  const events: ListEvent[] = [];
  let state = initialListState();
  for (const command of commands) {
    const decided = decideList(command, state);
    events.push(...decided);
    state = decided.reduce(evolveList, state);
  }
  return events;
}

const stateOf = (...commands: ListCommand[]): ListState => eventsOf(...commands).reduce(evolveList, initialListState());

function given(history: ListEvent[]) {
  const state = history.reduce(evolveList, initialListState());
  return {
    when(command: ListCommand) {
      const run = () => decideList(command, state);
      return {
        then(expected: ListEvent[]): void {
          expect(run()).toEqual(expected);
        },
        thenNothing(): void {
          expect(run()).toEqual([]);
        },
        thenThrows(code: ImportErrorCode): void {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(ImportRuleError);
          expect((thrown as ImportRuleError).code).toBe(code);
        },
      };
    },
  };
}

const prepared = () => eventsOf(prepare());
const approved = () => eventsOf(prepare(), approve());
const rejected = () => eventsOf(prepare(), reject());
const applied = () => eventsOf(prepare(), approve(), complete());
/** R1 applied by batch-1, then R2 over it prepared as batch-2. */
const secondPrepared = () => eventsOf(prepare(), approve(), complete(), prepare({ batchId: 'batch-2', release: R2, baseReleaseHash: HASH_1 }));
const partnerRecorded = () => eventsOf(recordPartner());

// ── import batches ───────────────────────────────────────────────────────────────────────────

describe('PrepareImportBatch', () => {
  it('records the batch with who prepared it and when, without the list role', () => {
    given([])
      .when(prepare())
      .then([
        {
          type: 'ImportBatchPrepared',
          data: { listId: OWN, batchId: 'batch-1', release: R1, baseReleaseHash: null, mapping: mapping(), terms: importTerms(), counts: COUNTS, digest: DIGEST, preparedBy: official.id, preparedAt: NOW },
        },
      ]);
  });

  it('may be prepared by a senior official', () => {
    given([]).when(prepare({}, senior)).then([expect.objectContaining({ type: 'ImportBatchPrepared', data: expect.objectContaining({ preparedBy: senior.id }) })]);
  });

  it('prepares the next release over the current one', () => {
    given(applied())
      .when(prepare({ batchId: 'batch-2', release: R2, baseReleaseHash: HASH_1 }))
      .then([expect.objectContaining({ type: 'ImportBatchPrepared', data: expect.objectContaining({ batchId: 'batch-2', baseReleaseHash: HASH_1 }) })]);
  });

  it('accepts a release of the same date as the current one but other bytes', () => {
    given(applied())
      .when(prepare({ batchId: 'batch-2', release: info(HASH_2, R1.releaseDate), baseReleaseHash: HASH_1 }))
      .then([expect.objectContaining({ type: 'ImportBatchPrepared' })]);
  });

  it('prepares another batch once the open one was rejected', () => {
    given(rejected())
      .when(prepare({ batchId: 'batch-2', terms: importTerms({ reviewInterval: 'P3M' }) }))
      .then([expect.objectContaining({ type: 'ImportBatchPrepared', data: expect.objectContaining({ batchId: 'batch-2' }) })]);
  });

  it.each<[string, () => ListEvent[]]>([
    ['prepared', prepared],
    ['approved', approved],
    ['rejected', rejected],
    ['applied', applied],
  ])('decides nothing when the same batch was already %s', (_status, history) => {
    given(history()).when(prepare()).thenNothing();
    given(history()).when(prepare({}, senior)).thenNothing();
  });

  it('needs an official', () => {
    given([]).when(prepare({}, reviewer)).thenThrows(ImportErrorCode.RoleRequired);
    given([]).when(prepare({}, { id: 'nobody', roles: [] })).thenThrows(ImportErrorCode.RoleRequired);
  });

  it('is for the authority\'s own list only', () => {
    given([]).when(prepare({ role: 'partner' })).thenThrows(ImportErrorCode.WrongListRole);
  });

  it.each<[string, () => ListEvent[]]>([
    ['prepared', prepared],
    ['approved', approved],
  ])('refuses a second batch while one is %s', (_status, history) => {
    given(history())
      .when(prepare({ batchId: 'batch-2', release: R2 }))
      .thenThrows(ImportErrorCode.BatchOpen);
  });

  it('refuses a release older than the current one', () => {
    const current = eventsOf(prepare({ release: R2 }), approve(), complete());
    given(current)
      .when(prepare({ batchId: 'batch-2', release: R1, baseReleaseHash: HASH_2 }))
      .thenThrows(ImportErrorCode.ReleaseOlder);
  });

  it('refuses the current release again, and an earlier one already applied', () => {
    given(applied())
      .when(prepare({ batchId: 'batch-2', release: R1, baseReleaseHash: HASH_1 }))
      .thenThrows(ImportErrorCode.ReleaseAlreadyRecorded);
    const twoApplied = eventsOf(prepare(), approve(), complete(), prepare({ batchId: 'batch-2', release: R2, baseReleaseHash: HASH_1 }), approve('batch-2'), complete('batch-2'));
    given(twoApplied)
      .when(prepare({ batchId: 'batch-3', release: R1, baseReleaseHash: HASH_2 }))
      .thenThrows(ImportErrorCode.ReleaseAlreadyRecorded);
  });

  it('refuses a comparison with anything but the current release', () => {
    given([]).when(prepare({ baseReleaseHash: HASH_3 })).thenThrows(ImportErrorCode.BaseChanged);
    given(applied())
      .when(prepare({ batchId: 'batch-2', release: R2, baseReleaseHash: null }))
      .thenThrows(ImportErrorCode.BaseChanged);
    given(applied())
      .when(prepare({ batchId: 'batch-2', release: R3, baseReleaseHash: HASH_2 }))
      .thenThrows(ImportErrorCode.BaseChanged);
  });
});

describe('ApproveImportBatch', () => {
  it('records the approval by a second, senior official, with the approver as they acted', () => {
    given(prepared())
      .when(approve())
      .then([{ type: 'ImportBatchApproved', data: { listId: OWN, batchId: 'batch-1', approvedBy: senior.id, approver: { id: senior.id, roles: ['senior_official'] }, approvedAt: LATER } }]);
  });

  it('keeps the approver\'s ministry when they act for one', () => {
    given(prepared())
      .when(approve('batch-1', seniorOfMinistry))
      .then([expect.objectContaining({ data: expect.objectContaining({ approver: { id: seniorOfMinistry.id, roles: ['senior_official'], ministry: 'justice' } }) })]);
  });

  it('needs a senior official', () => {
    given(prepared()).when(approve('batch-1', { id: 'official-2', roles: ['official'] })).thenThrows(ImportErrorCode.RoleRequired);
    given(prepared()).when(approve('batch-1', reviewer)).thenThrows(ImportErrorCode.RoleRequired);
  });

  it('refuses the official who prepared the batch (four eyes)', () => {
    given(eventsOf(prepare({}, seniorPreparer))).when(approve('batch-1', seniorPreparer)).thenThrows(ImportErrorCode.FourEyes);
  });

  it('refuses a batch this list does not have', () => {
    given(prepared()).when(approve('batch-9')).thenThrows(ImportErrorCode.BatchNotFound);
  });

  it.each<[string, () => ListEvent[]]>([
    ['approved', approved],
    ['rejected', rejected],
    ['applied', applied],
  ])('refuses a batch already %s', (_status, history) => {
    given(history()).when(approve()).thenThrows(ImportErrorCode.BatchNotPrepared);
  });

  it('refuses a batch whose base is no longer the list\'s current release', () => {
    // batch-2 was prepared over R1; the list has since moved on to R3 (a history the decider itself never writes).
    const moved: ListEvent = {
      type: 'ImportBatchApplied',
      data: { listId: OWN, batchId: 'elsewhere', releaseHash: HASH_3, releaseDate: R3.releaseDate, applied: APPLIED, skipped: [], appliedAt: LATER },
    };
    given([...secondPrepared(), moved]).when(approve('batch-2')).thenThrows(ImportErrorCode.BaseChanged);
  });
});

describe('RejectImportBatch', () => {
  it('records the rejection with its reason, trimmed', () => {
    given(prepared())
      .when(reject('  The mapping is too wide  '))
      .then([{ type: 'ImportBatchRejected', data: { listId: OWN, batchId: 'batch-1', rejectedBy: senior.id, reason: 'The mapping is too wide' } }]);
  });

  it('needs a senior official', () => {
    given(prepared()).when(reject('No', 'batch-1', official)).thenThrows(ImportErrorCode.RoleRequired);
  });

  it('needs a reason', () => {
    given(prepared()).when(reject('   ')).thenThrows(ImportErrorCode.ReasonRequired);
    const noReason = { ...reject(), data: { listId: OWN, batchId: 'batch-1' } } as unknown as ListCommand;
    given(prepared()).when(noReason).thenThrows(ImportErrorCode.ReasonRequired);
  });

  it('refuses a batch this list does not have', () => {
    given([]).when(reject()).thenThrows(ImportErrorCode.BatchNotFound);
  });

  it.each<[string, () => ListEvent[]]>([
    ['approved', approved],
    ['rejected', rejected],
    ['applied', applied],
  ])('refuses a batch already %s', (_status, history) => {
    given(history()).when(reject()).thenThrows(ImportErrorCode.BatchNotPrepared);
  });
});

describe('CompleteImportBatch', () => {
  it('records the batch applied, with what was applied and skipped, at the batch\'s release', () => {
    given(approved())
      .when(complete())
      .then([
        {
          type: 'ImportBatchApplied',
          data: { listId: OWN, batchId: 'batch-1', releaseHash: HASH_1, releaseDate: R1.releaseDate, applied: APPLIED, skipped: SKIPPED, appliedAt: LATER },
        },
      ]);
  });

  it('decides nothing for a batch already applied', () => {
    given(applied()).when(complete()).thenNothing();
  });

  it.each<[string, () => ListEvent[]]>([
    ['prepared', prepared],
    ['rejected', rejected],
  ])('refuses a batch that is %s, not approved', (_status, history) => {
    given(history()).when(complete()).thenThrows(ImportErrorCode.BatchNotApproved);
  });

  it('refuses a batch this list does not have', () => {
    given(approved()).when(complete('batch-9')).thenThrows(ImportErrorCode.BatchNotFound);
  });

  it('is closed on the authority of the official who approved it, and no one else', () => {
    given(approved()).when(complete('batch-1', { id: 'senior-9', roles: ['senior_official'] })).thenThrows(ImportErrorCode.RoleRequired);
  });
});

describe('releaseInstant', () => {
  it('orders dates, UTC date-times without an offset and date-times with one as instants', () => {
    expect(releaseInstant('2018-06-21')).toBe(Date.parse('2018-06-21T00:00:00Z'));
    expect(releaseInstant('2018-06-21T19:02:22')).toBe(Date.parse('2018-06-21T19:02:22Z'));
    // Five in the morning at +06:00 is before eight the evening before in UTC? No: 23:00Z the day before.
    expect(releaseInstant('2018-06-22T05:00:00+06:00')).toBeLessThan(releaseInstant('2018-06-21T23:30:00'));
    expect(releaseInstant('not a date')).toBe(Number.NEGATIVE_INFINITY);
  });
});

// ── partners' lists ──────────────────────────────────────────────────────────────────────────

describe('RecordPartnerRelease', () => {
  it('records the release, its counts and its candidates, by who read it', () => {
    given([])
      .when(recordPartner())
      .then([
        {
          type: 'PartnerReleaseRecorded',
          data: { listId: PARTNER, release: R1, baseReleaseHash: null, counts: PARTNER_COUNTS, changesRecorded: 0, candidates: [candidate('1')], recordedBy: official.id },
        },
      ]);
  });

  it('records the next release over the current one', () => {
    given(partnerRecorded())
      .when(recordPartner({ release: R2, baseReleaseHash: HASH_1, candidates: [] }, senior))
      .then([expect.objectContaining({ type: 'PartnerReleaseRecorded', data: expect.objectContaining({ release: R2, baseReleaseHash: HASH_1, recordedBy: senior.id }) })]);
  });

  it('needs an official', () => {
    given([]).when(recordPartner({}, reviewer)).thenThrows(ImportErrorCode.RoleRequired);
  });

  it('is for a partner\'s list only', () => {
    given([]).when(recordPartner({ role: 'own' })).thenThrows(ImportErrorCode.WrongListRole);
  });

  it('refuses a release older than the partner\'s current one', () => {
    given(eventsOf(recordPartner({ release: R2 })))
      .when(recordPartner({ release: R1, baseReleaseHash: HASH_2 }))
      .thenThrows(ImportErrorCode.ReleaseOlder);
  });

  it('refuses the current release again, and an earlier one already recorded', () => {
    given(partnerRecorded())
      .when(recordPartner({ baseReleaseHash: HASH_1 }))
      .thenThrows(ImportErrorCode.ReleaseAlreadyRecorded);
    const two = eventsOf(recordPartner(), recordPartner({ release: R2, baseReleaseHash: HASH_1 }));
    given(two)
      .when(recordPartner({ release: R1, baseReleaseHash: HASH_2 }))
      .thenThrows(ImportErrorCode.ReleaseAlreadyRecorded);
  });

  it('refuses a comparison with anything but the current release', () => {
    given(partnerRecorded())
      .when(recordPartner({ release: R2, baseReleaseHash: null }))
      .thenThrows(ImportErrorCode.BaseChanged);
    given([]).when(recordPartner({ baseReleaseHash: HASH_3 })).thenThrows(ImportErrorCode.BaseChanged);
  });
});

describe('DismissCandidate', () => {
  it('records the dismissal with its reason, trimmed, and who dismissed it', () => {
    given(partnerRecorded())
      .when(dismiss('candidate-1', ' Not a cyber case '))
      .then([{ type: 'AlignmentCandidateDismissed', data: { listId: PARTNER, candidateId: 'candidate-1', reason: 'Not a cyber case', dismissedBy: official.id } }]);
  });

  it('needs an official', () => {
    given(partnerRecorded()).when(dismiss('candidate-1', 'No', reviewer)).thenThrows(ImportErrorCode.RoleRequired);
  });

  it('needs a reason', () => {
    given(partnerRecorded()).when(dismiss('candidate-1', '')).thenThrows(ImportErrorCode.ReasonRequired);
  });

  it('refuses a candidate the list does not have', () => {
    given(partnerRecorded()).when(dismiss('candidate-9')).thenThrows(ImportErrorCode.CandidateNotFound);
  });

  it('refuses a candidate already dismissed or proposed', () => {
    given(eventsOf(recordPartner(), dismiss())).when(dismiss()).thenThrows(ImportErrorCode.CandidateClosed);
    given(eventsOf(recordPartner(), markProposed())).when(dismiss()).thenThrows(ImportErrorCode.CandidateClosed);
  });
});

describe('MarkCandidateProposed', () => {
  it('records the proposal the candidate became', () => {
    given(partnerRecorded())
      .when(markProposed())
      .then([{ type: 'AlignmentCandidateProposed', data: { listId: PARTNER, candidateId: 'candidate-1', designationId: 'designation-1', proposedBy: official.id } }]);
  });

  it('decides nothing when the same proposal is marked again', () => {
    given(eventsOf(recordPartner(), markProposed())).when(markProposed('candidate-1', 'designation-1', senior)).thenNothing();
  });

  it('refuses another proposal for a candidate already proposed, and a dismissed candidate', () => {
    given(eventsOf(recordPartner(), markProposed())).when(markProposed('candidate-1', 'designation-2')).thenThrows(ImportErrorCode.CandidateClosed);
    given(eventsOf(recordPartner(), dismiss())).when(markProposed()).thenThrows(ImportErrorCode.CandidateClosed);
  });

  it('needs an official', () => {
    given(partnerRecorded()).when(markProposed('candidate-1', 'designation-1', reviewer)).thenThrows(ImportErrorCode.RoleRequired);
  });

  it('refuses a candidate the list does not have', () => {
    given(partnerRecorded()).when(markProposed('candidate-9')).thenThrows(ImportErrorCode.CandidateNotFound);
  });
});

// ── evolve ───────────────────────────────────────────────────────────────────────────────────

describe('evolveList', () => {
  it('starts with no release, no batch and no candidate', () => {
    expect(initialListState()).toEqual({ releases: [], batches: {}, candidates: {} });
    expect(listDecider.initialState()).toEqual(initialListState());
  });

  it('follows a batch from prepared to applied, moving the list to its release only once applied', () => {
    const afterPrepare = stateOf(prepare());
    expect(afterPrepare.current).toBeUndefined();
    expect(afterPrepare.releases).toEqual([]);
    expect(afterPrepare.batches['batch-1']).toEqual({
      batchId: 'batch-1',
      status: 'prepared',
      release: R1,
      baseReleaseHash: null,
      mapping: mapping(),
      terms: importTerms(),
      counts: COUNTS,
      digest: DIGEST,
      preparedBy: official.id,
      preparedAt: NOW,
    });

    const afterApprove = stateOf(prepare(), approve());
    expect(afterApprove.current).toBeUndefined();
    expect(afterApprove.batches['batch-1']).toMatchObject({ status: 'approved', approvedBy: senior.id, approver: { id: senior.id, roles: ['senior_official'] }, approvedAt: LATER });

    const afterApply = stateOf(prepare(), approve(), complete());
    expect(afterApply.current).toEqual({ releaseHash: HASH_1, releaseDate: R1.releaseDate });
    expect(afterApply.releases).toEqual([{ releaseHash: HASH_1, releaseDate: R1.releaseDate, batchId: 'batch-1' }]);
    expect(afterApply.batches['batch-1']).toMatchObject({
      status: 'applied',
      applied: { listId: OWN, batchId: 'batch-1', releaseHash: HASH_1, releaseDate: R1.releaseDate, applied: APPLIED, skipped: SKIPPED, appliedAt: LATER },
    });
  });

  it('keeps each applied release in order, the last one current', () => {
    const state = stateOf(prepare(), approve(), complete(), prepare({ batchId: 'batch-2', release: R2, baseReleaseHash: HASH_1 }), approve('batch-2'), complete('batch-2'));
    expect(state.current).toEqual({ releaseHash: HASH_2, releaseDate: R2.releaseDate });
    expect(state.releases.map((r) => [r.releaseHash, r.batchId])).toEqual([
      [HASH_1, 'batch-1'],
      [HASH_2, 'batch-2'],
    ]);
  });

  it('records a rejection without moving the list', () => {
    const state = stateOf(prepare(), reject());
    expect(state.batches['batch-1']).toMatchObject({ status: 'rejected', rejection: { by: senior.id, reason: 'The mapping is too wide' } });
    expect(state.current).toBeUndefined();
  });

  it('moves a partner\'s list to each recorded release and opens its candidates', () => {
    const state = stateOf(recordPartner({ candidates: [candidate('1'), candidate('2')] }));
    expect(state.current).toEqual({ releaseHash: HASH_1, releaseDate: R1.releaseDate });
    expect(state.releases).toEqual([{ releaseHash: HASH_1, releaseDate: R1.releaseDate }]);
    expect(state.candidates).toEqual({
      'candidate-1': { ...candidate('1'), status: 'open' },
      'candidate-2': { ...candidate('2'), status: 'open' },
    });
  });

  it('closes a candidate as dismissed or proposed', () => {
    const state = stateOf(recordPartner({ candidates: [candidate('1'), candidate('2')] }), dismiss('candidate-1'), markProposed('candidate-2', 'designation-7'));
    expect(state.candidates['candidate-1']).toMatchObject({ status: 'dismissed', dismissal: { reason: 'Not a cyber case', by: official.id } });
    expect(state.candidates['candidate-2']).toMatchObject({ status: 'proposed', designationId: 'designation-7' });
  });

  it('does not reopen a dismissed or proposed candidate that a later release names again, but refreshes an open one', () => {
    const state = stateOf(
      recordPartner({ candidates: [candidate('1'), candidate('2'), candidate('3')] }),
      dismiss('candidate-1'),
      markProposed('candidate-2', 'designation-7'),
      recordPartner({ release: R2, baseReleaseHash: HASH_1, candidates: [candidate('1', R2), candidate('2', R2), candidate('3', R2), candidate('4', R2)] }),
    );
    expect(state.current).toEqual({ releaseHash: HASH_2, releaseDate: R2.releaseDate });
    expect(state.candidates['candidate-1']).toMatchObject({ status: 'dismissed', releaseHash: HASH_1 });
    expect(state.candidates['candidate-2']).toMatchObject({ status: 'proposed', designationId: 'designation-7', releaseHash: HASH_1 });
    expect(state.candidates['candidate-3']).toMatchObject({ status: 'open', releaseHash: HASH_2 });
    expect(state.candidates['candidate-4']).toMatchObject({ status: 'open', releaseHash: HASH_2 });
  });

  it('keeps candidates a later release does not name', () => {
    const state = stateOf(recordPartner(), recordPartner({ release: R2, baseReleaseHash: HASH_1, candidates: [] }));
    expect(state.candidates['candidate-1']).toMatchObject({ status: 'open', releaseHash: HASH_1 });
  });

  it('ignores an event about a batch or candidate it does not know, and an unknown event', () => {
    const state = stateOf(prepare());
    expect(evolveList(state, { type: 'ImportBatchApproved', data: { listId: OWN, batchId: 'batch-9', approvedBy: senior.id, approver: senior, approvedAt: LATER } })).toEqual(state);
    expect(evolveList(state, { type: 'AlignmentCandidateDismissed', data: { listId: OWN, candidateId: 'candidate-9', reason: 'x', dismissedBy: official.id } })).toEqual(state);
    expect(evolveList(state, { type: 'SomethingElse', data: { listId: OWN } } as unknown as ListEvent)).toBe(state);
  });

  it('never changes the state it is given', () => {
    const state = stateOf(prepare());
    const snapshot = structuredClone(state);
    eventsOf(prepare(), approve(), complete()).forEach((event) => evolveList(state, event));
    expect(state).toEqual(snapshot);
  });
});
