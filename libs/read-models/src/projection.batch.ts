import type Redis from 'ioredis';
import type { EventStore, RecordedEvent } from '@app/event-store';
import type { ReadModelKeys } from './read-model.keys';
import { ReadModelWriter, type AppliedWork, type ApplyResult, type Attachment, type ReadModelSettings } from './read-model.writer';

export interface ProjectionProgress {
  generation: string;
  /** Events applied since the runner (or the rebuild) started. */
  events: number;
  /** Global position of the last event applied. */
  position: number | undefined;
  elapsedMs: number;
}

export interface AppliedBatch {
  result: ApplyResult;
  /** Past the batch when it was applied; where it was when the apply was refused. */
  at: Attachment;
  /** Events read after the checkpoint (all applied, when the result is `applied`). */
  events: number;
  /** The batch was not full: the log holds nothing more for now. */
  caughtUp: boolean;
  work?: AppliedWork;
}

/**
 * The projection's one step, the same for the live runner and the offline rebuild: read the batch
 * after the checkpoint and apply it atomically with the checkpoint (ReadModelWriter), or not at all.
 * What to do when the apply is refused is the caller's; this counts what was applied, for progress.
 */
export class BatchApplier {
  private readonly writer: ReadModelWriter;
  private applied = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly store: EventStore,
    redis: Redis,
    keys: ReadModelKeys,
    settings: ReadModelSettings,
    private readonly batchSize: number,
  ) {
    this.writer = new ReadModelWriter(redis, keys, settings);
  }

  async next(at: Attachment): Promise<AppliedBatch> {
    const events = await readBatch(this.store, at.checkpoint, this.batchSize);
    const { result, checkpoint, work } = await this.writer.apply(at, events);
    const caughtUp = events.length < this.batchSize;
    if (result !== 'applied') return { result, at, events: events.length, caughtUp };
    this.applied += events.length;
    return { result, at: { ...at, checkpoint }, events: events.length, caughtUp, work };
  }

  /** Everything applied since this was made, up to `at`. */
  progress(at: Attachment): ProjectionProgress {
    return { generation: at.generation, events: this.applied, position: at.checkpoint, elapsedMs: Date.now() - this.startedAt };
  }
}

export async function readBatch(store: EventStore, checkpoint: number | undefined, batchSize: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll({ fromPosition: checkpoint === undefined ? 0 : checkpoint + 1, maxCount: batchSize })) {
    events.push(event);
  }
  return events;
}
