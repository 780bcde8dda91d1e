import type { Job } from 'bullmq';
import { designationHandler } from '@app/application';
import { deliveryHandler, type OfLog } from '@app/deadlines';
import type { Designation } from '@app/domain';
import { createPostgresEventStore, type EventStore } from '@app/event-store';
import { deadlinesOf, type Deadline, type DeliveryDoc } from '@app/read-models';
import { DeadlinesProcessor } from '../../apps/worker/src/deadlines/deadlines.processor';
import { WebhooksProcessor } from '../../apps/worker/src/deadlines/webhooks.processor';
import { loadConfig } from '@app/config';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { designateWithSunset, eventsOfType } from './support/designations';
import { SHORT_POLICY } from './support/short-policy';

/**
 * BullMQ jobs carry the identity of the log whose read models scheduled them; a job of another log
 * (two logs behind one Redis prefix) is never run against this one (issue 14). The processors run
 * here on the real PostgreSQL log with its real handlers; only the job is handed to them directly.
 */
jest.setTimeout(30_000);

let database: TestDatabase;
let store: EventStore;
beforeAll(async () => {
  database = await createTestDatabase('foreign_jobs');
  store = await createPostgresEventStore({ connectionString: database.url });
});
afterAll(async () => {
  await store.close();
  await database.drop();
});

const job = <T>(data: T, attempts = 1) => ({ data, attemptsMade: 0, opts: { attempts } }) as unknown as Job<T>;

it('a due sunset job of another log appends nothing; the same job of this log expires the designation', async () => {
  const { id, sunsetAt } = await designateWithSunset(store, SHORT_POLICY, 2_500);
  await new Promise((resolve) => setTimeout(resolve, Date.parse(sunsetAt) - Date.now() + 100));
  const state = (await designationHandler(store, SHORT_POLICY).load(id))!.state as Designation;
  const sunset = deadlinesOf(state, SHORT_POLICY).find((d) => d.kind === 'sunset')!;
  const processor = new DeadlinesProcessor(designationHandler(store, SHORT_POLICY), () => new Date(), store);

  const foreign: OfLog<Deadline> = { ...sunset, logId: '00000000-0000-4000-8000-000000000000' };
  expect(await processor.process(job(foreign))).toEqual({ appended: [], duplicate: false });
  expect(await eventsOfType(store, id, 'DesignationExpired')).toHaveLength(0);

  const own: OfLog<Deadline> = { ...sunset, logId: await store.logId() };
  expect((await processor.process(job(own))).appended).toContain('DesignationExpired');
  expect(await eventsOfType(store, id, 'DesignationExpired')).toHaveLength(1);
});

it('a reminder delivery of another log is not sent', async () => {
  let called = false;
  const config = loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: database.url, REMINDER_WEBHOOKS: JSON.stringify({ justice: { url: 'http://127.0.0.1:9/never', secret: 's'.repeat(32) } }) }, { requireAuth: false });
  const deliveries = deliveryHandler(store);
  const processor = new WebhooksProcessor({ ...deliveries, load: (deliveryId) => ((called = true), deliveries.load(deliveryId)) }, config, () => new Date(), store);
  const delivery = { deliveryId: '7d8f2f0e-8c1b-4f6e-9a39-2b1b1c1d1e1f', ministry: 'justice', round: 0, logId: '00000000-0000-4000-8000-000000000000' } as OfLog<DeliveryDoc>;
  expect(await processor.process(job(delivery))).toBe('other-log');
  expect(called).toBe(false);
});
