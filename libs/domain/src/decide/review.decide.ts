import type { CompleteReview, IssueReviewReminder } from '../designation.commands';
import type { ReviewCompleted, ReviewReminderIssued } from '../designation.events';
import { reminderKey } from '../designation.evolve';
import type { DesignationState } from '../designation.state';
import { ErrorCode, reject } from '../errors';
import type { Policy } from '../policy';
import { addDuration, isAfter, normalizeInstant } from '../time';
import { dueReminder } from './reminder.schedule';
import { REVIEW_OUTCOMES } from '../designation.types';
import { requireDesignation, requireOneOf, requireRole, requireStatus, requireText, stamp } from './guards';

/** System command: the reminder due now for the current review date, once; stale or early calls do nothing. */
export function issueReviewReminder(
  command: IssueReviewReminder,
  state: DesignationState,
  policy: Policy,
): ReviewReminderIssued[] {
  const { data, metadata } = command;
  requireRole(metadata.actor, 'system');
  const designation = requireDesignation(state);
  const reviewDueAt = normalizeInstant(data.reviewDueAt, 'reviewDueAt');
  const inForce = designation.status === 'active' || designation.status === 'suspended';
  if (!inForce || designation.nextReviewDueAt !== reviewDueAt) return [];
  const reminder = dueReminder(policy, reviewDueAt, normalizeInstant(metadata.now, 'now'));
  if (!reminder || designation.remindersIssued.includes(reminderKey(reviewDueAt, reminder.remindAt))) return [];
  return [
    {
      type: 'ReviewReminderIssued',
      data: { ...stamp(policy, data.designationId), reviewDueAt, ...reminder, recipients: designation.reviewingMinistries },
    },
  ];
}

export function completeReview(command: CompleteReview, state: DesignationState, policy: Policy): [ReviewCompleted] {
  const { data, metadata } = command;
  const designation = requireStatus(state, ErrorCode.NotInForce, 'active', 'suspended');
  const { actor } = metadata;
  requireRole(actor, 'reviewer');
  if (!actor.ministry || !designation.reviewingMinistries.includes(actor.ministry)) {
    reject(ErrorCode.MinistryNotResponsible, 'Only a reviewer of a responsible ministry can complete this review', {
      reviewingMinistries: designation.reviewingMinistries,
    });
  }
  requireOneOf(REVIEW_OUTCOMES, data.outcome, 'outcome');
  requireText(data.findings, 'findings');
  const known = designation.representations.map((r) => r.representationId);
  const unknown = data.representationsConsidered.filter((id) => !known.includes(id));
  if (unknown.length > 0) reject(ErrorCode.UnknownRepresentation, 'No such representation', { representationIds: unknown });
  const missing = designation.representations
    .filter((r) => !r.considered && !data.representationsConsidered.includes(r.representationId))
    .map((r) => r.representationId);
  if (missing.length > 0) {
    reject(ErrorCode.RepresentationsNotConsidered, 'Every representation received since the last review must be considered', {
      representationIds: missing,
    });
  }
  const now = normalizeInstant(metadata.now, 'now');
  const nextReviewDueAt = normalizeInstant(data.nextReviewDueAt, 'nextReviewDueAt');
  if (!isAfter(nextReviewDueAt, now)) reject(ErrorCode.NextReviewNotInFuture, 'nextReviewDueAt must be in the future');
  if (isAfter(nextReviewDueAt, designation.sunsetAt)) {
    reject(ErrorCode.NextReviewAfterSunset, 'nextReviewDueAt must not be after the sunset', { sunsetAt: designation.sunsetAt });
  }
  if (isAfter(nextReviewDueAt, addDuration(now, policy.maxReviewInterval))) {
    reject(ErrorCode.ReviewIntervalTooLong, `The next review must be within ${policy.maxReviewInterval}`, {
      maxReviewInterval: policy.maxReviewInterval,
    });
  }
  return [
    {
      type: 'ReviewCompleted',
      data: {
        ...stamp(policy, data.designationId),
        outcome: data.outcome,
        findings: data.findings,
        representationsConsidered: data.representationsConsidered,
        nextReviewDueAt,
        completedAt: now,
        ministry: actor.ministry,
      },
    },
  ];
}
