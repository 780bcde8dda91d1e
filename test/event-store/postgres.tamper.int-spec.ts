import { Pool } from 'pg';
import { computeEventHash, createPostgresEventStore, verifyStoredStream, type EventStore } from '@app/event-store';
import { batch, uniqueStream } from './support/event-fixtures';
import { createTestDatabase, type TestDatabase } from './support/postgres-test-database';

describe('postgres tamper evidence', () => {
  let database: TestDatabase;
  let store: EventStore;
  let sql: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await createPostgresEventStore({ connectionString: database.url });
    sql = new Pool({ connectionString: database.url });
  });
  afterAll(async () => {
    await sql.end();
    await store.close();
    await database.drop();
  });

  async function fiveEventStream(): Promise<string> {
    const stream = uniqueStream('tamper');
    await store.appendToStream(stream, batch(0, 3), { expectedRevision: 'no_stream' });
    await store.appendToStream(stream, batch(3, 2), { expectedRevision: 2 });
    expect(await verifyStoredStream(store, stream)).toMatchObject({ ok: true });
    return stream;
  }

  it('names the revision whose data was edited in place', async () => {
    const stream = await fiveEventStream();
    await sql.query(`UPDATE event_store.events SET data = '{"n": 200}' WHERE stream_name = $1 AND revision = 2`, [stream]);
    expect(await verifyStoredStream(store, stream)).toMatchObject({ ok: false, firstBadRevision: 2, reason: 'hash_mismatch' });
  });

  it('names the revision after an edit whose hash was recomputed to match', async () => {
    const stream = await fiveEventStream();
    const { events } = await store.readStream(stream);
    const forged = { ...events[1], data: { n: 100 } };
    const { hash: _old, ...withoutHash } = forged.metadata;
    const hash = computeEventHash({ stream, revision: 1, type: forged.type, data: forged.data, metadata: withoutHash });
    await sql.query(
      `UPDATE event_store.events SET data = $2::jsonb, metadata = $3::jsonb WHERE stream_name = $1 AND revision = 1`,
      [stream, JSON.stringify(forged.data), JSON.stringify({ ...withoutHash, hash })],
    );
    expect(await verifyStoredStream(store, stream)).toMatchObject({ ok: false, firstBadRevision: 2, reason: 'prev_hash_mismatch' });
  });

  it('names a deleted middle event', async () => {
    const stream = await fiveEventStream();
    await sql.query('DELETE FROM event_store.events WHERE stream_name = $1 AND revision = 2', [stream]);
    expect(await verifyStoredStream(store, stream)).toMatchObject({ ok: false, firstBadRevision: 2, reason: 'revision_gap' });
  });

  it('names a deleted middle event even when the later revisions are renumbered', async () => {
    const stream = await fiveEventStream();
    await sql.query('DELETE FROM event_store.events WHERE stream_name = $1 AND revision = 2', [stream]);
    await sql.query('UPDATE event_store.events SET revision = revision - 1 WHERE stream_name = $1 AND revision > 2', [stream]);
    expect(await verifyStoredStream(store, stream)).toMatchObject({ ok: false, firstBadRevision: 2, reason: 'prev_hash_mismatch' });
  });

  it('names the revision whose prevHash was changed', async () => {
    const stream = await fiveEventStream();
    await sql.query(
      `UPDATE event_store.events SET metadata = jsonb_set(metadata, '{prevHash}', to_jsonb(repeat('a', 64)))
       WHERE stream_name = $1 AND revision = 3`,
      [stream],
    );
    expect(await verifyStoredStream(store, stream)).toMatchObject({ ok: false, firstBadRevision: 3, reason: 'prev_hash_mismatch' });
  });

  it('appends onto a tampered head still link to the stored hash, so the break stays visible', async () => {
    const stream = await fiveEventStream();
    await sql.query(`UPDATE event_store.events SET data = '{"n": -4}' WHERE stream_name = $1 AND revision = 4`, [stream]);
    await store.appendToStream(stream, batch(5, 1), { expectedRevision: 4 });
    expect(await verifyStoredStream(store, stream)).toMatchObject({ ok: false, firstBadRevision: 4, reason: 'hash_mismatch' });
  });
});
