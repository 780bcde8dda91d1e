import type Redis from 'ioredis';
import type { ApplyProgress } from './list-imports';

/**
 * How far the worker has got applying a batch: derived and disposable (Redis), for the status
 * route and the CLI's progress bar. What is applied is in the log; this only says how much, now.
 */
export interface ProgressReport extends ApplyProgress {
  updatedAt: string;
}

const TTL_SECONDS = 7 * 24 * 3600;
const key = (prefix: string, batchId: string) => `${prefix}imports:progress:${batchId}`;

export async function writeProgress(redis: Redis, prefix: string, batchId: string, progress: ApplyProgress, now = new Date()): Promise<void> {
  await redis
    .multi()
    .hset(key(prefix, batchId), { done: progress.done, total: progress.total, updatedAt: now.toISOString() })
    .expire(key(prefix, batchId), TTL_SECONDS)
    .exec();
}

export async function readProgress(redis: Redis, prefix: string, batchId: string): Promise<ProgressReport | undefined> {
  const fields = await redis.hgetall(key(prefix, batchId));
  if (!fields.total) return undefined;
  return { done: Number(fields.done), total: Number(fields.total), updatedAt: fields.updatedAt };
}
