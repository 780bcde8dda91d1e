import type { JsonObject } from '@app/event-store';

export interface Actor {
  id: string;
  roles: readonly string[];
}

/** Who asked, and which request this belongs to. */
export interface CommandContext {
  /** Unique per command; a command already in the stream is not applied again. */
  commandId: string;
  /** The request or workflow this command is part of. Defaults to commandId. */
  correlationId?: string;
  /** The message (command or event) that caused this command. Defaults to commandId. */
  causationId?: string;
  actor: Actor;
  /**
   * A digest of what the command asks for (e.g. SHA-256 of its canonical JSON), kept with its
   * events. A later command with the same commandId but another digest is refused rather than
   * answered with the first one's result: a reused idempotency key must not acknowledge a decision
   * that was never recorded.
   */
  commandDigest?: string;
}

export interface CommandEventMetadata extends JsonObject {
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: { id: string; roles: string[] };
  recordedAt: string;
  // and `commandDigest` when the context gave one
}

/** `recordedAt`: a Date, or an ISO 8601 string; stored as ISO 8601 UTC. */
export function commandMetadata(context: CommandContext, recordedAt: Date | string): CommandEventMetadata {
  const at = new Date(recordedAt);
  if (Number.isNaN(at.getTime())) throw new RangeError(`now() returned an invalid date: ${String(recordedAt)}`);
  return {
    commandId: context.commandId,
    correlationId: context.correlationId ?? context.commandId,
    causationId: context.causationId ?? context.commandId,
    actor: { id: context.actor.id, roles: [...context.actor.roles] },
    recordedAt: at.toISOString(),
    ...(context.commandDigest ? { commandDigest: context.commandDigest } : {}),
  };
}
