import type { EventToAppend, GlobalPosition, RecordedEvent, StreamRevision, StreamState } from '@app/event-store';
import type { CommandEventMetadata } from './command-metadata';
import { CommandIdReusedError, StaleRevisionError } from './command-handling.errors';
import type { Command, Decider, DomainEvent } from './decider';

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

/** What deciding needs of CommandOptions (handle-command.ts): the command's id, and the revision its caller saw. */
interface DecisionOptions {
  commandId: string;
  expectedRevision?: StreamRevision | 'no_stream';
}

/** What a command comes to on a stream's history: answered already (a repeat, or nothing to do), or events to append at `actual`. */
export type Decision<Event> = { answered: HandleCommandResult<Event> } | { decided: Event[]; actual: StreamState };

/**
 * The part of handling a command between reading the stream and appending, one and the same for a
 * command on its own and for one of a batch: find a repeated commandId, check the caller's revision,
 * fold, decide. Throws what the decider throws, CommandIdReusedError and StaleRevisionError.
 */
export function decideOnHistory<C extends Command, Event extends DomainEvent, State>(
  streamName: string,
  history: readonly RecordedEvent[],
  command: C,
  decider: Decider<C, Event, State>,
  options: DecisionOptions,
  digest: string | undefined,
): Decision<Event> {
  const earlier = history.filter((event) => event.metadata.commandId === options.commandId);
  if (earlier.length > 0) {
    const recorded = earlier[0].metadata.commandDigest;
    if (digest && typeof recorded === 'string' && recorded !== digest) throw new CommandIdReusedError(options.commandId);
    return { answered: outcome(earlier.map(toDomainEvent<Event>), earlier[earlier.length - 1], true) };
  }
  const last = history[history.length - 1];
  const actual = last ? last.revision : 'no_stream';
  if (options.expectedRevision !== undefined && options.expectedRevision !== actual) {
    throw new StaleRevisionError(streamName, options.expectedRevision, actual);
  }
  const state = history.reduce((current, event) => decider.evolve(current, toDomainEvent<Event>(event)), decider.initialState());
  const decided = [...decider.decide(command, state)];
  return decided.length === 0 ? { answered: outcome([], last, false) } : { decided, actual };
}

/** The decided events as the store takes them, each with the command's metadata. */
export function toAppend(decided: readonly DomainEvent[], metadata: CommandEventMetadata): EventToAppend[] {
  // The store turns each event's data into JSON once, as it hashes it (chainEvents).
  return decided.map((event) => ({ type: event.type, data: event.data as never, metadata }));
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
