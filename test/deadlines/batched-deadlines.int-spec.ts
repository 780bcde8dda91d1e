import { UnrecoverableError, type Job } from 'bullmq';
import { designationHandler } from '@app/application';
import { uuidFrom } from '@app/command-handling';
import type { OfLog } from '@app/deadlines';
import type { Designation } from '@app/domain';
import { createPostgresEventStore, verifyStoredStream, type EventStore } from '@app/event-store';
import { deadlinesOf, type Deadline } from '@app/read-models';
import { DeadlinesProcessor } from '../../apps/worker/src/deadlines/deadlines.processor';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { designateWithSunset, eventsOfType } from './support/designations';
import { SHORT_POLICY } from './support/short-policy';

/**
 * Deadline jobs due together are issued as one batch (one read of their streams, one append),
 * and each job still ends on its own: a refused deadline fails its job alone, a job run again
 * appends nothing. The processor runs on the real PostgreSQL log; only the jobs are handed to it.
 */
jest.setTimeout(60_000);

let database: TestDatabase;
let store: EventStore;
beforeAll(async () => {
  database = await createTestDatabase('batched_deadlines');
  store = await createPostgresEventStore({ connectionString: database.url });
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

const job = (data: OfLog<Deadline>) => ({ data, attemptsMade: 0, opts: { attempts: 30 } }) as unknown as Job<OfLog<Deadline>>;

/** The store, counting the reads and appends the processor makes through it. */
function counting(on: EventStore) {
  const calls = { readStream: 0, readStreams: 0, appendToStream: 0, appendToStreams: 0 };
  const store: EventStore = {
    ...on,
    readStream: (...args) => (calls.readStream++, on.readStream(...args)),
    readStreams: (...args) => (calls.readStreams++, on.readStreams(...args)),
    appendToStream: (...args) => (calls.appendToStream++, on.appendToStream(...args)),
    appendToStreams: (...args) => (calls.appendToStreams++, on.appendToStreams(...args)),
  };
  return { store, calls };
}

it('sunsets due together: one read and one append for all, a refused one fails its job alone, a job run again appends nothing', async () => {
  const made = await Promise.all(Array.from({ length: 20 }, () => designateWithSunset(store, SHORT_POLICY, 3_000)));
  const latest = Math.max(...made.map(({ sunsetAt }) => Date.parse(sunsetAt)));
  await new Promise((resolve) => setTimeout(resolve, latest - Date.now() + 100));
  const logId = await store.logId();
  const sunsets = await Promise.all(
    made.map(async ({ id }) => {
      const state = (await designationHandler(store, SHORT_POLICY).load(id))!.state as Designation;
      return { ...deadlinesOf(state, SHORT_POLICY).find((d) => d.kind === 'sunset')!, logId };
    }),
  );
  // A sunset for a designation the log has never heard of: the decider refuses it.
  const unknown = { ...sunsets[0], id: `sunset-00000000-0000-4000-8000-000000000000-${Date.parse(sunsets[0].dueAt)}`, designationId: '00000000-0000-4000-8000-000000000000' };

  const { store: observed, calls } = counting(store);
  const processor = new DeadlinesProcessor(designationHandler(observed, SHORT_POLICY), () => new Date(), observed);
  const settled = await Promise.allSettled([...sunsets, unknown].map((deadline) => processor.process(job(deadline))));

  expect(settled.slice(0, 20)).toEqual(sunsets.map(() => ({ status: 'fulfilled', value: { appended: ['ExemptionExpired', 'DesignationExpired'], duplicate: false } })));
  expect(settled[20]).toMatchObject({ status: 'rejected', reason: expect.any(UnrecoverableError) });
  expect(calls).toEqual({ readStream: 0, readStreams: 1, appendToStream: 0, appendToStreams: 1 });
  for (const deadline of sunsets) {
    const [expired] = await eventsOfType(store, deadline.designationId, 'DesignationExpired');
    // The same event a job on its own would append: the deadline's command id, the system actor.
    expect(expired.metadata).toMatchObject({ commandId: uuidFrom(`deadline/${deadline.id}`), correlationId: deadline.id, actor: { id: 'system' } });
    expect((await verifyStoredStream(store, `designation-${deadline.designationId}`)).ok).toBe(true);
  }

  // Run again (a job whose completion was lost): answered from the log, nothing appended twice.
  const again = await Promise.all(sunsets.map((deadline) => processor.process(job(deadline))));
  expect(again).toEqual(sunsets.map(() => ({ appended: [], duplicate: true })));
  for (const { designationId } of sunsets) expect(await eventsOfType(store, designationId, 'DesignationExpired')).toHaveLength(1);
});
