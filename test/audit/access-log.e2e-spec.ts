import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { startApi, token } from '../api/support/api-test-app';
import { exampleProposal } from '../api/support/example-proposal';
import { accessLogStream } from '@app/application';

/**
 * Reads of audit trails, of full event streams and of designations with evidence above `public`
 * are recorded in the log (who, what, and for courts why) before anything is served.
 */
jest.setTimeout(30_000);

let app: NestFastifyApplication;
let close: () => Promise<void>;
let store: EventStore;
let id: string;
const bearer: Record<string, string> = {};

beforeAll(async () => {
  ({ app, close } = await startApi());
  store = app.get<EventStore>(EVENT_STORE);
  bearer.official = `Bearer ${await token('official-1', ['official'])}`;
  bearer.senior = `Bearer ${await token('senior-1', ['senior_official'])}`;
  bearer.court = `Bearer ${await token('judge-7', ['court'])}`;
  id = (await request(app.getHttpServer()).post('/designations').set('authorization', bearer.official).send(exampleProposal()).expect(201)).body.id;
});
afterAll(() => close());

const http = () => request(app.getHttpServer());
const accesses = async (): Promise<RecordedEvent[]> => (await store.readStream(accessLogStream(new Date()))).events.filter((e) => e.data.designationId === id);

it('records who read what, and refuses a court that gives no purpose, serving nothing', async () => {
  const before = (await accesses()).length;
  await http().get(`/designations/${id}`).set('authorization', bearer.official).expect(200);
  await http().get(`/designations/${id}/events`).set('authorization', bearer.senior).expect(200);
  const refused = await http().get(`/designations/${id}/events`).set('authorization', bearer.court);
  expect(refused.status).toBe(400);
  expect(refused.body.code).toBe('INPUT.PURPOSE_REQUIRED');
  expect(refused.body.events).toBeUndefined();
  await http().get(`/designations/${id}/events?purpose=${encodeURIComponent('Case T-101/26, hearing of 3 March')}`).set('authorization', bearer.court).expect(200);
  expect((await http().get(`/designations/${id}?purpose=ab`).set('authorization', bearer.court)).status).toBe(400); // too short to say anything

  const recorded = (await accesses()).slice(before);
  expect(recorded.map((e) => [e.type, e.data.resource, (e.metadata.actor as { id: string }).id, e.data.purpose])).toEqual([
    ['RecordAccessed', 'designation', 'official-1', null],
    ['RecordAccessed', 'events', 'senior-1', null],
    ['RecordAccessed', 'events', 'judge-7', 'Case T-101/26, hearing of 3 March'],
  ]);
  // Part of the hash-chained log, like everything else.
  expect(recorded[2].metadata.hash).toMatch(/^[0-9a-f]{64}$/);
});
