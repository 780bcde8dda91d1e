import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, designationStream, type DesignationCommand, type DesignationEvent } from '@app/domain';
import { createPostgresEventStore, type EventStore, type JsonObject } from '@app/event-store';
import { ReadModelKeys, ReadModelReader, rebuildReadModels, type ExemptionEntry } from '@app/read-models';
import {
  approve,
  at,
  command,
  courtOrder,
  eventsOf,
  lift,
  official,
  propose,
  senior,
  system,
  T1,
  terms,
} from '../../libs/domain/testing/fixtures';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { deletePrefix } from './support/read-model-dump';

/**
 * The exemption registry (`GET /exemptions`) on real PostgreSQL and real Redis: an exemption ends
 * with its designation. Histories come from the decider; the read models are built from the log.
 */
jest.setTimeout(60_000);

let database: TestDatabase;
let store: EventStore;
let redis: Redis;
let keys: ReadModelKeys;
let reader: ReadModelReader;
const ids: Record<string, string> = {};

const food = { ...terms().exemptions[0], exemptionId: 'ex-food', kind: 'food' as const, beneficiary: 'Food importers' };

interface Recorded {
  event: DesignationEvent;
  recordedAt: string;
}

/** The events these commands produce, each recorded at its command's `now`, as the command handler stamps it. */
function recorded(...commands: DesignationCommand[]): Recorded[] {
  return commands.flatMap((c, i) => eventsOf(...commands.slice(0, i + 1)).slice(eventsOf(...commands.slice(0, i)).length).map((event) => ({ event, recordedAt: c.metadata.now })));
}

/** Appends a history under a fresh designation id. */
async function record(name: string, history: Recorded[]): Promise<void> {
  const id = randomUUID();
  ids[name] = id;
  await store.appendToStream(
    designationStream(id),
    history.map(({ event, recordedAt }) => ({
      type: event.type,
      data: { ...event.data, designationId: id } as unknown as JsonObject,
      metadata: { recordedAt, actor: { id: 'someone', roles: [] } },
    })),
    { expectedRevision: 'no_stream' },
  );
}

beforeAll(async () => {
  database = await createTestDatabase('rm_exemptions');
  store = await createPostgresEventStore({ connectionString: database.url, poolConfig: { max: 2 } });
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  keys = new ReadModelKeys(`test-${randomUUID().slice(0, 8)}:`);
  reader = new ReadModelReader(redis, keys);

  await record('active', recorded(propose(), approve()));
  await record(
    'lifted',
    recorded(
      propose(),
      approve(),
      command('GrantExemption', food, official, T1),
      command('RevokeExemption', { exemptionId: 'ex-medicine', reason: 'Diversion found' }, official, T1),
      lift(senior, at('P2D')),
    ),
  );
  await record('annulled', recorded(propose(), approve(), courtOrder('annul', 'order-1', at('P3D'))));
  await record('rejected', recorded(propose(), command('RejectProposal', { reason: 'Not corroborated' }, senior)));
  // A log from before ExpireDesignation recorded the lapse of the exemptions still in force.
  const expiry = recorded(propose(), approve(), command('ExpireDesignation', {}, system, terms().sunsetAt));
  expect(expiry.map((r) => r.event.type)).toEqual(['DesignationProposed', 'DesignationIssued', 'ExemptionExpired', 'DesignationExpired']);
  await record('expired', expiry.filter((r) => r.event.type !== 'ExemptionExpired'));

  await rebuildReadModels({ store, settings: { policy: DEFAULT_POLICY, webhookMinistries: new Set() }, redis, keys });
});

afterAll(async () => {
  await deletePrefix(redis, keys.prefix);
  redis.disconnect();
  await store.close();
  await database.drop();
});

const registry = async (query: { status?: ExemptionEntry['status']; designationId?: string } = {}) =>
  (await reader.exemptions({ limit: 200, ...query })).items.map(({ designationId, exemptionId, status, endedAt, designationStatus }) => ({
    designation: Object.keys(ids).find((name) => ids[name] === designationId),
    exemptionId,
    status,
    endedAt,
    designationStatus,
  }));

it('lists as in force only the exemptions of a designation still in force', async () => {
  expect(await registry({ status: 'in_force' })).toEqual([
    { designation: 'active', exemptionId: 'ex-medicine', status: 'in_force', endedAt: null, designationStatus: 'active' },
  ]);
});

it('a lift or an annulment ends the exemptions still in force, at its effective time; a revoked one keeps its own end', async () => {
  expect(await registry({ designationId: ids.lifted })).toEqual([
    { designation: 'lifted', exemptionId: 'ex-food', status: 'ended', endedAt: at('P2D'), designationStatus: 'lifted' },
    { designation: 'lifted', exemptionId: 'ex-medicine', status: 'revoked', endedAt: T1, designationStatus: 'lifted' },
  ]);
  expect(await registry({ designationId: ids.annulled })).toEqual([
    { designation: 'annulled', exemptionId: 'ex-medicine', status: 'ended', endedAt: at('P3D'), designationStatus: 'lifted' },
  ]);
});

it('a rejected proposal\'s standing exemption is ended (it never came into force); an expiry, even in an old log, expires them', async () => {
  expect(await registry({ designationId: ids.rejected })).toEqual([
    { designation: 'rejected', exemptionId: 'ex-medicine', status: 'ended', endedAt: null, designationStatus: 'rejected' },
  ]);
  expect(await registry({ designationId: ids.expired })).toEqual([
    { designation: 'expired', exemptionId: 'ex-medicine', status: 'expired', endedAt: terms().exemptions[0].validUntil, designationStatus: 'expired' },
  ]);
});

it('the status filter takes ended', async () => {
  expect((await registry({ status: 'ended' })).map((e) => [e.designation, e.exemptionId]).sort()).toEqual([
    ['annulled', 'ex-medicine'],
    ['lifted', 'ex-food'],
    ['rejected', 'ex-medicine'],
  ]);
});
