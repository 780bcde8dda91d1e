import { createHash } from 'node:crypto';
import { canonicalize, ConcurrencyConflictError, toJsonObject, type EventStore, type GlobalPosition, type RecordedEvent, type StreamRevision } from '@app/event-store';
import { commandMetadata, type CommandContext } from './command-metadata';
import { CommandIdReusedError, ConcurrentChangeError, StaleRevisionError } from './command-handling.errors';
import type { Command, Decider, DomainEvent } from './decider';

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

export interface HandleCommandResult<Event> {
  /** The events this command recorded (for a duplicate: the ones it recorded the first time). */
  events: Event[];
  /** Revision of the stream's last event after the command; 'no_stream' if it wrote nothing to a new stream. */
  nextExpectedRevision: StreamRevision | 'no_stream';
  /** Global position of the command's last event (or of the stream's last event if it decided nothing). */
  position: GlobalPosition | null;
  /** True when the commandId was already in the stream: nothing was appended. */
  duplicate: boolean;
}

const DEFAULT_MAX_ATTEMPTS = 3;

/** SHA-256 of the RFC 8785 canonical JSON of what a command asks for (its type and data). */
export function commandDigest(command: Pick<Command, 'type' | 'data'>): string {
  return createHash('sha256').update(canonicalize(toJsonObject({ type: command.type, data: command.data }))).digest('hex');
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
  const digest = options.keyed ? commandDigest(command) : undefined;
  const metadata = commandMetadata(options, command.metadata.actor, command.metadata.now, digest);

  for (let attempt = 1; ; attempt++) {
    const assumeEmpty = options.expectNew === true && attempt === 1 && options.expectedRevision === undefined;
    const { events: history } = assumeEmpty ? { events: [] as RecordedEvent[] } : await store.readStream(streamName);
    const earlier = history.filter((event) => event.metadata.commandId === options.commandId);
    if (earlier.length > 0) {
      const recorded = earlier[0].metadata.commandDigest;
      if (digest && typeof recorded === 'string' && recorded !== digest) throw new CommandIdReusedError(options.commandId);
      return outcome(earlier.map(toDomainEvent<Event>), earlier[earlier.length - 1], true);
    }

    const last = history[history.length - 1];
    const actual = last ? last.revision : 'no_stream';
    if (options.expectedRevision !== undefined && options.expectedRevision !== actual) {
      throw new StaleRevisionError(streamName, options.expectedRevision, actual);
    }

    const state = history.reduce((current, event) => decider.evolve(current, toDomainEvent<Event>(event)), decider.initialState());
    let decided: Event[];
    try {
      decided = [...decider.decide(command, state)];
    } catch (error) {
      // Refused on the assumed empty state: the real stream may hold this very command, or another state.
      if (assumeEmpty) continue;
      throw error;
    }
    if (decided.length === 0) return outcome([], last, false);

    try {
      // The store turns each event's data into JSON once, as it hashes it (chainEvents).
      const appended = await store.appendToStream(
        streamName,
        decided.map((event) => ({ type: event.type, data: event.data as never, metadata })),
        { expectedRevision: actual },
      );
      return { events: decided, nextExpectedRevision: appended.nextExpectedRevision, position: appended.position, duplicate: false };
    } catch (error) {
      // Retried even with a caller's expectedRevision: the next read then either finds this very
      // command (a concurrent duplicate) or reports the caller's stale revision.
      if (!(error instanceof ConcurrencyConflictError)) throw error;
      // An assumed-new stream that exists is no contention: read it and decide on what is there.
      if (assumeEmpty) continue;
      if (attempt >= maxAttempts) throw new ConcurrentChangeError(streamName, actual, error.actual, attempt);
    }
  }
}

function outcome<Event>(events: Event[], last: RecordedEvent | undefined, duplicate: boolean): HandleCommandResult<Event> {
  return {
    events,
    nextExpectedRevision: last ? last.revision : 'no_stream',
    position: last ? last.position : null,
    duplicate,
  };
}

/** Stored events are trusted to be the decider's own: the stream is written only through it. */
function toDomainEvent<Event extends DomainEvent>(event: RecordedEvent): Event {
  return { type: event.type, data: event.data } as unknown as Event;
}
