import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';

/** One workload at one concurrency: throughput and latency percentiles (milliseconds). */
export interface Measured {
  operations: number;
  opsPerSecond: number;
  p50: number;
  p99: number;
}

export interface CommandRun extends Measured {
  /** Designation ids from the 2xx receipts: what the api acknowledged. */
  acknowledged: string[];
  /** Requests written, answered or not: when time is up autocannon closes connections mid-request. */
  sent: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, { count: number }>;
}

/** The type our api records for a proposal; the baselines write rows and events of the same type. */
const EVENT_TYPE = 'DesignationProposed';

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/**
 * `concurrency` loops, each running `operation` back to back until `seconds` have passed (one that
 * started in time is waited for and counted); every operation's latency is kept.
 */
export async function loops(concurrency: number, seconds: number, operation: () => Promise<unknown>): Promise<Measured> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await operation();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { operations: latencies.length, opsPerSecond: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

/**
 * POST /designations from `concurrency` autocannon connections for `seconds`. The api gives every
 * proposal without an Idempotency-Key a fresh designation id, so one body makes a new stream each time.
 * Autocannon's percentiles are of 2xx responses only; the receipts' ids are collected for the final check.
 */
export async function proposeDesignations(baseUrl: string, token: string, body: object, concurrency: number, seconds: number): Promise<CommandRun> {
  const acknowledged: string[] = [];
  const result = await autocannon({
    url: `${baseUrl}/designations`,
    connections: concurrency,
    duration: seconds,
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    requests: [
      {
        onResponse: (status, text) => {
          if (status >= 200 && status < 300) acknowledged.push((JSON.parse(text) as { id: string }).id);
        },
      },
    ],
  });
  return {
    operations: result['2xx'],
    opsPerSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    acknowledged,
    sent: result.requests.sent,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: result.statusCodeStats,
  };
}

/** The raw baseline's table: a row comparable to one event (id, stream, type, the same JSON body). */
export async function createRawTable(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(`
      CREATE TABLE IF NOT EXISTS bench_rows (
        id          uuid        PRIMARY KEY,
        stream      text        NOT NULL,
        type        text        NOT NULL,
        payload     jsonb       NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  } finally {
    await pool.end();
  }
}

/** One autocommitted `INSERT` per operation, from `concurrency` loops over a pool of `poolSize`. */
export async function rawInserts(url: string, body: object, concurrency: number, poolSize: number, seconds: number): Promise<Measured> {
  const pool = new Pool({ connectionString: url, max: poolSize });
  const payload = JSON.stringify(body);
  try {
    return await loops(concurrency, seconds, () => {
      const id = randomUUID();
      return pool.query('INSERT INTO bench_rows (id, stream, type, payload) VALUES ($1, $2, $3, $4)', [id, `designation-${id}`, EVENT_TYPE, payload]);
    });
  } finally {
    await pool.end();
  }
}

/** Emmett's PostgreSQL event store, migrated once so that no run pays for its schema. */
export async function migrateEmmett(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  try {
    await store.schema.migrate();
  } finally {
    await store.close();
    await pool.end();
  }
}

/**
 * One event per append to a new stream, as a proposal is; STREAM_DOES_NOT_EXIST because our command
 * checks the same ("stream must not exist"). `concurrency` loops over a pool of `poolSize`.
 */
export async function emmettAppends(url: string, body: object, concurrency: number, poolSize: number, seconds: number): Promise<Measured> {
  const pool = new Pool({ connectionString: url, max: poolSize });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  const data = body as Record<string, unknown>;
  try {
    return await loops(concurrency, seconds, () =>
      store.appendToStream(`designation-${randomUUID()}`, [{ type: EVENT_TYPE, data }], { expectedStreamVersion: 'STREAM_DOES_NOT_EXIST' }),
    );
  } finally {
    await store.close();
    await pool.end();
  }
}
