import type { ChainMetadata, RecordedEvent } from '../event-store.port';
import type { ChainedEvent } from '../hash-chain';
import type { JsonObject } from '../json';
import { toRevision, toSafeInteger } from '../expected-revision';

// recorded_at as ISO 8601 text: cheaper than a driver Date parsed and then formatted again.
export const EVENT_COLUMNS = `position, stream_name, revision, event_id, type, data, metadata,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

export interface EventRow {
  position: string | number;
  stream_name: string;
  revision: string | number;
  event_id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject & ChainMetadata;
  recorded_at: string;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamName: row.stream_name,
    revision: toRevision(row.revision),
    position: toSafeInteger(row.position, 'position'),
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}

/**
 * Up to this many events per append: the event's index takes the low 16 bits of its position.
 * With 16 bits for the index, positions stay below 2^53 while the cluster's transaction ids
 * (xid8, which never wrap) stay below 2^37, about 137 billion transactions.
 */
export const MAX_EVENTS_PER_APPEND = 1 << 16;

/** The p_events argument of event_store.append_events. */
export function appendPayload(events: readonly ChainedEvent[]): string {
  return JSON.stringify(
    events.map((event) => ({ eventId: event.eventId, type: event.type, data: event.data, metadata: event.metadata })),
  );
}
