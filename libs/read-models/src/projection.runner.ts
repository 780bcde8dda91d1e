import type Redis from 'ioredis';
import { PollLoop, type EventStore } from '@app/event-store';
import { deleteGeneration, parseCheckpoint, promote, startBuild, unserve } from './generations';
import { staleness } from './log-binding';
import { BatchApplier, type ProjectionProgress } from './projection.batch';
import { NO_CHECKPOINT, type ReadModelKeys } from './read-model.keys';
import type { AppliedWork, Attachment, ReadModelSettings } from './read-model.writer';

export interface ProjectionLogger {
  log(message: unknown): void;
  warn(message: unknown): void;
  error(message: unknown): void;
}

export interface ProjectionRunnerOptions {
  store: EventStore;
  redis: Redis;
  keys: ReadModelKeys;
  settings: ReadModelSettings;
  /** Events per atomic apply. */
  batchSize?: number;
  /** Designations kept in memory between batches (default DEFAULT_WORKING_SET); beyond that they are read back from Redis. */
  workingSet?: number;
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

/**
 * Keeps the read models in Redis up with the log. It reads from its checkpoint in batches, applies
 * each batch atomically with the checkpoint (ReadModelWriter), and when idle checks that Redis
 * still holds what it wrote: if the generation is gone (FLUSHALL, a new empty Redis) it starts a
 * new one from the beginning of the log, and readers get 503 until it has caught up. Any number of
 * runners may run at once; the checkpoint check lets one apply each batch.
 */
export class ProjectionRunner {
  private readonly batches: BatchApplier;
  private readonly loop: PollLoop;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.batches = new BatchApplier(options.store, options.redis, options.keys, options.settings, {
      batchSize: options.batchSize ?? 500,
      workingSet: options.workingSet,
    });
    const pollMs = options.pollMs ?? 100;
    this.loop = new PollLoop({
      pass: async () => this.follow(await this.attach()),
      pollMs,
      // Redis or the store is away: wait and look again; nothing is lost, the log is the truth.
      backoffMs: (failures) => Math.min(pollMs * 2 ** Math.min(failures, 5), 5_000),
      onError: (error, failures) => {
        if (failures === 1 || failures % 50 === 0) options.logger?.warn({ message: 'projection paused', error: String(error), failures });
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.batches.close();
  }

  /** Applies batches until the generation moves, Redis changes under it, or the runner stops. */
  private async follow(attachment: Attachment): Promise<void> {
    let at = attachment;
    while (this.loop.running) {
      const batch = await this.batches.next(at);
      if (batch.result !== 'applied') return;
      at = batch.at;
      if (batch.events > 0) {
        await this.schedule(batch.work);
        this.options.onProgress?.(this.batches.progress(at));
      }
      if (batch.caughtUp && at.pointer === this.options.keys.building) {
        if (!(await promote(this.options.redis, this.options.keys, at.generation)).promoted) return;
        this.options.logger?.log({ message: 'read models rebuilt from the log', generation: at.generation, position: at.checkpoint });
        at = { ...at, pointer: this.options.keys.current };
      }
      if (batch.events === 0) {
        await this.loop.idle();
        if (!(await stillAttached(this.options.redis, this.options.keys, at))) return;
        // On every poll: the log under these read models may have been replaced or restored.
        if (await this.dropIfStale(at.generation, at.pointer)) return;
      }
    }
  }

  private async schedule(work: AppliedWork | undefined): Promise<void> {
    if (!work || !this.options.onApplied || (work.deadlines.length === 0 && work.deliveries.length === 0)) return;
    try {
      await this.options.onApplied(work);
    } catch (error) {
      this.options.logger?.warn({ message: 'could not schedule jobs now; the reconciler will', error: String(error) });
    }
  }

  /**
   * Stops serving (or building) a generation that does not belong to this log, and removes it:
   * readers answer 503 with Retry-After until a generation built from this log has caught up.
   */
  private async dropIfStale(generation: string, pointer: string): Promise<boolean> {
    const { store, redis, keys, logger } = this.options;
    const reason = await staleness(store, redis, keys.generation(generation));
    if (!reason) return false;
    logger?.error({ message: 'read models in Redis cannot be served for this log: not served, rebuilding them from the log', generation, reason });
    if (pointer === keys.current) await unserve(redis, keys, generation);
    else await redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end`, 1, keys.building, generation);
    await deleteGeneration(redis, keys, generation);
    return true;
  }

  /** The generation to follow: the current one, else one being built, else a new build from the start. */
  private async attach(): Promise<Attachment> {
    const { redis, keys } = this.options;
    let current = await redis.get(keys.current);
    if (current && (await this.dropIfStale(current, keys.current))) current = null;
    if (current) {
      const checkpoint = await redis.get(keys.generation(current).checkpoint);
      if (checkpoint !== null) return { generation: current, pointer: keys.current, checkpoint: parseCheckpoint(checkpoint) };
      // A generation without its checkpoint cannot be trusted: build a new one beside it.
    }
    const generation = await startBuild(redis, keys, { adopt: true, logId: await this.options.store.logId() });
    if (!current) this.options.logger?.log({ message: 'no read models in Redis (a first start, or Redis was emptied): building them from the log', generation });
    const checkpoint = await redis.get(keys.generation(generation).checkpoint);
    return { generation, pointer: keys.building, checkpoint: parseCheckpoint(checkpoint ?? NO_CHECKPOINT) };
  }
}

async function stillAttached(redis: Redis, keys: ReadModelKeys, at: Attachment): Promise<boolean> {
  const [pointer, checkpoint] = await redis.mget(at.pointer, keys.generation(at.generation).checkpoint);
  return pointer === at.generation && checkpoint === (at.checkpoint === undefined ? NO_CHECKPOINT : String(at.checkpoint));
}
