import type Redis from 'ioredis';
import type { EventStore, RecordedEvent } from '@app/event-store';
import type { ReadModelKeys } from './read-model.keys';
import { ReadModelWriter, type AppliedWork, type ApplyResult, type Attachment, type PreparedBatch, type ReadModelSettings } from './read-model.writer';

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

export interface BatchApplierOptions {
  batchSize: number;
  /** Designations the writer keeps in memory between batches (ReadModelWriter). */
  workingSet?: number;
}

/**
 * The projection's one step, the same for the live runner and the offline rebuild: read the batch
 * after the checkpoint and apply it atomically with the checkpoint (ReadModelWriter), or not at all.
 * What to do when the apply is refused is the caller's; this counts what was applied, for progress.
 *
 * After a full batch it works one batch ahead while the commit is in flight: it reads the next
 * batch from the log and folds it onto what this one leaves (WorkingSet.load says when that can be
 * done without Redis). The batch prepared ahead is committed only if this one was applied and the
 * next step starts where it ends; otherwise it is dropped, and so is a batch read ahead. Reading the
 * log early changes nothing: it is the truth.
 */
export class BatchApplier {
  private readonly writer: ReadModelWriter;
  private applied = 0;
  private readonly startedAt = Date.now();
  private ahead: { from: number; batch: Promise<Prepared> } | undefined;

  constructor(
    private readonly store: EventStore,
    redis: Redis,
    keys: ReadModelKeys,
    settings: ReadModelSettings,
    private readonly options: BatchApplierOptions,
  ) {
    this.writer = new ReadModelWriter(redis, keys, settings, options.workingSet);
  }

  async next(at: Attachment): Promise<AppliedBatch> {
    const { events, batch } = await this.prepared(at);
    const caughtUp = events.length < this.options.batchSize;
    if (!batch) return { result: 'applied', at, events: 0, caughtUp };
    const committing = this.writer.commit(batch, at.pointer);
    if (!caughtUp) this.prepareAhead(batch, committing);
    const result = await committing.catch((error: unknown) => {
      this.ahead = undefined;
      throw error;
    });
    if (result !== 'applied') {
      this.ahead = undefined;
      return { result, at, events: events.length, caughtUp };
    }
    this.applied += events.length;
    return { result, at: { ...at, checkpoint: batch.checkpoint }, events: events.length, caughtUp, work: batch.work };
  }

  /** Everything applied since this was made, up to `at`. */
  progress(at: Attachment): ProjectionProgress {
    return { generation: at.generation, events: this.applied, position: at.checkpoint, elapsedMs: Date.now() - this.startedAt };
  }

  /** Closes the writer's connection; a later step opens another. */
  close(): void {
    this.ahead = undefined;
    this.writer.close();
  }

  /** The batch after `at`: the one prepared ahead if it starts there, else read and prepared now. */
  private async prepared(at: Attachment): Promise<Prepared> {
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead && at.checkpoint === ahead.from) {
      const found = await ahead.batch;
      if (found.batch?.from.generation === at.generation) return found;
      if (!found.batch && found.events.length > 0) return { events: found.events, batch: await this.writer.prepare(at, found.events) };
    }
    const events = await readBatch(this.store, at.checkpoint, this.options.batchSize);
    return { events, batch: events.length > 0 ? await this.writer.prepare(at, events) : undefined };
  }

  private prepareAhead(batch: PreparedBatch, committing: Promise<ApplyResult>): void {
    const from = { generation: batch.from.generation, checkpoint: batch.checkpoint };
    const prepared = (async (): Promise<Prepared> => {
      const events = await readBatch(this.store, batch.checkpoint, this.options.batchSize);
      return { events, batch: events.length > 0 ? await this.writer.prepare(from, events, committing) : undefined };
    })();
    // Dropped unused if this batch is not applied: its failure must not fail the process then.
    prepared.catch(() => undefined);
    this.ahead = { from: batch.checkpoint, batch: prepared };
  }
}

interface Prepared {
  events: readonly RecordedEvent[];
  /** Undefined when there are no events, or when preparing ahead had to give up. */
  batch: PreparedBatch | undefined;
}

export async function readBatch(store: EventStore, checkpoint: number | undefined, batchSize: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll({ fromPosition: checkpoint === undefined ? 0 : checkpoint + 1, maxCount: batchSize })) {
    events.push(event);
  }
  return events;
}
