import type { Actor } from '@app/domain';
import type { Listing } from '@app/lists';
import type { ImportMapping, ImportTerms } from './import-mapping';
import type { PlanCounts } from './plan';

/** A release as the list's events cite it: the archive holds its exact bytes under `releaseHash`. */
export interface ReleaseInfo {
  releaseHash: string;
  releaseDate: string;
  format: string;
  source: string;
  parts: { role: string; sha256: string; bytes: number }[];
  listings: number;
}

export interface SkippedEntry {
  sourceId: string;
  action: string;
  code: string;
  message: string;
}

/** A partner's listing that none of our designations references, in a program we watch. */
export interface AlignmentCandidate {
  candidateId: string;
  sourceId: string;
  /** `<source>:<id>` forms a designation would cite it by. */
  references: string[];
  name: string;
  programs: string[];
  listedOn?: string;
  releaseHash: string;
  releaseDate: string;
  /** The partner's data as listed. */
  listing: Listing;
}

type Event<Type extends string, Data> = { type: Type; data: Data & { listId: string } };

export type ImportBatchPrepared = Event<
  'ImportBatchPrepared',
  {
    batchId: string;
    release: ReleaseInfo;
    baseReleaseHash: string | null;
    mapping: ImportMapping;
    terms: ImportTerms;
    counts: PlanCounts;
    digest: string;
    preparedBy: string;
    preparedAt: string;
  }
>;
export type ImportBatchApproved = Event<'ImportBatchApproved', { batchId: string; approvedBy: string; approver: Actor; approvedAt: string }>;
export type ImportBatchRejected = Event<'ImportBatchRejected', { batchId: string; rejectedBy: string; reason: string }>;
export type ImportBatchApplied = Event<
  'ImportBatchApplied',
  { batchId: string; releaseHash: string; releaseDate: string; applied: { added: number; lifted: number; amended: number }; skipped: SkippedEntry[]; appliedAt: string }
>;
export type PartnerReleaseRecorded = Event<
  'PartnerReleaseRecorded',
  {
    release: ReleaseInfo;
    baseReleaseHash: string | null;
    counts: { added: number; removed: number; amended: number; unchanged: number };
    /** Changes recorded on our designations that reference a changed entry. */
    changesRecorded: number;
    candidates: AlignmentCandidate[];
    recordedBy: string;
  }
>;
export type AlignmentCandidateDismissed = Event<'AlignmentCandidateDismissed', { candidateId: string; reason: string; dismissedBy: string }>;
export type AlignmentCandidateProposed = Event<'AlignmentCandidateProposed', { candidateId: string; designationId: string; proposedBy: string }>;

export type ListEvent =
  | ImportBatchPrepared
  | ImportBatchApproved
  | ImportBatchRejected
  | ImportBatchApplied
  | PartnerReleaseRecorded
  | AlignmentCandidateDismissed
  | AlignmentCandidateProposed;
