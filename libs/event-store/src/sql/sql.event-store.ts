import { ConcurrencyConflictError, DuplicateEventIdError } from '../event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  StreamState,
  SubscribeToAllOptions,
} from '../event-store.port';
import { normalizeExpectedRevision, satisfies, toRevision, toSafeInteger } from '../expected-revision';
import { chainEvents, type StreamHead } from '../hash-chain';
import { pollingSubscription } from '../polling.subscription';
import { appendPayload, EVENT_COLUMNS, MAX_EVENTS_PER_APPEND, toRecordedEvent, type EventRow } from './event-rows';
import { databaseErrorOf, type SqlExecutor, type SqlQueryable } from './sql-executor';
import type { HasReleaseArchive } from '../release-archive.port';
import { createSqlReleaseArchive } from './sql.release-archive';
import { sqlStreamBatch } from './sql.stream-batch';
import type { HasLogTree } from '../log-tree.port';
import { createSqlLogTree } from './sql.log-tree';

interface AppendRow {
  appended: boolean;
  head_revision: string | number | null;
  head_hash: string | null;
  last_position: string | number | null;
}

/** 'any' and 'stream_exists' re-link onto a moved head; this bounds how often under contention. */
const MAX_RELINK_ATTEMPTS = 100;

/** Stream heads remembered as hints for the next append (a command reads its stream, then appends). */
const MAX_HEAD_HINTS = 10_000;

export interface SqlEventStoreOptions {
  /** Live subscriptions look for other processes' appends this often (ms). Default 100. */
  pollIntervalMs?: number;
  /** Page size of readAll and subscriptions. Default 500. */
  batchSize?: number;
}

/**
 * Only transactions older than every running one: an in-flight append has an xid at least
 * the snapshot's xmin, and so positions at least `xmin << 16`, above everything returned here.
 */
const SAFE_BOUND = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 16)`;

/** The PostgreSQL and PGlite stores: the port, and the release archive and the log's tree in the same database. */
export type SqlEventStore = EventStore & HasReleaseArchive & HasLogTree;

export function createSqlEventStore(executor: SqlExecutor, options: SqlEventStoreOptions = {}): SqlEventStore {
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const batchSize = options.batchSize ?? 500;
  const appendListeners = new Set<() => void>();

  const readHead = async (sql: SqlQueryable, stream: string): Promise<StreamHead | null> => {
    const [row] = await sql.query<{ revision: string; hash: string | null }>(
      `SELECT revision, metadata->>'hash' AS hash FROM event_store.events
       WHERE stream_name = $1 ORDER BY revision DESC LIMIT 1`,
      [stream],
    );
    return row ? { revision: toRevision(row.revision), hash: row.hash ?? '' } : null;
  };
  const stateOf = (head: StreamHead | null): StreamState => (head ? head.revision : 'no_stream');

  // The head this process last read or wrote per stream (null: no stream), so that an append right
  // after a read skips its own head query. Only a hint: append_events compares it with the real
  // head under the stream's lock, and a stale one costs one re-link, never a wrong link.
  const headHints = new Map<string, StreamHead | null>();
  const hint = (stream: string, head: StreamHead | null): void => {
    headHints.delete(stream);
    headHints.set(stream, head);
    if (headHints.size > MAX_HEAD_HINTS) headHints.delete(headHints.keys().next().value!);
  };

  const readAllBatch = async (from: number, max: number): Promise<RecordedEvent[]> => {
    const rows = await executor.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events
       WHERE position >= $1::bigint AND position < ${SAFE_BOUND}
       ORDER BY position LIMIT $2::int`,
      [String(from), max],
    );
    return rows.map(toRecordedEvent);
  };

  // Appends with 'any' or 'stream_exists' to one stream from this process take turns: each links
  // onto the head the one before it wrote (its hint). Raced, each would re-link on every other's
  // head until MAX_RELINK_ATTEMPTS ran out: on a hot stream (the day's access log, appended by every
  // read of classified evidence) reads were refused under load. Other processes still race, rarely.
  const turns = new Map<string, Promise<unknown>>();

  async function appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const expected = normalizeExpectedRevision(options.expectedRevision);
    if (expected !== 'any' && expected !== 'stream_exists') return appendNow(stream, events, options);
    const append = () => appendNow(stream, events, options);
    const mine = (turns.get(stream) ?? Promise.resolve()).then(append, append);
    const done = mine.then(
      () => undefined,
      () => undefined,
    );
    turns.set(stream, done);
    try {
      return await mine;
    } finally {
      if (turns.get(stream) === done) turns.delete(stream);
    }
  }

  async function appendNow(stream: string, events: readonly EventToAppend[], { expectedRevision }: AppendOptions): Promise<AppendResult> {
    const expected = normalizeExpectedRevision(expectedRevision);
    if (events.length === 0) throw new RangeError('appendToStream: nothing to append');
    if (events.length > MAX_EVENTS_PER_APPEND) throw new RangeError(`appendToStream: at most ${MAX_EVENTS_PER_APPEND} events per append`);
    // `no_stream` needs no head read: append_events checks, under the stream's lock, that there is
    // none, and answers the real head if there is (then the loop below refuses the append).
    let head = headHints.has(stream) ? headHints.get(stream)! : expected === 'no_stream' ? null : await readHead(executor, stream);
    headHints.delete(stream);
    for (let attempt = 1; ; attempt++) {
      if (!satisfies(expected, stateOf(head))) throw new ConcurrencyConflictError(stream, expectedRevision, stateOf(head));
      const chained = chainEvents(stream, head, events);
      let row: AppendRow;
      try {
        [row] = await executor.query<AppendRow>('SELECT * FROM event_store.append_events($1, $2::bigint, $3, $4::jsonb)', [
          stream,
          head ? String(head.revision) : null,
          head ? head.hash : null,
          appendPayload(chained),
        ]);
      } catch (error) {
        const { code, constraint } = databaseErrorOf(error);
        if (code === '23505' && constraint === 'events_event_id_key') throw new DuplicateEventIdError(stream);
        throw error;
      }
      if (row.appended) {
        const last = chained[chained.length - 1];
        hint(stream, { revision: last.revision, hash: last.metadata.hash as string });
        for (const listener of appendListeners) listener();
        return {
          nextExpectedRevision: toRevision(row.head_revision as string),
          position: toSafeInteger(row.last_position as string, 'position'),
        };
      }
      // Someone appended between our head read and our append: re-check and re-link on their head
      // (the next turn throws the conflict unless the caller's expectation still holds).
      head = row.head_revision === null ? null : { revision: toRevision(row.head_revision), hash: row.head_hash ?? '' };
      if (attempt >= MAX_RELINK_ATTEMPTS) throw new ConcurrencyConflictError(stream, expectedRevision, stateOf(head));
    }
  }

  const { readStreams, appendToStreams } = sqlStreamBatch(executor, { hint, appended: () => appendListeners.forEach((listener) => listener()) });

  async function readStream(stream: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    if (options.direction === 'backwards') return readStreamBackwards(stream, options);
    const fromRevision = toRevision(options.fromRevision ?? 0, 'fromRevision');
    const toPosition = options.toPosition === undefined ? null : String(toSafeInteger(options.toPosition, 'toPosition'));
    const maxCount = options.maxCount === undefined ? null : toSafeInteger(options.maxCount, 'maxCount');
    const rows = await executor.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events
       WHERE stream_name = $1 AND revision >= $2::bigint AND ($3::bigint IS NULL OR position <= $3::bigint)
       ORDER BY revision LIMIT $4::bigint`,
      [stream, String(fromRevision), toPosition, maxCount === null ? null : String(maxCount)],
    );
    const whole = toPosition === null && (maxCount === null || rows.length < maxCount);
    if (rows.length > 0) {
      const events = rows.map(toRecordedEvent);
      const last = events[events.length - 1];
      if (whole) hint(stream, { revision: last.revision, hash: String(last.metadata.hash ?? '') });
      return { streamExists: true, events };
    }
    // Revisions start at 0: nothing from revision 0 on, with no bound, means no stream.
    if (fromRevision === 0 && toPosition === null && maxCount !== 0) {
      hint(stream, null);
      return { streamExists: false, events: [] };
    }
    return { streamExists: (await readHead(executor, stream)) !== null, events: [] };
  }

  /** Newest first, from `fromRevision` (default: the head) down; never a head hint (it may not be whole). */
  async function readStreamBackwards(stream: string, options: ReadStreamOptions): Promise<ReadStreamResult> {
    const fromRevision = options.fromRevision === undefined ? null : String(toRevision(options.fromRevision, 'fromRevision'));
    const toPosition = options.toPosition === undefined ? null : String(toSafeInteger(options.toPosition, 'toPosition'));
    const maxCount = options.maxCount === undefined ? null : String(toSafeInteger(options.maxCount, 'maxCount'));
    const rows = await executor.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events
       WHERE stream_name = $1 AND ($2::bigint IS NULL OR revision <= $2::bigint) AND ($3::bigint IS NULL OR position <= $3::bigint)
       ORDER BY revision DESC LIMIT $4::bigint`,
      [stream, fromRevision, toPosition, maxCount],
    );
    if (rows.length > 0) return { streamExists: true, events: rows.map(toRecordedEvent) };
    return { streamExists: (await readHead(executor, stream)) !== null, events: [] };
  }

  async function* readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    let next = toSafeInteger(options.fromPosition ?? 0, 'fromPosition');
    let remaining = options.maxCount === undefined ? Infinity : toSafeInteger(options.maxCount, 'maxCount');
    while (remaining > 0) {
      const page = await readAllBatch(next, Math.min(batchSize, remaining));
      for (const event of page) yield event;
      if (page.length < Math.min(batchSize, remaining)) return;
      remaining -= page.length;
      next = page[page.length - 1].position + 1;
    }
  }

  function subscribeToAll(options: SubscribeToAllOptions = {}) {
    return pollingSubscription(
      {
        readBatch: readAllBatch,
        onAppended(listener) {
          appendListeners.add(listener);
          return () => appendListeners.delete(listener);
        },
      },
      { fromPosition: toSafeInteger(options.fromPosition ?? 0, 'fromPosition'), pollIntervalMs, batchSize },
    );
  }

  let releaseArchive: ReturnType<typeof createSqlReleaseArchive> | undefined;
  let logTree: ReturnType<typeof createSqlLogTree> | undefined;
  let logId: Promise<string> | undefined;
  const readLogId = async (): Promise<string> => {
    const [row] = await executor.query<{ log_id: string }>('SELECT log_id FROM event_store.log_identity');
    if (!row) throw new Error('event_store.log_identity is empty: the store was not created by its migrations');
    return row.log_id;
  };

  async function headPosition(): Promise<number | null> {
    const [row] = await executor.query<{ position: string | null }>(`SELECT max(position) AS position FROM event_store.events WHERE position < ${SAFE_BOUND}`);
    return row?.position == null ? null : toSafeInteger(row.position, 'position');
  }

  return {
    appendToStream,
    appendToStreams,
    readStream,
    readStreams,
    readAll,
    subscribeToAll,
    // It never changes, so it is read once per store (a failed read is tried again next time).
    logId: () => (logId ??= readLogId().catch((error: unknown) => ((logId = undefined), Promise.reject(error)))),
    headPosition,
    releaseArchive: () => (releaseArchive ??= createSqlReleaseArchive(executor)),
    logTree: () => (logTree ??= createSqlLogTree(executor)),
    close: () => executor.close(),
  };
}
