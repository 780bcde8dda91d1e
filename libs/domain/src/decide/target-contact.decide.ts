import type { FlagOverdueNotification, RecordRepresentation, RecordTargetNotification } from '../designation.commands';
import type { RepresentationReceived, TargetNotificationOverdue, TargetNotified } from '../designation.events';
import type { DesignationState } from '../designation.state';
import { ErrorCode, reject } from '../errors';
import type { Policy } from '../policy';
import { isAfter, isBefore, normalizeInstant } from '../time';
import { NOTIFICATION_CHANNELS } from '../designation.types';
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

function notInFuture(value: string, nowValue: string, field: string): string {
  const instant = normalizeInstant(value, field);
  if (isAfter(instant, normalizeInstant(nowValue, 'now'))) {
    reject(ErrorCode.NotYetHappened, `${field} cannot be in the future`, { field });
  }
  return instant;
}
