import { createHash, randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, RecordedEvent, StreamRevision } from './event-store.port';
import { canonicalize } from './jcs';
import { toJsonObject, type JsonObject } from './json';

/** prevHash of revision 0. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashInput {
  stream: string;
  revision: StreamRevision;
  type: string;
  data: unknown;
  /** The event's metadata without `hash` (it includes `prevHash`). */
  metadata: Record<string, unknown>;
}

/** Lowercase hex SHA-256 of the RFC 8785 canonical JSON of { stream, revision, type, data, metadata }. */
export function computeEventHash(input: HashInput): string {
  const document = {
    stream: input.stream,
    revision: input.revision,
    type: input.type,
    data: input.data,
    metadata: input.metadata,
  };
  return createHash('sha256').update(canonicalize(document), 'utf8').digest('hex');
}

export interface StreamHead {
  revision: StreamRevision;
  hash: string;
}

export interface ChainedEvent {
  eventId: string;
  revision: StreamRevision;
  type: string;
  data: JsonObject;
  metadata: JsonObject & { prevHash: string; hash: string };
}

/** Links new events onto the stream's head (null for a new stream): what an adapter then writes. */
export function chainEvents(stream: string, head: StreamHead | null, events: readonly EventToAppend[]): ChainedEvent[] {
  let prevHash = head?.hash ?? GENESIS_HASH;
  let revision = head ? head.revision + 1 : 0;
  return events.map((event, index) => {
    const where = `events[${index}]`;
    const data = toJsonObject(event.data, `${where}.data`);
    const metadata = toJsonObject(event.metadata ?? {}, `${where}.metadata`);
    if ('hash' in metadata || 'prevHash' in metadata) {
      throw new TypeError(`${where}.metadata: "hash" and "prevHash" are set by the store`);
    }
    const linked = { ...metadata, prevHash };
    const hash = computeEventHash({ stream, revision, type: event.type, data, metadata: linked });
    const chained: ChainedEvent = {
      eventId: event.eventId ?? randomUUID(),
      revision,
      type: event.type,
      data,
      metadata: { ...linked, hash },
    };
    prevHash = hash;
    revision += 1;
    return chained;
  });
}

export type VerificationFailure =
  | 'revision_gap'
  | 'stream_mismatch'
  | 'prev_hash_mismatch'
  | 'hash_mismatch';

export type VerificationResult =
  | { ok: true; head: StreamHead | null }
  | { ok: false; firstBadRevision: StreamRevision; reason: VerificationFailure; detail: string };

export type VerifiableEvent = Pick<RecordedEvent, 'streamName' | 'revision' | 'type' | 'data'> & {
  metadata: Record<string, unknown>;
};

/**
 * Recomputes the chain of one whole stream, given forwards from revision 0. Names the first
 * revision that does not hold. Truncation of the newest events cannot be seen from the events
 * alone: compare the returned head with one recorded elsewhere.
 */
export function verifyStream(events: readonly VerifiableEvent[]): VerificationResult {
  const stream = events[0]?.streamName ?? '';
  let prevHash = GENESIS_HASH;
  for (let expectedRevision = 0; expectedRevision < events.length; expectedRevision++) {
    const event = events[expectedRevision];
    const fail = (reason: VerificationFailure, detail: string): VerificationResult => ({
      ok: false,
      firstBadRevision: expectedRevision,
      reason,
      detail,
    });
    if (event.revision !== expectedRevision) {
      return fail('revision_gap', `expected revision ${expectedRevision}, found ${event.revision}`);
    }
    if (event.streamName !== stream) {
      return fail('stream_mismatch', `event belongs to "${event.streamName}", not "${stream}"`);
    }
    const { hash, ...withoutHash } = event.metadata;
    if (withoutHash.prevHash !== prevHash) {
      return fail('prev_hash_mismatch', `prevHash ${String(withoutHash.prevHash)} does not equal ${prevHash}`);
    }
    let recomputed: string;
    try {
      recomputed = computeEventHash({ stream, revision: event.revision, type: event.type, data: event.data, metadata: withoutHash });
    } catch (error) {
      return fail('hash_mismatch', `event cannot be canonicalized: ${(error as Error).message}`);
    }
    if (hash !== recomputed) return fail('hash_mismatch', `hash ${String(hash)} does not match recomputed ${recomputed}`);
    prevHash = recomputed;
  }
  const last = events[events.length - 1];
  return { ok: true, head: last ? { revision: last.revision, hash: prevHash } : null };
}

export async function verifyStoredStream(store: Pick<EventStore, 'readStream'>, stream: string): Promise<VerificationResult> {
  const { events } = await store.readStream(stream);
  return verifyStream(events);
}
