import type { AppendResult, EventStore, JsonObject, StreamRevision } from '@app/event-store';
import { ConcurrencyConflictError } from '@app/event-store';
import { commandMetadata, type CommandContext } from './command-metadata';
import { StaleRevisionError } from './command-handling.errors';
import type { Command } from './decider';

/** Something that happened that no decider has to allow (a read of a record, a signed checkpoint). */
export interface Fact extends Command {
  data: JsonObject;
}

export interface RecordFactOptions extends CommandContext {
  /** The revision the fact follows (e.g. the previous checkpoint's); default: wherever the stream is. */
  expectedRevision?: StreamRevision | 'no_stream';
}

/**
 * Appends one fact with the same metadata as a command's events (its ids, the actor and the time
 * from `fact.metadata`). There is nothing to decide again, so nothing to retry: a fact recorded
 * against a revision the stream has left is StaleRevisionError, and its author must look again.
 */
export async function recordFact(store: EventStore, stream: string, fact: Fact, options: RecordFactOptions): Promise<AppendResult> {
  const metadata = commandMetadata(options, fact.metadata.actor, fact.metadata.now);
  const expectedRevision = options.expectedRevision ?? 'any';
  try {
    return await store.appendToStream(stream, [{ type: fact.type, data: fact.data, metadata }], { expectedRevision });
  } catch (error) {
    if (error instanceof ConcurrencyConflictError && expectedRevision !== 'any') throw new StaleRevisionError(stream, expectedRevision, error.actual);
    throw error;
  }
}
