import type Redis from 'ioredis';
import type { ReadModelKeys } from '@app/read-models';

/** Every key of one generation (named without the generation's prefix) and what it holds. */
export type ReadModelDump = Record<string, string | string[] | Record<string, string>>;

/**
 * Everything one generation holds, in a form two generations can be compared by: strings as they
 * are, hashes as sorted field → value, sets sorted, sorted sets as member, score, … in score order.
 */
export async function dumpGeneration(redis: Redis, keys: ReadModelKeys, generation: string): Promise<ReadModelDump> {
  const { base } = keys.generation(generation);
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, page] = await redis.scan(cursor, 'MATCH', `${base}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...page);
  } while (cursor !== '0');
  const dump: ReadModelDump = {};
  for (const key of found.sort()) dump[key.slice(base.length)] = await valueOf(redis, key);
  return dump;
}

async function valueOf(redis: Redis, key: string): Promise<ReadModelDump[string]> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return (await redis.get(key))!;
    case 'hash':
      return Object.fromEntries(Object.entries(await redis.hgetall(key)).sort(([a], [b]) => (a < b ? -1 : 1)));
    case 'set':
      return (await redis.smembers(key)).sort();
    case 'zset':
      return redis.zrange(key, '0', '-1', 'WITHSCORES');
    default:
      throw new Error(`${key}: a read model never holds a ${type}`);
  }
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
