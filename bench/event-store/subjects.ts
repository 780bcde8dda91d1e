import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { createPgliteEventStore, createPostgresEventStore, type EventStore } from '@app/event-store';

/** What each bench case exercises: one event appended per call, one whole stream read per call. */
export interface Subject {
  append(stream: string, n: number): Promise<void>;
  readStream(stream: string): Promise<number>;
  close(): Promise<void>;
}

const payload = (n: number) => ({ n, note: 'benchmark event', at: '2026-01-01T00:00:00.000Z' });

/** Appends with the exact revision it last wrote, as command handling does. */
export function ourStore(store: EventStore): Subject {
  const revisions = new Map<string, number>();
  return {
    async append(stream, n) {
      const last = revisions.get(stream);
      const result = await store.appendToStream(stream, [{ type: 'BenchEvent', data: payload(n) }], {
        expectedRevision: last ?? 'no_stream',
      });
      revisions.set(stream, result.nextExpectedRevision);
    },
    async readStream(stream) {
      return (await store.readStream(stream)).events.length;
    },
    close: () => store.close(),
  };
}

export async function postgresStore(url: string, connections: number): Promise<Subject> {
  return ourStore(await createPostgresEventStore({ connectionString: url, poolConfig: { max: connections } }));
}

export async function pgliteStore(db: PGlite): Promise<Subject> {
  return ourStore(await createPgliteEventStore({ db }));
}

const RAW_TABLE = `
  CREATE TABLE IF NOT EXISTS bench_raw (
    id bigserial PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX IF NOT EXISTS bench_raw_stream ON bench_raw (stream, id);`;
const RAW_INSERT = 'INSERT INTO bench_raw (stream, data) VALUES ($1, $2::jsonb)';
const RAW_READ = 'SELECT id, stream, data, created_at FROM bench_raw WHERE stream = $1 ORDER BY id';

/** The floor: one INSERT per autocommit, no revision check, no hashing. */
export async function rawPostgres(url: string, connections: number): Promise<Subject> {
  const pool = new Pool({ connectionString: url, max: connections });
  await pool.query(RAW_TABLE);
  return {
    append: async (stream, n) => void (await pool.query(RAW_INSERT, [stream, JSON.stringify(payload(n))])),
    readStream: async (stream) => (await pool.query(RAW_READ, [stream])).rowCount ?? 0,
    close: () => pool.end(),
  };
}

export async function rawPglite(db: PGlite): Promise<Subject> {
  await db.exec(RAW_TABLE);
  return {
    append: async (stream, n) => void (await db.query(RAW_INSERT, [stream, JSON.stringify(payload(n))])),
    readStream: async (stream) => (await db.query(RAW_READ, [stream])).rows.length,
    close: async () => undefined,
  };
}

export async function emmettPostgres(url: string, connections: number): Promise<Subject> {
  const pool = new Pool({ connectionString: url, max: connections });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  const versions = new Map<string, bigint>();
  return {
    async append(stream, n) {
      const expected = versions.get(stream);
      const result = await store.appendToStream(
        stream,
        [{ type: 'BenchEvent', data: payload(n) }],
        expected === undefined ? undefined : { expectedStreamVersion: expected },
      );
      versions.set(stream, result.nextExpectedStreamVersion);
    },
    async readStream(stream) {
      return (await store.readStream(stream)).events.length;
    },
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

export async function openPglite(): Promise<{ db: PGlite; close(): Promise<void> }> {
  const dataDir = join(tmpdir(), `event-store-bench-${randomUUID()}`);
  const db = await PGlite.create(dataDir);
  return {
    db,
    async close() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
