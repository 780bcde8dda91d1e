import { mulberry32 } from '../support/random';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { commandMetadata } from '@app/command-handling';
import { toJsonObject, type EventStore, type EventToAppend } from '@app/event-store';
import { DESIGNATION_STREAM_PREFIX } from '@app/domain';
import { runSequence, sequenceArb } from '../../libs/domain/testing/command-sequences';

/** One designation's history, as the command handler would have appended it. */
export interface History {
  stream: string;
  events: EventToAppend[];
}

/** One appendToStream call of the seeding plan. */
export interface Append {
  stream: string;
  events: EventToAppend[];
}

/**
 * Designation histories from the domain's own generator (random command sequences run through
 * decide/evolve; refused commands leave no event), `total` events in all. Each designation gets a
 * fresh UUID; the last history is cut short to hit `total` exactly (a prefix of a history is a
 * valid history). Metadata is what the command handler stamps, `recordedAt` being the command's time.
 */
export function designationHistories(total: number, seed: number): History[] {
  const histories: History[] = [];
  let count = 0;
  for (let chunk = 0; count < total; chunk++) {
    for (const steps of fc.sample(sequenceArb(30), { numRuns: 500, seed: seed + chunk })) {
      if (count >= total) break;
      const id = randomUUID();
      const events: EventToAppend[] = [];
      for (const { command, outcome } of runSequence(steps)) {
        if (!('events' in outcome)) continue;
        const metadata = commandMetadata({ commandId: randomUUID() }, command.metadata.actor, command.metadata.now);
        for (const event of outcome.events) {
          events.push({ type: event.type, data: toJsonObject({ ...event.data, designationId: id }), metadata });
        }
      }
      const kept = events.slice(0, total - count);
      if (kept.length === 0) continue;
      histories.push({ stream: `${DESIGNATION_STREAM_PREFIX}${id}`, events: kept });
      count += kept.length;
    }
  }
  return histories;
}

/**
 * Interleaves the histories into a sequence of appends, as live traffic would: `active`
 * designations at a time are taken round-robin, 1–3 events per append; when one's history is
 * done, the next designation starts. So every page of the log mixes many designations.
 */
export function interleave(histories: readonly History[], active: number, seed: number): Append[] {
  const random = mulberry32(seed);
  const waiting = histories.map((h) => ({ stream: h.stream, events: h.events, next: 0 }));
  const live: typeof waiting = [];
  const plan: Append[] = [];
  let started = 0;
  while (started < waiting.length || live.length > 0) {
    while (live.length < active && started < waiting.length) live.push(waiting[started++]);
    for (let i = 0; i < live.length; ) {
      const h = live[i];
      const take = 1 + Math.floor(random() * 3);
      plan.push({ stream: h.stream, events: h.events.slice(h.next, h.next + take) });
      h.next += take;
      if (h.next >= h.events.length) live.splice(i, 1);
      else i++;
    }
  }
  return plan;
}

/**
 * Runs the plan one append after the other. Sequential on purpose: Emmett 0.42's consumer reads
 * `ORDER BY transaction_id, global_position` but resumes after the last global_position it saw, so
 * when concurrent appends commit out of sequence order it skips or repeats events at page
 * boundaries (see README). One writer keeps both logs in the same, gap-free order.
 */
export async function appendPlan(plan: readonly Append[], append: (stream: string, events: EventToAppend[]) => Promise<void>): Promise<void> {
  for (const step of plan) await append(step.stream, step.events);
}

/** Appender for our store: exact expected revisions, as command handling does. */
export function ourAppender(store: EventStore): (stream: string, events: EventToAppend[]) => Promise<void> {
  const revisions = new Map<string, number>();
  return async (stream, events) => {
    const result = await store.appendToStream(stream, events, { expectedRevision: revisions.get(stream) ?? 'no_stream' });
    revisions.set(stream, result.nextExpectedRevision);
  };
}

/** Emmett's PostgreSQL event store in the same database (its own tables), and an appender for it. */
export async function emmettStore(url: string) {
  const pool = new Pool({ connectionString: url, max: 2 });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  const versions = new Map<string, bigint>();
  return {
    async append(stream: string, events: EventToAppend[]): Promise<void> {
      const expected = versions.get(stream);
      const result = await store.appendToStream(
        stream,
        events.map(({ type, data, metadata }) => ({ type, data, metadata })),
        expected === undefined ? { expectedStreamVersion: 'STREAM_DOES_NOT_EXIST' } : { expectedStreamVersion: expected },
      );
      versions.set(stream, result.nextExpectedStreamVersion);
    },
    async close(): Promise<void> {
      await store.close();
      await pool.end();
    },
  };
}

