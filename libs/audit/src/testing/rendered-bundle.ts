import { createHash } from 'node:crypto';
import { decide, evolve, initialState, type Actor, type DesignationCommand, type DesignationEvent } from '@app/domain';
import type { JsonObject } from '@app/event-store';
import { at, DESIGNATION_ID, POLICY } from '../../../domain/testing/fixtures';
import { BUNDLE_FORMAT, type AuditBundle, type BundledEvent } from '../bundle';

/** Bundles for rendering tests: real decider output, placeholder hashes and proofs (rendering does not check them). */
export const ROOT = 'c0ffee'.repeat(10) + '0123';
export const STREAM = `designation-${DESIGNATION_ID}`;

interface Recorded {
  event: DesignationEvent;
  actor: Actor;
  recordedAt: string;
}

/** Runs commands through the real decider, keeping who decided and when, as the command handler records it. */
export function record(commands: DesignationCommand[]): Recorded[] {
  let state = initialState();
  const out: Recorded[] = [];
  for (const c of commands) {
    const events = decide(c, state, POLICY);
    state = events.reduce(evolve, state);
    out.push(...events.map((event) => ({ event, actor: c.metadata.actor, recordedAt: c.metadata.now })));
  }
  return out;
}

const fakeHash = (i: number) => createHash('sha256').update(`event ${i}`).digest('hex');

/** A bundle as the service would shape it (the hashes and proofs are placeholders: rendering does not check them). */
export function bundleOf(recorded: Recorded[], options: { uncovered?: number; generatedAt?: string } = {}): AuditBundle {
  const uncovered = options.uncovered ?? 0;
  const events: BundledEvent[] = recorded.map(({ event, actor, recordedAt }, i) => {
    const covered = i < recorded.length - uncovered;
    return {
      streamName: STREAM,
      revision: i,
      position: 100 + 3 * i,
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: event.type,
      data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
      metadata: {
        commandId: `cmd-${i}`,
        correlationId: `cmd-${i}`,
        causationId: `cmd-${i}`,
        actor: { id: actor.id, roles: [...actor.roles] },
        recordedAt,
        prevHash: i === 0 ? '0'.repeat(64) : fakeHash(i - 1),
        hash: fakeHash(i),
      },
      leafIndex: covered ? 40 + i : null,
    };
  });
  return {
    format: BUNDLE_FORMAT,
    stream: STREAM,
    generatedAt: options.generatedAt ?? at('P23M'),
    checkpoint: {
      origin: 'sanctions.example/<i>log</i>',
      treeSize: 97,
      rootHash: ROOT,
      issuedAt: at('P22M'),
      lastPosition: 150,
      jws: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln',
      kid: 'court-key-"1"',
    },
    events,
    multiproof: [fakeHash(1000)],
    statement: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln',
    keys: [],
  };
}

