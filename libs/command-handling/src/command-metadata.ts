import type { JsonObject } from '@app/event-store';
import type { Actor } from './decider';

/** Which command an event came from, and which request or message it belongs to. */
export interface CommandContext {
  /** Unique per command; a command already in the stream is not applied again. */
  commandId: string;
  /** The request or workflow this command is part of. Defaults to commandId. */
  correlationId?: string;
  /** The message (command or event) that caused this command. Defaults to commandId. */
  causationId?: string;
}

export interface CommandEventMetadata extends JsonObject {
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: { id: string; roles: string[] };
  recordedAt: string;
  // and `commandDigest` when the command carries a caller's key (see CommandOptions.keyed)
}

/**
 * The metadata every appended event carries: the command's ids, the actor who asked, and the time
 * the command was issued (`recordedAt`, ISO 8601 UTC). Only the actor's id and roles are kept.
 */
export function commandMetadata(context: CommandContext, actor: Actor, recordedAt: Date | string, commandDigest?: string): CommandEventMetadata {
  const at = new Date(recordedAt);
  if (Number.isNaN(at.getTime())) throw new RangeError(`the command's time is not a valid date: ${String(recordedAt)}`);
  return {
    commandId: context.commandId,
    correlationId: context.correlationId ?? context.commandId,
    causationId: context.causationId ?? context.commandId,
    actor: { id: actor.id, roles: [...actor.roles] },
    recordedAt: at.toISOString(),
    ...(commandDigest ? { commandDigest } : {}),
  };
}
