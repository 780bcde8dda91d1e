import { ConcurrencyConflictError, type EventStore, type JsonObject } from '@app/event-store';
import { deliveryStream, type DeliveryDoc, type DeliveryEvent } from '@app/read-models';
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
  store: EventStore,
  target: { url: string; secret: string },
  delivery: DeliveryDoc,
  attempt: DeliveryAttempt,
  options: { timeoutMs: number; now: () => Date },
): Promise<DeliveryResult> {
  if (await recorded(store, delivery, 'ReminderDelivered')) return 'already-delivered';
  const body = reminderBody(delivery);
  try {
    const status = await postSigned(target.url, target.secret, body, { 'x-delivery-id': delivery.deliveryId, 'x-delivery-attempt': String(attempt.attempt) }, options.timeoutMs);
    await record(store, delivery, { type: 'ReminderDelivered', data: { deliveryId: delivery.deliveryId, round: delivery.round, attempts: attempt.attempt, status } }, options.now);
    return 'delivered';
  } catch (error) {
    if (!(error instanceof WebhookError) || attempt.attempt < attempt.maxAttempts) throw error;
    await record(
      store,
      delivery,
      { type: 'ReminderDeliveryFailed', data: { deliveryId: delivery.deliveryId, round: delivery.round, attempts: attempt.attempt, lastError: error.message } },
      options.now,
    );
    return 'dead-lettered';
  }
}

/** An operator's replay of a dead-lettered delivery: false if it is not dead-lettered (nothing to replay). */
export async function requestReplay(store: EventStore, deliveryId: string, requestedBy: string, now: () => Date): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { events } = await store.readStream(deliveryStream(deliveryId));
    const last = events.at(-1);
    if (!last || last.type !== 'ReminderDeliveryFailed') return false;
    try {
      await store.appendToStream(
        deliveryStream(deliveryId),
        [{ type: 'ReminderDeliveryReplayRequested', data: { deliveryId, requestedBy }, metadata: { recordedAt: now().toISOString(), actor: { id: requestedBy, roles: ['senior_official'] } } }],
        { expectedRevision: last.revision },
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError)) throw error;
    }
  }
  return false;
}

async function recorded(store: EventStore, delivery: DeliveryDoc, type: DeliveryEvent['type']): Promise<boolean> {
  const { events } = await store.readStream(deliveryStream(delivery.deliveryId));
  return events.some((e) => e.type === type && e.data.round === delivery.round);
}

/** Appends once per (type, round), whatever the concurrency: a second worker finds it recorded. */
async function record(store: EventStore, delivery: DeliveryDoc, event: DeliveryEvent, now: () => Date): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { events } = await store.readStream(deliveryStream(delivery.deliveryId));
    if (events.some((e) => e.type === event.type && e.data.round === delivery.round)) return;
    try {
      await store.appendToStream(
        deliveryStream(delivery.deliveryId),
        [{ type: event.type, data: event.data as unknown as JsonObject, metadata: { recordedAt: now().toISOString(), actor: { id: 'system', roles: ['system'] } } }],
        { expectedRevision: events.length === 0 ? 'no_stream' : events.at(-1)!.revision },
      );
      return;
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError)) throw error;
    }
  }
  throw new Error(`could not record ${event.type} for delivery ${delivery.deliveryId}`);
}
