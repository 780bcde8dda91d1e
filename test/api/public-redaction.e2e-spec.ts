import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { evolve, exists, initialState, type Designation } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { startApiWithWorker } from './support/api-test-app';
import { appendHistories, generateHistories, SECRET } from '../read-models/support/designation-histories';
import { until } from '../read-models/support/read-model-dump';

/**
 * Over generated designations (every lifecycle the domain allows, every non-public string marked
 * SECRET), nothing the public endpoints serve carries a non-public field, and the register holds
 * exactly the designations in force.
 */
const HISTORIES = 120;
let app: NestFastifyApplication;
let close: () => Promise<void>;

jest.setTimeout(30_000);

beforeAll(async () => {
  ({ app, close } = await startApiWithWorker());
});
afterAll(() => close());

const PUBLIC_ENTRY_KEYS = [
  'id', 'status', 'target', 'category', 'legalBasis', 'statementOfReasons', 'measures', 'exemptions',
  'publicEvidence', 'rollbackConditions', 'coalition', 'listingDate', 'effectiveAt', 'sunsetAt', 'updatedAt',
].sort();

it(`the public endpoints never carry a non-public field, over ${HISTORIES} generated designations`, async () => {
  const histories = generateHistories(HISTORIES, 2026);
  await appendHistories(app.get<EventStore>(EVENT_STORE), histories);
  const states = histories.map((h) => h.events.reduce(evolve, initialState())).filter(exists) as Designation[];
  const inForce = states.filter((d) => d.status === 'active' || d.status === 'suspended');
  const gone = states.filter((d) => ['lifted', 'expired'].includes(d.status));
  expect(inForce.length).toBeGreaterThan(10);
  expect(states.length - inForce.length).toBeGreaterThan(10);

  const http = () => request(app.getHttpServer());
  const register = await until(async () => {
    const { body } = await http().get('/public/register');
    return body.count === inForce.length ? body : undefined;
  }, 20_000, 'the public register to fill');

  // The register: exactly the designations in force, each entry of the allowed shape, no secret.
  expect(register.entries.map((e: { target: { name: string } }) => e.target.name).sort()).toEqual(inForce.map((d) => d.target.name).sort());
  for (const entry of register.entries) expect(Object.keys(entry).sort()).toEqual(PUBLIC_ENTRY_KEYS);
  expect(JSON.stringify(register)).not.toContain(SECRET);
  expect(JSON.stringify(register)).toContain('PUBLIC-REF-'); // public evidence does get through

  // Each entry on its own, and a designation not in force is not there.
  for (const d of inForce.slice(0, 20)) {
    const { text } = await http().get(`/public/register/${d.designationId}`).expect(200);
    expect(text).not.toContain(SECRET);
  }
  for (const d of states.filter((s) => !inForce.includes(s)).slice(0, 20)) {
    await http().get(`/public/register/${d.designationId}`).expect(404);
  }

  // The whole change feed, page by page.
  let since = 0;
  const ops = new Map<string, string>();
  for (;;) {
    const { body, text } = await http().get(`/public/changes?since=${since}&limit=100`).expect(200);
    expect(text).not.toContain(SECRET);
    for (const change of body.changes) ops.set(change.id, change.op);
    if (body.changes.length === 0) break;
    since = body.nextSince;
  }
  for (const d of inForce) expect(['ADD', 'MOD']).toContain(ops.get(d.designationId));
  for (const d of gone.filter((g) => ops.has(g.designationId))) expect(ops.get(d.designationId)).toBe('DEL');
  for (const d of states.filter((s) => s.status === 'proposed' || s.status === 'rejected' || s.status === 'withdrawn')) {
    expect(ops.has(d.designationId)).toBe(false);
  }

  // The FollowTheMoney export.
  const ftm = await http().get('/public/register.ftm.jsonl').expect(200);
  expect(ftm.text).not.toContain(SECRET);
  expect(ftm.text.trimEnd().split('\n').filter((line) => JSON.parse(line).schema === 'Sanction')).toHaveLength(inForce.length);
}, 60_000);
