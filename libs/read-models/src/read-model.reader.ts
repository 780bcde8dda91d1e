import type Redis from 'ioredis';
import type { Category, ExemptionKind, ExemptionStatus, MeasureType, Status, TargetKind } from '@app/domain';
import { NO_CHECKPOINT, type Facet, type GenerationKeys, type ReadModelKeys } from './read-model.keys';
import type { DeliveryDoc, ReminderPayload } from './deliveries.view';
import type { DesignationSummary, ExemptionEntry, PublicChange, PublicEntry } from './views';
import { compareKeys, paginate, type Page } from './cursor';
import { ReadModelBehindError, ReadModelUnavailableError } from './read-model.errors';

export interface DueReview {
  designationId: string;
  targetName: string;
  status: Status;
  reviewDueAt: string;
  overdue: boolean;
  reviewingMinistries: string[];
  sunsetAt: string;
}

export const DESIGNATION_SORTS = ['name', 'listingDate', 'sunsetAt', 'updatedAt', 'proposedAt'] as const;
export type DesignationSort = (typeof DESIGNATION_SORTS)[number];

export interface DesignationQuery {
  status?: Status;
  category?: Category;
  measureType?: MeasureType;
  country?: string;
  instrument?: string;
  targetKind?: TargetKind;
  /** A cross-list reference (e.g. `QDi.413`) or an official list entry (`ofac:36`), compared as facet values are. */
  reference?: string;
  /** Words that must all appear in the target's name or one of its aliases (case and accents ignored). */
  text?: string;
  sort?: DesignationSort;
  descending?: boolean;
  limit: number;
  cursor?: string;
}

export interface ExemptionQuery {
  status?: ExemptionStatus;
  kind?: ExemptionKind;
  designationId?: string;
  limit: number;
  cursor?: string;
}

/** Reads the current generation of the read models. Never writes. */
export class ReadModelReader {
  /** `logId`: the identity of the log this reader serves; a generation built from another log is not served. */
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
    private readonly logId?: () => Promise<string>,
  ) {}

  /** The keys of the generation being served, and how far it has got. */
  async current(): Promise<{ keys: GenerationKeys; position: number | undefined }> {
    const generation = await this.redis.get(this.keys.current);
    if (!generation) throw new ReadModelUnavailableError();
    const keys = this.keys.generation(generation);
    const [checkpoint, builtFrom] = await this.redis.mget(keys.checkpoint, keys.log);
    if (checkpoint === null) throw new ReadModelUnavailableError();
    // Another log's read models (the worker replaces them within a poll): never served here.
    if (this.logId && builtFrom !== (await this.logId())) throw new ReadModelUnavailableError();
    return { keys, position: checkpoint === NO_CHECKPOINT ? undefined : Number(checkpoint) };
  }

  /** Waits until the read models have applied the event at `minPosition` (read-your-writes). */
  async waitFor(minPosition: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 50)) {
      let reached: number | undefined;
      try {
        reached = (await this.current()).position;
        if (reached !== undefined && reached >= minPosition) return;
      } catch (error) {
        if (!(error instanceof ReadModelUnavailableError)) throw error;
      }
      if (Date.now() >= deadline) throw new ReadModelBehindError(minPosition, reached);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  async designations(query: DesignationQuery): Promise<Page<DesignationSummary>> {
    const { keys, position } = await this.current();
    const facets: [Facet, string | undefined][] = [
      ['status', query.status],
      ['category', query.category],
      ['measure', query.measureType],
      ['country', query.country],
      ['instrument', query.instrument],
      ['targetKind', query.targetKind],
      ['reference', query.reference],
    ];
    const sets = facets.filter(([, value]) => value !== undefined).map(([facet, value]) => keys.facet(facet, value!));
    const ids = sets.length > 0 ? await this.redis.sinter(...sets) : await this.redis.hkeys(keys.summary);
    const rows = ids.length > 0 ? await this.redis.hmget(keys.summary, ...ids) : [];
    let summaries = rows.filter((row): row is string => row !== null).map((row) => JSON.parse(row) as DesignationSummary);
    if (query.text) {
      const words = fold(query.text).split(' ').filter(Boolean);
      summaries = summaries.filter((s) => {
        const names = [s.name, ...s.aliases].map(fold);
        return words.every((word) => names.some((name) => name.includes(word)));
      });
    }
    const sort = query.sort ?? 'name';
    return paginate(summaries, (s) => [sortValue(s, sort), s.id], query.descending ?? false, query.limit, query.cursor, `d:${sort}`, position);
  }

  async exemptions(query: ExemptionQuery): Promise<Page<ExemptionEntry>> {
    const { keys, position } = await this.current();
    const rows = await this.redis.hvals(keys.exemption);
    const entries = rows
      .map((row) => JSON.parse(row) as ExemptionEntry)
      .filter((e) => (query.status === undefined || e.status === query.status) && (query.kind === undefined || e.kind === query.kind))
      .filter((e) => query.designationId === undefined || e.designationId === query.designationId);
    return paginate(entries, (e) => [e.validUntil, `${e.designationId}/${e.exemptionId}`], false, query.limit, query.cursor, 'x', position);
  }

  /** The whole public register at one position of the log, read atomically. */
  async publicRegister(): Promise<{ position: number | null; entries: PublicEntry[] }> {
    const { keys } = await this.current();
    const [[, checkpoint], [, rows]] = (await this.redis.multi().get(keys.checkpoint).hvals(keys.public).exec()) as [[null, string | null], [null, string[]]];
    if (checkpoint === null) throw new ReadModelUnavailableError();
    const entries = rows.map((row) => JSON.parse(row) as PublicEntry).sort((a, b) => compareKeys([a.listingDate, a.id], [b.listingDate, b.id]));
    return { position: checkpoint === NO_CHECKPOINT ? null : Number(checkpoint), entries };
  }

  /** Reminders sent to a ministry after `since` (a global position), oldest first; follow `nextSince`. */
  async inbox(ministry: string, since: number, limit: number): Promise<{ items: (ReminderPayload & { ministry: string })[]; nextSince: number; position: number | null }> {
    const { keys, position } = await this.current();
    const rows = await this.redis.zrangebyscore(keys.inbox(ministry), `(${since}`, '+inf', 'LIMIT', 0, limit);
    const items = rows.map((row) => JSON.parse(row) as ReminderPayload & { ministry: string });
    // The checkpoint was read first: a reminder applied since may be newer than it.
    const last = items.at(-1)?.position ?? since;
    const nextSince = items.length === limit ? last : Math.max(since, last, position ?? since);
    return { items, nextSince, position: position ?? null };
  }

  /** Designations in force whose next review falls due before `before`, soonest first. */
  async reviewsDue(before: Date, now: Date, ministry?: string): Promise<{ items: DueReview[]; position: number | null }> {
    const { keys, position } = await this.current();
    const ids = await this.redis.zrangebyscore(keys.reviewDue, '-inf', String(before.getTime()));
    const rows = ids.length > 0 ? await this.redis.hmget(keys.summary, ...ids) : [];
    const items = rows
      .filter((row): row is string => row !== null)
      .map((row) => JSON.parse(row) as DesignationSummary)
      .filter((s) => s.nextReviewDueAt !== null && (ministry === undefined || s.reviewingMinistries.includes(ministry)))
      .map((s) => ({
        designationId: s.id,
        targetName: s.name,
        status: s.status,
        reviewDueAt: s.nextReviewDueAt!,
        overdue: Date.parse(s.nextReviewDueAt!) < now.getTime(),
        reviewingMinistries: s.reviewingMinistries,
        sunsetAt: s.sunsetAt,
      }))
      .sort((a, b) => compareKeys([a.reviewDueAt, a.designationId], [b.reviewDueAt, b.designationId]));
    return { items, position: position ?? null };
  }

  /** Reminder deliveries whose retries ran out, for an operator to look at and replay. */
  async deadLetters(): Promise<DeliveryDoc[]> {
    const { keys } = await this.current();
    const ids = await this.redis.smembers(keys.deliveryDead);
    const rows = ids.length > 0 ? await this.redis.hmget(keys.delivery, ...ids) : [];
    return rows
      .filter((row): row is string => row !== null)
      .map((row) => JSON.parse(row) as DeliveryDoc)
      .filter((d) => d.status === 'dead_letter') // replayed between the two reads
      .sort((a, b) => compareKeys([a.deadLetteredAt ?? '', a.deliveryId], [b.deadLetteredAt ?? '', b.deliveryId]));
  }

  async publicEntry(id: string): Promise<PublicEntry | undefined> {
    const { keys } = await this.current();
    const row = await this.redis.hget(keys.public, id);
    return row ? (JSON.parse(row) as PublicEntry) : undefined;
  }

  /**
   * Changes to the public register after `since`, oldest first. `nextSince` is what to ask from
   * next time: the last change returned, or, when there are no more, the position the read models
   * have reached (so a client that is up to date does not re-read the same stretch of log).
   */
  async publicChanges(since: number, limit: number): Promise<{ changes: PublicChange[]; nextSince: number; position: number | null }> {
    const { keys } = await this.current();
    const [[, checkpoint], [, rows]] = (await this.redis
      .multi()
      .get(keys.checkpoint)
      .zrangebyscore(keys.changes, `(${since}`, '+inf', 'LIMIT', 0, limit)
      .exec()) as [[null, string | null], [null, string[]]];
    if (checkpoint === null) throw new ReadModelUnavailableError();
    const changes = rows.map((row) => JSON.parse(row) as PublicChange);
    const position = checkpoint === NO_CHECKPOINT ? null : Number(checkpoint);
    const nextSince = changes.length === limit ? changes[changes.length - 1].position : Math.max(since, position ?? since);
    return { changes, nextSince, position };
  }
}

function sortValue(s: DesignationSummary, sort: DesignationSort): string | null {
  switch (sort) {
    case 'name':
      return fold(s.name);
    case 'listingDate':
      return s.listingDate;
    case 'sunsetAt':
      return s.sunsetAt;
    case 'updatedAt':
      return s.updatedAt;
    case 'proposedAt':
      return s.proposedAt;
  }
}

/** Lower case, accents removed, spaces collapsed: "Fancy  Bear" finds "fancy bear" and "Fáncy Bear". */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
