import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { newPrivateJwk } from '@app/audit';
import { createPostgresEventStore, type EventStore } from '@app/event-store';
import { ADMIN_URL } from '../support/database';
import { mulberry32 } from '../support/random';
import { BUNDLE_EVENTS, designations, templatePool, type Designation } from './histories';

/** Designations being appended at once: the log interleaves this many, as live traffic would. */
const LANES = 8;

/** What the marker table says about a finished seed. */
export interface ScaleLog {
  url: string;
  database: string;
  events: number;
  designations: number;
  /** The designation with BUNDLE_EVENTS events, for the court bundle and the point-in-time query. */
  bundleDesignation: string;
  /** Seconds the seed took when it was made (0 when this run made none). */
  seededSeconds: number;
  reused: boolean;
}

const MARKER = 'scale_bench_seed';
/** Bumped when what a seed writes changes: a log of another format is made again. */
const FORMAT = 2;

async function admin<T>(work: (client: Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The finished seed's marker row, if the database exists and holds one. */
async function finishedSeed(name: string): Promise<Omit<ScaleLog, 'url' | 'database' | 'reused'> | undefined> {
  const exists = await admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
  if (!exists) return undefined;
  return admin(async (c) => {
    const table = await c.query(`SELECT to_regclass('public.${MARKER}') AS t`);
    if (table.rows[0].t === null) return undefined;
    const { rows } = await c
      .query<{ events: number; designations: number; bundle_designation: string; seconds: number }>(
        `SELECT events, designations, bundle_designation, seconds FROM ${MARKER} WHERE completed_at IS NOT NULL AND format = $1`,
        [FORMAT],
      )
      .catch(() => ({ rows: [] })); // a marker of an older format, without the column
    if (rows.length !== 1) return undefined;
    return { events: rows[0].events, designations: rows[0].designations, bundleDesignation: rows[0].bundle_designation, seededSeconds: rows[0].seconds };
  }, databaseUrl(name));
}

/**
 * The log of `events` events for `seed` in its own database `scale_bench_<events>_<seed>`, kept
 * between runs: reused when its marker row says the seed finished, else (missing, or cut off
 * half-way) dropped and made again. `fresh` forces a new one. Only that database is ever dropped.
 */
export async function scaleLog(events: number, seed: number, fresh: boolean, progress: (line: string) => void): Promise<ScaleLog> {
  const database = `scale_bench_${events}_${seed}`;
  const url = databaseUrl(database);
  const found = fresh ? undefined : await finishedSeed(database);
  if (found) return { ...found, url, database, seededSeconds: found.seededSeconds, reused: true };
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  await admin((c) => c.query(`CREATE DATABASE ${database}`));
  const started = performance.now();
  const store = await createPostgresEventStore({ connectionString: url, poolConfig: { max: LANES } });
  try {
    await admin((c) => c.query(`CREATE TABLE ${MARKER} (events int NOT NULL, designations int NOT NULL, seed int NOT NULL, bundle_designation text NOT NULL, seconds real, format int NOT NULL, completed_at timestamptz)`), url);
    const pool = templatePool(seed);
    progress(`templates generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const { count, bundleDesignation } = await appendAll(store, designations(events, pool, seed), seed, (appended) => {
      const seconds = (performance.now() - started) / 1000;
      progress(`${appended} events appended, ${(appended / seconds).toFixed(0)} events/s`);
    });
    const seconds = (performance.now() - started) / 1000;
    await admin(
      (c) => c.query(`INSERT INTO ${MARKER} VALUES ($1, $2, $3, $4, $5, $6, now())`, [events, count, seed, bundleDesignation, seconds, FORMAT]),
      url,
    );
    return { url, database, events, designations: count, bundleDesignation, seededSeconds: seconds, reused: false };
  } finally {
    await store.close();
  }
}

/**
 * The log's audit signing key, made on its first run and kept beside it (a bench key, nothing
 * else): production semantics want a key that outlives the process, and the checkpoints a
 * reused log already holds were signed with it.
 */
export async function signingKeyOf(log: ScaleLog): Promise<Record<string, string>> {
  return admin(async (c) => {
    await c.query('CREATE TABLE IF NOT EXISTS scale_bench_signing_key (jwk jsonb NOT NULL)');
    await c.query('INSERT INTO scale_bench_signing_key SELECT $1::jsonb WHERE NOT EXISTS (SELECT 1 FROM scale_bench_signing_key)', [JSON.stringify(newPrivateJwk('bench-scale'))]);
    return (await c.query<{ jwk: Record<string, string> }>('SELECT jwk FROM scale_bench_signing_key')).rows[0].jwk;
  }, log.url);
}

/**
 * LANES designations at a time, each appended in batches of 1–5 events with the exact expected
 * revision, as command handling does: concurrent appends to different streams do not wait on each
 * other in our store, and each stream's hash chain is made by the store itself.
 */
async function appendAll(store: EventStore, source: Iterator<Designation>, seed: number, progress: (appended: number) => void) {
  const random = mulberry32(seed + 1);
  let appended = 0;
  let count = 0;
  let nextReport = 100_000;
  let bundleDesignation: string | undefined;
  const lane = async () => {
    for (let next = source.next(); !next.done; next = source.next()) {
      const { stream, events } = next.value;
      count += 1;
      if (bundleDesignation === undefined && events.length === BUNDLE_EVENTS) bundleDesignation = stream.slice(stream.indexOf('-') + 1);
      for (let at = 0; at < events.length; ) {
        const batch = events.slice(at, at + 1 + Math.floor(random() * 5));
        await store.appendToStream(stream, batch, { expectedRevision: at === 0 ? 'no_stream' : at - 1 });
        at += batch.length;
        appended += batch.length;
        if (appended >= nextReport) {
          progress(appended);
          nextReport += 100_000;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  if (!bundleDesignation) throw new Error(`no designation of ${BUNDLE_EVENTS} events was seeded`);
  return { count, bundleDesignation };
}
