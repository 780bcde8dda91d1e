import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { startApiWithWorker } from '../api/support/api-test-app';
import { exampleProposal } from '../api/support/example-proposal';
import { designateWithSunset, eventsOfType } from '../deadlines/support/designations';
import { SHORT_POLICY, shortPolicyFile } from '../deadlines/support/short-policy';
import { until } from '../read-models/support/read-model-dump';
import { startRedisServer, type PrivateRedis } from '../support/redis-server';
import { caller, listen, StatusTally, type Caller } from './support/http-client';

const RESTARTS = Number(process.env.REDIS_RESTARTS ?? 10);
const RESTART_EVERY_MS = 1_500;
const DESIGNATIONS = 40;

/** The README's proposal, within the short policy's one-day limits. */
function shortProposal() {
  const example = exampleProposal();
  const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  return { ...example, reviewInterval: 'P1D', sunsetAt: inHours(20), exemptions: [{ ...example.exemptions[0], validUntil: inHours(10) }] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Redis holds only what the log can rebuild. Killed and started empty ten times while commands
 * and reads keep coming and sunsets fall due: reads answer 200 or 503 (never a 500 and never a
 * wrong register), come back by themselves, and every deadline fires exactly once.
 */
describe('Redis restarted empty under load (resilience)', () => {
  let redis: PrivateRedis;
  let service: { app: NestFastifyApplication; worker: INestApplicationContext; close(): Promise<void> };
  let store: EventStore;
  let official: Caller;
  const reads = new StatusTally();
  const commands = new StatusTally();
  let restarts = 0;

  beforeAll(async () => {
    redis = await startRedisServer();
    service = await startApiWithWorker({
      REDIS_URL: redis.url,
      SANCTIONS_POLICY_FILE: shortPolicyFile(),
      DEADLINE_RECONCILE_MS: '500',
      DEADLINE_JOB_LOCK_MS: '1000',
    });
    const baseUrl = await listen(service.app);
    store = service.app.get(EVENT_STORE);
    official = await caller(baseUrl, 'official-redis', ['official']);
  });
  afterAll(async () => {
    await service?.close();
    await redis?.stop();
    console.log(
      `redis-restarts: restarts=${restarts} reads: ${reads} | commands: ${commands} | 5xx other than 503: ${reads.count((s) => s >= 500 && s !== 503) + commands.count((s) => s >= 500)}`,
    );
  });

  it(`${RESTARTS} restarts: reads recover, every sunset and exemption expiry fires once`, async () => {
    // Sunsets fall due across the restarts, from 4 s to about 4 s after the last one.
    const window = RESTARTS * RESTART_EVERY_MS + 4_000;
    const designations = await Promise.all(
      Array.from({ length: DESIGNATIONS }, (_, i) => designateWithSunset(store, SHORT_POLICY, 4_000 + Math.round((i * window) / DESIGNATIONS))),
    );

    let loading = true;
    const unexpected: string[] = [];
    const proposed: string[] = [];
    const load = [
      (async () => {
        while (loading) {
          const reply = await official('POST', '/designations', shortProposal());
          commands.add(reply.status);
          if (reply.status === 201) proposed.push(reply.body.id);
        }
      })(),
      ...['/designations?limit=50', '/public/register', '/exemptions?limit=50'].map(async (path) => {
        while (loading) {
          const reply = await official('GET', path);
          reads.add(reply.status);
          if (reply.status >= 500 && reply.status !== 503) unexpected.push(`GET ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
          await sleep(20);
        }
      }),
    ];

    try {
      for (let i = 0; i < RESTARTS; i++) {
        await sleep(RESTART_EVERY_MS);
        await redis.restart(); // SIGKILL, then an empty server on the same port
        restarts++;
      }
    } finally {
      loading = false;
      await Promise.all(load);
    }

    expect(unexpected).toEqual([]);
    // Commands need only the log: none failed while Redis was away.
    expect(`commands: ${commands}`).toBe(`commands: 201=${commands.count(() => true)}`);

    await until(async () => {
      const fired = await Promise.all(designations.map(async ({ id }) => (await eventsOfType(store, id, 'DesignationExpired')).length));
      return fired.every((n) => n >= 1) ? true : undefined;
    }, 60_000, 'every sunset after the restarts');
    await sleep(2_000); // time for a doubled job to show itself
    for (const { id } of designations) {
      expect(await eventsOfType(store, id, 'DesignationExpired')).toHaveLength(1);
      expect(await eventsOfType(store, id, 'ExemptionExpired')).toHaveLength(1);
    }

    // Reads come back by themselves, and say what the log says.
    const listed = await until(async () => {
      const reply = await official('GET', `/designations?limit=200&status=proposed`);
      return reply.status === 200 && reply.body.items.length >= Math.min(proposed.length, 200) ? reply.body.items : undefined;
    }, 30_000, 'the read models after the last restart');
    expect(listed.length).toBe(Math.min(proposed.length, 200));
    const expired = await official('GET', `/designations?limit=200&status=expired`);
    expect(expired.status).toBe(200);
    expect(new Set(expired.body.items.map((d: { id: string }) => d.id))).toEqual(new Set(designations.map((d) => d.id)));
    expect(reads.count((s) => s === 200)).toBeGreaterThan(0);
  });
});
