import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type Redis from 'ioredis';
import { latestCheckpoint } from '@app/audit';
import type { EventStore } from '@app/event-store';
import { rebuildReadModels, type ReadModelKeys, type ReadModelSettings } from '@app/read-models';
import { spawnChild, type ApiProcess, type ChildProcess } from '../api/api-process';

/** A measure at one log size: its figure and, for `scale` lines, what it is in. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** linear: may grow with the log, at most as fast; flat: should not grow with it. */
  expect: 'linear' | 'flat';
}

/** Every read model from the first event (`rebuildReadModels`, made current at the end, as `npm run projections:rebuild` does). */
export async function rebuild(store: EventStore, redis: Redis, keys: ReadModelKeys, settings: ReadModelSettings): Promise<Figure[]> {
  const result = await rebuildReadModels({ store, redis, keys, settings, promote: true, graceMs: 0 });
  return [
    { name: 'rebuild_s', value: result.elapsedMs / 1000, unit: 's', expect: 'linear' },
    { name: 'rebuild_events_per_s', value: result.events / (result.elapsedMs / 1000), unit: 'events/s', expect: 'flat' },
  ];
}

/**
 * The worker (`apps/worker/src/main.ts`) started on the log with read models already current: the
 * time from spawn until its projection has applied the log's head as of the spawn, and until its
 * checkpointer has signed a checkpoint over every event then in the log (on start it re-reads the
 * whole log into its Merkle tree). When nothing was added since the last checkpoint, none is due:
 * that part is then reported as already covered. The worker is left running; the caller stops it.
 */
export async function workerStartup(
  store: EventStore,
  redis: Redis,
  keys: ReadModelKeys,
  env: Record<string, string>,
  countEvents: () => Promise<number>,
  withinMs: number,
): Promise<{ worker: ChildProcess; figures: Figure[]; checkpointIssued: boolean }> {
  const head = (await store.headPosition()) ?? 0;
  const events = await countEvents();
  const before = await latestCheckpoint(store);
  // The checkpoint's own event is the only thing after it when the log has not grown since.
  const due = before === undefined || events > before.checkpoint.treeSize + 1;
  const started = performance.now();
  const worker = spawnChild('apps/worker/src/main.ts', env);
  let projectedMs: number | undefined;
  let signedMs: number | undefined = due ? undefined : 0;
  try {
    while (projectedMs === undefined || signedMs === undefined) {
      if (worker.exited() !== undefined) throw new Error(`the worker exited (${worker.exited()}) before it caught up:\n${worker.tail()}`);
      if (performance.now() - started > withinMs) throw new Error(`the worker did not catch up within ${withinMs} ms:\n${worker.tail()}`);
      if (projectedMs === undefined) {
        const generation = await redis.get(keys.current);
        const checkpoint = generation ? await redis.get(keys.generation(generation).checkpoint) : null;
        if (checkpoint !== null && Number(checkpoint) >= head) projectedMs = performance.now() - started;
      }
      if (signedMs === undefined) {
        const latest = await latestCheckpoint(store);
        if (latest && latest.checkpoint.treeSize >= events && latest.revision !== before?.revision) signedMs = performance.now() - started;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    await worker.stop();
    throw error;
  }
  return {
    worker,
    checkpointIssued: due,
    // The projection has nothing to catch up (the read models were just rebuilt), so its part is
    // met at once; the figure is the process's start and the checkpointer's pass over the log.
    figures: due ? [{ name: 'worker_start_caught_up_s', value: Math.max(projectedMs, signedMs) / 1000, unit: 's', expect: 'linear' }] : [],
  };
}

/** One consolidated-list query of docs/api.md, named for the output. */
export interface ListQuery {
  name: string;
  path: string;
}

/** A query slower than this fails the bench. */
const QUERY_TIMEOUT_S = 600;

/**
 * Each list query as `connections` clients asking at once, one request each (after one
 * unmeasured request): requests per second over the lot, p50 and p99. A count, not a duration: on
 * the large log one request can take seconds, and a fixed time would end before any was answered.
 * Every answer must be 2xx.
 */
export async function listQueries(api: ApiProcess, token: string, queries: readonly ListQuery[], connections: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const { name, path } of queries) {
    const url = `${api.baseUrl}${path}`;
    const headers = { authorization: `Bearer ${token}` };
    await fetch(url, { headers }).then((r) => r.arrayBuffer());
    const result = await autocannon({ url, method: 'GET', connections, amount: connections, timeout: QUERY_TIMEOUT_S, headers });
    if (result['2xx'] !== connections || result.errors > 0 || result.timeouts > 0) {
      throw new Error(`${path}: ${result['2xx']} of ${connections} 2xx, ${result.errors} errors, ${result.timeouts} timeouts (${JSON.stringify(result.statusCodeStats)}):\n${api.tail()}`);
    }
    figures.push(
      { name: `list_${name}_req_per_s`, value: connections / result.duration, unit: 'req/s', expect: 'flat' },
      { name: `list_${name}_p50_ms`, value: result.latency.p50, unit: 'ms', expect: 'flat' },
      { name: `list_${name}_p99_ms`, value: result.latency.p99, unit: 'ms', expect: 'flat' },
    );
  }
  return figures;
}

/**
 * One GET after the other (`rounds` of them after two unmeasured), each checked by `check`; the
 * median and the slowest, in ms, of a single reader, as a court fetching a bundle is.
 */
export async function sequentialGets(api: ApiProcess, token: string, name: string, path: string, rounds: number, check: (body: unknown) => string | undefined): Promise<Figure[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds + 2; i++) {
    const started = performance.now();
    const response = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    const body: unknown = await response.json();
    const elapsed = performance.now() - started;
    const problem = response.status !== 200 ? `status ${response.status}: ${JSON.stringify(body).slice(0, 300)}` : check(body);
    if (problem) throw new Error(`GET ${path}: ${problem}`);
    if (i >= 2) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  return [
    { name: `${name}_p50_ms`, value: times[Math.floor(times.length / 2)], unit: 'ms', expect: 'flat' },
    { name: `${name}_max_ms`, value: times[times.length - 1], unit: 'ms', expect: 'flat' },
  ];
}
