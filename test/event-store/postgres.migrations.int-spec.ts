import { Pool } from 'pg';
import { MIGRATIONS, createPostgresEventStore, migrate, postgresExecutor } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from './support/postgres-test-database';

describe('postgres migrations', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.drop();
  });

  async function withPool<T>(work: (pool: Pool) => Promise<T>): Promise<T> {
    const pool = new Pool({ connectionString: database.url, max: 2 });
    try {
      return await work(pool);
    } finally {
      await pool.end();
    }
  }

  it('apply once and are a no-op the second time', async () => {
    const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
    const first = await withPool((pool) => migrate(postgresExecutor(pool, false)));
    const second = await withPool((pool) => migrate(postgresExecutor(pool, false)));
    expect(first).toEqual({ applied: MIGRATIONS.map((m) => m.version), current: latest });
    expect(second).toEqual({ applied: [], current: latest });
    const rows = await withPool((pool) => pool.query('SELECT version FROM event_store.migrations ORDER BY version'));
    expect(rows.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('are safe when several processes start at once on an empty database', async () => {
    // Separate pools are separate server sessions, which is what two processes are to PostgreSQL.
    const pools = Array.from({ length: 6 }, () => new Pool({ connectionString: database.url, max: 1 }));
    try {
      const reports = await Promise.all(pools.map((pool) => migrate(postgresExecutor(pool, false))));
      expect(reports.filter((r) => r.applied.length > 0)).toHaveLength(1);
      expect(reports.every((r) => r.current === MIGRATIONS[MIGRATIONS.length - 1].version)).toBe(true);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('run when a store opens, and a second store on the same database opens cleanly', async () => {
    const [a, b] = await Promise.all([
      createPostgresEventStore({ connectionString: database.url }),
      createPostgresEventStore({ connectionString: database.url }),
    ]);
    await a.appendToStream('s', [{ type: 'T', data: {} }], { expectedRevision: 'no_stream' });
    expect((await b.readStream('s')).events).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });
});
