import { rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { MIGRATIONS, createPgliteEventStore, verifyStoredStream } from '@app/event-store';
import { batch } from './support/event-fixtures';
import { freshPgliteDataDir } from './support/pglite-test-database';

describe('pglite event store on a data directory', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await freshPgliteDataDir();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps events, their chain and its migrations across close and reopen', async () => {
    const first = await createPgliteEventStore({ dataDir });
    expect(await first.headPosition()).toBeNull();
    await first.appendToStream('account-1', batch(0, 3), { expectedRevision: 'no_stream' });
    const logId = await first.logId();
    await first.close();

    const second = await createPgliteEventStore({ dataDir });
    // The log keeps its identity across restarts; another data directory is another log.
    expect(await second.logId()).toBe(logId);
    const appended = await second.appendToStream('account-1', batch(3, 1), { expectedRevision: 2 });
    const { events } = await second.readStream('account-1');
    expect(events.map((e) => e.data.n)).toEqual([0, 1, 2, 3]);
    expect(appended.nextExpectedRevision).toBe(3);
    expect(await verifyStoredStream(second, 'account-1')).toMatchObject({ ok: true });
    await second.close();

    const db = await PGlite.create(dataDir);
    const migrations = await db.query<{ version: number }>('SELECT version FROM event_store.migrations');
    await db.close();
    expect(migrations.rows).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
  });
});
