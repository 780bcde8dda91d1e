import { ErrorCode, REVIEW_OUTCOMES, type Designation, type ReviewOutcome } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

/** What each outcome of a review means, as the reviewer chooses it (the decisions it calls for are taken by others). */
const OUTCOME_HINTS: Record<ReviewOutcome, { text: string; hint: string }> = {
  maintain: { text: 'Maintain', hint: 'The grounds still hold: keep the designation and its measures as they are.' },
  amend: { text: 'Amend', hint: 'Keep the designation, with changes to its details or measures, which officials then propose.' },
  escalate: { text: 'Escalate', hint: 'An escalation criterion is met: a senior official should strengthen the measures.' },
  relieve: { text: 'Relieve', hint: 'A rollback condition is met: a senior official should ease the measures.' },
  lift: { text: 'Lift', hint: 'The grounds no longer hold: a senior official should lift the designation.' },
};

/** A representation the next review must consider, as received: who made it and what it says. */
export interface PendingRepresentation {
  representationId: string;
  receivedAt: string;
  submittedBy: string;
  summary: string;
}

/**
 * The representations received since the last review (not yet considered by one), in the order
 * received. The state keeps only their ids; who sent them and what they say is in their events.
 */
export function pendingRepresentations(d: Pick<Designation, 'representations'>, events: readonly RecordedEvent[]): PendingRepresentation[] {
  const received = new Map(
    events.filter((e) => e.type === 'RepresentationReceived').map((e) => [String(e.data.representationId), e.data as unknown as PendingRepresentation]),
  );
  return d.representations
    .filter((r) => !r.considered)
    .map((r) => ({ representationId: r.representationId, receivedAt: r.receivedAt, submittedBy: received.get(r.representationId)?.submittedBy ?? '', summary: received.get(r.representationId)?.summary ?? '' }));
}

/** The review form's choices: the outcomes with what they mean, and the representations to consider. */
export function reviewChoices(d: Designation, events: readonly RecordedEvent[]): Record<string, unknown> {
  return {
    outcomes: REVIEW_OUTCOMES.map((value) => ({ value, ...OUTCOME_HINTS[value] })),
    pending: pendingRepresentations(d, events),
  };
}

/** The review form's fields the domain's refusals belong to, so the error summary links to them. */
export const REVIEW_REFUSAL_FIELDS: Partial<Record<string, string>> = {
  [ErrorCode.RepresentationsNotConsidered]: 'representationsConsidered',
  [ErrorCode.UnknownRepresentation]: 'representationsConsidered',
  [ErrorCode.NextReviewNotInFuture]: 'nextReviewDueAt',
  [ErrorCode.NextReviewAfterSunset]: 'nextReviewDueAt',
  [ErrorCode.ReviewIntervalTooLong]: 'nextReviewDueAt',
};
