import { ConcurrencyConflictError } from '../event-store.errors';
import type { AppendResult, EventToAppend, ExpectedRevision } from '../event-store.port';
import { normalizeExpectedRevision, satisfies } from '../expected-revision';
import { chainEvents, type ChainedEvent, type StreamHead } from '../hash-chain';

export interface PinnedAppendSteps {
  readHead(stream: string): Promise<StreamHead | null>;
  /** Writes only if the stream's last revision is still `head` (null: the stream must not exist). */
  write(stream: string, head: StreamHead | null, events: ChainedEvent[]): Promise<AppendResult>;
}

/**
 * A store without transactions (EventStoreDB) can still keep the chain unforked: read the head,
 * link the events onto it, and write with the head's exact revision as the expected revision, so
 * the write fails if anyone appended in between. For 'any' and 'stream_exists' the caller did not
 * ask for that exactness, so a lost race is retried on the new head.
 */
export async function appendPinned(
  steps: PinnedAppendSteps,
  stream: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
  maxAttempts = 5,
): Promise<AppendResult> {
  const expected = normalizeExpectedRevision(expectedRevision);
  const retryable = expected === 'any' || expected === 'stream_exists';
  for (let attempt = 1; ; attempt++) {
    const head = await steps.readHead(stream);
    const actual = head ? head.revision : 'no_stream';
    if (!satisfies(expected, actual)) throw new ConcurrencyConflictError(stream, expectedRevision, actual);
    try {
      return await steps.write(stream, head, chainEvents(stream, head, events));
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError)) throw error;
      if (!retryable || attempt >= maxAttempts) throw new ConcurrencyConflictError(stream, expectedRevision, error.actual);
    }
  }
}
