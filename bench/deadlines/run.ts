import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createPostgresEventStore } from '@app/event-store';
import { goal } from '../support/goal';
import { print, withDatabase } from '../support/database';
import { rate, ratio } from '../event-store/measure';
import { createDesignations, writePolicyFile } from './designations';
import { deleteKeys } from '../support/redis';
import { POLL_MS, runBullmqNoop, runOurs, WORKER_CONCURRENCY, workerLeftOpen } from './subjects';
import { setting } from '../support/settings';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DEADLINES = setting('BENCH_DEADLINES', 10_000, 1);
/**
 * Seconds from the start of setup to the sunset instant: setup and scheduling must both be done by
 * then (the run fails, naming this variable, if they are not). On 2 cores each designation took
 * about 5 ms to create and 5 ms to schedule (7 ms each at 2,000); the default allows 15 ms, plus 20 s.
 */
const LEAD_S = setting('BENCH_LEAD_S', Math.ceil(20 + DEADLINES * 0.015), 5);
/** The reconciler re-adds every pending job; at one hour it runs only at boot, never while the sunsets are measured. */
const RECONCILE_MS = setting('BENCH_RECONCILE_MS', 3_600_000, 100);
/** Designations being created at the same time in setup (each: propose, then approve). */
const SETUP_CONCURRENCY = 32;

const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function main(): Promise<void> {
  print(
    'config',
    `deadlines=${DEADLINES} worker_concurrency=${WORKER_CONCURRENCY} setup_concurrency=${SETUP_CONCURRENCY} ` +
      `lead_s=${LEAD_S} reconcile_ms=${RECONCILE_MS} poll_ms=${POLL_MS}`,
  );
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  const prefix = `bench-${randomUUID().slice(0, 8)}:`;
  const policy = writePolicyFile();
  try {
    const ours = await withDatabase('deadline_bench', async (url) => {
      // A whole second, so that job ids and sunsets are easy to read.
      const dueAt = Math.ceil((Date.now() + LEAD_S * 1000) / 1000) * 1000;
      const store = await createPostgresEventStore({ connectionString: url, poolConfig: { max: SETUP_CONCURRENCY } });
      const setupStarted = Date.now();
      let ids: string[];
      try {
        ids = await createDesignations(store, DEADLINES, new Date(dueAt).toISOString(), SETUP_CONCURRENCY);
      } finally {
        await store.close();
      }
      const setupMs = Date.now() - setupStarted;
      print('setup_designations_s', seconds(setupMs));
      if (Date.now() > dueAt - 5_000) throw new Error(`setup took ${seconds(setupMs)} s, leaving under 5 s before the sunset: raise BENCH_LEAD_S`);

      const result = await runOurs({ databaseUrl: url, redisUrl: REDIS_URL, redis, prefix, policyFile: policy.file, reconcileMs: RECONCILE_MS, ids, dueAt });
      print('scheduling_s', seconds(result.schedulingMs));
      print('ours_sunsets_all_appended_s', seconds(result.allAppendedMs));
      print('ours_sunsets_per_s', rate(DEADLINES / (result.allAppendedMs / 1000)));
      print('verified', result.verified);
      for (const [phase, seen] of Object.entries(result.incidents)) {
        print(`ours_${phase}_bullmq_incidents`, `stalled=${seen.stalled} errors=${seen.errors}`);
        if (seen.firstError) console.error(`${phase}: first BullMQ worker error: ${seen.firstError}`);
      }
      return result;
    });
    await deleteKeys(redis, prefix);

    const { allCompletedMs: baselineMs, firstCompletedMs } = await runBullmqNoop(REDIS_URL, `${prefix}baseline`, DEADLINES);
    print('bullmq_noop_all_completed_s', seconds(baselineMs));
    print('bullmq_noop_first_completed_ms', String(firstCompletedMs));
    print('bullmq_noop_per_s', rate(DEADLINES / (baselineMs / 1000)));
    print('ratio_sunsets_vs_bullmq_noop', ratio(ours.allAppendedMs, baselineMs));
    goal('deadlines_vs_bullmq', ours.allAppendedMs / baselineMs, 1.5, 'atMost');
  } finally {
    await deleteKeys(redis, prefix).catch(() => undefined);
    await redis.quit();
    policy.remove();
  }
}

main().then(
  () => {
    if (workerLeftOpen()) process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    // Clean-up has run; a worker that failed to boot or to close can still hold connections open.
    process.exit(1);
  },
);
