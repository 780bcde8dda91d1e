import { randomUUID } from 'node:crypto';
import { uuidFrom } from '@app/command-handling';
import { designationStream, evolve, exists, initialState, type Actor, type DesignationCommand, type DesignationEvent, type DesignationState } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import type { DesignationHandler } from './designation-handler';

/** Who sends a command and under which conditions, whichever door it came through (JSON API, console). */
export interface CommandRequest {
  actor: Actor;
  /** The revision the caller last saw (HTTP If-Match); a stale one is StaleRevisionError. */
  expectedRevision?: number;
  /** A caller's key for retries (HTTP Idempotency-Key): a retry records nothing new. */
  idempotencyKey?: string;
  correlationId: string;
}

export interface CommandReceipt {
  id: string;
  revision: number;
  position: number;
}

type CommandType = DesignationCommand['type'];

/**
 * The designation use cases: run a command for an actor, read a designation. Knows nothing of
 * HTTP; it throws only domain errors and those of command handling, which each door translates.
 */
export class Designations {
  constructor(
    private readonly store: EventStore,
    private readonly handler: DesignationHandler,
    private readonly clock: () => Date,
  ) {}

  /** A retried proposal with the same key lands on the same stream, so it is found, not repeated. */
  propose(data: object, request: CommandRequest): Promise<CommandReceipt> {
    const id = request.idempotencyKey ? uuidFrom(`propose:${request.actor.id}:${request.idempotencyKey}`) : randomUUID();
    // A new designation's stream is not read first; a retry under the same key finds its stream and is answered from it.
    return this.execute('ProposeDesignation', id, data, request, { expectNew: true });
  }

  /** `data` is the command's body as plain JSON, without the designation's id. */
  async execute(type: CommandType, id: string, data: object, request: CommandRequest, options: { expectNew?: boolean } = {}): Promise<CommandReceipt> {
    const command = {
      type,
      data: { ...data, designationId: id },
      metadata: { now: this.clock().toISOString(), actor: request.actor },
    } as DesignationCommand;
    const keyed = request.idempotencyKey !== undefined;
    const commandId = keyed ? uuidFrom(`${type}:${id}:${request.actor.id}:${request.idempotencyKey}`) : randomUUID();
    const result = await this.handler.handle(command, {
      commandId,
      keyed,
      correlationId: request.correlationId,
      expectedRevision: request.expectedRevision,
      expectNew: options.expectNew,
    });
    return { id, revision: typeof result.nextExpectedRevision === 'number' ? result.nextExpectedRevision : -1, position: result.position ?? 0 };
  }

  /** The stream's events; empty when there is no such designation. */
  async events(id: string): Promise<RecordedEvent[]> {
    return (await this.store.readStream(designationStream(id))).events;
  }

  load(id: string): Promise<{ state: DesignationState; revision: number } | undefined> {
    return this.handler.load(id);
  }

  /** The state, its revision and the events it is folded from, in one read of the stream (a page shows all three). */
  async history(id: string): Promise<{ state: DesignationState; revision: number; events: RecordedEvent[] } | undefined> {
    const events = await this.events(id);
    const state = events.reduce((current, event) => evolve(current, { type: event.type, data: event.data } as unknown as DesignationEvent), initialState());
    return exists(state) ? { state, revision: events[events.length - 1].revision, events } : undefined;
  }
}
