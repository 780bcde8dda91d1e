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
 * The same SQL as the PostgreSQL adapter, in-process. PGlite runs one transaction at a time, so
 * appends are serialized; the gap-safe read bound is then always "everything committed".
 */
export async function createPgliteEventStore(options: PgliteEventStoreOptions): Promise<SqlEventStore> {
  const owned = 'dataDir' in options;
  const db = 'dataDir' in options ? await PGlite.create(options.dataDir) : options.db;
  const executor = pgliteExecutor(db, owned);
  try {
    await migrate(executor);
  } catch (error) {
    await executor.close();
    throw error;
  }
  return createSqlEventStore(executor, options);
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
