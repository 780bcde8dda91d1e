import type Redis from 'ioredis';
import { NO_CHECKPOINT, newGenerationId, PROJECTION_VERSION, type ReadModelKeys } from './read-model.keys';

/** Moves the `building` pointer to `current` once the build has caught up; returns the replaced generation. */
const PROMOTE_SCRIPT = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return false end
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return previous
`;

/** Stops serving a generation (readers answer 503 until another is current), if it is still the one served. */
const UNSERVE_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;

/**
 * Names a generation as being built from the log `logId`. With `adopt`, a build of the same log
 * already under way is joined rather than replaced (two workers after a FLUSHALL build one
 * generation together); a build of another log is replaced.
 */
export async function startBuild(redis: Redis, keys: ReadModelKeys, options: { adopt: boolean; logId: string }): Promise<string> {
  const fresh = newGenerationId();
  let generation = fresh;
  if (options.adopt && (await redis.set(keys.building, fresh, 'NX')) !== 'OK') {
    const existing = await redis.get(keys.building);
    const [builtFrom, version] = existing ? await redis.mget(keys.generation(existing).log, keys.generation(existing).version) : [null, null];
    if (existing && builtFrom === options.logId && version === PROJECTION_VERSION) generation = existing;
    else await redis.set(keys.building, fresh);
  } else if (!options.adopt) {
    await redis.set(keys.building, fresh);
  }
  const g = keys.generation(generation);
  await redis.multi().set(g.log, options.logId, 'NX').set(g.version, PROJECTION_VERSION, 'NX').set(g.checkpoint, NO_CHECKPOINT, 'NX').exec();
  return generation;
}

export async function unserve(redis: Redis, keys: ReadModelKeys, generation: string): Promise<boolean> {
  return ((await redis.eval(UNSERVE_SCRIPT, 1, keys.current, generation)) as number) === 1;
}

export async function promote(redis: Redis, keys: ReadModelKeys, generation: string): Promise<{ promoted: boolean; previous?: string }> {
  const previous = (await redis.eval(PROMOTE_SCRIPT, 2, keys.current, keys.building, generation)) as string | null;
  if (previous === null) {
    // Either nothing was current before (a first build) or the build was taken over; tell them apart.
    return (await redis.get(keys.current)) === generation ? { promoted: true } : { promoted: false };
  }
  return { promoted: true, previous };
}

/** Removes every key of a generation (UNLINK: freed in the background). */
export async function deleteGeneration(redis: Redis, keys: ReadModelKeys, generation: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', keys.generationPattern(generation), 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) removed += await redis.unlink(...found);
  } while (cursor !== '0');
  return removed;
}

/** A generation's stored checkpoint as a position: `undefined` before its first event. */
export function parseCheckpoint(value: string): number | undefined {
  return value === NO_CHECKPOINT ? undefined : Number(value);
}
