import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { migrate } from './sql/migrations';
import { createSqlEventStore, type SqlEventStore, type SqlEventStoreOptions } from './sql/sql.event-store';
import type { SqlExecutor, SqlParam, SqlQueryable } from './sql/sql-executor';
import { classifyConnectionFailure, isConnectionFailure } from './unavailable';

/**
 * A pool the store opens gives up on a new connection after this long (unless poolConfig says
 * otherwise): while the server is away, requests fail fast with EventStoreUnavailableError (503)
 * instead of hanging until the caller gives up.
 */
const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;

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
export async function createPostgresEventStore(options: PostgresEventStoreOptions): Promise<SqlEventStore> {
  const ownsPool = options.pool === undefined;
  const pool =
    options.pool ??
    new Pool({ connectionString: options.connectionString, connectionTimeoutMillis: DEFAULT_CONNECTION_TIMEOUT_MS, ...options.poolConfig });
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

/**
 * Connection failures (server stopped, restarting, socket cut) leave as EventStoreUnavailableError,
 * so callers can tell "try again shortly" from a fault; everything else leaves unchanged.
 */
export function postgresExecutor(pool: Pool, ownsPool: boolean): SqlExecutor {
  const on = (client: Pool | PoolClient): SqlQueryable => ({
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      try {
        const result = await client.query(sql, params as SqlParam[]);
        return result.rows as Row[];
      } catch (error) {
        throw classifyConnectionFailure(error);
      }
    },
    async exec(sql: string) {
      try {
        await client.query(sql);
      } catch (error) {
        throw classifyConnectionFailure(error);
      }
    },
  });
  return {
    ...on(pool),
    async transaction(work) {
      const client = await pool.connect().catch((error: unknown) => {
        throw classifyConnectionFailure(error);
      });
      let broken: Error | undefined;
      // pg's pool stops listening while a client is checked out: a socket error between two
      // statements would be an unhandled 'error' event and take the process down.
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that failed must not go back to the pool: released with an error, it is discarded.
        const cause = (error as { cause?: unknown })?.cause ?? error;
        if (isConnectionFailure(cause)) broken = cause instanceof Error ? cause : new Error(String(cause));
        else
          await client.query('ROLLBACK').catch((rollbackError: Error) => {
            broken = rollbackError;
          });
        throw classifyConnectionFailure(error);
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async close() {
      if (ownsPool) await pool.end();
    },
  };
}
