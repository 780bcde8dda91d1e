import { createHash } from 'node:crypto';
import { nextReminder, toMillis, type Designation, type Policy } from '@app/domain';

/**
 * The deadlines projection: every deadline the service keeps by itself (DOMAIN.md, "Deadlines the
 * service keeps by itself"), derived from a designation's folded state, never from memory. Each
 * becomes one delayed job whose only effect is a system command; the decider decides.
 */
export type DeadlineKind = 'sunset' | 'exemption-expiry' | 'review-reminder' | 'notification-overdue';

export interface SystemCommandSpec {
  type: 'ExpireDesignation' | 'ExpireExemption' | 'IssueReviewReminder' | 'FlagOverdueNotification';
  data: Record<string, string>;
}

export interface Deadline {
  /** Deterministic, and the BullMQ job id: a moved deadline gets a new id, a re-added one the same. */
  id: string;
  designationId: string;
  kind: DeadlineKind;
  dueAt: string;
  command: SystemCommandSpec;
}

const EPOCH = '1970-01-01T00:00:00.000Z';

export function deadlinesOf(d: Designation, policy: Policy): Deadline[] {
  if (d.status !== 'active' && d.status !== 'suspended') return [];
  const deadlines: Deadline[] = [make(d, 'sunset', d.sunsetAt, { type: 'ExpireDesignation', data: {} })];
  for (const exemption of d.exemptions) {
    if (exemption.status !== 'in_force') continue;
    deadlines.push(make(d, 'exemption-expiry', exemption.validUntil, { type: 'ExpireExemption', data: { exemptionId: exemption.exemptionId } }, exemption.exemptionId));
  }
  if (d.nextReviewDueAt) {
    const due = d.nextReviewDueAt;
    const issued = d.remindersIssued
      .filter((key) => key.startsWith(`${due}|`))
      .map((key) => key.slice(due.length + 1))
      .sort((a, b) => toMillis(a) - toMillis(b))
      .at(-1);
    const next = nextReminder(policy, due, issued ?? EPOCH);
    deadlines.push(make(d, 'review-reminder', next.remindAt, { type: 'IssueReviewReminder', data: { reviewDueAt: due } }));
  }
  if (d.status === 'active' && d.notificationDueAt && !d.notifiedAt && !d.notificationOverdueFlagged) {
    deadlines.push(make(d, 'notification-overdue', d.notificationDueAt, { type: 'FlagOverdueNotification', data: {} }));
  }
  return deadlines;
}

/**
 * `<kind>-<designation>-<due ms>[-<hash of the exemption id>]`: no `:` (BullMQ's separator), never
 * all digits, and the same for the same deadline however often it is derived.
 */
function make(d: Designation, kind: DeadlineKind, dueAt: string, command: SystemCommandSpec, qualifier?: string): Deadline {
  const suffix = qualifier === undefined ? '' : `-${createHash('sha256').update(qualifier).digest('hex').slice(0, 16)}`;
  return { id: `${kind}-${d.designationId}-${toMillis(dueAt)}${suffix}`, designationId: d.designationId, kind, dueAt, command };
}
