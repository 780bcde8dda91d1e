import { CHECKPOINT_EVENT, CHECKPOINT_STREAM } from '@app/audit';
import { createPostgresEventStore, type EventStore, type ReadStreamOptions } from '@app/event-store';
import { NewestCheckpoint } from '../../apps/api/src/metrics/newest-checkpoint';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';

/**
 * The checkpoint age gauge finds the newest signed checkpoint on real PostgreSQL in a handful of
 * single-event reads, however long the checkpoint stream has grown, and follows the log when the
 * stream is shorter than last seen (a restore).
 */
const issuedAt = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();
const checkpoints = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ type: CHECKPOINT_EVENT, data: { checkpoint: { origin: 'test', treeSize: from + i, rootHash: '00', issuedAt: issuedAt(from + i), lastPosition: null } } }));

/** The store as it is, counting the stream reads made through it. */
function counted(store: () => EventStore): { store: EventStore; reads: () => number } {
  let reads = 0;
  const through = {
    readStream: (stream: string, options?: ReadStreamOptions) => {
      reads++;
      return store().readStream(stream, options);
    },
  } as Partial<EventStore>;
  return { store: through as EventStore, reads: () => reads };
}

describe('NewestCheckpoint (PostgreSQL)', () => {
  const databases: TestDatabase[] = [];
  const stores: EventStore[] = [];
  const open = async () => {
    const database = await createTestDatabase('metrics_cp');
    databases.push(database);
    const store = await createPostgresEventStore({ connectionString: database.url });
    stores.push(store);
    return store;
  };
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('finds none in an empty log, then the newest of a long stream in O(log n) reads, then a new one in a few', async () => {
    const store = await open();
    const through = counted(() => store);
    const newest = new NewestCheckpoint(through.store);
    expect(await newest.issuedAt()).toBeUndefined();

    await store.appendToStream(CHECKPOINT_STREAM, checkpoints(0, 700), { expectedRevision: 'any' });
    const first = through.reads();
    expect(await newest.issuedAt()).toEqual(new Date(issuedAt(699)));
    expect(through.reads() - first).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(700)) + 2);

    const unchanged = through.reads();
    expect(await newest.issuedAt()).toEqual(new Date(issuedAt(699)));
    expect(through.reads() - unchanged).toBeLessThanOrEqual(2);

    await store.appendToStream(CHECKPOINT_STREAM, checkpoints(700, 1), { expectedRevision: 'any' });
    const grown = through.reads();
    expect(await newest.issuedAt()).toEqual(new Date(issuedAt(700)));
    expect(through.reads() - grown).toBeLessThanOrEqual(4);
  });

  it('answers from the log when the stream is shorter than last seen (a restored log)', async () => {
    const [long, restored] = [await open(), await open()];
    await long.appendToStream(CHECKPOINT_STREAM, checkpoints(0, 50), { expectedRevision: 'any' });
    await restored.appendToStream(CHECKPOINT_STREAM, checkpoints(100, 5), { expectedRevision: 'any' });
    let current = long;
    const newest = new NewestCheckpoint(counted(() => current).store);
    expect(await newest.issuedAt()).toEqual(new Date(issuedAt(49)));
    current = restored;
    expect(await newest.issuedAt()).toEqual(new Date(issuedAt(104)));
  });
});
