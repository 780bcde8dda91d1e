import { ConcurrencyConflictError, type ExpectedRevision, type StreamState } from '@app/event-store';

/** The commandId is already in the log for a different command (see CommandOptions.keyed). */
export class CommandIdReusedError extends Error {
  override readonly name = 'CommandIdReusedError';
  constructor(readonly commandId: string) {
    super(`Command ${commandId} was already recorded with different content`);
  }
}

/**
 * The caller based the command on a revision the stream has since left (e.g. a stale HTTP
 * If-Match): nothing was decided, because the caller has not seen the new state.
 */
export class StaleRevisionError extends ConcurrencyConflictError {
  constructor(stream: string, expected: ExpectedRevision, actual: StreamState) {
    super(stream, expected, actual);
    this.message = `${stream} has changed since revision ${String(expected)} (it is at ${String(actual)})`;
  }
}

/** Other writers kept moving the stream while the command was decided again and again: try later. */
export class ConcurrentChangeError extends ConcurrencyConflictError {
  constructor(
    stream: string,
    expected: ExpectedRevision,
    actual: StreamState,
    readonly attempts: number,
  ) {
    super(stream, expected, actual);
    this.message = `${stream} kept changing during ${attempts} attempts to record the command; nothing was recorded`;
  }
}
