import { randomUUID } from 'node:crypto';
import { uuidFrom, type Actor } from '@app/command-handling';
import { SYSTEM_ACTOR } from '@app/domain';
import type { DeliveryDoc } from '@app/read-models';
import type { DeliveryCommand, DeliveryHandler } from './delivery.decide';
import { postSigned, WebhookError } from './webhook';

export interface DeliveryAttempt {
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
}

export type DeliveryResult = 'delivered' | 'already-delivered' | 'dead-lettered';

/** What a ministry's endpoint receives, signed with its secret. */
export function reminderBody(delivery: DeliveryDoc): string {
  const { reminder } = delivery;
  return JSON.stringify({
    deliveryId: delivery.deliveryId,
    round: delivery.round,
    ministry: delivery.ministry,
    designationId: reminder.designationId,
    targetName: reminder.targetName,
    reviewDueAt: reminder.reviewDueAt,
    kind: reminder.kind,
    remindAt: reminder.remindAt,
    issuedAt: reminder.issuedAt,
  });
}

/**
 * One try at delivering a reminder. Success is recorded in the delivery's stream; a failure is
 * thrown for the queue to retry with backoff, except on the last attempt, when it is recorded as
 * dead-lettered (kept in the log, listed for operators, replayable). Receivers deduplicate by
 * `X-Delivery-Id`: a crash between their 2xx and our record means one more delivery, never none.
 */
export async function deliverReminder(
  deliveries: DeliveryHandler,
  target: { url: string; secret: string },
  delivery: DeliveryDoc,
  attempt: DeliveryAttempt,
  options: { timeoutMs: number; now: () => Date },
): Promise<DeliveryResult> {
  const { deliveryId, round } = delivery;
  if ((await deliveries.load(deliveryId))?.state.delivered.includes(round)) return 'already-delivered';
  const body = reminderBody(delivery);
  let status: number;
  try {
    status = await postSigned(target.url, target.secret, body, { 'x-delivery-id': deliveryId, 'x-delivery-attempt': String(attempt.attempt) }, options.timeoutMs);
  } catch (error) {
    if (!(error instanceof WebhookError) || attempt.attempt < attempt.maxAttempts) throw error;
    await record(deliveries, { type: 'RecordReminderDeliveryFailed', data: { deliveryId, round, attempts: attempt.attempt, lastError: error.message } }, SYSTEM_ACTOR, options.now);
    return 'dead-lettered';
  }
  await record(deliveries, { type: 'RecordReminderDelivered', data: { deliveryId, round, attempts: attempt.attempt, status } }, SYSTEM_ACTOR, options.now);
  return 'delivered';
}

/** An operator's replay of a dead-lettered delivery, recorded as theirs: false if it is not dead-lettered (nothing to replay). */
export async function requestReplay(deliveries: DeliveryHandler, deliveryId: string, requestedBy: Actor, now: () => Date): Promise<boolean> {
  const { events } = await deliveries.handle(
    { type: 'RequestDeliveryReplay', data: { deliveryId }, metadata: { now: now().toISOString(), actor: requestedBy } },
    { commandId: randomUUID() },
  );
  return events.length > 0;
}

/** The outcome of a round, once: its command id comes from the delivery, the round and the outcome. */
async function record(deliveries: DeliveryHandler, ask: Omit<DeliveryCommand, 'metadata'>, actor: Actor, now: () => Date): Promise<void> {
  const command = { ...ask, metadata: { now: now().toISOString(), actor } } as DeliveryCommand;
  await deliveries.handle(command, { commandId: uuidFrom(`delivery/${ask.data.deliveryId}/${(ask.data as { round: number }).round}/${ask.type}`) });
}
