import { setTimeout as sleep } from 'node:timers/promises';
import type Redis from 'ioredis';
import type { EventStore } from '@app/event-store';
import { deleteGeneration, parseCheckpoint, promote, startBuild } from './generations';
import { BatchApplier, type ProjectionProgress } from './projection.batch';
import { NO_CHECKPOINT, type ReadModelKeys } from './read-model.keys';
import type { Attachment, ReadModelSettings } from './read-model.writer';

export interface RebuildOptions {
  store: EventStore;
  redis: Redis;
  keys: ReadModelKeys;
  settings: ReadModelSettings;
  batchSize?: number;
  /** Designations kept in memory while building (default DEFAULT_WORKING_SET); beyond that they are read back from Redis. */
  workingSet?: number;
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
  const batches = new BatchApplier(store, redis, keys, options.settings, { batchSize: options.batchSize ?? 500, workingSet: options.workingSet });
  const generation = await startBuild(redis, keys, { adopt: false, logId: await store.logId() });
  let at: Attachment = { generation, pointer: keys.building, checkpoint: undefined };
  try {
    for (;;) {
      const batch = await batches.next(at);
      if (batch.result === 'generation-moved') throw new Error(`rebuild of ${generation} was replaced by another rebuild`);
      if (batch.result === 'checkpoint-moved') {
        // A worker joined this build and applied the batch first: carry on from where it got to.
        const found = await redis.get(keys.generation(generation).checkpoint);
        at = { ...at, checkpoint: parseCheckpoint(found ?? NO_CHECKPOINT) };
        continue;
      }
      at = batch.at;
      options.onProgress?.(batches.progress(at));
      if (batch.caughtUp) break;
    }
  } finally {
    batches.close();
  }
  const { events, position, elapsedMs } = batches.progress(at);
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
  return { generation, events, position, elapsedMs, replaced };
}
