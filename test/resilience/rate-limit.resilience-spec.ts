import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { startRedisServer, type PrivateRedis } from '../support/redis-server';
import { startApi, token } from '../api/support/api-test-app';
import { exampleProposal } from '../api/support/example-proposal';

type Api = Awaited<ReturnType<typeof startApi>>;

async function countEvents(store: EventStore): Promise<number> {
  let n = 0;
  for await (const _ of store.readAll({ maxCount: 1_000_000 })) n++;
  return n;
}

/**
 * Rate limiting (`@nestjs/throttler` with the service's own Redis storage): per authenticated
 * caller across all routes, per address without credentials, shared by every api instance through
 * Redis, refused with 429 problem+json and Retry-After before any work is done.
 */
describe('rate limiting (resilience)', () => {
  let redis: PrivateRedis;
  const apis: Api[] = [];
  const counts = { requests: 0, limited: 0 };

  const start = async (env: Record<string, string> = {}) => {
    const api = await startApi({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: `rl-${randomUUID().slice(0, 8)}:`, RATE_LIMIT_PER_MINUTE: '20', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10', ...env });
    apis.push(api);
    return api;
  };
  const send = async (call: request.Test) => {
    const response = await call;
    counts.requests++;
    if (response.status === 429) counts.limited++;
    return response;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const api of apis) await api.close();
    await redis?.stop();
    console.log(`rate-limit: requests=${counts.requests} 429=${counts.limited}`);
  });

  it('refuses a caller over its budget with 429 problem+json and Retry-After, before anything is recorded', async () => {
    const api = await start();
    const official = await token(`official-${randomUUID()}`, ['official']);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      statuses.push((await send(request(api.app.getHttpServer()).get(`/designations/${randomUUID()}`).set('authorization', `Bearer ${official}`))).status);
    }
    expect(statuses.every((status) => status === 404)).toBe(true);

    const before = await countEvents(api.app.get(EVENT_STORE));
    const refused = await send(request(api.app.getHttpServer()).post('/designations').set('authorization', `Bearer ${official}`).send(exampleProposal()));
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(Number(refused.headers['retry-after-caller'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after-caller'])).toBeLessThanOrEqual(60);
    expect(await countEvents(api.app.get(EVENT_STORE))).toBe(before);

    // Another caller has a budget of its own.
    const other = await token(`official-${randomUUID()}`, ['official']);
    expect((await send(request(api.app.getHttpServer()).get(`/designations/${randomUUID()}`).set('authorization', `Bearer ${other}`))).status).toBe(404);
  });

  it('counts anonymous callers by address, on the public register', async () => {
    const api = await start();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await send(request(api.app.getHttpServer()).get('/public/changes'))).status);
    expect(statuses.slice(0, 10).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('shares one budget between api instances through Redis', async () => {
    const prefix = `rl-shared-${randomUUID().slice(0, 8)}:`;
    const [a, b] = [await start({ REDIS_KEY_PREFIX: prefix }), await start({ REDIS_KEY_PREFIX: prefix })];
    const caller = await token(`official-${randomUUID()}`, ['official']);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const api = i % 2 === 0 ? a : b;
      statuses.push((await send(request(api.app.getHttpServer()).get(`/designations/${randomUUID()}`).set('authorization', `Bearer ${caller}`))).status);
    }
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('does not count a request refused for its credentials', async () => {
    const api = await start({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000' });
    for (let i = 0; i < 30; i++) {
      expect((await send(request(api.app.getHttpServer()).post('/designations').set('authorization', 'Bearer not-a-token').send({}))).status).toBe(401);
    }
  });

  it('lets commands through, uncounted, while Redis is down (rate limiting must not become an outage)', async () => {
    const own = await startRedisServer();
    try {
      const api = await start({ REDIS_URL: own.url });
      const official = await token(`official-${randomUUID()}`, ['official']);
      await own.stop();
      for (let i = 0; i < 25; i++) {
        const response = await send(request(api.app.getHttpServer()).post('/designations').set('authorization', `Bearer ${official}`).send(exampleProposal()));
        expect(response.status).toBe(201);
      }
    } finally {
      await own.stop().catch(() => undefined);
    }
  });
});
