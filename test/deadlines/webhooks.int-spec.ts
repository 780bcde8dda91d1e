import type { INestApplicationContext } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { deliveryHandler, requestReplay, verifySignature } from '@app/deadlines';
import { createPostgresEventStore, type EventStore } from '@app/event-store';
import { deliveryStream, ReadModelKeys, type DeliveryDoc } from '@app/read-models';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { deletePrefix, until } from '../read-models/support/read-model-dump';
import { designateWithSunset } from './support/designations';
import { SHORT_POLICY, shortPolicyFile } from './support/short-policy';
import { startWorker } from './support/worker';

/**
 * Review reminders to ministries' webhooks: signed, retried with backoff, recorded in the log once
 * delivered, dead-lettered when retries run out, and replayable by an operator.
 */
jest.setTimeout(60_000);

interface Received {
  body: string;
  signature?: string;
  deliveryId?: string;
}

/** A ministry's endpoint that fails its first `failures` requests with 503, then answers 204. */
function receiver(failures: number) {
  const received: Received[] = [];
  let remaining = failures;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ body, signature: request.headers['x-signature'] as string, deliveryId: request.headers['x-delivery-id'] as string });
      response.statusCode = remaining-- > 0 ? 503 : 204;
      response.end();
    });
  });
  return {
    received,
    succeedFromNowOn: () => (remaining = 0),
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const FOREIGN_SECRET = 'foreign-affairs-webhook-secret';
const JUSTICE_SECRET = 'justice-ministry-webhook-secret';
let database: TestDatabase;
let store: EventStore;
let worker: INestApplicationContext;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-${randomUUID().slice(0, 8)}:`;
const flaky = receiver(3);
const down = receiver(Number.POSITIVE_INFINITY);

beforeAll(async () => {
  database = await createTestDatabase('webhook_test');
  store = await createPostgresEventStore({ connectionString: database.url, poolConfig: { max: 4 } });
  const [flakyUrl, downUrl] = await Promise.all([flaky.listen(), down.listen()]);
  worker = await startWorker({
    EVENT_STORE: 'postgres',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    SANCTIONS_POLICY_FILE: shortPolicyFile(),
    DEADLINE_RECONCILE_MS: '500',
    WEBHOOK_ATTEMPTS: '5',
    WEBHOOK_BACKOFF_MS: '50',
    REMINDER_WEBHOOKS: JSON.stringify({
      'foreign-affairs': { url: flakyUrl, secret: FOREIGN_SECRET },
      justice: { url: downUrl, secret: JUSTICE_SECRET },
    }),
  });
});

afterAll(async () => {
  await worker.close();
  await Promise.all([flaky.close(), down.close()]);
  const redis = new Redis(redisUrl);
  await deletePrefix(redis, prefix);
  redis.disconnect();
  await store.close();
  await database.drop();
});

it('a receiver that fails 3 times then succeeds gets the reminder once, validly signed; one that stays down is dead-lettered, then replayed', async () => {
  // Review due 10 s after issuance; the short policy reminds 8 s before, so in about 2 s.
  const { id } = await designateWithSunset(store, SHORT_POLICY, 60_000, 'PT10S');
  const upcoming = (r: Received) => JSON.parse(r.body).designationId === id && JSON.parse(r.body).kind === 'upcoming';

  const delivered = await until(async () => {
    const ok = flaky.received.filter(upcoming);
    return ok.length >= 4 ? ok : undefined;
  }, 20_000, 'four tries at the flaky receiver');
  expect(delivered).toHaveLength(4);
  expect(new Set(delivered.map((r) => r.body)).size).toBe(1); // the same reminder, tried again
  for (const r of delivered) expect(verifySignature(FOREIGN_SECRET, r.body, r.signature)).toBe(true);
  expect(verifySignature(JUSTICE_SECRET, delivered[3].body, delivered[3].signature)).toBe(false);
  expect(JSON.parse(delivered[3].body)).toMatchObject({ ministry: 'foreign-affairs', designationId: id, kind: 'upcoming', reviewDueAt: expect.any(String) });

  const deliveryId = delivered[0].deliveryId!;
  const recorded = await until(async () => {
    const { events } = await store.readStream(deliveryStream(deliveryId));
    return events.length > 0 ? events : undefined;
  });
  expect(recorded.map((e) => e.type)).toEqual(['ReminderDelivered']);
  expect(recorded[0].data).toMatchObject({ attempts: 4, status: 204 });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(flaky.received.filter(upcoming)).toHaveLength(4); // delivered once: no further tries

  // The justice ministry's endpoint is down: five tries, then a dead letter in the log.
  const deadId = await until(async () => {
    const tries = down.received.filter(upcoming);
    return tries.length >= 5 ? tries[0].deliveryId : undefined;
  }, 20_000, 'five tries at the receiver that is down');
  const deadEvents = await until(async () => {
    const { events } = await store.readStream(deliveryStream(deadId!));
    return events.length > 0 ? events : undefined;
  });
  expect(deadEvents.map((e) => e.type)).toEqual(['ReminderDeliveryFailed']);
  expect(deadEvents[0].data).toMatchObject({ attempts: 5, lastError: 'the webhook answered 503' });

  const redis = new Redis(redisUrl);
  try {
    const keys = new ReadModelKeys(prefix);
    const dead = await until(async () => {
      const g = keys.generation((await redis.get(keys.current))!);
      return (await redis.sismember(g.deliveryDead, deadId!)) === 1 ? g : undefined;
    });
    expect(JSON.parse((await redis.hget(dead.delivery, deadId!))!) as DeliveryDoc).toMatchObject({ status: 'dead_letter', ministry: 'justice' });

    // An operator replays it once the endpoint is back.
    down.succeedFromNowOn();
    // Recorded as the caller's, whoever that is (it was once a hard-coded senior_official).
    const operator = { id: 'operator-1', roles: ['senior_official', 'reviewer'] as const };
    const deliveries = deliveryHandler(store);
    expect(await requestReplay(deliveries, deadId!, { id: operator.id, roles: [...operator.roles] }, () => new Date())).toBe(true);
    expect(await requestReplay(deliveries, deadId!, { id: operator.id, roles: [...operator.roles] }, () => new Date())).toBe(false); // not dead any more
    const replayed = await until(async () => {
      const { events } = await store.readStream(deliveryStream(deadId!));
      return events.at(-1)?.type === 'ReminderDelivered' ? events : undefined;
    }, 20_000, 'the replayed delivery');
    expect(replayed.map((e) => e.type)).toEqual(['ReminderDeliveryFailed', 'ReminderDeliveryReplayRequested', 'ReminderDelivered']);
    expect(replayed[2].data).toMatchObject({ round: 1 });
    expect(replayed[1].metadata.actor).toEqual({ id: 'operator-1', roles: ['senior_official', 'reviewer'] });
    expect(replayed[1].data).toEqual({ deliveryId: deadId, requestedBy: 'operator-1' });
  } finally {
    redis.disconnect();
  }
});
