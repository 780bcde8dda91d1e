import { startRedisServer } from '../support/redis-server';
import request from 'supertest';
import { startApi, token } from './support/api-test-app';
import { exampleProposal } from './support/example-proposal';

/** DOMAIN.md's "Who uses it", route by route: who may call it. */
const ROUTES: Array<[method: 'get' | 'post', path: string, allowed: string[]]> = [
  ['post', '/designations', ['official']],
  ['post', '/designations/{id}/approve', ['senior_official']],
  ['post', '/designations/{id}/reject', ['senior_official']],
  ['post', '/designations/{id}/withdraw', ['official', 'senior_official']],
  ['post', '/designations/{id}/escalations', ['senior_official']],
  ['post', '/designations/{id}/exemptions', ['official', 'senior_official']],
  ['post', '/designations/{id}/exemptions/ex-1/revoke', ['official', 'senior_official']],
  ['post', '/designations/{id}/notifications', ['official']],
  ['post', '/designations/{id}/representations', ['official']],
  ['post', '/designations/{id}/reviews', ['reviewer']],
  ['post', '/designations/{id}/rollbacks', ['senior_official']],
  ['post', '/designations/{id}/sunset-extensions', ['senior_official']],
  ['post', '/designations/{id}/lift', ['senior_official']],
  ['post', '/designations/{id}/court-orders', ['court']],
  ['post', '/designations/{id}/amendments', ['official', 'senior_official']],
  ['get', '/designations/{id}', ['official', 'senior_official', 'reviewer', 'court']],
  ['get', '/designations/{id}/events', ['senior_official', 'court']],
];
const ROLES = ['official', 'senior_official', 'reviewer', 'court'];
const id = '3b50ad06-131d-4b3b-8415-ab39ee333445';

describe('endpoint x role matrix (e2e)', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const cases = ROUTES.flatMap(([method, path, allowed]) => ROLES.map((role) => [method, path, role, allowed.includes(role)] as const));

  it.each(cases)('%s %s as %s: allowed=%s', async (method, path, role, allowed) => {
    const bearer = await token(`${role}-1`, [role], role === 'reviewer' ? { ministry: 'foreign-affairs' } : {});
    const call = request(api.app.getHttpServer())[method](path.replace('{id}', id)).set('authorization', `Bearer ${bearer}`);
    const response = method === 'post' ? await call.send({}) : await call;
    if (allowed) expect([401, 403]).not.toContain(response.status);
    else expect(response.status).toBe(403);
    expect(response.status).toBeLessThan(500);
  });

  it('answers an Idempotency-Key retry from the log even after Redis was flushed', async () => {
    // On a Redis of its own: a FLUSHALL of the shared one would pull the floor from under other tests.
    const privateRedis = await startRedisServer();
    const own = await startApi({ REDIS_URL: privateRedis.url });
    try {
      const official = await token('official-1', ['official']);
      const body = exampleProposal();
      const send = () =>
        request(own.app.getHttpServer()).post('/designations').set('authorization', `Bearer ${official}`).set('idempotency-key', 'flush-1').send(body).expect(201);
      const first = await send();
      await privateRedis.client().flushall();
      const again = await send();
      expect(again.body).toEqual(first.body);
    } finally {
      await own.close();
      await privateRedis.stop();
    }
  });
});
