import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { EventStore } from './event-store.port';
import { migrate } from './sql/migrations';
import { createSqlEventStore, type SqlEventStoreOptions } from './sql/sql.event-store';
import type { SqlExecutor, SqlParam, SqlQueryable } from './sql/sql-executor';

export interface PostgresEventStoreOptions extends SqlEventStoreOptions {
  /** Use this pool (the store will not end it) … */
  pool?: Pool;
  /** … or open one (ended by close()). */
  connectionString?: string;
  poolConfig?: PoolConfig;
  /** Apply pending migrations before returning. Default true. */
  migrate?: boolean;
  /**
   * Errors of idle connections in a pool the store opened (server restart, network): the pool
   * drops the connection and reconnects on the next query. Default: ignore.
   */
  onIdleConnectionError?: (error: Error) => void;
}

/**
 * Event store on a PostgreSQL server through `pg`. Positions are derived from transaction ids (see
 * sql/migrations.ts), which keeps concurrent appends to different streams from waiting on each
 * other while readers still never skip an in-flight append.
 */
export async function createPostgresEventStore(options: PostgresEventStoreOptions): Promise<EventStore> {
  const ownsPool = options.pool === undefined;
  const pool = options.pool ?? new Pool({ connectionString: options.connectionString, ...options.poolConfig });
  // An 'error' event without a listener would crash the process.
  if (ownsPool) pool.on('error', options.onIdleConnectionError ?? (() => undefined));
  const executor = postgresExecutor(pool, ownsPool);
  try {
    if (options.migrate !== false) await migrate(executor);
  } catch (error) {
    await executor.close();
    throw error;
  }
  return createSqlEventStore(executor, options);
}

export function postgresExecutor(pool: Pool, ownsPool: boolean): SqlExecutor {
  const on = (client: Pool | PoolClient): SqlQueryable => ({
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const result = await client.query(sql, params as SqlParam[]);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  return {
    ...on(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      if (ownsPool) await pool.end();
    },
  };
}
