import type { JobsOptions, Queue } from 'bullmq';
import type Redis from 'ioredis';
import { toMillis } from '@app/domain';
import { deliveryJobId, type AppliedWork, type Deadline, type DeliveryDoc, type ReadModelKeys } from '@app/read-models';

export const DEADLINES_QUEUE = 'deadlines';
export const WEBHOOKS_QUEUE = 'webhooks';

/** Retries back off exponentially from `baseMs`, never waiting more than `capMs` between tries. */
export const cappedBackoff = (baseMs: number, capMs: number) => (attemptsMade: number) => Math.min(baseMs * 2 ** Math.max(attemptsMade - 1, 0), capMs);

export interface SchedulerOptions {
  webhookAttempts: number;
  /** The identity of the log the deadlines come from: every job carries it, and jobs of another log are not run. */
  logId: () => Promise<string>;
  now?: () => number;
}

/** What a job carries: its deadline or delivery, and the log it belongs to. */
export type OfLog<T> = T & { logId?: string };

/** A job made before jobs carried their log (none given) is taken to be this log's. */
export const belongsToLog = (job: { logId?: string }, logId: string): boolean => job.logId === undefined || job.logId === logId;

/**
 * Keeps one delayed BullMQ job per pending deadline (and per pending webhook delivery), with the
 * deadline's own deterministic id: adding a job that exists is a no-op, so scheduling and
 * reconciling can run as often, and in as many workers, as anyone likes.
 */
export class DeadlineScheduler {
  private readonly now: () => number;

  constructor(
    private readonly deadlines: Queue,
    private readonly webhooks: Queue,
    private readonly options: SchedulerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async schedule(work: AppliedWork): Promise<void> {
    await this.addDeadlines(work.deadlines);
    await this.addDeliveries(work.deliveries);
  }

  /**
   * Re-adds the job of every pending deadline and delivery in the current read-model generation.
   * After Redis lost its jobs (FLUSHALL, failover, eviction) this is what brings them back.
   */
  async reconcile(redis: Redis, keys: ReadModelKeys): Promise<{ deadlines: number; deliveries: number }> {
    const generation = await redis.get(keys.current);
    if (!generation) return { deadlines: 0, deliveries: 0 };
    const g = keys.generation(generation);
    // Read models of another log are about to be replaced; their deadlines are not this log's.
    if ((await redis.get(g.log)) !== (await this.options.logId())) return { deadlines: 0, deliveries: 0 };
    const deadlines = (await redis.hvals(g.deadline)).map((row) => JSON.parse(row) as Deadline);
    const pending = await redis.smembers(g.deliveryPending);
    const deliveries = pending.length > 0 ? (await redis.hmget(g.delivery, ...pending)).filter((row): row is string => row !== null).map((row) => JSON.parse(row) as DeliveryDoc) : [];
    await this.addDeadlines(deadlines);
    await this.addDeliveries(deliveries.filter((d) => d.status === 'pending'));
    return { deadlines: deadlines.length, deliveries: deliveries.length };
  }

  private async addDeadlines(deadlines: Deadline[]): Promise<void> {
    const logId = await this.options.logId();
    for (let i = 0; i < deadlines.length; i += 500) {
      await this.deadlines.addBulk(
        deadlines.slice(i, i + 500).map((deadline) => ({ name: deadline.kind, data: { ...deadline, logId }, opts: this.deadlineJob(deadline) })),
      );
    }
  }

  private async addDeliveries(deliveries: DeliveryDoc[]): Promise<void> {
    const logId = await this.options.logId();
    for (let i = 0; i < deliveries.length; i += 500) {
      await this.webhooks.addBulk(
        deliveries.slice(i, i + 500).map((delivery) => ({
          name: 'reminder',
          data: { ...delivery, logId },
          opts: {
            jobId: deliveryJobId(delivery),
            attempts: this.options.webhookAttempts,
            backoff: { type: 'custom' },
            removeOnComplete: true,
            removeOnFail: { age: 3600 },
          },
        })),
      );
    }
  }

  private deadlineJob(deadline: Deadline): JobsOptions {
    return {
      jobId: deadline.id,
      delay: Math.max(0, toMillis(deadline.dueAt) - this.now()),
      // Gone once done, so that a re-add after an early or no-op run fires again; a failure stays
      // an hour (visible, and not re-added in a loop) before the reconciler tries once more.
      removeOnComplete: true,
      removeOnFail: { age: 3600 },
      attempts: 30,
      backoff: { type: 'custom' },
    };
  }
}
