import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startApiWithWorker, token } from './support/api-test-app';
import { days, exampleProposal } from './support/example-proposal';
import { until } from '../read-models/support/read-model-dump';
import { shortPolicyFile } from '../deadlines/support/short-policy';

/**
 * Review reminders end to end: the worker issues them on the policy's schedule, the ministry reads
 * its inbox, officials see what is due, and an operator replays a delivery whose retries ran out.
 */
jest.setTimeout(60_000);

let app: NestFastifyApplication;
let close: () => Promise<void>;

/** A loopback port with nothing listening: every delivery to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  ({ app, close } = await startApiWithWorker({
    SANCTIONS_POLICY_FILE: shortPolicyFile(),
    DEADLINE_RECONCILE_MS: '500',
    WEBHOOK_ATTEMPTS: '2',
    WEBHOOK_BACKOFF_MS: '20',
    REMINDER_WEBHOOKS: JSON.stringify({ 'foreign-affairs': { url: `http://127.0.0.1:${await closedPort()}/hook`, secret: 'a-secret-of-sixteen-bytes-or-more' } }),
  }));
});
afterAll(() => close());

const http = () => request(app.getHttpServer());
const as = async (sub: string, roles: string[], extra: Record<string, unknown> = {}) => `Bearer ${await token(sub, roles, extra)}`;

it('reminds the reviewing ministry on schedule, lists what is due, and replays a dead-lettered delivery', async () => {
  const official = await as('official-1', ['official']);
  const senior = await as('senior-1', ['senior_official']);
  const reviewer = await as('reviewer-1', ['reviewer'], { ministry: 'foreign-affairs' });
  const otherReviewer = await as('reviewer-9', ['reviewer'], { ministry: 'agriculture' });

  // Review due 10 s after issuance; the short policy reminds 8 s before it.
  const proposal = { ...exampleProposal(), reviewInterval: 'PT10S', sunsetAt: days(0.5), exemptions: [{ ...exampleProposal().exemptions[0], validUntil: days(0.4) }] };
  const { body: proposed } = await http().post('/designations').set('authorization', official).send(proposal).expect(201);
  await http().post(`/designations/${proposed.id}/approve`).set('authorization', senior).send({}).expect(200);

  const inbox = await until(async () => {
    const { body } = await http().get('/ministries/foreign-affairs/reminders').set('authorization', reviewer).expect(200);
    return body.items.some((r: { designationId: string }) => r.designationId === proposed.id) ? body : undefined;
  }, 20_000, 'the upcoming reminder');
  expect(inbox.items[0]).toMatchObject({ designationId: proposed.id, ministry: 'foreign-affairs', kind: 'upcoming', targetName: 'Example Threat Group' });
  const again = await http().get(`/ministries/foreign-affairs/reminders?since=${inbox.nextSince}`).set('authorization', reviewer).expect(200);
  expect(again.body.items.filter((r: { kind: string }) => r.kind === 'upcoming')).toEqual([]);
  expect((await http().get('/ministries/foreign-affairs/reminders').set('authorization', otherReviewer)).status).toBe(403);
  expect((await http().get('/ministries/foreign-affairs/reminders').set('authorization', official)).status).toBe(403);
  expect((await http().get('/ministries/foreign-affairs/reminders')).status).toBe(401);

  // What is due: the review falls due within the day; not before yesterday; other ministries' reviewers see nothing.
  const due = await http().get(`/reviews/due?before=${days(1).slice(0, 10)}`).set('authorization', official).expect(200);
  expect(due.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ designationId: proposed.id, reviewingMinistries: ['foreign-affairs'] })]));
  const yesterday = await http().get(`/reviews/due?before=${days(-1).slice(0, 10)}`).set('authorization', official).expect(200);
  expect(yesterday.body.items.some((r: { designationId: string }) => r.designationId === proposed.id)).toBe(false);
  expect((await http().get(`/reviews/due?before=${days(1).slice(0, 10)}`).set('authorization', reviewer).expect(200)).body.items).toHaveLength(1);
  expect((await http().get(`/reviews/due?before=${days(1).slice(0, 10)}`).set('authorization', otherReviewer).expect(200)).body.items).toEqual([]);
  const overdue = await until(async () => {
    const { body } = await http().get('/reviews/due').set('authorization', official).expect(200);
    return body.items.find((r: { designationId: string; overdue: boolean }) => r.designationId === proposed.id && r.overdue);
  }, 20_000, 'the review to fall overdue');
  expect(overdue.overdue).toBe(true);
  for (const before of ['tomorrow', '2027-02-30', '2027-01-01T00:00']) {
    expect((await http().get(`/reviews/due?before=${before}`).set('authorization', official)).status).toBe(400);
  }

  // The ministry's webhook refuses connections: after two tries the delivery is dead-lettered.
  const dead = await until(async () => {
    const { body } = await http().get('/deliveries/dead-letters').set('authorization', senior).expect(200);
    return body.items.find((d: { reminder: { designationId: string } }) => d.reminder.designationId === proposed.id);
  }, 20_000, 'a dead-lettered delivery');
  expect(dead).toMatchObject({ status: 'dead_letter', ministry: 'foreign-affairs', attempts: 2, lastError: expect.stringMatching(/no answer/) });
  expect((await http().get('/deliveries/dead-letters').set('authorization', official)).status).toBe(403);

  await http().post(`/deliveries/${dead.deliveryId}/replay`).set('authorization', senior).send({}).expect(202);
  expect((await http().post(`/deliveries/${randomUUID()}/replay`).set('authorization', senior).send({})).status).toBe(409);
  expect((await http().post(`/deliveries/${dead.deliveryId}/replay`).set('authorization', official).send({})).status).toBe(403);
  const retried = await until(async () => {
    const { body } = await http().get('/deliveries/dead-letters').set('authorization', senior).expect(200);
    return body.items.find((d: { deliveryId: string; round: number }) => d.deliveryId === dead.deliveryId && d.round === 1);
  }, 20_000, 'the replay to be tried (and, the endpoint still refusing, dead-lettered again)');
  expect(retried.status).toBe('dead_letter');
});

it('the reviews, reminders and dead-letter endpoints are in /openapi.json', async () => {
  const { body } = await http().get('/openapi.json').expect(200);
  expect(body.paths['/reviews/due']?.get).toBeDefined();
  expect(body.paths['/ministries/{ministry}/reminders']?.get).toBeDefined();
  expect(body.paths['/deliveries/dead-letters']?.get).toBeDefined();
  expect(body.paths['/deliveries/{deliveryId}/replay']?.post).toBeDefined();
});
