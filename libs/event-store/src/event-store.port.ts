import type { JsonObject } from './json';

/**
 * Revisions and global positions are plain JavaScript numbers so they survive JSON unchanged.
 * Both must stay at or below Number.MAX_SAFE_INTEGER (2^53 - 1); every adapter checks this on the
 * way out and throws a RangeError rather than round silently (see each adapter for what that limit
 * means in practice).
 */
export type StreamRevision = number;
export type GlobalPosition = number;

/** What the caller expects the stream to be before the append. An exact revision is that of the stream's last event. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | StreamRevision | bigint;

/** The stream's state as found by the store: the revision of its last event, or that it has none. */
export type StreamState = StreamRevision | 'no_stream';

export interface EventToAppend {
  type: string;
  data: JsonObject;
  /** Caller metadata; `hash` and `prevHash` are reserved, the store sets them. */
  metadata?: JsonObject;
  /** A UUID; generated when absent. Appending an id that is already stored fails. */
  eventId?: string;
}

export interface ChainMetadata {
  prevHash: string;
  hash: string;
}

export interface RecordedEvent {
  streamName: string;
  /** 0-based number of the event within its stream. */
  revision: StreamRevision;
  /** Order across all streams; unique, increasing, not dense. */
  position: GlobalPosition;
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject & ChainMetadata;
  /** When the store wrote it (ISO 8601), by the store's clock. Not covered by the hash chain. */
  recordedAt?: string;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last appended event: pass it as `expectedRevision` for the next append. */
  nextExpectedRevision: StreamRevision;
  /** Global position of the last appended event. */
  position: GlobalPosition;
}

export interface ReadStreamOptions {
  /**
   * First revision to return (inclusive). Default 0 forwards; backwards, the stream's last event
   * (so `{ direction: 'backwards', maxCount: 1 }` reads just the newest event).
   */
  fromRevision?: StreamRevision | bigint;
  /** Default forwards (ascending revisions); backwards returns descending revisions from `fromRevision`. */
  direction?: 'forwards' | 'backwards';
  /** Only events at or before this global position: the stream as of that point of the log. */
  toPosition?: GlobalPosition;
  maxCount?: number;
}

export interface ReadStreamResult {
  /** False when the stream has no events at all; `events` is then empty. */
  streamExists: boolean;
  /** By revision, in the direction asked (forwards unless told otherwise). */
  events: RecordedEvent[];
}

export interface ReadAllOptions {
  /** First global position to return (inclusive). Default 0: from the beginning. */
  fromPosition?: GlobalPosition;
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /**
   * First global position to deliver (inclusive), as for readAll. A consumer resuming from a
   * checkpoint passes the checkpoint and skips the one event it already applied.
   */
  fromPosition?: GlobalPosition;
}

/** One stream's part of appendToStreams: what appendToStream would be given for it. */
export interface StreamAppend {
  stream: string;
  events: readonly EventToAppend[];
  expectedRevision: ExpectedRevision;
}

/**
 * What became of one stream's part: appended, or refused because the stream was not at the
 * expected revision (`actual` is where it was; nothing of this stream was written).
 */
export type StreamAppendOutcome = { stream: string; appended: AppendResult } | { stream: string; conflict: StreamState };

/** Catches up from `fromPosition`, then stays live until closed. Iterate it once. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  /**
   * Appends to several distinct streams at once, each part checked against its own expected
   * revision and chained onto its own head, as appendToStream would. A part whose stream is not
   * where it was expected is refused on its own (its outcome says so) and the others go ahead:
   * one busy stream never fails the rest. Outcomes are in the order of `appends`. The SQL stores
   * write all the accepted parts in one transaction; others may append them one stream at a time.
   * After a thrown error (connection, duplicate event id) which parts were written is unknown (the
   * SQL stores: none): callers find out by reading, as after a failed appendToStream.
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]>;
  /** The whole of each named (distinct) stream, forwards, in one read where the store can: `readStream` of many. Absent streams map to []. */
  readStreams(streams: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  /** In global order, up to what is safely committed when each page is read. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /**
   * The log's identity: made once with the store, never changed (a restored backup keeps it; a
   * new or another store has its own). Whatever is derived from a log records it, so that nothing
   * derived from one log is ever served for another.
   */
  logId(): Promise<string>;
  /** Global position of the last event readAll would return now; null for an empty log. */
  headPosition(): Promise<GlobalPosition | null>;
  close(): Promise<void>;
}

/** Injection token for the port (the adapter is bound by configuration). */
export const EVENT_STORE = Symbol('EVENT_STORE');
