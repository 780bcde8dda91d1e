import { createHash } from 'node:crypto';
import { canonicalize, ConcurrencyConflictError, toJsonObject, type EventStore, type RecordedEvent, type StreamRevision } from '@app/event-store';
import { commandMetadata, type CommandContext, type CommandEventMetadata } from './command-metadata';
import { ConcurrentChangeError } from './command-handling.errors';
import type { Command, Decider, DomainEvent } from './decider';
import { decideOnHistory, toAppend, type Decision, type HandleCommandResult } from './decision';

export type { HandleCommandResult } from './decision';

export interface CommandOptions extends CommandContext {
  /**
   * The revision the caller based the command on (e.g. an HTTP If-Match). If the stream has moved
   * on, the command is not decided and StaleRevisionError is thrown: the caller has not seen the
   * new state. A repeated commandId is still answered with its original result.
   */
  expectedRevision?: StreamRevision | 'no_stream';
  /**
   * The commandId was derived from a caller's key (an Idempotency-Key): a digest of the command is
   * kept with its events, and a later command under the same id that asks for something else is
   * refused (CommandIdReusedError) instead of being answered with the first one's result.
   */
  keyed?: boolean;
  /** Reads, decisions and appends tried before a concurrency conflict gives up. Default 3. */
  maxAttempts?: number;
  /**
   * The caller expects the stream not to exist yet (a new subject with a derived id): the first
   * attempt decides on the initial state and appends with `no_stream`, without reading. If the
   * stream does exist the append fails, and the ordinary read-fold-decide cycle runs, which finds a
   * repeated commandId or decides on the real state. Saves one round trip per new stream.
   */
  expectNew?: boolean;
}

const DEFAULT_MAX_ATTEMPTS = 3;

/** SHA-256 of the RFC 8785 canonical JSON of what a command asks for (its type and data). */
export function commandDigest(command: Pick<Command, 'type' | 'data'>): string {
  return createHash('sha256').update(canonicalize(toJsonObject({ type: command.type, data: command.data }))).digest('hex');
}

/** What every event of the command carries (its metadata), and the digest a keyed command is checked against. */
export function recordOf(command: Command, options: CommandOptions): { digest?: string; metadata: CommandEventMetadata } {
  const digest = options.keyed ? commandDigest(command) : undefined;
  return { digest, metadata: commandMetadata(options, command.metadata.actor, command.metadata.now, digest) };
}

/**
 * Read the stream, fold it, decide, append with the revision read. On a concurrency conflict the
 * whole cycle runs again on the new state (bounded); a decide that throws propagates with nothing
 * written. Idempotency is checked against the log itself: the events of a commandId already in
 * the stream are returned instead of being decided again. (A command that decided no events
 * leaves no trace, so repeating it decides again; that is harmless because it changed nothing.)
 * The actor and the time recorded are the command's own (`command.metadata`).
 */
export async function handleCommand<C extends Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamName: string,
  command: C,
  decider: Decider<C, Event, State>,
  options: CommandOptions,
): Promise<HandleCommandResult<Event>> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer');
  const { digest, metadata } = recordOf(command, options);

  for (let attempt = 1; ; attempt++) {
    const assumeEmpty = options.expectNew === true && attempt === 1 && options.expectedRevision === undefined;
    const { events: history } = assumeEmpty ? { events: [] as RecordedEvent[] } : await store.readStream(streamName);
    let decision: Decision<Event>;
    try {
      decision = decideOnHistory(streamName, history, command, decider, options, digest);
    } catch (error) {
      // Refused on the assumed empty state: the real stream may hold this very command, or another state.
      if (assumeEmpty) continue;
      throw error;
    }
    if ('answered' in decision) return decision.answered;
    try {
      const appended = await store.appendToStream(streamName, toAppend(decision.decided, metadata), { expectedRevision: decision.actual });
      return { events: decision.decided, nextExpectedRevision: appended.nextExpectedRevision, position: appended.position, duplicate: false };
    } catch (error) {
      // Retried even with a caller's expectedRevision: the next read then either finds this very
      // command (a concurrent duplicate) or reports the caller's stale revision.
      if (!(error instanceof ConcurrencyConflictError)) throw error;
      // An assumed-new stream that exists is no contention: read it and decide on what is there.
      if (assumeEmpty) continue;
      if (attempt >= maxAttempts) throw new ConcurrentChangeError(streamName, decision.actual, error.actual, attempt);
    }
  }
}
