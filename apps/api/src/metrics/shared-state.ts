import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { EventStore } from '@app/event-store';
import { NO_CHECKPOINT, type ReadModelKeys } from '@app/read-models';
import { NewestCheckpoint } from './newest-checkpoint';

export interface LogState {
  logId: string;
  /** Global position of the last event; null for an empty log. */
  head: number | null;
  checkpointIssuedAt?: Date;
}

export interface Generation {
  role: 'current' | 'building';
  /** Last position applied; null before the first event. */
  position: number | null;
  /** The log the generation was built from (EventStore.logId). */
  builtFrom: string | null;
  /** When the log recorded the first event not yet applied; absent when caught up (or not known). */
  behindSince?: Date;
}

export interface RedisState {
  generations: Generation[];
  /** Of the current generation; absent while none is served. */
  deadlines?: { pending: number; overdue: number };
  deliveries?: { pending: number; dead: number };
  queues: { queue: string; counts: Record<string, number> }[];
}

/** What a scrape reads; a part is absent when its source did not answer in time. */
export interface SharedState {
  log?: LogState;
  redis?: RedisState;
}

const SOURCE_TIMEOUT_MS = 2_000;

/**
 * Reads, at scrape time, what operators would look at themselves: the log's head and newest signed
 * checkpoint, the read models' checkpoints, the deadlines and deliveries projections, and the queues.
 * Nothing is counted here: every figure is the source's own, so no second truth can drift.
 */
export class SharedStateReader {
  private readonly checkpoint: NewestCheckpoint;

  constructor(
    private readonly store: EventStore,
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
    private readonly queues: readonly Queue[],
    private readonly now: () => number = Date.now,
  ) {
    this.checkpoint = new NewestCheckpoint(store);
  }

  async read(): Promise<SharedState> {
    const [log, redis] = await Promise.all([within(this.readLog()), within(this.readRedis())]);
    if (log?.head != null && redis) {
      const head = log.head;
      await Promise.all(
        redis.generations
          .filter((generation) => (generation.position ?? -1) < head)
          .map(async (generation) => (generation.behindSince = await within(this.firstRecordedAfter(generation.position)))),
      );
    }
    return { log, redis };
  }

  /** When the log recorded its first event after `position`: how long a projection at `position` has been behind. */
  private async firstRecordedAfter(position: number | null): Promise<Date | undefined> {
    for await (const event of this.store.readAll({ fromPosition: position === null ? 0 : position + 1, maxCount: 1 })) {
      return event.recordedAt ? new Date(event.recordedAt) : undefined;
    }
    return undefined;
  }

  private async readLog(): Promise<LogState> {
    const [logId, head, checkpointIssuedAt] = await Promise.all([this.store.logId(), this.store.headPosition(), this.checkpoint.issuedAt()]);
    return { logId, head, checkpointIssuedAt };
  }

  private async readRedis(): Promise<RedisState> {
    const [current, building] = await this.redis.mget(this.keys.current, this.keys.building);
    const named = [
      ...(current ? [{ role: 'current' as const, id: current }] : []),
      ...(building && building !== current ? [{ role: 'building' as const, id: building }] : []),
    ];
    const generations = await Promise.all(
      named.map(async ({ role, id }): Promise<Generation> => {
        const keys = this.keys.generation(id);
        const [checkpoint, builtFrom] = await this.redis.mget(keys.checkpoint, keys.log);
        return { role, position: checkpoint === null || checkpoint === NO_CHECKPOINT ? null : Number(checkpoint), builtFrom };
      }),
    );
    const queues = await Promise.all(this.queues.map(async (queue) => ({ queue: queue.name, counts: await queue.getJobCounts() })));
    if (!current) return { generations, queues };
    const g = this.keys.generation(current);
    const [[, pending], [, overdue], [, deliveriesPending], [, dead]] = (await this.redis
      .multi()
      .zcard(g.deadlineDue)
      .zcount(g.deadlineDue, '-inf', this.now())
      .scard(g.deliveryPending)
      .scard(g.deliveryDead)
      .exec()) as [null, number][];
    return { generations, queues, deadlines: { pending, overdue }, deliveries: { pending: deliveriesPending, dead } };
  }
}

/** The value, or undefined when the source failed or did not answer within the timeout. */
async function within<T>(read: Promise<T>, timeoutMs = SOURCE_TIMEOUT_MS): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([read, timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
