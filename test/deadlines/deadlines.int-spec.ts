import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createPostgresEventStore, type EventStore } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { deletePrefix, until } from '../read-models/support/read-model-dump';
import { startRedisServer, type PrivateRedis } from '../support/redis-server';
import { designateWithSunset, eventsOfType, reviewer, send, senior } from './support/designations';
import { SHORT_POLICY, shortPolicyFile } from './support/short-policy';
import { startWorker } from './support/worker';

/**
 * Deadlines on real PostgreSQL and real Redis, through the real worker: BullMQ runs the clock, the
 * log decides. Sunsets a few seconds ahead, moved sunsets, and a FLUSHALL with more than a
 * thousand deadlines pending.
 */
jest.setTimeout(90_000);

let database: TestDatabase;
let store: EventStore;
const policyFile = shortPolicyFile();

beforeAll(async () => {
  database = await createTestDatabase('deadline_test');
  store = await createPostgresEventStore({ connectionString: database.url, poolConfig: { max: 8 } });
});
afterAll(async () => {
  await store.close();
  await database.drop();
});

const workerEnv = (redisUrl: string, prefix: string) => ({
  EVENT_STORE: 'postgres',
  DATABASE_URL: database.url,
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: prefix,
  SANCTIONS_POLICY_FILE: policyFile,
  DEADLINE_RECONCILE_MS: '500',
  DEADLINE_JOB_LOCK_MS: '1000',
});

describe('on the shared Redis', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `test-${randomUUID().slice(0, 8)}:`;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    worker = await startWorker(workerEnv(redisUrl, prefix));
  });
  afterAll(async () => {
    await worker.close();
    const redis = new Redis(redisUrl);
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('a sunset a few seconds ahead: exactly one DesignationExpired, within 2 s of it', async () => {
    const { id, sunsetAt } = await designateWithSunset(store, SHORT_POLICY, 3_000);
    const [expired] = await until(async () => {
      const found = await eventsOfType(store, id, 'DesignationExpired');
      return found.length > 0 ? found : undefined;
    }, 15_000, 'the sunset');
    const lateness = Date.parse(expired.metadata.recordedAt as string) - Date.parse(sunsetAt);
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await eventsOfType(store, id, 'DesignationExpired')).toHaveLength(1);
    expect(await eventsOfType(store, id, 'ExemptionExpired')).toHaveLength(1);
  });

  it('a sunset extended before its job fires: the old job appends nothing, the new one fires', async () => {
    const { id, sunsetAt } = await designateWithSunset(store, SHORT_POLICY, 3_000);
    await send(store, SHORT_POLICY, id, 'CompleteReview', { outcome: 'maintain', findings: 'Still needed', representationsConsidered: [], nextReviewDueAt: sunsetAt }, reviewer);
    const extendedTo = new Date(Date.now() + 6_000).toISOString();
    await send(store, SHORT_POLICY, id, 'ExtendSunset', { sunsetAt: extendedTo, justification: 'Threat persists' }, senior);

    await new Promise((resolve) => setTimeout(resolve, Date.parse(sunsetAt) - Date.now() + 1_000));
    expect(await eventsOfType(store, id, 'DesignationExpired')).toHaveLength(0);

    const [expired] = await until(async () => {
      const found = await eventsOfType(store, id, 'DesignationExpired');
      return found.length > 0 ? found : undefined;
    }, 15_000, 'the extended sunset');
    expect(expired.data.sunsetAt).toBe(extendedTo);
    expect(Date.parse(expired.metadata.recordedAt as string) - Date.parse(extendedTo)).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await eventsOfType(store, id, 'DesignationExpired')).toHaveLength(1);
  });
});

describe('FLUSHALL with more than a thousand deadlines pending', () => {
  let redis: PrivateRedis;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    redis = await startRedisServer();
    worker = await startWorker(workerEnv(redis.url, 'sls:'));
  });
  afterAll(async () => {
    await worker.close();
    await redis.stop();
  });

  it('every deadline still fires, none twice', async () => {
    const count = 600; // × (sunset + exemption expiry) = 1,200 deadline jobs
    const designations: { id: string }[] = [];
    const sunsetIn = 20_000;
    const started = Date.now();
    for (let i = 0; i < count; i += 20) {
      designations.push(...(await Promise.all(Array.from({ length: 20 }, () => designateWithSunset(store, SHORT_POLICY, sunsetIn - (Date.now() - started))))));
    }
    const client = redis.client();
    const waiting = async () => (await client.zcard('sls:bull:deadlines:delayed')) + (await client.llen('sls:bull:deadlines:wait'));
    const pending = await until(async () => {
      const n = await waiting();
      return n >= count * 2 ? n : undefined;
    }, 20_000, 'the deadline jobs');
    expect(Date.now() - started).toBeLessThan(sunsetIn - 2_000); // all still pending when Redis is flushed

    await client.flushall();
    // The worker, still running, notices the empty Redis: it rebuilds the read models (and with them
    // the deadlines projection) from the log and re-adds every job. Nothing is restarted.

    await until(async () => {
      const done = await Promise.all(designations.map(async ({ id }) => (await eventsOfType(store, id, 'DesignationExpired')).length));
      return done.every((n) => n >= 1) ? true : undefined;
    }, 60_000, 'every sunset after FLUSHALL').catch(async (error: Error) => {
      // What the queue holds says where the sunsets stopped (not added again, not taken, failing).
      const done = (await Promise.all(designations.map(async ({ id }) => (await eventsOfType(store, id, 'DesignationExpired')).length))).filter((n) => n >= 1);
      const queue = (type: string) => `sls:bull:deadlines:${type}`;
      const [delayed, failed, waiting, active] = await Promise.all([client.zcard(queue('delayed')), client.zcard(queue('failed')), client.llen(queue('wait')), client.llen(queue('active'))]);
      const [failedId] = await client.zrange(queue('failed'), '0', '0');
      const reason = failedId ? await client.hget(queue(failedId), 'failedReason') : null;
      throw new Error(`${error.message}: ${done.length}/${count} expired; jobs delayed ${delayed}, waiting ${waiting}, active ${active}, failed ${failed}${failedId ? ` (${failedId}: ${reason})` : ''}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const { id } of designations) {
      expect(await eventsOfType(store, id, 'DesignationExpired')).toHaveLength(1);
      expect(await eventsOfType(store, id, 'ExemptionExpired')).toHaveLength(1);
    }
    console.log(`FLUSHALL with ${pending} deadline jobs pending: all ${count} sunsets and ${count} exemption expiries fired once`);
  });
});
