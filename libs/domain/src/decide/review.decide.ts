import type {
  CompleteReview,
  FlagOverdueNotification,
  IssueReviewReminder,
  RecordRepresentation,
  RecordTargetNotification,
} from '../designation.commands';
import type {
  RepresentationReceived,
  ReviewCompleted,
  ReviewReminderIssued,
  TargetNotificationOverdue,
  TargetNotified,
} from '../designation.events';
import { reminderKey } from '../designation.evolve';
import type { DesignationState } from '../designation.state';
import { ErrorCode, reject } from '../errors';
import type { Policy } from '../policy';
import { addDuration, isAfter, isBefore, normalizeInstant } from '../time';
import { dueReminder } from './reminder.schedule';
import { NOTIFICATION_CHANNELS, REVIEW_OUTCOMES } from '../designation.types';
import { requireDesignation, requireOneOf, requireRole, requireStatus, requireText, stamp } from './guards';

export function recordTargetNotification(
  command: RecordTargetNotification,
  state: DesignationState,
  policy: Policy,
): [TargetNotified] {
  const { data, metadata } = command;
  requireStatus(state, ErrorCode.NotActive, 'active');
  requireRole(metadata.actor, 'official');
  requireOneOf(NOTIFICATION_CHANNELS, data.channel, 'channel');
  const notifiedAt = notInFuture(data.notifiedAt, metadata.now, 'notifiedAt');
  const responseDeadline = normalizeInstant(data.responseDeadline, 'responseDeadline');
  if (!isAfter(responseDeadline, notifiedAt)) {
    reject(ErrorCode.ResponseDeadlineNotAfterNotice, 'responseDeadline must be after notifiedAt');
  }
  return [
    { type: 'TargetNotified', data: { ...stamp(policy, data.designationId), channel: data.channel, notifiedAt, responseDeadline } },
  ];
}

export function recordRepresentation(
  command: RecordRepresentation,
  state: DesignationState,
  policy: Policy,
): [RepresentationReceived] {
  const { data, metadata } = command;
  const designation = requireStatus(state, ErrorCode.NotInForce, 'active', 'suspended');
  requireRole(metadata.actor, 'official');
  if (designation.representations.some((r) => r.representationId === data.representationId)) {
    reject(ErrorCode.DuplicateId, `Representation ${data.representationId} is already recorded`);
  }
  requireText(data.submittedBy, 'submittedBy');
  requireText(data.summary, 'summary');
  const receivedAt = notInFuture(data.receivedAt, metadata.now, 'receivedAt');
  return [
    {
      type: 'RepresentationReceived',
      data: {
        ...stamp(policy, data.designationId),
        representationId: data.representationId,
        receivedAt,
        submittedBy: data.submittedBy,
        summary: data.summary,
      },
    },
  ];
}

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

/** System command: flags, once, a target not notified by the policy's deadline. */
export function flagOverdueNotification(
  command: FlagOverdueNotification,
  state: DesignationState,
  policy: Policy,
): TargetNotificationOverdue[] {
  const { data, metadata } = command;
  requireRole(metadata.actor, 'system');
  const designation = requireDesignation(state);
  const { status, notificationDueAt, notifiedAt, notificationOverdueFlagged } = designation;
  const inForce = status === 'active' || status === 'suspended';
  if (!inForce || !notificationDueAt || notifiedAt || notificationOverdueFlagged) return [];
  if (isBefore(normalizeInstant(metadata.now, 'now'), notificationDueAt)) return [];
  return [{ type: 'TargetNotificationOverdue', data: { ...stamp(policy, data.designationId), notificationDueAt } }];
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

function notInFuture(value: string, nowValue: string, field: string): string {
  const instant = normalizeInstant(value, field);
  if (isAfter(instant, normalizeInstant(nowValue, 'now'))) {
    reject(ErrorCode.NotYetHappened, `${field} cannot be in the future`, { field });
  }
  return instant;
}
