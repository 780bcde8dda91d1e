/**
 * `npm run bench:scale`: how the service's costs grow with its log. A seeded log of
 * BENCH_SCALE_EVENTS events (default 1,000,000, over a tenth as many designations) and one of a
 * tenth of that, each kept in its own database between runs; on each: rebuilding every read model,
 * the worker's start-up, consolidated-list queries through the api, a 20-event court bundle and a
 * point-in-time query. Then one `scale <name> …` line per measure with both figures and the growth.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { DEFAULT_POLICY } from '@app/domain';
import { createPostgresEventStore } from '@app/event-store';
import { ReadModelKeys, type ReadModelSettings } from '@app/read-models';
import { freePort } from '../../test/support/free-port';
import { startApi } from '../api/api-process';
import { loadavg, printMachine } from '../api/machine';
import { print } from '../support/database';
import { deleteKeys } from '../support/redis';
import { listQueries, rebuild, sequentialGets, workerStartup, type Figure, type ListQuery } from './measures';
import { BUNDLE_EVENTS } from './histories';
import { scaleLog, signingKeyOf, type ScaleLog } from './seed';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = Number(process.env.BENCH_SCALE_EVENTS ?? 1_000_000);
const SEED = Number(process.env.BENCH_SCALE_SEED ?? 1);
const FRESH = process.env.BENCH_SCALE_FRESH === '1';
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 20);
const CONNECTIONS = 32;
const SECRET = randomUUID() + randomUUID();
const SETTINGS: ReadModelSettings = { policy: DEFAULT_POLICY, webhookMinistries: new Set() };

/** The list queries of docs/api.md: each filter on its own. */
const LIST_QUERIES: ListQuery[] = [
  { name: 'status', path: '/designations?status=active' },
  { name: 'category', path: '/designations?category=cyber_espionage' },
  { name: 'measure', path: '/designations?measureType=asset_freeze' },
  { name: 'reference', path: '/designations?reference=ofac:36' },
  { name: 'q', path: '/designations?q=falcon' },
];

const label = (events: number) => (events >= 1_000_000 && events % 1_000_000 === 0 ? `${events / 1_000_000}m` : events >= 1000 && events % 1000 === 0 ? `${events / 1000}k` : String(events));

const token = (roles: string[]) =>
  new SignJWT({ roles }).setProtectedHeader({ alg: 'HS256' }).setSubject(`bench-${roles[0]}`).setIssuedAt().setExpirationTime('2h').sign(new TextEncoder().encode(SECRET));

async function countEvents(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events')).rows[0].n);
  } finally {
    await client.end();
  }
}

/** A date (YYYY-MM-DD) half-way through the bundle designation's history, for the point-in-time query. */
async function midHistoryDate(url: string, designation: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ at: string }>(
      `SELECT metadata->>'recordedAt' AS at FROM event_store.events WHERE stream_name = $1 ORDER BY revision`,
      [`designation-${designation}`],
    );
    return rows[Math.floor(rows.length / 2)].at.slice(0, 10);
  } finally {
    await client.end();
  }
}

/** Every measure on one log. */
async function measure(log: ScaleLog): Promise<Figure[]> {
  const prefix = `bench-scale-${randomUUID().slice(0, 8)}:`;
  const keys = new ReadModelKeys(prefix);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const store = await createPostgresEventStore({ connectionString: log.url });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const env = {
    NODE_ENV: 'production',
    AUDIT_SIGNING_KEYS: JSON.stringify([await signingKeyOf(log)]),
    EVENT_STORE: 'postgres',
    DATABASE_URL: log.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    DATA_DIR: dataDir,
    LOG_FORMAT: 'json',
  };
  const figures: Figure[] = [];
  const step = (line: string) => process.stderr.write(`[${label(log.events)}] ${line}\n`);
  try {
    step('rebuilding the read models');
    figures.push(...(await rebuild(store, redis, keys, SETTINGS)));
    step('starting the worker');
    const started = await workerStartup(store, redis, keys, env, () => countEvents(log.url), 30 * 60_000);
    figures.push(...started.figures);
    // Its projection and checkpoint are what the api needs; stopped so that it takes no CPU from the queries.
    await started.worker.stop();
    step('starting the api');
    const api = await startApi({ ...env, AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0' }, await freePort());
    try {
      step('list queries');
      figures.push(...(await listQueries(api, await token(['official']), LIST_QUERIES, CONNECTIONS)));
      const court = await token(['court']);
      const id = log.bundleDesignation;
      step('court bundle and point-in-time query');
      figures.push(
        ...(await sequentialGets(api, court, 'bundle_20_events', `/designations/${id}/audit-trail?purpose=bench-scale`, ROUNDS, (body) => {
          const events = (body as { events?: unknown[] }).events;
          // The worker may have added a system event or two (its deadlines are in the past: see histories.ts).
          return events && events.length >= BUNDLE_EVENTS && events.length <= BUNDLE_EVENTS + 5 ? undefined : `expected about ${BUNDLE_EVENTS} events in the bundle, got ${events?.length}`;
        })),
        ...(await sequentialGets(api, court, 'state_as_of', `/designations/${id}/state?asOf=${await midHistoryDate(log.url, id)}&purpose=bench-scale`, ROUNDS, (body) =>
          typeof body === 'object' && body !== null ? undefined : 'no designation in the answer',
        )),
      );
    } finally {
      await api.stop();
    }
    print(`log_${label(log.events)}`, `events_in_log_after=${await countEvents(log.url)} checkpoint_issued_on_start=${started.checkpointIssued ? 'yes' : 'no (already covered)'}`);
  } finally {
    const removed = await deleteKeys(redis, prefix).catch(() => -1);
    step(`redis keys removed under ${prefix}: ${removed}`);
    await redis.quit();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const f of figures) print(`${f.name}_at_${label(log.events)}`, f.value.toFixed(f.value >= 100 ? 0 : 2));
  return figures;
}

/** Growth of each measure from the small log to the large one: at most linear, and none for what is per designation. */
function report(small: ScaleLog, large: ScaleLog, at: Map<number, Figure[]>): void {
  const factor = large.events / small.events;
  const [a, b] = [label(small.events), label(large.events)];
  for (const f of at.get(large.events)!) {
    const before = at.get(small.events)!.find((g) => g.name === f.name);
    if (!before) continue;
    const growth = f.value / before.value;
    // Rates are better when they grow; what is flat may wobble with the machine's load, up to twice.
    const ok = f.unit.endsWith('/s') ? growth >= 1 / 2 : f.expect === 'linear' ? growth <= factor : growth <= 2;
    const show = (n: number) => n.toFixed(n >= 100 ? 0 : 2);
    process.stdout.write(`scale ${f.name} at_${a}=${show(before.value)} at_${b}=${show(f.value)} growth=${growth.toFixed(2)} expect=${f.expect} ${ok ? 'ok' : 'short'}\n`);
  }
}

async function main(): Promise<void> {
  if (!Number.isInteger(EVENTS / 200)) throw new RangeError('BENCH_SCALE_EVENTS must be a multiple of 200');
  await printMachine(`events=${EVENTS / 10},${EVENTS} seed=${SEED} fresh=${FRESH} connections=${CONNECTIONS} rounds=${ROUNDS}`);
  const logs: ScaleLog[] = [];
  for (const events of [EVENTS / 10, EVENTS]) {
    const started = performance.now();
    const log = await scaleLog(events, SEED, FRESH, (line) => process.stderr.write(`[${label(events)}] seed: ${line}\n`));
    print(
      `seed_${label(events)}`,
      `database=${log.database} events=${log.events} designations=${log.designations} ${log.reused ? `reused (made in ${log.seededSeconds.toFixed(0)} s)` : `made_in_s=${((performance.now() - started) / 1000).toFixed(0)}`}`,
    );
    logs.push(log);
  }
  const at = new Map<number, Figure[]>();
  for (const log of logs) at.set(log.events, await measure(log));
  print('loadavg_at_end', loadavg());
  report(logs[0], logs[1], at);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
