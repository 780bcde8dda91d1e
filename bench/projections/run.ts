import { goal } from '../support/goal';
import { print, withDatabase } from '../support/database';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { canonicalize, createPostgresEventStore, type EventStore, type JsonValue } from '@app/event-store';
import type { ReadModelSettings } from '@app/read-models';
import { POLICY } from '../../libs/domain/testing/fixtures';
import { rate, ratio } from '../event-store/measure';
import { appendPlan, designationHistories, emmettStore, interleave, ourAppender } from './seed';
import { deleteKeys } from '../support/redis';
import { emmettConsumer, emmettConsumerReadOnly, ourRebuild, type Timed } from './subjects';
import { setting } from '../support/settings';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = setting('BENCH_EVENTS', 20_000, 1);
const BATCH = setting('BENCH_BATCH', 500, 1);
const ROUNDS = setting('BENCH_ROUNDS', 3, 1);
const SEED = setting('BENCH_SEED', 42, 0);
/** Designations being written to at the same time while seeding (round-robin between them). */
const ACTIVE = setting('BENCH_ACTIVE', 64, 1);
/** Emmett's pause between two full pages; 0 so the baseline is not slowed by its default 50 ms. */
const EMMETT_PULL_MS = setting('BENCH_EMMETT_PULL_MS', 0, 0);
/**
 * The policy the histories were decided under, and webhooks for the ministries the generator's
 * designations name as reviewers (so reminders get tracked deliveries, as in a deployment with them).
 */
const SETTINGS: ReadModelSettings = { policy: POLICY, webhookMinistries: new Set(['foreign-affairs', 'justice']) };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Both sides must have folded every designation to the same state: otherwise the race is not the same race. */
async function sameDesignations(redis: Redis, ourDocKey: string, emmettKey: string, designations: number): Promise<void> {
  const [ours, theirs] = await Promise.all([redis.hgetall(ourDocKey), redis.hgetall(emmettKey)]);
  const ids = Object.keys(ours);
  if (ids.length !== designations || Object.keys(theirs).length !== designations) {
    throw new Error(`designations folded: ours ${ids.length}, Emmett ${Object.keys(theirs).length}, seeded ${designations}`);
  }
  for (const id of ids) {
    const a = JSON.parse(ours[id]) as { designation: JsonValue; revision: number };
    const b = theirs[id] ? (JSON.parse(theirs[id]) as { designation: JsonValue; streamPosition: number }) : undefined;
    if (!b || b.streamPosition !== a.revision + 1 || canonicalize(a.designation) !== canonicalize(b.designation)) {
      throw new Error(`designation ${id} differs between our rebuild and the Emmett consumer`);
    }
  }
}

/**
 * Table statistics for both stores, as autovacuum keeps them in service. Without them (a fresh
 * database on a server with autovacuum off) PostgreSQL plans each page of a log read as a scan of
 * the rest of the table and a sort: every reader, ours, Emmett's and the bare one, slows down the
 * further it gets, and the bench measures the planner instead.
 */
async function analyze(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** The floor of any rebuild: the store's own readAll of the same log, nothing done with the events. Events per second. */
async function bareReadAll(store: EventStore, expected: number): Promise<number> {
  const started = performance.now();
  let seen = 0;
  for await (const _event of store.readAll()) seen++;
  if (seen !== expected) throw new Error(`readAll gave ${seen} events, expected ${expected}`);
  return seen / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const histories = designationHistories(EVENTS, SEED);
  const plan = interleave(histories, ACTIVE, SEED);
  print(
    'config',
    `events=${EVENTS} designations=${histories.length} appends=${plan.length} batch=${BATCH} rounds=${ROUNDS} ` +
      `seed=${SEED} active=${ACTIVE} emmett_pull_ms=${EMMETT_PULL_MS}`,
  );
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  const run = randomUUID().slice(0, 8);
  const prefix = `bench-${run}:`;
  try {
    await withDatabase('proj_bench', async (url) => {
      // The store's own page size is the bench's, so the bare readAll reads the pages our rebuild does.
      const store = await createPostgresEventStore({ connectionString: url, poolConfig: { max: 2 }, batchSize: BATCH });
      const emmett = await emmettStore(url);
      try {
        await Promise.all([appendPlan(plan, ourAppender(store)), appendPlan(plan, emmett.append)]);
        await analyze(url);
        const ours: Timed[] = [];
        const folded: Timed[] = [];
        const noop: Timed[] = [];
        const readOnly: Timed[] = [];
        const reads: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          // Alternate who goes first, so neither always gets the colder cache or the colder JIT.
          const oursRun = () => ourRebuild(store, redis, `${prefix}ours:`, EVENTS, BATCH, SETTINGS);
          const emmettKey = `${prefix}emmett:r${round}:state`;
          const emmettRun = () =>
            emmettConsumer({ url, redis, stateKey: emmettKey, expected: EVENTS, batchSize: BATCH, pullingFrequencyInMs: EMMETT_PULL_MS, work: 'fold' });
          let mine: Awaited<ReturnType<typeof oursRun>>;
          if (round % 2 === 0) {
            mine = await oursRun();
            folded.push(await emmettRun());
          } else {
            folded.push(await emmettRun());
            mine = await oursRun();
          }
          ours.push(mine);
          if (round === 0) await sameDesignations(redis, mine.docKey, emmettKey, histories.length);
          await deleteKeys(redis, prefix);
          noop.push(await emmettConsumer({ url, redis, stateKey: emmettKey, expected: EVENTS, batchSize: BATCH, pullingFrequencyInMs: EMMETT_PULL_MS, work: 'noop' }));
          readOnly.push(await emmettConsumerReadOnly(url, EVENTS, BATCH, EMMETT_PULL_MS));
          reads.push(await bareReadAll(store, EVENTS));
        }
        const oursRate = median(ours.map((t) => t.eventsPerSecond));
        const emmettRate = median(folded.map((t) => t.eventsPerSecond));
        print('verified', `designations=${histories.length} folded identically by both`);
        print('ours_rebuild_events_per_s', rate(oursRate));
        print('emmett_consumer_events_per_s', rate(emmettRate));
        print('emmett_consumer_noop_events_per_s', rate(median(noop.map((t) => t.eventsPerSecond))));
        print('emmett_consumer_read_only_events_per_s', rate(median(readOnly.map((t) => t.eventsPerSecond))));
        print('ratio_rebuild_vs_emmett_consumer', ratio(oursRate, emmettRate));
        const readRate = median(reads);
        print('bare_read_all_events_per_s', rate(readRate));
        goal('rebuild_vs_read', oursRate / readRate, 0.6, 'atLeast');
        goal('rebuild_vs_emmett', oursRate / emmettRate, 5, 'atLeast');
      } finally {
        await emmett.close();
        await store.close();
      }
    });
  } finally {
    await deleteKeys(redis, prefix).catch(() => undefined);
    await redis.quit();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
