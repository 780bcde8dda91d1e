import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { Client } from 'pg';
import { loadConfig, redisOptionsFrom } from '@app/config';
import { DEADLINES_QUEUE } from '@app/deadlines';
import { DEADLINE_CONCURRENCY, DeadlinesProcessor } from '../../apps/worker/src/deadlines/deadlines.processor';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { PENDING_JOBS_PER_DESIGNATION } from './designations';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The worker's own BullMQ concurrency for the deadlines queue (WorkerModule.forRoot); the baseline uses the same. */
export const WORKER_CONCURRENCY = DEADLINE_CONCURRENCY;
/** How often the log is counted while the sunsets fire. */
export const POLL_MS = 50;
/** A run fails if the count has not moved for this long (a sunset that never fires must not hang the bench). */
const STALL_MS = 60_000;

export interface OursSettings {
  databaseUrl: string;
  redisUrl: string;
  redis: Redis;
  /** REDIS_KEY_PREFIX of the worker; its BullMQ keys are under `<prefix>bull:`. */
  prefix: string;
  policyFile: string;
  reconcileMs: number;
  /** The designations created in setup, all with their sunset at `dueAt`. */
  ids: readonly string[];
  dueAt: number;
}

export interface OursResult {
  /** From starting the worker to every designation's pending jobs being in the delayed set. */
  schedulingMs: number;
  /** From the sunset instant to the last DesignationExpired being counted in the log. */
  allAppendedMs: number;
  verified: string;
  /** What the deadlines queue's BullMQ worker reported before the sunset instant, and from it on. */
  incidents: { scheduling: Incidents; sunsets: Incidents };
}

/** Jobs BullMQ found stalled (lock lost, run again), and errors the worker emitted (e.g. a job that vanished while it ran). */
export interface Incidents {
  stalled: number;
  errors: number;
  firstError?: string;
}

/**
 * The real worker in this process (projection, scheduler, reconciler, processors), started after
 * setup: it projects the log, schedules every deadline job, issues the reminders already due (see
 * designations.ts) and schedules the next ones. Then, from the sunset instant, the log is counted.
 */
export async function runOurs(s: OursSettings): Promise<OursResult> {
  const n = s.ids.length;
  const queueKey = (type: string) => `${s.prefix}bull:${DEADLINES_QUEUE}:${type}`;
  const env = {
    EVENT_STORE: 'postgres',
    DATABASE_URL: s.databaseUrl,
    REDIS_URL: s.redisUrl,
    REDIS_KEY_PREFIX: s.prefix,
    SANCTIONS_POLICY_FILE: s.policyFile,
    DEADLINE_RECONCILE_MS: String(s.reconcileMs),
  };
  const pg = new Client({ connectionString: s.databaseUrl });
  await pg.connect();
  let worker: INestApplicationContext | undefined;
  try {
    const started = Date.now();
    // abortOnError: false, so that a worker failing to boot throws here (Nest would otherwise exit silently).
    const booting = (async () => {
      const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(loadConfig(env, { requireAuth: false })), { logger: false, abortOnError: false });
      return app.init();
    })();
    let bootTimer: NodeJS.Timeout | undefined;
    worker = await Promise.race([
      booting,
      new Promise<never>((_, reject) => (bootTimer = setTimeout(() => reject(new Error('the worker had not booted 1 s before the sunset: raise BENCH_LEAD_S')), s.dueAt - 1_000 - Date.now()))),
    ]).finally(() => clearTimeout(bootTimer));

    // Counted rather than left to BullMQ, which prints an 'error' nobody listens to.
    const seen: Incidents = { stalled: 0, errors: 0 };
    let firstErrorFromDue: string | undefined;
    const bull = worker.get(DeadlinesProcessor).worker;
    bull.on('stalled', () => void seen.stalled++);
    bull.on('error', (error: Error) => {
      seen.errors++;
      seen.firstError ??= error.message;
      if (Date.now() >= s.dueAt) firstErrorFromDue ??= error.message;
    });

    // Scheduling: every designation's pending jobs delayed, nothing left to run before the sunset.
    const expected = n * PENDING_JOBS_PER_DESIGNATION;
    for (;;) {
      const [delayed, waiting, active, prioritized] = await Promise.all([
        s.redis.zcard(queueKey('delayed')),
        s.redis.llen(queueKey('wait')),
        s.redis.llen(queueKey('active')),
        s.redis.zcard(queueKey('prioritized')),
      ]);
      if (delayed >= expected && waiting + active + prioritized === 0) break;
      if (Date.now() > s.dueAt - 1_000) {
        throw new Error(
          `jobs not all scheduled 1 s before the sunset (delayed ${delayed}/${expected}, waiting ${waiting}, active ${active}): ` +
            'raise BENCH_LEAD_S',
        );
      }
      await sleep(100);
    }
    const schedulingMs = Date.now() - started;
    await checkDelayedJobs(s.redis, queueKey('delayed'), s.ids, s.dueAt);

    // Nothing is appending now (the reminders are done), so every DesignationExpired lands above this.
    const { rows } = await pg.query<{ p: string }>('SELECT coalesce(max(position), 0)::text AS p FROM event_store.events');
    const before = rows[0].p;
    const countExpired = async () =>
      Number(
        (await pg.query<{ n: string }>(`SELECT count(*) AS n FROM event_store.events WHERE position > $1 AND type = 'DesignationExpired'`, [before]))
          .rows[0].n,
      );

    await sleep(s.dueAt - Date.now());
    const scheduling = { ...seen };
    let counted = 0;
    let movedAt = Date.now();
    for (;;) {
      const now = Date.now();
      const count = await countExpired();
      if (count >= n) break;
      if (count !== counted) [counted, movedAt] = [count, now];
      if (now - movedAt > STALL_MS) throw new Error(await stallReport(pg, s, queueKey, count));
      await sleep(POLL_MS);
    }
    const allAppendedMs = Date.now() - s.dueAt;

    // Late duplicates would come from retried or re-added jobs: give them a moment, then check.
    await sleep(2_000);
    const verified = await verifyExpiries(pg, s.redis, queueKey('failed'), s.ids, before);
    const sunsets: Incidents = { stalled: seen.stalled - scheduling.stalled, errors: seen.errors - scheduling.errors };
    if (sunsets.errors > 0) sunsets.firstError = firstErrorFromDue;
    return { schedulingMs, allAppendedMs, verified, incidents: { scheduling, sunsets } };
  } finally {
    if (worker && !(await within(worker.close(), CLOSE_MS))) {
      workerLeftRunning = true;
      console.error(`the worker had not closed ${CLOSE_MS / 1000} s after close() (see README, "Stopping the worker"); carrying on without it`);
    }
    await pg.end();
  }
}

/** How long closing the worker may take before the bench gives up on it. */
const CLOSE_MS = 30_000;
let workerLeftRunning = false;

/** True if a worker did not close in time: its connections keep the process alive, so the caller must exit explicitly. */
export const workerLeftOpen = () => workerLeftRunning;

/** Whether `work` settled (either way) within `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The delayed set must hold exactly one sunset job per designation, due at the instant. */
async function checkDelayedJobs(redis: Redis, delayedKey: string, ids: readonly string[], dueAt: number): Promise<void> {
  const jobs = await redis.zrange(delayedKey, '0', '-1');
  const expected = new Set(ids.map((id) => `sunset-${id}-${dueAt}`));
  const sunsets = jobs.filter((job) => job.startsWith('sunset-'));
  const strays = sunsets.filter((job) => !expected.has(job));
  if (sunsets.length !== ids.length || strays.length > 0) {
    throw new Error(`delayed sunset jobs: ${sunsets.length} for ${ids.length} designations; unexpected: ${strays.slice(0, 3).join(', ')}`);
  }
  const byKind = new Map<string, number>();
  for (const job of jobs) {
    const kind = job.replace(/-[0-9a-f]{8}-[0-9a-f-]{27}-\d+(-[0-9a-f]{16})?$/, '');
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  for (const [kind, count] of byKind) {
    if (count !== ids.length) throw new Error(`delayed jobs by kind: ${JSON.stringify(Object.fromEntries(byKind))}; expected ${ids.length} of each`);
    if (!['sunset', 'review-reminder', 'notification-overdue'].includes(kind)) throw new Error(`unexpected delayed job kind ${kind}`);
  }
}

interface ExpiredRow {
  stream_name: string;
  position: string;
  sunset_at: string;
  recorded_at: string;
}

/** Exactly one DesignationExpired per designation, none before its sunset, no failed deadline job. */
async function verifyExpiries(pg: Client, redis: Redis, failedKey: string, ids: readonly string[], before: string): Promise<string> {
  const { rows } = await pg.query<ExpiredRow>(
    `SELECT stream_name, position::text AS position, data->>'sunsetAt' AS sunset_at, metadata->>'recordedAt' AS recorded_at
       FROM event_store.events WHERE type = 'DesignationExpired'`,
  );
  const perStream = new Map<string, number>();
  let earliestLatenessMs = Infinity;
  let latestLatenessMs = -Infinity;
  for (const row of rows) {
    perStream.set(row.stream_name, (perStream.get(row.stream_name) ?? 0) + 1);
    const lateness = Date.parse(row.recorded_at) - Date.parse(row.sunset_at);
    earliestLatenessMs = Math.min(earliestLatenessMs, lateness);
    latestLatenessMs = Math.max(latestLatenessMs, lateness);
  }
  const problems: string[] = [];
  const missing = ids.filter((id) => !perStream.has(`designation-${id}`));
  const twice = [...perStream].filter(([, count]) => count > 1);
  const created = new Set(ids.map((id) => `designation-${id}`));
  const strangers = [...perStream.keys()].filter((stream) => !created.has(stream));
  const early = rows.filter((row) => Date.parse(row.recorded_at) < Date.parse(row.sunset_at));
  const beforeInstant = rows.filter((row) => BigInt(row.position) <= BigInt(before));
  const failed = await redis.zcard(failedKey);
  if (missing.length > 0) problems.push(`${missing.length} designations without DesignationExpired (e.g. ${missing[0]})`);
  if (twice.length > 0) problems.push(`${twice.length} designations expired more than once (e.g. ${twice[0][0]} ×${twice[0][1]})`);
  if (strangers.length > 0) problems.push(`${strangers.length} DesignationExpired in streams not created by the bench`);
  if (early.length > 0) problems.push(`${early.length} DesignationExpired recorded before the sunset`);
  if (beforeInstant.length > 0) problems.push(`${beforeInstant.length} DesignationExpired appended before the measurement started`);
  if (failed > 0) problems.push(`${failed} failed deadline jobs`);
  if (problems.length > 0) throw new Error(`sunsets incorrect: ${problems.join('; ')}`);
  return (
    `designations=${ids.length} expired_exactly_once=${ids.length} failed_jobs=0 ` +
    `lateness_ms_first=${earliestLatenessMs} lateness_ms_last=${latestLatenessMs}`
  );
}

async function stallReport(pg: Client, s: OursSettings, queueKey: (type: string) => string, count: number): Promise<string> {
  const { rows } = await pg.query<{ stream_name: string }>(`SELECT DISTINCT stream_name FROM event_store.events WHERE type = 'DesignationExpired'`);
  const expired = new Set(rows.map((row) => row.stream_name));
  const missing = s.ids.filter((id) => !expired.has(`designation-${id}`));
  const [delayed, waiting, active, failed] = await Promise.all([
    s.redis.zcard(queueKey('delayed')),
    s.redis.llen(queueKey('wait')),
    s.redis.llen(queueKey('active')),
    s.redis.zrange(queueKey('failed'), '0', '4'),
  ]);
  const samples = await Promise.all(
    missing.slice(0, 3).map(async (id) => {
      const job = await s.redis.hgetall(queueKey(`sunset-${id}-${s.dueAt}`));
      return `${id}: job ${Object.keys(job).length === 0 ? 'gone' : JSON.stringify({ failedReason: job.failedReason, attemptsMade: job.atm, finishedOn: job.finishedOn })}`;
    }),
  );
  return (
    `DesignationExpired stuck at ${count}/${s.ids.length} for ${STALL_MS / 1000} s; ${missing.length} designations missing; ` +
    `deadlines queue: delayed ${delayed}, waiting ${waiting}, active ${active}, failed ${JSON.stringify(failed)}; ${samples.join('; ')}`
  );
}

/**
 * The floor: a plain BullMQ Queue and Worker (same Redis, its own prefix, same concurrency), `n`
 * no-op jobs added with addBulk, all due at one instant; timed from that instant to the nth
 * 'completed' event (and, to compare with our first expiry's lateness, to the first). Options as our deadline jobs have them where they matter to BullMQ's work
 * (removed on completion, kept an hour on failure).
 */
export async function runBullmqNoop(redisUrl: string, prefix: string, n: number): Promise<{ allCompletedMs: number; firstCompletedMs: number }> {
  const connection = { ...redisOptionsFrom(redisUrl), maxRetriesPerRequest: null };
  const name = 'noop';
  const queue = new Queue(name, { connection, prefix });
  let completed = 0;
  let failed = 0;
  let lastCompletedAt = 0;
  let firstCompletedAt = 0;
  let done!: () => void;
  const allCompleted = new Promise<void>((resolve) => (done = resolve));
  const worker = new Worker(name, async () => undefined, { connection, prefix, concurrency: WORKER_CONCURRENCY });
  worker.on('completed', () => {
    lastCompletedAt = Date.now();
    firstCompletedAt ||= lastCompletedAt;
    if (++completed === n) done();
  });
  worker.on('failed', () => void failed++);
  worker.on('error', () => undefined);
  try {
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    const dueAt = Date.now() + 2_000 + Math.ceil(n * 0.5);
    for (let i = 0; i < n; i += 500) {
      const delay = dueAt - Date.now();
      await queue.addBulk(
        Array.from({ length: Math.min(500, n - i) }, (_, j) => ({
          name,
          data: { n: i + j },
          opts: { delay, removeOnComplete: true, removeOnFail: { age: 3600 } },
        })),
      );
    }
    if (Date.now() > dueAt - 500) throw new Error('BullMQ baseline: adding the jobs took longer than the lead it was given');
    // Fails instead of hanging if the completions stop coming.
    let watch: NodeJS.Timeout | undefined;
    let seen = -1;
    let movedAt = dueAt;
    await Promise.race([
      allCompleted,
      new Promise<never>((_, reject) => {
        watch = setInterval(() => {
          if (completed !== seen) [seen, movedAt] = [completed, Date.now()];
          else if (Date.now() - Math.max(movedAt, dueAt) > STALL_MS) reject(new Error(`BullMQ baseline stuck at ${completed}/${n} completed, ${failed} failed`));
        }, 1_000);
      }),
    ]).finally(() => clearInterval(watch));
    if (failed > 0) throw new Error(`BullMQ baseline: ${failed} no-op jobs failed`);
    return { allCompletedMs: lastCompletedAt - dueAt, firstCompletedMs: firstCompletedAt - dueAt };
  } finally {
    await worker.close();
    await queue.close();
  }
}

