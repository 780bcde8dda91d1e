import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  StreamNotFoundError,
  excludeSystemEvents,
  type AppendExpectedRevision,
} from '@eventstore/db-client';
import type {
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  StreamAppendOutcome,
  Subscription,
  SubscribeToAllOptions,
} from './event-store.port';
import { randomUUID } from 'node:crypto';
import { ConcurrencyConflictError } from './event-store.errors';
import { toRevision, toSafeInteger } from './expected-revision';
import type { StreamHead } from './hash-chain';
import {
  fromEsdbPosition,
  fromEsdbResolvedEvent,
  toConcurrencyConflict,
  toEsdbEventData,
  toEsdbPosition,
} from './esdb/esdb.mapping';
import { appendPinned } from './esdb/pinned-append';

export interface EsdbEventStoreOptions {
  /** e.g. esdb://localhost:2113?tls=false */
  connectionString?: string;
  client?: EventStoreDBClient;
}

/**
 * EventStoreDB / KurrentDB. Revisions map one to one; the global position is the commit position
 * (see esdb/esdb.mapping.ts). Appends pin the exact head revision so the hash chain cannot fork.
 */
export function createEsdbEventStore(options: EsdbEventStoreOptions): EventStore {
  const ownsClient = options.client === undefined;
  const client = options.client ?? EventStoreDBClient.connectionString(requireConnectionString(options.connectionString));

  async function readHead(stream: string): Promise<StreamHead | null> {
    try {
      for await (const resolved of client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        const event = fromEsdbResolvedEvent(resolved);
        if (event) return { revision: event.revision, hash: String(event.metadata.hash ?? '') };
      }
      return null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
  }

  const appendToStream: EventStore['appendToStream'] = (stream, events, { expectedRevision }) => {
    if (events.length === 0) return Promise.reject(new RangeError('appendToStream: nothing to append'));
    return appendPinned(
      {
        readHead,
        async write(name, head, chained) {
          const pinned: AppendExpectedRevision = head ? BigInt(head.revision) : NO_STREAM;
          try {
            const result = await client.appendToStream(name, chained.map(toEsdbEventData), { expectedRevision: pinned });
            if (!result.position) throw new Error('EventStoreDB did not report the append position');
            return {
              nextExpectedRevision: toRevision(result.nextExpectedRevision, 'ESDB revision'),
              position: fromEsdbPosition(result.position),
            };
          } catch (error) {
            throw toConcurrencyConflict(error, name, pinned) ?? error;
          }
        },
      },
      stream,
      events,
      expectedRevision,
    );
  };

  /** EventStoreDB has no multi-stream transaction: each stream's part is its own append, all at once. */
  const appendToStreams: EventStore['appendToStreams'] = async (appends) => {
    if (new Set(appends.map((part) => part.stream)).size !== appends.length) throw new RangeError('appendToStreams: each stream at most once');
    return Promise.all(
      appends.map(async ({ stream, events, expectedRevision }): Promise<StreamAppendOutcome> => {
        try {
          return { stream, appended: await appendToStream(stream, events, { expectedRevision }) };
        } catch (error) {
          if (error instanceof ConcurrencyConflictError) return { stream, conflict: error.actual };
          throw error;
        }
      }),
    );
  };

  const readStreams: EventStore['readStreams'] = async (streams) =>
    new Map(await Promise.all(streams.map(async (stream) => [stream, (await readStream(stream)).events] as const)));

  async function readStream(stream: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    const backwards = options.direction === 'backwards';
    const fromRevision =
      backwards && options.fromRevision === undefined ? END : BigInt(toRevision(options.fromRevision ?? 0, 'fromRevision'));
    const toPosition = options.toPosition ?? Number.MAX_SAFE_INTEGER;
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const events: RecordedEvent[] = [];
    try {
      const read = client.readStream(stream, { direction: backwards ? BACKWARDS : FORWARDS, fromRevision });
      for await (const resolved of read) {
        const event = fromEsdbResolvedEvent(resolved);
        if (!event) continue;
        // Backwards, the events past `toPosition` come first: skip them; forwards, they end the read.
        if (backwards && event.position > toPosition) continue;
        if (event.position > toPosition || events.length >= maxCount) {
          await read.cancel();
          break;
        }
        events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { streamExists: false, events: [] };
      throw error;
    }
    if (events.length > 0) return { streamExists: true, events };
    return { streamExists: (await readHead(stream)) !== null, events };
  }

  async function* readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    let remaining = options.maxCount === undefined ? Infinity : toSafeInteger(options.maxCount, 'maxCount');
    if (remaining === 0) return;
    const read = client.readAll({ direction: FORWARDS, fromPosition: toEsdbPosition(options.fromPosition ?? 0) });
    for await (const resolved of read) {
      const event = fromEsdbResolvedEvent(resolved);
      if (!event) continue;
      yield event;
      if (--remaining === 0) {
        await read.cancel();
        return;
      }
    }
  }

  function subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const fromPosition = toSafeInteger(options.fromPosition ?? 0, 'fromPosition');
    let subscription: ReturnType<EventStoreDBClient['subscribeToAll']> | undefined;
    let closed = false;
    async function* deliver(): AsyncGenerator<RecordedEvent> {
      // The server's subscription starts after the given position; ours includes it.
      if (fromPosition > 0) {
        for await (const event of readAll({ fromPosition, maxCount: 1 })) {
          if (event.position === fromPosition) yield event;
        }
      }
      if (closed) return;
      subscription = client.subscribeToAll({ fromPosition: toEsdbPosition(fromPosition), filter: excludeSystemEvents() });
      for await (const resolved of subscription) {
        const event = fromEsdbResolvedEvent(resolved);
        if (event) yield event;
      }
    }
    const iterator = deliver();
    return {
      [Symbol.asyncIterator]: () => iterator,
      async close() {
        closed = true;
        await subscription?.unsubscribe();
        await iterator.return(undefined);
      },
    };
  }

  /** The first writer makes the identity stream; any other finds it (no_stream makes the race safe). */
  async function readOrCreateLogId(): Promise<string> {
    const existing = await readStream(LOG_IDENTITY_STREAM, { maxCount: 1 });
    const found = existing.events[0]?.data.logId;
    if (typeof found === 'string') return found;
    try {
      await appendToStream(LOG_IDENTITY_STREAM, [{ type: 'LogIdentityCreated', data: { logId: randomUUID() } }], { expectedRevision: 'no_stream' });
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError)) throw error;
    }
    return readOrCreateLogId();
  }
  let logId: Promise<string> | undefined;

  async function headPosition(): Promise<number | null> {
    // Backwards from the end, past the server's own ($) events, to the newest of ours.
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1_000 })) {
      const event = fromEsdbResolvedEvent(resolved);
      if (event) return event.position;
    }
    return null;
  }

  return {
    appendToStream,
    appendToStreams,
    readStream,
    readStreams,
    readAll,
    subscribeToAll,
    logId: () => (logId ??= readOrCreateLogId().catch((error: unknown) => ((logId = undefined), Promise.reject(error)))),
    headPosition,
    async close() {
      if (ownsClient) await client.dispose();
    },
  };
}

/** EventStoreDB has no schema to keep a row in: the identity is the one event of its own stream. */
export const LOG_IDENTITY_STREAM = 'sls-log-identity';

function requireConnectionString(connectionString: string | undefined): string {
  if (!connectionString) throw new TypeError('createEsdbEventStore: connectionString or client is required');
  return connectionString;
}
