import type Redis from 'ioredis';
import { toMillis, type Policy } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { deadlinesOf, type Deadline } from './deadlines.view';
import { deliveryIdOf, type DeliveryDoc } from './deliveries.view';
import { designationIdOf, project, type ProjectedDesignation, type ProjectionContext } from './projector';
import { FACETS, NO_CHECKPOINT, type Facet, type GenerationKeys, type ReadModelKeys } from './read-model.keys';
import { exemptionEntriesOf, referencesOf, summaryOf, type DesignationDoc, type DesignationSummary, type PublicEntry } from './views';

/**
 * Applies a batch and advances the checkpoint in one script, or not at all: only if the generation
 * is still the one the pointer names and the checkpoint is still where the batch was read from.
 * A second runner, a rebuild that moved the pointer, or a FLUSHALL makes it refuse, and the runner
 * re-reads where things stand. That is what makes replays and crashes harmless.
 *
 * The id of the checkpoint's event is kept beside it, so that a generation can always be checked
 * against the log it claims to reflect (log-binding.ts).
 *
 * KEYS[1] pointer (current or building), KEYS[2] checkpoint, KEYS[3] checkpoint event id
 * ARGV[1] generation, ARGV[2] expected checkpoint, ARGV[3] new checkpoint, ARGV[4] writes (JSON),
 * ARGV[5] id of the event at the new checkpoint
 */
const APPLY_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return -1 end
for _, write in ipairs(cjson.decode(ARGV[4])) do
  redis.call(unpack(write))
end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[5])
return 1
`;

export type ApplyResult = 'applied' | 'generation-moved' | 'checkpoint-moved';

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

export class ReadModelWriter {
  private readonly context: ProjectionContext;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
    private readonly settings: ReadModelSettings,
  ) {
    this.context = { webhookMinistries: settings.webhookMinistries ?? new Set() };
  }

  /** Applies `events` (read in global order after `at.checkpoint`); returns the new attachment on success. */
  async apply(at: Attachment, events: readonly RecordedEvent[]): Promise<{ result: ApplyResult; checkpoint?: number; work?: AppliedWork }> {
    if (events.length === 0) return { result: 'applied', checkpoint: at.checkpoint, work: { deadlines: [], deliveries: [] } };
    const g = this.keys.generation(at.generation);
    const current = await this.load(g, events);
    const outcome = project(current, events, this.context);
    const writes: string[][] = [];
    const work: AppliedWork = { deadlines: [], deliveries: [] };
    for (const [id, { before, after }] of outcome.touched) {
      writes.push(...designationWrites(g, id, before, after));
      writes.push(...this.deadlineWrites(g, id, before, after, work));
    }
    for (const change of outcome.changes) writes.push(['ZADD', g.changes, String(change.position), JSON.stringify(change)]);
    for (const { ministry, reminder } of outcome.reminders) {
      writes.push(['ZADD', g.inbox(ministry), String(reminder.position), JSON.stringify({ ...reminder, ministry })]);
    }
    for (const [id, delivery] of outcome.deliveries) {
      writes.push(['HSET', g.delivery, id, JSON.stringify(delivery)]);
      writes.push(delivery.status === 'pending' ? ['SADD', g.deliveryPending, id] : ['SREM', g.deliveryPending, id]);
      writes.push(delivery.status === 'dead_letter' ? ['SADD', g.deliveryDead, id] : ['SREM', g.deliveryDead, id]);
      if (delivery.status === 'pending') work.deliveries.push(delivery);
    }
    const last = events[events.length - 1];
    const checkpoint = last.position;
    const code = (await this.redis.eval(
      APPLY_SCRIPT,
      3,
      at.pointer,
      g.checkpoint,
      g.checkpointEvent,
      at.generation,
      at.checkpoint === undefined ? NO_CHECKPOINT : String(at.checkpoint),
      String(checkpoint),
      JSON.stringify(writes),
      last.eventId,
    )) as number;
    if (code === 1) return { result: 'applied', checkpoint, work };
    return { result: code === 0 ? 'generation-moved' : 'checkpoint-moved' };
  }

  /** The deadlines of a designation now, replacing those it had; the new ones are handed to the scheduler. */
  private deadlineWrites(g: GenerationKeys, id: string, before: ProjectedDesignation, after: ProjectedDesignation, work: AppliedWork): string[][] {
    if (!after.doc) return [];
    const old = before.doc ? deadlinesOf(before.doc.designation, this.settings.policy) : [];
    const now = deadlinesOf(after.doc.designation, this.settings.policy);
    const nowIds = new Set(now.map((d) => d.id));
    const oldIds = new Set(old.map((d) => d.id));
    const writes: string[][] = [];
    for (const d of old) if (!nowIds.has(d.id)) writes.push(['HDEL', g.deadline, d.id], ['ZREM', g.deadlineDue, d.id]);
    for (const d of now) {
      if (oldIds.has(d.id)) continue;
      writes.push(['HSET', g.deadline, d.id, JSON.stringify(d)], ['ZADD', g.deadlineDue, String(toMillis(d.dueAt)), d.id]);
      work.deadlines.push(d);
    }
    writes.push(['HSET', g.deadlinesOf, id, JSON.stringify([...nowIds])]);
    const d = after.doc.designation;
    if ((d.status === 'active' || d.status === 'suspended') && d.nextReviewDueAt) writes.push(['ZADD', g.reviewDue, String(toMillis(d.nextReviewDueAt)), id]);
    else writes.push(['ZREM', g.reviewDue, id]);
    return writes;
  }

  private async load(g: GenerationKeys, events: readonly RecordedEvent[]) {
    const ids = [...new Set(events.map(designationIdOf).filter((id): id is string => id !== undefined))];
    const deliveryIds = [...new Set(events.map(deliveryIdOf).filter((id): id is string => id !== undefined))];
    const designations = new Map<string, ProjectedDesignation>();
    const deliveries = new Map<string, DeliveryDoc>();
    const [docs, entries, found] = await Promise.all([
      ids.length > 0 ? this.redis.hmget(g.doc, ...ids) : [],
      ids.length > 0 ? this.redis.hmget(g.public, ...ids) : [],
      deliveryIds.length > 0 ? this.redis.hmget(g.delivery, ...deliveryIds) : [],
    ]);
    ids.forEach((id, i) => {
      designations.set(id, {
        doc: docs[i] ? (JSON.parse(docs[i]!) as DesignationDoc) : undefined,
        publicEntry: entries[i] ? (JSON.parse(entries[i]!) as PublicEntry) : undefined,
      });
    });
    deliveryIds.forEach((id, i) => {
      if (found[i]) deliveries.set(id, JSON.parse(found[i]!) as DeliveryDoc);
    });
    return { designations, deliveries };
  }
}

function designationWrites(g: GenerationKeys, id: string, before: ProjectedDesignation, after: ProjectedDesignation): string[][] {
  if (!after.doc) return [];
  const writes: string[][] = [['HSET', g.doc, id, JSON.stringify(after.doc)]];
  const summary = summaryOf(after.doc);
  writes.push(['HSET', g.summary, id, JSON.stringify(summary)]);
  const oldFacets = before.doc ? facetKeys(g, summaryOf(before.doc)) : new Set<string>();
  const newFacets = facetKeys(g, summary);
  for (const key of oldFacets) if (!newFacets.has(key)) writes.push(['SREM', key, id]);
  for (const key of newFacets) if (!oldFacets.has(key)) writes.push(['SADD', key, id]);
  for (const exemption of exemptionEntriesOf(after.doc)) {
    writes.push(['HSET', g.exemption, `${id}/${exemption.exemptionId}`, JSON.stringify(exemption)]);
  }
  if (after.publicEntry) writes.push(['HSET', g.public, id, JSON.stringify(after.publicEntry)]);
  else if (before.publicEntry) writes.push(['HDEL', g.public, id]);
  return writes;
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
