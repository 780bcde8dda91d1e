import type Redis from 'ioredis';
import { toMillis, type Policy } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { BatchCommitter, type ApplyResult } from './batch-commit';
import { BatchWrites } from './batch-writes';
import { deadlinesOf, type Deadline } from './deadlines.view';
import { deliveryIdOf, type DeliveryDoc } from './deliveries.view';
import { designationIdOf, project, type ProjectedDesignation, type ProjectionContext, type ProjectionInput } from './projector';
import { FACETS, NO_CHECKPOINT, type Facet, type GenerationKeys, type ReadModelKeys } from './read-model.keys';
import { exemptionEntriesOf, referencesOf, summaryOf, type DesignationDoc, type DesignationSummary, type PublicEntry } from './views';
import { WorkingSet, type Standing, type StoredDesignation, type StoredState } from './working-set';

export type { ApplyResult } from './batch-commit';

export interface Attachment {
  generation: string;
  /** The key that names this generation: `current` (live) or `building` (rebuild). */
  pointer: string;
  /** Position of the last event applied, or undefined before the first. */
  checkpoint: number | undefined;
}

export interface ReadModelSettings {
  /** Shapes the deadlines (reminder offsets); the one the worker's commands are decided under. */
  policy: Policy;
  /** Ministries with a reminder webhook configured. */
  webhookMinistries?: ReadonlySet<string>;
}

/** What a batch scheduled: deadlines now pending, and deliveries now due. For the scheduler. */
export interface AppliedWork {
  deadlines: Deadline[];
  deliveries: DeliveryDoc[];
}

/** Designations and deliveries a writer keeps in memory between batches, by default (WorkingSet). */
export const DEFAULT_WORKING_SET = 20_000;

/** A batch folded and turned into writes, ready to commit. */
export interface PreparedBatch {
  /** The generation and checkpoint it was read after. */
  from: Standing;
  events: number;
  /** Position and id of its last event: the new checkpoint. */
  checkpoint: number;
  checkpointEvent: string;
  writes: BatchWrites;
  /** What it stores of each designation and delivery it changes (for the working set). */
  stored: StoredState;
  work: AppliedWork;
}

/**
 * Folds a batch onto what the read models hold and commits its writes with the new checkpoint, at
 * once or not at all (BatchCommitter): refused if the generation or the checkpoint has moved since
 * the batch was read. What it holds is kept in memory between batches (WorkingSet), so that the
 * next batch need not read it back. Close it when done: the commits have a connection of their own.
 *
 * The id of the checkpoint's event is kept beside it, so that a generation can always be checked
 * against the log it claims to reflect (log-binding.ts).
 */
export class ReadModelWriter {
  private readonly context: ProjectionContext;
  private readonly working: WorkingSet;
  private readonly committer: BatchCommitter;

  constructor(
    redis: Redis,
    private readonly keys: ReadModelKeys,
    private readonly settings: ReadModelSettings,
    workingSet = DEFAULT_WORKING_SET,
  ) {
    this.context = { webhookMinistries: settings.webhookMinistries ?? new Set() };
    this.working = new WorkingSet(redis, workingSet);
    this.committer = new BatchCommitter(redis);
  }

  /** Applies `events` (read in global order after `at.checkpoint`); returns the new attachment on success. */
  async apply(at: Attachment, events: readonly RecordedEvent[]): Promise<{ result: ApplyResult; checkpoint?: number; work?: AppliedWork }> {
    if (events.length === 0) return { result: 'applied', checkpoint: at.checkpoint, work: { deadlines: [], deliveries: [] } };
    const batch = (await this.prepare(at, events))!;
    const result = await this.commit(batch, at.pointer);
    return result === 'applied' ? { result, checkpoint: batch.checkpoint, work: batch.work } : { result };
  }

  /**
   * Folds `events` (at least one, read after `from.checkpoint`) into writes. With `applying`, the
   * commit of the batch that ends at `from`, still in flight: prepared ahead, or undefined if that
   * cannot be done without it (WorkingSet.load).
   */
  async prepare(from: Standing, events: readonly RecordedEvent[], applying?: Promise<unknown>): Promise<PreparedBatch | undefined> {
    const g = this.keys.generation(from.generation);
    const before = await this.working.load(g, from, idsOf(events, designationIdOf), idsOf(events, deliveryIdOf), applying);
    if (!before) return undefined;
    const outcome = project(parsed(before), events, this.context);
    const writes = new BatchWrites();
    const work: AppliedWork = { deadlines: [], deliveries: [] };
    const stored: StoredState = { designations: new Map(), deliveries: new Map() };
    for (const [id, touched] of outcome.touched) {
      if (touched.after.doc) stored.designations.set(id, this.designationWrites(writes, g, id, before.designations.get(id)!, touched, work));
    }
    for (const change of outcome.changes) writes.add('ZADD', g.changes, String(change.position), JSON.stringify(change));
    for (const { ministry, reminder } of outcome.reminders) {
      writes.add('ZADD', g.inbox(ministry), String(reminder.position), JSON.stringify({ ...reminder, ministry }));
    }
    for (const [id, delivery] of outcome.deliveries) {
      const json = JSON.stringify(delivery);
      stored.deliveries.set(id, json);
      writes.add('HSET', g.delivery, id, json);
      writes.add(delivery.status === 'pending' ? 'SADD' : 'SREM', g.deliveryPending, id);
      writes.add(delivery.status === 'dead_letter' ? 'SADD' : 'SREM', g.deliveryDead, id);
      if (delivery.status === 'pending') work.deliveries.push(delivery);
    }
    const last = events[events.length - 1];
    return { from, events: events.length, checkpoint: last.position, checkpointEvent: last.eventId, writes, stored, work };
  }

  /** Commits a prepared batch under `pointer` (current or building), if nothing has moved since it was read. */
  async commit(batch: PreparedBatch, pointer: string): Promise<ApplyResult> {
    const g = this.keys.generation(batch.from.generation);
    // Held from now on as applied, so that the next batch can be prepared meanwhile; forgotten unless it is.
    this.working.advance(batch.from, batch.checkpoint, batch.stored);
    try {
      const result = await this.committer.commit({
        pointer,
        generation: batch.from.generation,
        checkpointKey: g.checkpoint,
        checkpointEventKey: g.checkpointEvent,
        expected: batch.from.checkpoint === undefined ? NO_CHECKPOINT : String(batch.from.checkpoint),
        checkpoint: String(batch.checkpoint),
        checkpointEvent: batch.checkpointEvent,
        writes: batch.writes,
      });
      if (result !== 'applied') this.working.forget();
      return result;
    } catch (error) {
      // Applied or not, nobody knows: what is in memory may not be what Redis holds.
      this.working.forget();
      throw error;
    }
  }

  /** Closes the commits' connection (a later commit opens another). */
  close(): void {
    this.committer.close();
  }

  /**
   * Doc, summary, facet sets, exemptions, public entry and deadlines of a designation after the
   * batch, replacing what it had before; its new deadlines are handed to the scheduler. Returns
   * what is now stored of it.
   */
  private designationWrites(
    writes: BatchWrites,
    g: GenerationKeys,
    id: string,
    stored: StoredDesignation,
    { before, after }: { before: ProjectedDesignation; after: ProjectedDesignation },
    work: AppliedWork,
  ): StoredDesignation {
    const doc = after.doc!;
    // An entry the batch left as it was is the one stored: no need to write it again.
    const unchangedEntry = after.publicEntry !== undefined && after.publicEntry === before.publicEntry;
    const now: StoredDesignation = { doc: JSON.stringify(doc), publicEntry: unchangedEntry ? stored.publicEntry : after.publicEntry && JSON.stringify(after.publicEntry) };
    writes.add('HSET', g.doc, id, now.doc!);
    const summary = summaryOf(doc);
    writes.add('HSET', g.summary, id, JSON.stringify(summary));
    const oldFacets = stored.facets ?? (before.doc ? facetKeys(g, summaryOf(before.doc)) : new Set<string>());
    now.facets = facetKeys(g, summary);
    for (const key of oldFacets) if (!now.facets.has(key)) writes.add('SREM', key, id);
    for (const key of now.facets) if (!oldFacets.has(key)) writes.add('SADD', key, id);
    for (const exemption of exemptionEntriesOf(doc)) writes.add('HSET', g.exemption, `${id}/${exemption.exemptionId}`, JSON.stringify(exemption));
    if (now.publicEntry && !unchangedEntry) writes.add('HSET', g.public, id, now.publicEntry);
    else if (!now.publicEntry && before.publicEntry) writes.add('HDEL', g.public, id);
    const oldDeadlines = stored.deadlineIds ?? (before.doc ? deadlinesOf(before.doc.designation, this.settings.policy).map((d) => d.id) : []);
    now.deadlineIds = this.deadlineWrites(writes, g, id, oldDeadlines, doc, work);
    // Known to be stored (this writer wrote them) and unchanged: `deadlines-of` needs no write.
    if (!sameIds(stored.deadlineIds, now.deadlineIds)) writes.add('HSET', g.deadlinesOf, id, JSON.stringify(now.deadlineIds));
    return now;
  }

  /** Replaces the deadlines with ids `old` by those of `doc` (but not `deadlines-of`); returns their ids. */
  private deadlineWrites(writes: BatchWrites, g: GenerationKeys, id: string, old: readonly string[], doc: DesignationDoc, work: AppliedWork): string[] {
    const now = deadlinesOf(doc.designation, this.settings.policy);
    const kept = new Set(now.map((d) => d.id));
    const oldIds = new Set(old);
    for (const d of old) {
      if (kept.has(d)) continue;
      writes.add('HDEL', g.deadline, d);
      writes.add('ZREM', g.deadlineDue, d);
    }
    for (const d of now) {
      if (oldIds.has(d.id)) continue;
      writes.add('HSET', g.deadline, d.id, JSON.stringify(d));
      writes.add('ZADD', g.deadlineDue, String(toMillis(d.dueAt)), d.id);
      work.deadlines.push(d);
    }
    const nowIds = [...kept];
    const d = doc.designation;
    if ((d.status === 'active' || d.status === 'suspended') && d.nextReviewDueAt) writes.add('ZADD', g.reviewDue, String(toMillis(d.nextReviewDueAt)), id);
    else writes.add('ZREM', g.reviewDue, id);
    return nowIds;
  }
}

/** The stored state parsed, as the projection folds onto it. */
function parsed(stored: StoredState): ProjectionInput {
  const designations = new Map<string, ProjectedDesignation>();
  const deliveries = new Map<string, DeliveryDoc>();
  for (const [id, { doc, publicEntry }] of stored.designations) {
    designations.set(id, {
      doc: doc === undefined ? undefined : (JSON.parse(doc) as DesignationDoc),
      publicEntry: publicEntry === undefined ? undefined : (JSON.parse(publicEntry) as PublicEntry),
    });
  }
  for (const [id, delivery] of stored.deliveries) if (delivery !== undefined) deliveries.set(id, JSON.parse(delivery) as DeliveryDoc);
  return { designations, deliveries };
}

/** Whether the deadline ids known to be stored are these. */
function sameIds(old: readonly string[] | undefined, now: readonly string[]): boolean {
  return old !== undefined && old.length === now.length && old.every((id, i) => id === now[i]);
}

function idsOf(events: readonly RecordedEvent[], idOf: (event: RecordedEvent) => string | undefined): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    const id = idOf(event);
    if (id !== undefined) ids.add(id);
  }
  return [...ids];
}

export function facetValues(summary: DesignationSummary): Record<Facet, string[]> {
  return {
    status: [summary.status],
    category: [summary.category],
    measure: summary.measureTypes,
    country: [summary.country],
    instrument: summary.instruments,
    targetKind: [summary.targetKind],
    reference: referencesOf(summary),
  };
}

function facetKeys(g: GenerationKeys, summary: DesignationSummary): Set<string> {
  const values = facetValues(summary);
  return new Set(FACETS.flatMap((facet) => values[facet].map((value) => g.facet(facet, value))));
}
