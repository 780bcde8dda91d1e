import type { Instant, ReminderKind } from '../designation.types';
import type { Policy } from '../policy';
import { addDuration, isAfter, parseDuration, toMillis } from '../time';

export interface ScheduledReminder {
  kind: ReminderKind;
  /** The scheduled instant this reminder stands for; with the due date it identifies the reminder. */
  remindAt: Instant;
}

/**
 * Reminder ids are (due date, scheduled instant) rather than DOMAIN.md's (due date, kind): the
 * policy sends several `upcoming` reminders (30, 7 and 1 days before by default) and an `overdue`
 * one every interval, so the kind alone would silence all but the first of each.
 */

/** `upcoming` at each policy offset before the due date, then `due` on it, in time order. */
function remindersUpToDue(policy: Policy, reviewDueAt: Instant): ScheduledReminder[] {
  return [
    ...policy.reviewReminderOffsets.map((offset) => ({
      kind: 'upcoming' as const,
      remindAt: addDuration(reviewDueAt, offset, -1),
    })),
    { kind: 'due' as const, remindAt: reviewDueAt },
  ].sort((a, b) => toMillis(a.remindAt) - toMillis(b.remindAt));
}

function overdueReminder(policy: Policy, reviewDueAt: Instant, step: number): ScheduledReminder {
  const d = parseDuration(policy.overdueReminderInterval, 'overdueReminderInterval');
  const days = (d.weeks * 7 + d.days) * step;
  const scaled = `P${d.years * step}Y${d.months * step}M${days}DT${d.hours * step}H${d.minutes * step}M${d.seconds * step}S`;
  return { kind: 'overdue', remindAt: addDuration(reviewDueAt, scaled) };
}

/** How many overdue reminders are due by `now` (0 while the review is not overdue). */
function overdueStepsBy(policy: Policy, reviewDueAt: Instant, now: Instant): number {
  const elapsed = toMillis(now) - toMillis(reviewDueAt);
  const oneStep = toMillis(overdueReminder(policy, reviewDueAt, 1).remindAt) - toMillis(reviewDueAt);
  if (elapsed <= 0 || oneStep <= 0) return 0;
  let steps = Math.floor(elapsed / oneStep);
  // Calendar intervals (months, years) vary in length: settle the estimate exactly.
  while (steps > 0 && isAfter(overdueReminder(policy, reviewDueAt, steps).remindAt, now)) steps--;
  while (!isAfter(overdueReminder(policy, reviewDueAt, steps + 1).remindAt, now)) steps++;
  return steps;
}

/** The latest reminder whose time has come by `now`, if any. */
export function dueReminder(policy: Policy, reviewDueAt: Instant, now: Instant): ScheduledReminder | undefined {
  const steps = overdueStepsBy(policy, reviewDueAt, now);
  if (steps > 0) return overdueReminder(policy, reviewDueAt, steps);
  return remindersUpToDue(policy, reviewDueAt)
    .filter((r) => !isAfter(r.remindAt, now))
    .at(-1);
}

/** The first reminder scheduled strictly after `after`: what a scheduler should wait for next. */
export function nextReminder(policy: Policy, reviewDueAt: Instant, after: Instant): ScheduledReminder {
  const beforeDue = remindersUpToDue(policy, reviewDueAt).find((r) => isAfter(r.remindAt, after));
  return beforeDue ?? overdueReminder(policy, reviewDueAt, overdueStepsBy(policy, reviewDueAt, after) + 1);
}
