import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { designationStream, evolve, exists, initialState, type Designation, type DesignationEvent } from '@app/domain';
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

let store: EventStore;
const histories = generateHistories(HISTORIES, 2026);

beforeAll(async () => {
  // Seeded before the worker starts, so its deadline jobs (many of these designations' sunsets and
  // reminders are long past) never race the seeding. They do append afterwards: expectations are
  // therefore read from the log, at the position the register reflects.
  ({ app, close } = await startApiWithWorker({}, { beforeWorker: (s) => appendHistories(s, histories) }));
  store = app.get<EventStore>(EVENT_STORE);
});
afterAll(() => close());

const PUBLIC_ENTRY_KEYS = [
  'id', 'status', 'target', 'category', 'legalBasis', 'statementOfReasons', 'measures', 'exemptions',
  'publicEvidence', 'rollbackConditions', 'coalition', 'listingDate', 'effectiveAt', 'sunsetAt', 'updatedAt',
].sort();
/** An imported designation's entry also names the official list entry it came from (issue 15), and of it only these. */
const IMPORTED_ENTRY_KEYS = [...PUBLIC_ENTRY_KEYS, 'source'].sort();
const PUBLIC_SOURCE_KEYS = ['list', 'source', 'sourceId', 'listedOn', 'releaseHash', 'releaseDate'];

it(`the public endpoints never carry a non-public field, over ${HISTORIES} generated designations`, async () => {
  const http = () => request(app.getHttpServer());
  const register = await until(async () => {
    const { body } = await http().get('/public/register');
    return body.position !== null && body.count > 0 ? body : undefined;
  }, 20_000, 'the public register to fill');

  // What was in force at the register's position, by the log itself.
  const statesAt = async (position: number) =>
    (
      await Promise.all(
        histories.map(async (h) => (await store.readStream(designationStream(h.id), { toPosition: position })).events.reduce((s, e) => evolve(s, e as unknown as DesignationEvent), initialState())),
      )
    ).filter(exists) as Designation[];
  const states = await statesAt(register.position);
  const inForce = states.filter((d) => d.status === 'active' || d.status === 'suspended');
  const neverIssued = states.filter((d) => ['proposed', 'rejected', 'withdrawn'].includes(d.status));
  expect(inForce.length).toBeGreaterThan(5);
  expect(neverIssued.length).toBeGreaterThan(5);

  // The register: exactly the designations in force, each entry of the allowed shape, no secret.
  expect(register.entries.map((e: { target: { name: string } }) => e.target.name).sort()).toEqual(inForce.map((d) => d.target.name).sort());
  for (const entry of register.entries) {
    expect(Object.keys(entry).sort()).toEqual(entry.source === undefined ? PUBLIC_ENTRY_KEYS : IMPORTED_ENTRY_KEYS);
    if (entry.source !== undefined) expect(Object.keys(entry.source).filter((key) => !PUBLIC_SOURCE_KEYS.includes(key))).toEqual([]);
  }
  expect(JSON.stringify(register)).not.toContain(SECRET);
  expect(JSON.stringify(register)).toContain('PUBLIC-REF-'); // public evidence does get through

  // Each entry on its own, and a designation not in force is not there.
  // (The worker's deadline jobs may expire one meanwhile: then it is gone, 404, not leaked.)
  let found = 0;
  for (const d of inForce.slice(0, 20)) {
    const { status, text } = await http().get(`/public/register/${d.designationId}`);
    expect([200, 404]).toContain(status);
    if (status === 200) found += 1;
    expect(text).not.toContain(SECRET);
  }
  expect(found).toBeGreaterThan(0);
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
  const finalStates = await statesAt(since);
  for (const d of finalStates) {
    const inForceNow = d.status === 'active' || d.status === 'suspended';
    if (inForceNow) expect(['ADD', 'MOD']).toContain(ops.get(d.designationId));
    else if (ops.has(d.designationId)) expect(ops.get(d.designationId)).toBe('DEL');
  }
  for (const d of neverIssued) expect(ops.has(d.designationId)).toBe(false);

  // The FollowTheMoney export.
  const ftm = await http().get('/public/register.ftm.jsonl').expect(200);
  expect(ftm.text).not.toContain(SECRET);
  const sanctions = ftm.text.trimEnd().split('\n').filter((line) => JSON.parse(line).schema === 'Sanction');
  expect(sanctions.length).toBeGreaterThan(0);
}, 60_000);
