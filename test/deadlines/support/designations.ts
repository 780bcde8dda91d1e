import { randomUUID } from 'node:crypto';
import { designationHandler } from '@app/application';
import { designationStream, type Actor, type DesignationCommand, type Policy } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { terms } from '../../../libs/domain/testing/fixtures';

export const official: Actor = { id: 'official-1', roles: ['official'] };
export const senior: Actor = { id: 'senior-1', roles: ['senior_official'] };
export const reviewer: Actor = { id: 'reviewer-1', roles: ['reviewer'], ministry: 'foreign-affairs' };

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

/** Sends one command through the real handler, as the api would. */
export async function send(store: EventStore, policy: Policy, id: string, type: DesignationCommand['type'], data: object, actor: Actor) {
  const now = new Date().toISOString();
  const command = { type, data: { ...data, designationId: id }, metadata: { now, actor } } as DesignationCommand;
  return designationHandler(store, policy).handle(command, { commandId: randomUUID() });
}

/**
 * Proposes and issues a designation whose sunset is `sunsetInMs` from now, with its standing
 * exemption expiring a second before (so both deadlines fire, in that order).
 */
export async function designateWithSunset(store: EventStore, policy: Policy, sunsetInMs: number, reviewInterval = 'P1D'): Promise<{ id: string; sunsetAt: string }> {
  const id = randomUUID();
  const sunsetAt = inMs(sunsetInMs);
  const base = terms();
  await send(
    store,
    policy,
    id,
    'ProposeDesignation',
    { ...base, reviewInterval, sunsetAt, exemptions: [{ ...base.exemptions[0], validUntil: inMs(sunsetInMs - 1_000) }] },
    official,
  );
  await send(store, policy, id, 'ApproveDesignation', {}, senior);
  return { id, sunsetAt };
}

export async function eventsOfType(store: EventStore, id: string, type: string): Promise<RecordedEvent[]> {
  return (await store.readStream(designationStream(id))).events.filter((e) => e.type === type);
}
