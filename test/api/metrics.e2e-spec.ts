import { createServer } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startApi, startApiWithWorker, token } from './support/api-test-app';
import { days, exampleProposal } from './support/example-proposal';
import { until } from '../read-models/support/read-model-dump';
import { shortPolicyFile } from '../deadlines/support/short-policy';

/**
 * GET /metrics over a whole lifecycle, with the real worker beside the api (PostgreSQL, Redis,
 * BullMQ): each series moves with what happened, the gauges are read from the log, the read
 * models and the queues, and nobody without METRICS_TOKEN reads any of it.
 */
jest.setTimeout(90_000);

const METRICS_TOKEN = 'metrics-token-of-at-least-thirty-two-characters';

/** Prometheus text format as `series → value`, e.g. `sanctions_queue_jobs{queue="deadlines",state="delayed"}` → 3. */
function parse(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

/** A loopback port with nothing listening: every webhook delivery to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const durations = (command: string, outcome: string, error?: string) =>
  `sanctions_command_duration_seconds_count{${error ? `command="${command}",outcome="${outcome}",error="${error}"` : `command="${command}",outcome="${outcome}"`}}`;

describe('GET /metrics (e2e: api, worker, PostgreSQL, Redis)', () => {
  let app: NestFastifyApplication;
  let close: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const scrape = async () => parse((await http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text);

  beforeAll(async () => {
    ({ app, close } = await startApiWithWorker({
      METRICS_TOKEN,
      SANCTIONS_POLICY_FILE: shortPolicyFile(),
      CHECKPOINT_EVERY_MS: '200',
      CHECKPOINT_EVERY_EVENTS: '1',
      WEBHOOK_ATTEMPTS: '2',
      WEBHOOK_BACKOFF_MS: '20',
      REMINDER_WEBHOOKS: JSON.stringify({ 'foreign-affairs': { url: `http://127.0.0.1:${await closedPort()}/hook`, secret: 'a-secret-of-sixteen-bytes-or-more' } }),
    }));
  });
  afterAll(() => close());

  it('refuses a scrape without the token, or with another one, and keeps /metrics out of the OpenAPI document', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-of-at-least-thirty-two-characters', `Basic ${METRICS_TOKEN}`, `Bearer ${await token('official-1', ['official'])}`]) {
      const call = http().get('/metrics');
      const refused = await (authorization ? call.set('authorization', authorization) : call);
      expect({ authorization, status: refused.status, code: refused.body.code }).toEqual({ authorization, status: 401, code: 'AUTH.UNAUTHENTICATED' });
      expect(refused.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.text).not.toContain('sanctions_');
    }
    const { body } = await http().get('/openapi.json').expect(200);
    expect(Object.keys(body.paths).filter((path) => path.includes('metrics'))).toEqual([]);
  });

  it('moves each series with a lifecycle, and reads the gauges back to caught up', async () => {
    const official = `Bearer ${await token('official-1', ['official'])}`;
    const senior = `Bearer ${await token('senior-1', ['senior_official'])}`;
    const selfApprover = `Bearer ${await token('official-1', ['senior_official'])}`;

    // The worker's first build of the (empty) read models, so that `before` has them to compare with.
    const before = await until(async () => ((await scrape()).get('sanctions_read_models_available') === 1 ? scrape() : undefined), 20_000, 'the first read models');
    expect(before.get('sanctions_metrics_source_up{source="event_store"}')).toBe(1);
    expect(before.get('sanctions_metrics_source_up{source="redis"}')).toBe(1);
    expect(before.get('sanctions_log_head_position')).toBeUndefined();
    expect(before.get('sanctions_checkpoint_age_seconds')).toBeUndefined();
    expect(before.get(durations('ProposeDesignation', 'accepted'))).toBeUndefined();
    expect(before.get('process_resident_memory_bytes')).toBeGreaterThan(0);

    // Review due 10 s after issuance, reminded 8 s before (the short policy): a reminder that the
    // ministry's webhook refuses twice, and so a dead-lettered delivery.
    const proposal = { ...exampleProposal(), reviewInterval: 'PT10S', sunsetAt: days(0.5), exemptions: [{ ...exampleProposal().exemptions[0], validUntil: days(0.4) }] };
    const proposed = await http().post('/designations').set('authorization', official).set('idempotency-key', 'metrics-1').send(proposal).expect(201);
    const retried = await http().post('/designations').set('authorization', official).set('idempotency-key', 'metrics-1').send(proposal).expect(201);
    expect(retried.body.id).toBe(proposed.body.id);
    const approve = `/designations/${proposed.body.id}/approve`;
    expect((await http().post(approve).set('authorization', selfApprover).send({})).body.code).toBe('ACTOR.FOUR_EYES');
    expect((await http().post(approve).set('authorization', senior).set('if-match', '"7"').send({})).status).toBe(412);
    const approved = await http().post(approve).set('authorization', senior).send({}).expect(200);

    const after = await until(
      async () => {
        const now = await scrape();
        const caughtUp =
          now.get('sanctions_projection_lag_positions{generation="current"}') === 0 && now.get('sanctions_projection_position{generation="current"}')! >= approved.body.position;
        const settled = now.get('sanctions_webhook_deliveries{status="dead"}')! > 0 && now.get('sanctions_checkpoint_age_seconds') !== undefined;
        return caughtUp && settled ? now : undefined;
      },
      30_000,
      'the read models to catch up, a delivery to be dead-lettered and a checkpoint to be signed',
    );

    // Commands, by type and outcome, timed in this process.
    expect(after.get(durations('ProposeDesignation', 'accepted'))).toBe(1);
    expect(after.get(durations('ProposeDesignation', 'duplicate'))).toBe(1);
    expect(after.get(durations('ApproveDesignation', 'rejected', 'ACTOR'))).toBe(1);
    expect(after.get(durations('ApproveDesignation', 'rejected', 'REVISION'))).toBe(1);
    expect(after.get(durations('ApproveDesignation', 'accepted'))).toBe(1);
    expect(after.get('sanctions_command_duration_seconds_sum{command="ApproveDesignation",outcome="accepted"}')).toBeGreaterThan(0);
    // Events appended by those commands: the duplicate and the refusals appended none.
    expect(after.get('sanctions_events_appended_total{type="DesignationProposed"}')).toBe(1);
    expect(after.get('sanctions_events_appended_total{type="DesignationIssued"}')).toBe(1);

    // The log and the read models: the head moved, the projection followed it to a lag of 0.
    const head = after.get('sanctions_log_head_position')!;
    expect(head).toBeGreaterThanOrEqual(approved.body.position);
    expect(after.get('sanctions_projection_position{generation="current"}')).toBe(head);
    expect(before.get('sanctions_projection_position{generation="current"}')).toBe(-1);
    expect(after.get('sanctions_projection_lag_seconds{generation="current"}')).toBe(0);
    expect(after.get('sanctions_read_models_available')).toBe(1);

    // Deadlines (review, sunset, exemption expiry) and their jobs; the dead-lettered delivery.
    expect(before.get('sanctions_deadlines_pending')).toBe(0);
    expect(after.get('sanctions_deadlines_pending')).toBeGreaterThan(0);
    expect(after.get('sanctions_deadlines_overdue')).toBeGreaterThanOrEqual(0);
    expect(after.get('sanctions_queue_jobs{queue="deadlines",state="delayed"}')).toBeGreaterThan(0);
    expect(after.get('sanctions_queue_jobs{queue="webhooks",state="failed"}')).toBeGreaterThanOrEqual(0);
    expect(before.get('sanctions_webhook_deliveries{status="dead"}')).toBe(0);
    expect(after.get('sanctions_webhook_deliveries{status="dead"}')).toBe(1);

    // The newest signed checkpoint is recent (signed every 200 ms while events come in).
    expect(after.get('sanctions_checkpoint_age_seconds')).toBeLessThan(30);
  });

  it('answers while Redis is away: the series read from the log, and redis reported down', async () => {
    const away = await startApi({ METRICS_TOKEN, REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const started = Date.now();
      const scraped = await request(away.app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(Date.now() - started).toBeLessThan(10_000);
      const series = parse(scraped.text);
      expect(series.get('sanctions_metrics_source_up{source="redis"}')).toBe(0);
      expect(series.get('sanctions_metrics_source_up{source="event_store"}')).toBe(1);
      expect([...series.keys()].filter((name) => /^sanctions_(projection|deadlines|queue|webhook|read_models)/.test(name))).toEqual([]);
    } finally {
      await away.close();
    }
  });

  it('is not served at all without METRICS_TOKEN', async () => {
    const plain = await startApi();
    try {
      const refused = await request(plain.app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 404, code: 'ROUTE.NOT_FOUND' });
    } finally {
      await plain.close();
    }
  });
});
