import type { DesignationTerms } from './designation.commands';
import type { ExemptionTerms, Instant, Measure, ReviewOutcome } from './designation.types';

export const STATUSES = ['proposed', 'active', 'suspended', 'lifted', 'expired', 'rejected', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];

export const FINAL_STATUSES = ['lifted', 'expired', 'rejected', 'withdrawn'] as const satisfies readonly Status[];

export function isFinal(status: Status): boolean {
  return (FINAL_STATUSES as readonly Status[]).includes(status);
}

export type ExemptionStatus = 'in_force' | 'revoked' | 'expired';

export interface ExemptionState extends ExemptionTerms {
  status: ExemptionStatus;
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
  /** Keys `<reviewDueAt>|<remindAt>` of reminders already issued. */
  remindersIssued: string[];
}

export type DesignationState = { status: 'none' } | Designation;

export function initialState(): DesignationState {
  return { status: 'none' };
}

export function exists(state: DesignationState): state is Designation {
  return state.status !== 'none';
}
