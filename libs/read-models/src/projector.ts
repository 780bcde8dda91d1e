import { uuidFrom } from '@app/command-handling';
import { designationIdOfStream, evolve, exists, initialState, type DesignationEvent, type ReviewReminderIssued } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { deliveryIdOf, evolveDelivery, type DeliveryDoc, type ReminderPayload } from './deliveries.view';
import { publicChange, publicEntryOf, type DesignationDoc, type PublicChange, type PublicEntry } from './views';

/** What the read models hold of one designation before a batch: its folded state and its public entry. */
export interface ProjectedDesignation {
  doc?: DesignationDoc;
  /** The entry as last published: it changes only when what the public sees changes. */
  publicEntry?: PublicEntry;
}

export interface ProjectionContext {
  /** Ministries with a reminder webhook: each reminder to them gets a tracked delivery. */
  webhookMinistries: ReadonlySet<string>;
}

export interface ProjectionInput {
  designations: ReadonlyMap<string, ProjectedDesignation>;
  deliveries: ReadonlyMap<string, DeliveryDoc>;
}

export interface ProjectionOutcome {
  /** Every designation the batch touched: before and after. */
  touched: Map<string, { before: ProjectedDesignation; after: ProjectedDesignation }>;
  /** Public changes, in log order. */
  changes: PublicChange[];
  /** Reminders issued in the batch, for each recipient's inbox. */
  reminders: { ministry: string; reminder: ReminderPayload }[];
  /** Webhook deliveries created or changed by the batch. */
  deliveries: Map<string, DeliveryDoc>;
}

/** The designation an event belongs to, or undefined for streams the read models do not follow. */
export function designationIdOf(event: RecordedEvent): string | undefined {
  return designationIdOfStream(event.streamName);
}

export const deliveryIdFor = (eventId: string, ministry: string) => uuidFrom(`reminder-delivery/${eventId}/${ministry}`);

/**
 * Folds a batch of events (in global order) onto what the read models hold. Pure: the same state
 * and the same events always give the same outcome, which is what makes a rebuild equal the live
 * read model. An event at or below a designation's applied revision is skipped, so a batch that
 * overlaps what was applied changes nothing.
 */
export function project(current: ProjectionInput, events: readonly RecordedEvent[], context: ProjectionContext): ProjectionOutcome {
  const touched = new Map<string, { before: ProjectedDesignation; after: ProjectedDesignation }>();
  const changes: PublicChange[] = [];
  const reminders: ProjectionOutcome['reminders'] = [];
  const deliveries = new Map<string, DeliveryDoc>();
  for (const event of events) {
    const deliveryId = deliveryIdOf(event);
    if (deliveryId !== undefined) {
      const doc = deliveries.get(deliveryId) ?? current.deliveries.get(deliveryId);
      if (doc) deliveries.set(deliveryId, evolveDelivery(doc, event));
      continue;
    }
    const id = designationIdOf(event);
    if (id === undefined) continue;
    const entry = touched.get(id) ?? { before: current.designations.get(id) ?? {}, after: current.designations.get(id) ?? {} };
    const { doc, publicEntry } = entry.after;
    if (doc && event.revision <= doc.revision) continue;
    const recordedAt = recordedAtOf(event);
    const state = evolve(doc?.designation ?? initialState(), event as unknown as DesignationEvent);
    if (!exists(state)) continue;
    const next: DesignationDoc = {
      designation: state,
      revision: event.revision,
      position: event.position,
      proposedAt: doc?.proposedAt ?? recordedAt,
      updatedAt: recordedAt,
    };
    const candidate = publicEntryOf(next);
    const change = publicChange(publicEntry, candidate, event.position, recordedAt);
    if (change) changes.push(change);
    entry.after = { doc: next, publicEntry: change ? candidate : publicEntry };
    touched.set(id, entry);

    if (event.type === 'ReviewReminderIssued') {
      const { reviewDueAt, kind, remindAt, recipients } = (event as unknown as ReviewReminderIssued).data;
      const reminder: ReminderPayload = { designationId: id, targetName: state.target.name, reviewDueAt, kind, remindAt, issuedAt: recordedAt, position: event.position };
      for (const ministry of recipients) {
        reminders.push({ ministry, reminder });
        if (!context.webhookMinistries.has(ministry)) continue;
        const delivery = deliveryIdFor(event.eventId, ministry);
        if (!deliveries.has(delivery) && !current.deliveries.has(delivery)) {
          deliveries.set(delivery, { deliveryId: delivery, ministry, eventId: event.eventId, reminder, status: 'pending', round: 0 });
        }
      }
    }
  }
  return { touched, changes, reminders, deliveries };
}

/** The command handler stamps `recordedAt` into the (hash-chained) metadata; the store's own clock is the fallback. */
function recordedAtOf(event: RecordedEvent): string {
  const stamped = event.metadata.recordedAt;
  return typeof stamped === 'string' ? stamped : (event.recordedAt ?? new Date(0).toISOString());
}
