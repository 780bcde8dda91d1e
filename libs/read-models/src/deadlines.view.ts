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
    const next = nextReminderOf(policy, due, issued ?? EPOCH);
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
  const suffix = qualifier === undefined ? '' : `-${remembered(qualifierHashes, qualifier, () => createHash('sha256').update(qualifier).digest('hex').slice(0, 16))}`;
  return { id: `${kind}-${d.designationId}-${toMillis(dueAt)}${suffix}`, designationId: d.designationId, kind, dueAt, command };
}

/**
 * The projection derives every touched designation's deadlines in each batch, and a rebuild does
 * so for the whole log: the two costly steps, pure functions of few inputs, are remembered (a full
 * cache starts over).
 */
const CACHE_LIMIT = 4096;
const qualifierHashes = new Map<string, string>();
const reminders = new WeakMap<Policy, Map<string, ReturnType<typeof nextReminder>>>();

function nextReminderOf(policy: Policy, due: string, after: string): ReturnType<typeof nextReminder> {
  let known = reminders.get(policy);
  if (!known) reminders.set(policy, (known = new Map()));
  return remembered(known, `${due}|${after}`, () => nextReminder(policy, due, after));
}

function remembered<V>(cache: Map<string, V>, key: string, compute: () => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const value = compute();
  cache.set(key, value);
  return value;
}
