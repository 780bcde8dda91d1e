import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import {
  MIGRATIONS,
  createFileReleaseArchive,
  createPgliteEventStore,
  createPostgresEventStore,
  migrate,
  pgliteExecutor,
  postgresExecutor,
  releaseArchiveOf,
  releaseHash,
  type ArchivedPart,
  type EventStore,
  type ReleaseArchive,
  type SqlEventStore,
} from '@app/event-store';
import { runReleaseArchiveContract, type ReleaseArchiveFactory } from './release-archive.contract';
import { batch } from './support/event-fixtures';
import { freshPgliteDataDir, openTestPglite, type TestPglite } from './support/pglite-test-database';
import { createTestDatabase, type TestDatabase } from './support/postgres-test-database';

/** What both SQL adapters need to tamper with and count the archive's rows, on any connection to its database. */
function sqlFactory(open: () => Promise<{ store: SqlEventStore; query: (sql: string, params?: unknown[]) => Promise<{ rows: any[] }> }>, dispose: () => Promise<void>): ReleaseArchiveFactory {
  let store: SqlEventStore;
  let query: (sql: string, params?: unknown[]) => Promise<{ rows: any[] }>;
  return {
    async open() {
      ({ store, query } = await open());
      return store.releaseArchive();
    },
    async counts() {
      const { rows } = await query(
        `SELECT (SELECT count(*) FROM event_store.release_parts)::int AS parts, (SELECT count(*) FROM event_store.release_manifests)::int AS manifests`,
      );
      return { parts: Number(rows[0].parts), manifests: Number(rows[0].manifests) };
    },
    async tamperPart(sha256, bytes) {
      await query(`UPDATE event_store.release_parts SET bytes = decode($2, 'hex') WHERE sha256 = $1`, [sha256, bytes.toString('hex')]);
    },
    async removePart(sha256) {
      await query('DELETE FROM event_store.release_parts WHERE sha256 = $1', [sha256]);
    },
    async tamperManifestParts(hash, parts) {
      const { rows } = await query('SELECT parts::text AS parts FROM event_store.release_manifests WHERE release_hash = $1', [hash]);
      await query('UPDATE event_store.release_manifests SET parts = $2::jsonb WHERE release_hash = $1', [hash, JSON.stringify(parts)]);
      return async () => {
        await query('UPDATE event_store.release_manifests SET parts = $2::jsonb WHERE release_hash = $1', [hash, rows[0].parts]);
      };
    },
    async dispose() {
      await store?.close();
      await dispose();
    },
  };
}

let database: TestDatabase;
let tamper: Pool;
runReleaseArchiveContract(
  'postgres',
  sqlFactory(
    async () => {
      database = await createTestDatabase('es_archive');
      tamper = new Pool({ connectionString: database.url, max: 1 });
      const store = await createPostgresEventStore({ connectionString: database.url, poolConfig: { max: 4 } });
      return { store, query: (sql, params) => tamper.query(sql, params) };
    },
    async () => {
      await tamper?.end();
      await database?.drop();
    },
  ),
);

let pglite: TestPglite;
runReleaseArchiveContract(
  'pglite',
  sqlFactory(
    async () => {
      pglite = await openTestPglite();
      const store = await createPgliteEventStore({ db: pglite.db });
      return { store, query: (sql, params) => pglite.db.query(sql, params as never[]) };
    },
    () => pglite.close(),
  ),
);

let archiveDir: string;
runReleaseArchiveContract('filesystem', {
  async open() {
    archiveDir = mkdtempSync(join(tmpdir(), 'release-archive-'));
    return createFileReleaseArchive(archiveDir);
  },
  async counts() {
    const partsDir = join(archiveDir, 'parts');
    const listed = (dir: string) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    };
    const parts = listed(partsDir).flatMap((fan) => listed(join(partsDir, fan)).filter((name) => /^[0-9a-f]{64}$/.test(name)));
    const manifests = listed(join(archiveDir, 'manifests')).filter((name) => /^[0-9a-f]{64}\.json$/.test(name));
    return { parts: parts.length, manifests: manifests.length };
  },
  async tamperPart(sha256, bytes) {
    writeFileSync(join(archiveDir, 'parts', sha256.slice(0, 2), sha256), bytes);
  },
  async removePart(sha256) {
    unlinkSync(join(archiveDir, 'parts', sha256.slice(0, 2), sha256));
  },
  async tamperManifestParts(hash, parts) {
    const path = join(archiveDir, 'manifests', `${hash}.json`);
    const original = readFileSync(path);
    writeFileSync(path, JSON.stringify({ ...JSON.parse(original.toString('utf8')), parts }));
    return async () => writeFileSync(path, original);
  },
  async dispose() {
    rmSync(archiveDir, { recursive: true, force: true });
  },
});

const oneFile = () => {
  const bytes = randomBytes(2048);
  const parts: ArchivedPart[] = [{ role: 'consolidated', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength }];
  return { manifest: { releaseHash: releaseHash(parts), format: 'un-xml', source: 'UN', releaseDate: '2024-01-01', parts, listings: 1 }, files: [{ role: 'consolidated', bytes }] };
};

describe('the release archive of an opened store', () => {
  it('is the SQL store\'s own, on its database, and a store without one gets the filesystem only when given a directory', async () => {
    const test = await openTestPglite();
    const dir = mkdtempSync(join(tmpdir(), 'release-archive-of-'));
    try {
      const store = await createPgliteEventStore({ db: test.db });
      const archive = releaseArchiveOf(store, dir);
      expect(releaseArchiveOf(store)).toBe(archive);
      // A wrapper that spreads the store (as tests and decorators do) keeps it.
      expect(releaseArchiveOf({ ...store })).toBe(archive);
      const { manifest, files } = oneFile();
      await archive.put(manifest, files);
      expect(readdirSync(dir)).toEqual([]);
      const { rows } = await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM event_store.release_manifests');
      expect(rows[0].n).toBe(1);

      const { releaseArchive: _own, ...withoutArchive } = store;
      const plain: EventStore = withoutArchive;
      expect(() => releaseArchiveOf(plain)).toThrow(/no release archive/);
      const onDisk: ReleaseArchive = releaseArchiveOf(plain, dir);
      await onDisk.put(manifest, files);
      expect((await onDisk.files(manifest.releaseHash))![0].bytes.equals(files[0].bytes)).toBe(true);
      expect(statSync(join(dir, 'manifests', `${manifest.releaseHash}.json`)).isFile()).toBe(true);
      await store.close();
    } finally {
      await test.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 3 on a log at version 2', () => {
  const upToTwo = MIGRATIONS.filter((migration) => migration.version <= 2);

  it('postgres: the existing log upgrades, keeps its events and identity, and archives', async () => {
    const db = await createTestDatabase('es_archive_mig');
    const pool = new Pool({ connectionString: db.url, max: 2 });
    try {
      expect(await migrate(postgresExecutor(pool, false), upToTwo)).toEqual({ applied: [1, 2], current: 2 });
      // A version-2 log with events in it (the store must not migrate past 2 here).
      const old = await createPostgresEventStore({ pool, migrate: false });
      await old.appendToStream('designation-1', batch(0, 3), { expectedRevision: 'no_stream' });
      const logId = await old.logId();

      const upgraded = await createPostgresEventStore({ connectionString: db.url });
      try {
        const { rows } = await pool.query('SELECT version FROM event_store.migrations ORDER BY version');
        expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
        expect(MIGRATIONS.map((migration) => migration.version)).toContain(3);
        expect(await upgraded.logId()).toBe(logId);
        expect((await upgraded.readStream('designation-1')).events.map((event) => event.data.n)).toEqual([0, 1, 2]);
        const { manifest, files } = oneFile();
        await upgraded.releaseArchive().put(manifest, files);
        expect((await upgraded.releaseArchive().files(manifest.releaseHash))![0].bytes.equals(files[0].bytes)).toBe(true);
        expect(await migrate(postgresExecutor(pool, false))).toEqual({ applied: [], current: MIGRATIONS[MIGRATIONS.length - 1].version });
      } finally {
        await upgraded.close();
      }
    } finally {
      await pool.end();
      await db.drop();
    }
  });

  it('pglite: a data directory at version 2 upgrades on open and keeps its events', async () => {
    const dataDir = await freshPgliteDataDir();
    try {
      const db = await PGlite.create(dataDir);
      await migrate(pgliteExecutor(db, false), upToTwo);
      await db.query(`INSERT INTO event_store.events (position, stream_name, revision, event_id, type, data, metadata)
                      VALUES (65536, 's', 0, gen_random_uuid(), 'T', '{"n": 0}', '{"prevHash": "", "hash": ""}')`);
      const { rows: identity } = await db.query<{ log_id: string }>('SELECT log_id FROM event_store.log_identity');
      await db.close();

      const store = await createPgliteEventStore({ dataDir });
      try {
        expect(await store.logId()).toBe(identity[0].log_id);
        expect((await store.readStream('s')).events).toHaveLength(1);
        const { manifest, files } = oneFile();
        expect((await store.releaseArchive().put(manifest, files)).releaseHash).toBe(manifest.releaseHash);
      } finally {
        await store.close();
      }
      const reopened = await createPgliteEventStore({ dataDir });
      try {
        expect((await reopened.releaseArchive().list()).map((m) => m.releaseHash)).toHaveLength(1);
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
