import type { ExpectedRevision, StreamState } from './event-store.port';

/** The one error every adapter raises for a stale expected revision. */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';
  readonly code = 'EVENT_STORE.CONCURRENCY_CONFLICT';

  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: StreamState,
  ) {
    super(`Stream "${stream}": expected revision ${String(expected)}, but it is ${String(actual)}`);
  }
}

export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';

  constructor(readonly stream: string) {
    super(`Stream "${stream}": an event with one of these event ids is already stored`);
  }
}
