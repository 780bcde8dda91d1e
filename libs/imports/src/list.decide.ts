import type { Actor } from '@app/domain';
import type { ImportMapping, ImportTerms } from './import-mapping';
import { ImportErrorCode, refuse } from './import.errors';
import type {
  AlignmentCandidate,
  ImportBatchApplied,
  ImportBatchPrepared,
  ListEvent,
  ReleaseInfo,
  SkippedEntry,
} from './list.events';
import type { PlanCounts } from './plan';
import type { ListRole } from './list-ids';

type Command<Type extends string, Data> = { type: Type; data: Data & { listId: string }; metadata: { now: string; actor: Actor } };

export type PrepareImportBatch = Command<
  'PrepareImportBatch',
  { batchId: string; role: ListRole; release: ReleaseInfo; baseReleaseHash: string | null; mapping: ImportMapping; terms: ImportTerms; counts: PlanCounts; digest: string }
>;
export type ApproveImportBatch = Command<'ApproveImportBatch', { batchId: string }>;
export type RejectImportBatch = Command<'RejectImportBatch', { batchId: string; reason: string }>;
export type CompleteImportBatch = Command<'CompleteImportBatch', { batchId: string; applied: ImportBatchApplied['data']['applied']; skipped: SkippedEntry[] }>;
export type RecordPartnerRelease = Command<
  'RecordPartnerRelease',
  { role: ListRole; release: ReleaseInfo; baseReleaseHash: string | null; counts: { added: number; removed: number; amended: number; unchanged: number }; changesRecorded: number; candidates: AlignmentCandidate[] }
>;
export type DismissCandidate = Command<'DismissCandidate', { candidateId: string; reason: string }>;
export type MarkCandidateProposed = Command<'MarkCandidateProposed', { candidateId: string; designationId: string }>;

export type ListCommand =
  | PrepareImportBatch
  | ApproveImportBatch
  | RejectImportBatch
  | CompleteImportBatch
  | RecordPartnerRelease
  | DismissCandidate
  | MarkCandidateProposed;

export type BatchStatus = 'prepared' | 'approved' | 'rejected' | 'applied';

/** A batch as prepared (the event's own fields), and what became of it. */
export interface BatchState extends Omit<ImportBatchPrepared['data'], 'listId'> {
  status: BatchStatus;
  approvedBy?: string;
  approver?: Actor;
  approvedAt?: string;
  rejection?: { by: string; reason: string };
  applied?: ImportBatchApplied['data'];
}

export type CandidateStatus = 'open' | 'dismissed' | 'proposed';
export interface CandidateState extends AlignmentCandidate {
  status: CandidateStatus;
  dismissal?: { reason: string; by: string };
  designationId?: string;
}

export interface ListState {
  /** The release the list is at: the last applied (own) or recorded (partner). */
  current?: { releaseHash: string; releaseDate: string };
  releases: { releaseHash: string; releaseDate: string; batchId?: string }[];
  batches: Record<string, BatchState>;
  candidates: Record<string, CandidateState>;
}

export function initialListState(): ListState {
  return { releases: [], batches: {}, candidates: {} };
}

const OFFICIALS = ['official', 'senior_official'];

function requireAnyRole(actor: Actor, roles: string[]): void {
  if (!actor.roles.some((role) => roles.includes(role))) {
    refuse(ImportErrorCode.RoleRequired, `This needs the role ${roles.join(' or ')}`, { required: roles });
  }
}

function requireBatch(state: ListState, batchId: string): BatchState {
  return state.batches[batchId] ?? refuse(ImportErrorCode.BatchNotFound, `No import batch ${batchId} on this list`, { batchId });
}

function requireText(text: string | undefined, field: string): string {
  const value = text?.trim();
  if (!value) refuse(ImportErrorCode.ReasonRequired, `${field} is required`, { field });
  return value;
}

/** A release can only move the list forward: an older one is refused, and it never reverses a newer. */
function requireNewRelease(state: ListState, release: ReleaseInfo): void {
  const current = state.current;
  if (!current) return;
  if (current.releaseHash === release.releaseHash || state.releases.some((r) => r.releaseHash === release.releaseHash)) {
    refuse(ImportErrorCode.ReleaseAlreadyRecorded, `Release ${release.releaseHash} is already on this list; nothing was recorded`, { releaseHash: release.releaseHash });
  }
  if (releaseInstant(release.releaseDate) < releaseInstant(current.releaseDate)) {
    refuse(ImportErrorCode.ReleaseOlder, `This release (${release.releaseDate}) is older than the list's current one (${current.releaseDate}); it is not recorded and changes nothing`, {
      releaseDate: release.releaseDate,
      currentReleaseDate: current.releaseDate,
      currentReleaseHash: current.releaseHash,
    });
  }
}

/**
 * A release date as an instant, to compare: a bare date is its start (UTC), a date-time without an
 * offset is read as UTC (the UN's dateGenerated), one with an offset as given.
 */
export function releaseInstant(date: string): number {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(date) ? date : `${date}Z`;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
}

function requireBase(state: ListState, baseReleaseHash: string | null): void {
  const current = state.current?.releaseHash ?? null;
  if (current !== baseReleaseHash) {
    refuse(ImportErrorCode.BaseChanged, 'The list moved on since this was compared with it: compare again', { baseReleaseHash, currentReleaseHash: current });
  }
}

export function decideList(command: ListCommand, state: ListState): ListEvent[] {
  const { metadata } = command;
  const { actor, now } = metadata;
  const listId = command.data.listId;
  switch (command.type) {
    case 'PrepareImportBatch': {
      const { data } = command;
      requireAnyRole(actor, OFFICIALS);
      if (data.role !== 'own' || !listId.startsWith('own-')) refuse(ImportErrorCode.WrongListRole, 'Import batches are for the authority\'s own list; a partner\'s release is recorded instead');
      if (state.batches[data.batchId]) return []; // the same release, base, mapping and terms: already prepared
      const open = Object.values(state.batches).find((b) => b.status === 'prepared' || b.status === 'approved');
      if (open) refuse(ImportErrorCode.BatchOpen, `Batch ${open.batchId} is still ${open.status} on this list: approve, reject or let it finish first`, { batchId: open.batchId, status: open.status });
      requireNewRelease(state, data.release);
      requireBase(state, data.baseReleaseHash);
      const { role: _role, ...rest } = data;
      return [{ type: 'ImportBatchPrepared', data: { ...rest, preparedBy: actor.id, preparedAt: now } }];
    }
    case 'ApproveImportBatch': {
      requireAnyRole(actor, ['senior_official']);
      const batch = requireBatch(state, command.data.batchId);
      if (batch.status !== 'prepared') refuse(ImportErrorCode.BatchNotPrepared, `Batch ${batch.batchId} is ${batch.status}`, { status: batch.status });
      if (batch.preparedBy === actor.id) refuse(ImportErrorCode.FourEyes, 'A batch is approved by a second official, not the one who prepared it', { preparedBy: batch.preparedBy });
      requireBase(state, batch.baseReleaseHash);
      return [{ type: 'ImportBatchApproved', data: { listId, batchId: batch.batchId, approvedBy: actor.id, approver: { id: actor.id, roles: [...actor.roles], ...(actor.ministry ? { ministry: actor.ministry } : {}) }, approvedAt: now } }];
    }
    case 'RejectImportBatch': {
      requireAnyRole(actor, ['senior_official']);
      const batch = requireBatch(state, command.data.batchId);
      if (batch.status !== 'prepared') refuse(ImportErrorCode.BatchNotPrepared, `Batch ${batch.batchId} is ${batch.status}`, { status: batch.status });
      return [{ type: 'ImportBatchRejected', data: { listId, batchId: batch.batchId, rejectedBy: actor.id, reason: requireText(command.data.reason, 'reason') } }];
    }
    case 'CompleteImportBatch': {
      const batch = requireBatch(state, command.data.batchId);
      if (batch.status === 'applied') return [];
      if (batch.status !== 'approved') refuse(ImportErrorCode.BatchNotApproved, `Batch ${batch.batchId} is ${batch.status}`, { status: batch.status });
      // Applied on the approver's authority, and closed on it.
      if (actor.id !== batch.approvedBy) refuse(ImportErrorCode.RoleRequired, 'A batch is completed on the authority of the official who approved it', { approvedBy: batch.approvedBy });
      const { release } = batch;
      return [
        {
          type: 'ImportBatchApplied',
          data: { listId, batchId: batch.batchId, releaseHash: release.releaseHash, releaseDate: release.releaseDate, applied: command.data.applied, skipped: command.data.skipped, appliedAt: now },
        },
      ];
    }
    case 'RecordPartnerRelease': {
      const { data } = command;
      // Or the service itself, recording a release it fetched on schedule (PARTNER_FEEDS).
      requireAnyRole(actor, [...OFFICIALS, 'system']);
      if (data.role !== 'partner' || !listId.startsWith('partner-')) refuse(ImportErrorCode.WrongListRole, 'Only a partner\'s list is watched; the authority\'s own list is imported in batches');
      requireNewRelease(state, data.release);
      requireBase(state, data.baseReleaseHash);
      const { role: _role, ...rest } = data;
      return [{ type: 'PartnerReleaseRecorded', data: { ...rest, recordedBy: actor.id } }];
    }
    case 'DismissCandidate': {
      requireAnyRole(actor, OFFICIALS);
      const candidate = requireOpenCandidate(state, command.data.candidateId);
      return [{ type: 'AlignmentCandidateDismissed', data: { listId, candidateId: candidate.candidateId, reason: requireText(command.data.reason, 'reason'), dismissedBy: actor.id } }];
    }
    case 'MarkCandidateProposed': {
      requireAnyRole(actor, OFFICIALS);
      const existing = state.candidates[command.data.candidateId];
      if (existing?.status === 'proposed' && existing.designationId === command.data.designationId) return [];
      const candidate = requireOpenCandidate(state, command.data.candidateId);
      return [{ type: 'AlignmentCandidateProposed', data: { listId, candidateId: candidate.candidateId, designationId: command.data.designationId, proposedBy: actor.id } }];
    }
  }
}

function requireOpenCandidate(state: ListState, candidateId: string): CandidateState {
  const candidate = state.candidates[candidateId] ?? refuse(ImportErrorCode.CandidateNotFound, `No alignment candidate ${candidateId}`, { candidateId });
  if (candidate.status !== 'open') refuse(ImportErrorCode.CandidateClosed, `The candidate was already ${candidate.status}`, { status: candidate.status });
  return candidate;
}

export function evolveList(state: ListState, event: ListEvent): ListState {
  switch (event.type) {
    case 'ImportBatchPrepared': {
      const { listId: _l, ...batch } = event.data;
      return { ...state, batches: { ...state.batches, [batch.batchId]: { ...batch, status: 'prepared' } } };
    }
    case 'ImportBatchApproved': {
      const { batchId, approvedBy, approver, approvedAt } = event.data;
      return withBatch(state, batchId, (b) => ({ ...b, status: 'approved', approvedBy, approver, approvedAt }));
    }
    case 'ImportBatchRejected': {
      const { batchId, rejectedBy, reason } = event.data;
      return withBatch(state, batchId, (b) => ({ ...b, status: 'rejected', rejection: { by: rejectedBy, reason } }));
    }
    case 'ImportBatchApplied': {
      const { batchId, releaseHash, releaseDate } = event.data;
      const next = withBatch(state, batchId, (b) => ({ ...b, status: 'applied', applied: event.data }));
      return { ...next, current: { releaseHash, releaseDate }, releases: [...state.releases, { releaseHash, releaseDate, batchId }] };
    }
    case 'PartnerReleaseRecorded': {
      const { release, candidates } = event.data;
      const opened = Object.fromEntries(
        candidates.filter((c) => state.candidates[c.candidateId]?.status !== 'dismissed' && state.candidates[c.candidateId]?.status !== 'proposed').map((c) => [c.candidateId, { ...c, status: 'open' as const }]),
      );
      return {
        ...state,
        current: { releaseHash: release.releaseHash, releaseDate: release.releaseDate },
        releases: [...state.releases, { releaseHash: release.releaseHash, releaseDate: release.releaseDate }],
        candidates: { ...state.candidates, ...opened },
      };
    }
    case 'AlignmentCandidateDismissed': {
      const { candidateId, reason, dismissedBy } = event.data;
      return withCandidate(state, candidateId, (c) => ({ ...c, status: 'dismissed', dismissal: { reason, by: dismissedBy } }));
    }
    case 'AlignmentCandidateProposed': {
      const { candidateId, designationId } = event.data;
      return withCandidate(state, candidateId, (c) => ({ ...c, status: 'proposed', designationId }));
    }
    default:
      return state;
  }
}

function withBatch(state: ListState, batchId: string, change: (batch: BatchState) => BatchState): ListState {
  const batch = state.batches[batchId];
  return batch ? { ...state, batches: { ...state.batches, [batchId]: change(batch) } } : state;
}

function withCandidate(state: ListState, candidateId: string, change: (candidate: CandidateState) => CandidateState): ListState {
  const candidate = state.candidates[candidateId];
  return candidate ? { ...state, candidates: { ...state.candidates, [candidateId]: change(candidate) } } : state;
}

export const listDecider = { decide: decideList, evolve: evolveList, initialState: initialListState };
