import { Inject, Injectable, PreconditionFailedException, UnprocessableEntityException } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import { createHash, randomUUID } from 'node:crypto';
import { decide, evolve, initialState, type DesignationCommand, type DesignationEvent, type DesignationState, type Policy } from '@app/domain';
import { canonicalize, ConcurrencyConflictError, EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { CommandIdReusedError, handleCommand, uuidFrom } from '@app/command-handling';

export { uuidFrom };
import type { CommandRequest } from './command-request';

export const SANCTIONS_POLICY = Symbol('SANCTIONS_POLICY');
export const CLOCK = Symbol('CLOCK');

export interface CommandReceipt {
  id: string;
  revision: number;
  position: number;
}

export const streamName = (designationId: string) => `designation-${designationId}`;

/** Sends commands to the decider through the one generic handler; knows nothing of HTTP. */
@Injectable()
export class DesignationsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SANCTIONS_POLICY) private readonly policy: Policy,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  /** A retried proposal with the same Idempotency-Key lands on the same stream, so it is found, not repeated. */
  propose(body: object, request: CommandRequest): Promise<CommandReceipt> {
    const id = request.idempotencyKey ? uuidFrom(`propose:${request.actor.id}:${request.idempotencyKey}`) : randomUUID();
    return this.execute('ProposeDesignation', id, body, request);
  }

  async execute(type: DesignationCommand['type'], id: string, body: object, request: CommandRequest): Promise<CommandReceipt> {
    const now = this.clock().toISOString();
    const command = {
      type,
      data: { ...(instanceToPlain(body) as object), designationId: id },
      metadata: { now, actor: request.actor },
    } as DesignationCommand;
    const commandId = request.idempotencyKey ? uuidFrom(`${type}:${id}:${request.actor.id}:${request.idempotencyKey}`) : randomUUID();
    // With an Idempotency-Key, a retry must ask for the same thing: another body under the same key is 422.
    const commandDigest = request.idempotencyKey ? createHash('sha256').update(canonicalize(JSON.parse(JSON.stringify({ type, data: command.data })))).digest('hex') : undefined;
    const policy = this.policy;
    const decider = {
      decide: (c: DesignationCommand, state: DesignationState) => decide(c, state, policy),
      evolve: (state: DesignationState, event: DesignationEvent) => evolve(state, event),
      initialState,
    };
    try {
      const result = await handleCommand(this.store, streamName(id), command, decider, {
        commandId,
        commandDigest,
        correlationId: request.correlationId,
        causationId: commandId,
        actor: { id: request.actor.id, roles: request.actor.roles },
        now: () => now,
        expectedRevision: request.expectedRevision,
      });
      return { id, revision: typeof result.nextExpectedRevision === 'number' ? result.nextExpectedRevision : -1, position: result.position ?? 0 };
    } catch (error) {
      if (error instanceof ConcurrencyConflictError && request.expectedRevision !== undefined) {
        throw new PreconditionFailedException(`The designation has changed since revision ${request.expectedRevision}`);
      }
      if (error instanceof CommandIdReusedError) {
        throw new UnprocessableEntityException({
          message: 'This Idempotency-Key was already used for a different request; nothing was recorded. Use a new key for a new request',
          code: 'IDEMPOTENCY_KEY.REUSED',
        });
      }
      throw error;
    }
  }

  /** The stream's events; empty when there is no such designation. */
  async events(id: string): Promise<RecordedEvent[]> {
    return (await this.store.readStream(streamName(id))).events;
  }

  async load(id: string): Promise<{ state: DesignationState; revision: number } | undefined> {
    const events = await this.events(id);
    if (events.length === 0) return undefined;
    const state = events.reduce((s, e) => evolve(s, e as unknown as DesignationEvent), initialState());
    return { state, revision: events[events.length - 1].revision };
  }
}
