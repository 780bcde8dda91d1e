import type Redis from 'ioredis';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { NO_CHECKPOINT, newGenerationId, type ReadModelKeys } from './read-model.keys';
import { ReadModelWriter, type AppliedWork, type Attachment, type ReadModelSettings } from './read-model.writer';

export interface ProjectionLogger {
  log(message: unknown): void;
  warn(message: unknown): void;
  error(message: unknown): void;
}

export interface ProjectionProgress {
  generation: string;
  /** Events applied by this runner since it started. */
  events: number;
  /** Global position of the last event applied. */
  position: number | undefined;
  elapsedMs: number;
}

export interface ProjectionRunnerOptions {
  store: EventStore;
  redis: Redis;
  keys: ReadModelKeys;
  settings: ReadModelSettings;
  /** Events per atomic apply. */
  batchSize?: number;
  /**
   * Called after each applied batch with the deadlines and deliveries it made pending (the
   * scheduler adds their jobs). A failure here is logged, not retried: the reconciler re-adds.
   */
  onApplied?: (work: AppliedWork) => Promise<void> | void;
  /** How often to look for new events, and for a flushed or replaced Redis, when idle. */
  pollMs?: number;
  logger?: ProjectionLogger;
  onProgress?: (progress: ProjectionProgress) => void;
}

/** Moves the `building` pointer to `current` once the build has caught up; returns the replaced generation. */
const PROMOTE_SCRIPT = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return false end
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return previous
`;

/**
 * Keeps the read models in Redis up with the log. It reads from its checkpoint in batches, applies
 * each batch atomically with the checkpoint (ReadModelWriter), and when idle checks that Redis
 * still holds what it wrote: if the generation is gone (FLUSHALL, a new empty Redis) it starts a
 * new one from the beginning of the log, and readers get 503 until it has caught up. Any number of
 * runners may run at once; the checkpoint check lets one apply each batch.
 */
export class ProjectionRunner {
  private readonly writer: ReadModelWriter;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private running = false;
  private loop?: Promise<void>;
  private applied = 0;
  private readonly startedAt = Date.now();

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.writer = new ReadModelWriter(options.redis, options.keys, options.settings);
    this.batchSize = options.batchSize ?? 500;
    this.pollMs = options.pollMs ?? 100;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.follow(await this.attach());
        failures = 0;
      } catch (error) {
        failures += 1;
        // Redis or the store is away: wait and look again; nothing is lost, the log is the truth.
        if (failures === 1 || failures % 50 === 0) this.options.logger?.warn({ message: 'projection paused', error: String(error), failures });
        await sleep(Math.min(this.pollMs * 2 ** Math.min(failures, 5), 5_000));
      }
    }
  }

  /** Applies batches until the generation moves, Redis changes under it, or the runner stops. */
  private async follow(attachment: Attachment): Promise<void> {
    let at = attachment;
    while (this.running) {
      const events = await readBatch(this.options.store, at.checkpoint, this.batchSize);
      if (events.length > 0) {
        const { result, checkpoint, work } = await this.writer.apply(at, events);
        if (result !== 'applied') return;
        at = { ...at, checkpoint };
        this.applied += events.length;
        if (work && this.options.onApplied && (work.deadlines.length > 0 || work.deliveries.length > 0)) {
          try {
            await this.options.onApplied(work);
          } catch (error) {
            this.options.logger?.warn({ message: 'could not schedule jobs now; the reconciler will', error: String(error) });
          }
        }
        this.options.onProgress?.({ generation: at.generation, events: this.applied, position: checkpoint, elapsedMs: Date.now() - this.startedAt });
      }
      if (events.length < this.batchSize && at.pointer === this.options.keys.building) {
        if (!(await promote(this.options.redis, this.options.keys, at.generation)).promoted) return;
        this.options.logger?.log({ message: 'read models rebuilt from the log', generation: at.generation, position: at.checkpoint });
        at = { ...at, pointer: this.options.keys.current };
      }
      if (events.length === 0) {
        await sleep(this.pollMs);
        if (!(await stillAttached(this.options.redis, this.options.keys, at))) return;
      }
    }
  }

  /** The generation to follow: the current one, else one being built, else a new build from the start. */
  private async attach(): Promise<Attachment> {
    const { redis, keys } = this.options;
    const current = await redis.get(keys.current);
    if (current) {
      const checkpoint = await redis.get(keys.generation(current).checkpoint);
      if (checkpoint !== null) return { generation: current, pointer: keys.current, checkpoint: parseCheckpoint(checkpoint) };
      // A generation without its checkpoint cannot be trusted: build a new one beside it.
    }
    const generation = await startBuild(redis, keys, { adopt: true });
    if (!current) this.options.logger?.log({ message: 'no read models in Redis (a first start, or Redis was emptied): building them from the log', generation });
    const checkpoint = await redis.get(keys.generation(generation).checkpoint);
    return { generation, pointer: keys.building, checkpoint: parseCheckpoint(checkpoint ?? NO_CHECKPOINT) };
  }
}

/**
 * Names a generation as being built. With `adopt`, a build already under way is joined rather
 * than replaced (two workers after a FLUSHALL build one generation together).
 */
export async function startBuild(redis: Redis, keys: ReadModelKeys, options: { adopt: boolean }): Promise<string> {
  const fresh = newGenerationId();
  const generation = options.adopt
    ? ((await redis.set(keys.building, fresh, 'NX')) === 'OK' ? fresh : ((await redis.get(keys.building)) ?? fresh))
    : (await redis.set(keys.building, fresh), fresh);
  await redis.set(keys.generation(generation).checkpoint, NO_CHECKPOINT, 'NX');
  return generation;
}

export async function promote(redis: Redis, keys: ReadModelKeys, generation: string): Promise<{ promoted: boolean; previous?: string }> {
  const previous = (await redis.eval(PROMOTE_SCRIPT, 2, keys.current, keys.building, generation)) as string | null;
  if (previous === null) {
    // Either nothing was current before (a first build) or the build was taken over; tell them apart.
    return (await redis.get(keys.current)) === generation ? { promoted: true } : { promoted: false };
  }
  return { promoted: true, previous };
}

async function stillAttached(redis: Redis, keys: ReadModelKeys, at: Attachment): Promise<boolean> {
  const [pointer, checkpoint] = await redis.mget(at.pointer, keys.generation(at.generation).checkpoint);
  return pointer === at.generation && checkpoint === (at.checkpoint === undefined ? NO_CHECKPOINT : String(at.checkpoint));
}

export async function readBatch(store: EventStore, checkpoint: number | undefined, batchSize: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll({ fromPosition: checkpoint === undefined ? 0 : checkpoint + 1, maxCount: batchSize })) {
    events.push(event);
  }
  return events;
}

function parseCheckpoint(value: string): number | undefined {
  return value === NO_CHECKPOINT ? undefined : Number(value);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RebuildOptions {
  store: EventStore;
  redis: Redis;
  keys: ReadModelKeys;
  settings: ReadModelSettings;
  batchSize?: number;
  /** Make the new generation current when it has caught up (default), and drop the one it replaces. */
  promote?: boolean;
  /** How long readers may still be using the replaced generation before it is deleted. */
  graceMs?: number;
  onProgress?: (progress: ProjectionProgress) => void;
}

export interface RebuildResult {
  generation: string;
  events: number;
  position: number | undefined;
  /** Time to build the new generation (not counting the grace period before the old one is dropped). */
  elapsedMs: number;
  replaced?: string;
}

/**
 * Builds the read models afresh from the first event of the log, beside the ones being served, and
 * then swaps them in (`npm run projections:rebuild`). Runners following the old generation notice
 * the swap and carry on from the new one's checkpoint.
 */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildResult> {
  const { store, redis, keys } = options;
  const batchSize = options.batchSize ?? 500;
  const startedAt = Date.now();
  const generation = await startBuild(redis, keys, { adopt: false });
  const writer = new ReadModelWriter(redis, keys, options.settings);
  let at: Attachment = { generation, pointer: keys.building, checkpoint: undefined };
  let applied = 0;
  for (;;) {
    const events = await readBatch(store, at.checkpoint, batchSize);
    const { result, checkpoint } = await writer.apply(at, events);
    if (result === 'generation-moved') throw new Error(`rebuild of ${generation} was replaced by another rebuild`);
    if (result === 'checkpoint-moved') {
      // A worker joined this build and applied the batch first: carry on from where it got to.
      const found = await redis.get(keys.generation(generation).checkpoint);
      at = { ...at, checkpoint: parseCheckpoint(found ?? NO_CHECKPOINT) };
      continue;
    }
    at = { ...at, checkpoint };
    applied += events.length;
    options.onProgress?.({ generation, events: applied, position: checkpoint, elapsedMs: Date.now() - startedAt });
    if (events.length < batchSize) break;
  }
  const elapsedMs = Date.now() - startedAt;
  let replaced: string | undefined;
  if (options.promote !== false) {
    const swap = await promote(redis, keys, generation);
    if (!swap.promoted) throw new Error(`rebuild of ${generation} was replaced by another rebuild`);
    replaced = swap.previous;
    if (replaced && replaced !== generation) {
      await sleep(options.graceMs ?? 2_000);
      await deleteGeneration(redis, keys, replaced);
    }
  }
  return { generation, events: applied, position: at.checkpoint, elapsedMs, replaced };
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
