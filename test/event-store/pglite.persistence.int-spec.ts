import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { MIGRATIONS, createPgliteEventStore, openPgliteDataDir, verifyStoredStream } from '@app/event-store';
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

  it("creates a new data directory with initdb's configuration and runs it with 32 MB of shared buffers", async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'pglite-fresh-'));
    try {
      const db = await openPgliteDataDir(fresh);
      const [setting] = (await db.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows;
      await db.close();
      expect(setting.shared_buffers).toBe('32MB');
      // A command-line setting: the data directory's own file is still initdb's.
      expect(readFileSync(join(fresh, 'postgresql.conf'), 'utf8')).toMatch(/^shared_buffers = 128MB/m);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
