import { DuplicateEventIdError } from '../event-store.errors';
import type { RecordedEvent, StreamAppend, StreamAppendOutcome } from '../event-store.port';
import { normalizeExpectedRevision, satisfies, toRevision, toSafeInteger } from '../expected-revision';
import { chainEvents, type StreamHead } from '../hash-chain';
import { EVENT_COLUMNS, MAX_EVENTS_PER_APPEND, toRecordedEvent, type EventRow } from './event-rows';
import { databaseErrorOf, type SqlExecutor } from './sql-executor';

/** The streams of a batch as one jsonb array parameter (`jsonb_array_elements_text($1::jsonb)`). */
const STREAMS = `jsonb_array_elements_text($1::jsonb)`;

/**
 * Each stream's advisory lock, the same one event_store.append_events takes, in one order (by key)
 * so that two batches never wait on each other crosswise; and the transaction's id, whose top bits
 * every position of the batch shares (see migrations.ts).
 */
const LOCK_STREAMS = `SELECT pg_current_xact_id()::text AS xid, count(pg_advisory_xact_lock(k)) AS locked
  FROM (SELECT DISTINCT hashtextextended(s, 0) AS k FROM ${STREAMS} AS s ORDER BY 1) AS keys`;

/** Read after the locks, in a statement of its own: its snapshot then sees every append that held one. */
const READ_HEADS = `SELECT s.stream, h.revision, h.hash FROM ${STREAMS} AS s(stream)
  CROSS JOIN LATERAL (SELECT e.revision, coalesce(e.metadata->>'hash', '') AS hash FROM event_store.events e
    WHERE e.stream_name = s.stream ORDER BY e.revision DESC LIMIT 1) AS h`;

const INSERT_EVENTS = `INSERT INTO event_store.events (position, stream_name, revision, event_id, type, data, metadata)
  SELECT (pg_current_xact_id()::text::bigint << 16) + e.ordinality - 1, e.value->>'stream', (e.value->>'revision')::bigint,
         (e.value->>'eventId')::uuid, e.value->>'type', e.value->'data', e.value->'metadata'
    FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e`;

export interface SqlStreamBatch {
  readStreams(streams: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]>;
}

/**
 * Many streams in a few statements: one read of all of them, and one transaction that locks them,
 * reads their heads, checks each part's expected revision and inserts every accepted part at once.
 * The store hears each head read or written (its hints), and that something was appended (its subscriptions).
 */
export function sqlStreamBatch(executor: SqlExecutor, store: { hint(stream: string, head: StreamHead | null): void; appended(): void }): SqlStreamBatch {
  const written = store.hint;
  async function readStreams(streams: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const byStream = new Map<string, RecordedEvent[]>(streams.map((stream) => [stream, []]));
    if (streams.length === 0) return byStream;
    const rows = await executor.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events
       WHERE stream_name = ANY (ARRAY(SELECT ${STREAMS})) ORDER BY stream_name, revision`,
      [JSON.stringify(streams)],
    );
    for (const row of rows) byStream.get(row.stream_name)?.push(toRecordedEvent(row));
    for (const [stream, events] of byStream) {
      const last = events[events.length - 1];
      written(stream, last ? { revision: last.revision, hash: String(last.metadata.hash ?? '') } : null);
    }
    return byStream;
  }

  async function appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    if (appends.length === 0) return [];
    const expected = appends.map((part) => normalizeExpectedRevision(part.expectedRevision));
    const streams = appends.map((part) => part.stream);
    if (new Set(streams).size !== streams.length) throw new RangeError('appendToStreams: each stream at most once');
    if (appends.some((part) => part.events.length === 0)) throw new RangeError('appendToStreams: nothing to append to a stream');
    const total = appends.reduce((sum, part) => sum + part.events.length, 0);
    if (total > MAX_EVENTS_PER_APPEND) throw new RangeError(`appendToStreams: at most ${MAX_EVENTS_PER_APPEND} events in all`);
    const names = JSON.stringify(streams);
    const heads = new Map<string, StreamHead>();
    try {
      const outcomes = await executor.transaction(async (tx) => {
        const [{ xid }] = await tx.query<{ xid: string }>(LOCK_STREAMS, [names]);
        for (const row of await tx.query<{ stream: string; revision: string; hash: string }>(READ_HEADS, [names])) {
          heads.set(row.stream, { revision: toRevision(row.revision), hash: row.hash });
        }
        const base = BigInt(xid) << 16n;
        const rows: object[] = [];
        const decided = appends.map((part, i): StreamAppendOutcome => {
          const head = heads.get(part.stream) ?? null;
          if (!satisfies(expected[i], head ? head.revision : 'no_stream')) return { stream: part.stream, conflict: head ? head.revision : 'no_stream' };
          const chained = chainEvents(part.stream, head, part.events);
          for (const event of chained) rows.push({ stream: part.stream, ...event });
          const last = chained[chained.length - 1];
          heads.set(part.stream, { revision: last.revision, hash: last.metadata.hash });
          return { stream: part.stream, appended: { nextExpectedRevision: last.revision, position: toSafeInteger(String(base + BigInt(rows.length - 1)), 'position') } };
        });
        if (rows.length > 0) await tx.query(INSERT_EVENTS, [JSON.stringify(rows)]);
        return decided;
      });
      for (const [stream, head] of heads) written(stream, head);
      if (outcomes.some((outcome) => 'appended' in outcome)) store.appended();
      return outcomes;
    } catch (error) {
      const { code, constraint } = databaseErrorOf(error);
      if (code === '23505' && constraint === 'events_event_id_key') throw new DuplicateEventIdError(streams.join(', '));
      throw error;
    }
  }

  return { readStreams, appendToStreams };
}
