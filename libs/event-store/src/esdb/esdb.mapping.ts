import {
  ANY,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type CurrentRevision,
  type EventData,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { ConcurrencyConflictError } from '../event-store.errors';
import type { ChainMetadata, ExpectedRevision, GlobalPosition, RecordedEvent, StreamState } from '../event-store.port';
import { normalizeExpectedRevision, toRevision, toSafeInteger } from '../expected-revision';
import type { ChainedEvent } from '../hash-chain';
import { isPlainObject, type JsonObject } from '../json';

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  const normalized = normalizeExpectedRevision(expected);
  switch (normalized) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(normalized);
  }
}

export function fromEsdbCurrentRevision(current: CurrentRevision): StreamState {
  return current === NO_STREAM ? 'no_stream' : toRevision(current, 'ESDB revision');
}

/**
 * One number per event: the commit position (the event's byte offset in the server's transaction
 * log). Prepare position differs from it only inside explicit transactions, which the gRPC API no
 * longer offers. Offsets stay below 2^53 (8 PiB of log) in any real deployment; beyond that this throws.
 */
export function fromEsdbPosition(position: Position): GlobalPosition {
  return toSafeInteger(position.commit, 'ESDB commit position');
}

/** Position 0 means "from the beginning"; others must be positions the store handed out. */
export function toEsdbPosition(position: GlobalPosition): ReadPosition {
  if (position === 0) return START;
  const value = BigInt(toSafeInteger(position, 'position'));
  return { commit: value, prepare: value };
}

/** The port's conflict, reporting what the caller expected (the adapter may have sent a pinned revision). */
export function toConcurrencyConflict(error: unknown, stream: string, expected: ExpectedRevision): ConcurrencyConflictError | undefined {
  if (!(error instanceof WrongExpectedVersionError)) return undefined;
  return new ConcurrencyConflictError(stream, expected, fromEsdbCurrentRevision(error.actualVersion));
}

/**
 * Our events only: system streams ($…), unresolved links and non-JSON events are not part of the
 * application's log, so readers skip them (undefined).
 */
export function fromEsdbResolvedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson || event.streamId.startsWith('$')) return undefined;
  const position =
    event.position ?? (resolved.commitPosition === undefined ? undefined : { commit: resolved.commitPosition, prepare: resolved.commitPosition });
  if (!position) throw new Error('EventStoreDB did not report the event position (server 22.6 or later is required)');
  const data = event.data as unknown;
  const metadata = event.metadata as unknown;
  return {
    streamName: event.streamId,
    revision: toRevision(event.revision, 'ESDB revision'),
    position: fromEsdbPosition(position),
    eventId: event.id,
    type: event.type,
    data: (isPlainObject(data) ? data : { value: data }) as JsonObject,
    metadata: (isPlainObject(metadata) ? metadata : {}) as JsonObject & ChainMetadata,
    recordedAt: event.created.toISOString(),
  };
}

export function toEsdbEventData(event: ChainedEvent): EventData {
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data, metadata: event.metadata });
}
