import type { RecordedEvent } from '@app/event-store';

/**
 * Webhook deliveries of review reminders. Whether a reminder reached a ministry is a fact the
 * service must keep across a Redis loss, so it is in the log: each delivery has its own stream
 * (`reminder-delivery-<deliveryId>`) recording success, the dead-lettering after the last retry,
 * and an operator's request to replay. Pending deliveries are derived from it, like deadlines.
 */
export const DELIVERY_STREAM_PREFIX = 'reminder-delivery-';
export const deliveryStream = (deliveryId: string) => `${DELIVERY_STREAM_PREFIX}${deliveryId}`;

export type DeliveryStatus = 'pending' | 'delivered' | 'dead_letter';

export interface ReminderPayload {
  designationId: string;
  targetName: string;
  reviewDueAt: string;
  kind: string;
  remindAt: string;
  /** When the reminder was recorded. */
  issuedAt: string;
  /** Global position of the ReviewReminderIssued event. */
  position: number;
}

export interface DeliveryDoc {
  deliveryId: string;
  ministry: string;
  /** The ReviewReminderIssued event this delivers. */
  eventId: string;
  reminder: ReminderPayload;
  status: DeliveryStatus;
  /** Incremented by each replay; part of the job id so a replay is a new job. */
  round: number;
  attempts?: number;
  lastError?: string;
  deliveredAt?: string;
  deadLetteredAt?: string;
}

export type DeliveryEvent =
  | { type: 'ReminderDelivered'; data: { deliveryId: string; round: number; attempts: number; status: number } }
  | { type: 'ReminderDeliveryFailed'; data: { deliveryId: string; round: number; attempts: number; lastError: string } }
  | { type: 'ReminderDeliveryReplayRequested'; data: { deliveryId: string; requestedBy: string } };

export function deliveryIdOf(event: RecordedEvent): string | undefined {
  return event.streamName.startsWith(DELIVERY_STREAM_PREFIX) ? event.streamName.slice(DELIVERY_STREAM_PREFIX.length) : undefined;
}

export function evolveDelivery(doc: DeliveryDoc, event: RecordedEvent): DeliveryDoc {
  const at = typeof event.metadata.recordedAt === 'string' ? event.metadata.recordedAt : (event.recordedAt ?? '');
  const e = { type: event.type, data: event.data } as DeliveryEvent;
  switch (e.type) {
    case 'ReminderDelivered':
      return e.data.round === doc.round ? { ...doc, status: 'delivered', attempts: e.data.attempts, deliveredAt: at, lastError: undefined } : doc;
    case 'ReminderDeliveryFailed':
      return e.data.round === doc.round && doc.status === 'pending'
        ? { ...doc, status: 'dead_letter', attempts: e.data.attempts, lastError: e.data.lastError, deadLetteredAt: at }
        : doc;
    case 'ReminderDeliveryReplayRequested':
      return doc.status === 'dead_letter' ? { ...doc, status: 'pending', round: doc.round + 1, lastError: doc.lastError } : doc;
    default:
      return doc;
  }
}

/** The job that delivers one round of one delivery: a replay is a new round, so a new job. */
export const deliveryJobId = (doc: Pick<DeliveryDoc, 'deliveryId' | 'round'>) => `webhook-${doc.deliveryId}-${doc.round}`;
