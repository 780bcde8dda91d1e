import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from './sql/migrations';
import { createSqlEventStore, type SqlEventStore, type SqlEventStoreOptions } from './sql/sql.event-store';
import type { SqlExecutor, SqlParam, SqlQueryable } from './sql/sql-executor';

export type PgliteEventStoreOptions = SqlEventStoreOptions &
  (
    | { /** Data directory to open or create; the store closes the database on close(). */ dataDir: string }
    | { /** An open instance, shared with its owner, who closes it. */ db: PGlite }
  );

/**
 * PostgreSQL's default 128 MB of shared buffers lives in PGlite's WebAssembly memory, which never
 * shrinks: most of the embedded default's idle memory (issue 16). The log and its read path are
 * small next to it, and the files PGlite reads stay in the operating system's page cache anyway;
 * measured on a restart, 32 MB takes the bare database from about 320 to about 200 MiB resident.
 * A command line setting, so the data directory's own postgresql.conf stays as initdb wrote it.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/**
 * The same SQL as the PostgreSQL adapter, in-process. PGlite runs one transaction at a time, so
 * appends are serialized; the gap-safe read bound is then always "everything committed".
 */
export async function createPgliteEventStore(options: PgliteEventStoreOptions): Promise<SqlEventStore> {
  const owned = 'dataDir' in options;
  const db = 'dataDir' in options ? await openPgliteDataDir(options.dataDir) : options.db;
  const executor = pgliteExecutor(db, owned);
  try {
    await migrate(executor);
  } catch (error) {
    await executor.close();
    throw error;
  }
  return createSqlEventStore(executor, options);
}

/**
 * A new data directory is created by one instance and then opened by another: initdb leaves
 * megabytes of WebAssembly memory behind in the instance that ran it (memory that never shrinks),
 * so the service should not keep that one.
 */
export async function openPgliteDataDir(dataDir: string): Promise<PGlite> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await (await PGlite.create(dataDir, { startParams: PGLITE_START_PARAMS })).close();
  return PGlite.create(dataDir, { startParams: PGLITE_START_PARAMS });
}

type PgliteQueryable = Pick<PGlite, 'query' | 'exec'>;

export function pgliteExecutor(db: PGlite, owned: boolean): SqlExecutor {
  const on = (target: PgliteQueryable): SqlQueryable => ({
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const result = await target.query<Row>(sql, params as SqlParam[]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });
  return {
    ...on(db),
    transaction: (work) => db.transaction((tx) => work(on(tx))),
    async close() {
      if (owned && !db.closed) await db.close();
    },
  };
}
