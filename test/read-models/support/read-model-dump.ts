import type Redis from 'ioredis';
import type { ReadModelKeys } from '@app/read-models';

export interface ReadModelDump {
  checkpoint: string | null;
  doc: Record<string, string>;
  summary: Record<string, string>;
  exemption: Record<string, string>;
  public: Record<string, string>;
  changes: string[];
  facets: Record<string, string[]>;
}

/** Everything one generation holds, in a form two generations can be compared by. */
export async function dumpGeneration(redis: Redis, keys: ReadModelKeys, generation: string): Promise<ReadModelDump> {
  const g = keys.generation(generation);
  const facets: Record<string, string[]> = {};
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${g.base}f:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of found) {
      const members = (await redis.smembers(key)).sort();
      if (members.length > 0) facets[key.slice(g.base.length)] = members;
    }
  } while (cursor !== '0');
  return {
    checkpoint: await redis.get(g.checkpoint),
    doc: await redis.hgetall(g.doc),
    summary: await redis.hgetall(g.summary),
    exemption: await redis.hgetall(g.exemption),
    public: await redis.hgetall(g.public),
    changes: await redis.zrangebyscore(g.changes, '-inf', '+inf', 'WITHSCORES'),
    facets: Object.fromEntries(Object.entries(facets).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/** Removes every key under a prefix (a test's own namespace). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await redis.unlink(...found);
  } while (cursor !== '0');
}

export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
