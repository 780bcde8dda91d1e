import { Client } from 'pg';
import { createPostgresEventStore, type EventStore } from '@app/event-store';
import { collectUntil, counted, onlyStreams, toArray, uniqueStream } from './support/event-fixtures';
import { createTestDatabase, type TestDatabase } from './support/postgres-test-database';

/**
 * An append that started first but commits last must not be overtaken by readers: they must not
 * return a later position while a transaction that will commit an earlier one is still open.
 */
describe('postgres readers never skip an in-flight append', () => {
  let database: TestDatabase;
  let store: EventStore;
  let slow: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await createPostgresEventStore({ connectionString: database.url });
    slow = new Client({ connectionString: database.url });
    await slow.connect();
  });
  afterAll(async () => {
    await slow.end();
    await store.close();
    await database.drop();
  });

  it('holds back later positions until the earlier transaction commits, then delivers both in order', async () => {
    const early = uniqueStream('early');
    const late = uniqueStream('late');
    const marker = await store.appendToStream(uniqueStream('marker'), [counted(0)], { expectedRevision: 'any' });
    const subscription = store.subscribeToAll({ fromPosition: marker.position + 1 });
    const delivered = collectUntil(onlyStreams(subscription, [early, late]), (seen) => seen.length >= 2);

    // The slow transaction takes its transaction id, and so its position, first, the way an append
    // does, but commits last. It writes a row exactly as the adapter's INSERT would.
    await slow.query('BEGIN');
    const [{ position: earlyPosition }] = (
      await slow.query(
        `INSERT INTO event_store.events (position, stream_name, revision, event_id, type, data, metadata)
         VALUES ((pg_current_xact_id()::text::bigint << 16), $1, 0, gen_random_uuid(), 'Counted', '{"n":0}', '{"prevHash":"","hash":""}')
         RETURNING position`,
        [early],
      )
    ).rows as { position: string }[];
    const lateAppend = await store.appendToStream(late, [counted(1)], { expectedRevision: 'no_stream' });
    expect(lateAppend.position).toBeGreaterThan(Number(earlyPosition));

    expect(await toArray(store.readAll({ fromPosition: marker.position + 1 }))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));

    await slow.query('COMMIT');
    const seen = await delivered;
    await subscription.close();
    expect(seen.map((e) => e.streamName)).toEqual([early, late]);
    expect(seen.map((e) => e.position)).toEqual([Number(earlyPosition), lateAppend.position]);
    const read = await toArray(onlyStreams(store.readAll({ fromPosition: marker.position + 1 }), [early, late]));
    expect(read.map((e) => e.streamName)).toEqual([early, late]);
  });
});
