import type { DesignationTerms } from './designation.commands';
import type { ExemptionTerms, Instant, Measure, PartnerListingChange, Provenance, ReviewOutcome } from './designation.types';

export const STATUSES = ['proposed', 'active', 'suspended', 'lifted', 'expired', 'rejected', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];

export const FINAL_STATUSES = ['lifted', 'expired', 'rejected', 'withdrawn'] as const satisfies readonly Status[];

export function isFinal(status: Status): boolean {
  return (FINAL_STATUSES as readonly Status[]).includes(status);
}

/**
 * `revoked` and `expired` end an exemption on its own; `ended` is an exemption that ended with its
 * designation (lifted, annulled by a court, or a proposal rejected or withdrawn): it carves out of
 * measures that no longer bind, so it is in force no more.
 */
export const EXEMPTION_STATUSES = ['in_force', 'revoked', 'expired', 'ended'] as const;
export type ExemptionStatus = (typeof EXEMPTION_STATUSES)[number];

export interface ExemptionState extends ExemptionTerms {
  status: ExemptionStatus;
  /**
   * When it stopped being in force: the revocation's or expiry's effective instant, or the end of
   * its designation. Absent while in force, and for a proposal's standing exemptions ended by the
   * proposal's rejection or withdrawal (they never came into force).
   */
  endedAt?: Instant;
}

export interface RepresentationState {
  representationId: string;
  receivedAt: Instant;
  /** Considered by a completed review since it was received. */
  considered: boolean;
}

export interface Designation
  extends Omit<DesignationTerms, 'exemptions' | 'measures'> {
  status: Status;
  designationId: string;
  proposedBy: string;
  /** When it was proposed; absent for proposals recorded before proposals carried it. */
  proposedAt?: Instant;
  measures: Measure[];
  exemptions: ExemptionState[];
  effectiveAt?: Instant;
  listingDate?: string;
  nextReviewDueAt?: Instant;
  notificationDueAt?: Instant;
  notifiedAt?: Instant;
  notificationOverdueFlagged: boolean;
  representations: RepresentationState[];
  lastReview?: { completedAt: Instant; outcome: ReviewOutcome };
  courtOrderIds: string[];
  /** Keys `<reviewDueAt>|<remindAt>` of scheduled reminders already issued (a `partner_change` reminder is none of them). */
  remindersIssued: string[];
  /**
   * The official list entry an imported designation came from; an amendment at the source moves
   * its release (hash, date, batch) on. Absent for a designation proposed here.
   */
  provenance?: Provenance;
  /** Partner list changes recorded against its cross-list references, in log order. */
  partnerChanges: PartnerChangeState[];
}

export interface PartnerChangeState {
  reference: string;
  change: PartnerListingChange;
  releaseHash: string;
  releaseDate: string;
}

export type DesignationState = { status: 'none' } | Designation;

export function initialState(): DesignationState {
  return { status: 'none' };
}

export function exists(state: DesignationState): state is Designation {
  return state.status !== 'none';
}
