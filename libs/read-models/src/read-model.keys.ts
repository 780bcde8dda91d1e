/**
 * The Redis keyspace of the read models. Everything lives under one prefix and one generation:
 * a rebuild fills a fresh generation while the current one keeps serving, then the pointer moves.
 *
 *   <prefix>rm:current             the generation readers use (absent: rebuilding, answer 503)
 *   <prefix>rm:building            a generation being filled from the start of the log
 *   <prefix>rm:<gen>:log           the identity of the log the generation is built from (EventStore.logId)
 *   <prefix>rm:<gen>:version       the PROJECTION_VERSION that built it
 *   <prefix>rm:<gen>:checkpoint    global position of the last event applied ('none' before the first)
 *   <prefix>rm:<gen>:checkpoint-event  the id of that event: the log must still hold it at that position
 *   <prefix>rm:<gen>:doc           hash  designation id → folded state (DesignationDoc JSON)
 *   <prefix>rm:<gen>:summary       hash  designation id → row of the consolidated list
 *   <prefix>rm:<gen>:f:<facet>:<v> set   designation ids with that status, category, measure type…
 *   <prefix>rm:<gen>:exemption     hash  <designation id>/<exemption id> → exemption registry entry
 *   <prefix>rm:<gen>:public        hash  designation id → public register entry (active, suspended)
 *   <prefix>rm:<gen>:changes       zset  public change feed, scored by global position
 *   <prefix>rm:<gen>:deadline      hash  deadline id → pending deadline (the deadlines projection)
 *   <prefix>rm:<gen>:deadline-due  zset  deadline ids by due time (ms)
 *   <prefix>rm:<gen>:deadlines-of  hash  designation id → its deadline ids
 *   <prefix>rm:<gen>:review-due    zset  designation ids in force by next review due date (ms)
 *   <prefix>rm:<gen>:inbox:<m>     zset  reminders to ministry m, by global position
 *   <prefix>rm:<gen>:delivery      hash  delivery id → webhook delivery of a reminder
 *   <prefix>rm:<gen>:delivery-pending / delivery-dead   sets of delivery ids by status
 */
/** `reference`: a cross-list reference, or `<source>:<sourceId>` of the official list entry a designation was imported from. */
export const FACETS = ['status', 'category', 'measure', 'country', 'instrument', 'targetKind', 'reference'] as const;
export type Facet = (typeof FACETS)[number];

export const NO_CHECKPOINT = 'none';

/**
 * Bump whenever what the projection writes changes (the fold, a view, a key): a generation built by
 * another version is rebuilt from the log rather than served with the old meaning (2: exemptions end
 * with their designation, issue 14; 3: the `reference` facet and the source of imported designations,
 * issue 15).
 */
export const PROJECTION_VERSION = '3';

export class ReadModelKeys {
  constructor(readonly prefix: string) {}

  get current(): string {
    return `${this.prefix}rm:current`;
  }

  get building(): string {
    return `${this.prefix}rm:building`;
  }

  generation(gen: string): GenerationKeys {
    return new GenerationKeys(`${this.prefix}rm:${gen}:`);
  }

  /** Matches every key of one generation, for clean-up. */
  generationPattern(gen: string): string {
    return `${this.prefix}rm:${gen}:*`;
  }
}

export class GenerationKeys {
  constructor(readonly base: string) {}

  get log(): string {
    return `${this.base}log`;
  }
  get version(): string {
    return `${this.base}version`;
  }
  get checkpoint(): string {
    return `${this.base}checkpoint`;
  }
  get checkpointEvent(): string {
    return `${this.base}checkpoint-event`;
  }
  get doc(): string {
    return `${this.base}doc`;
  }
  get summary(): string {
    return `${this.base}summary`;
  }
  get exemption(): string {
    return `${this.base}exemption`;
  }
  get public(): string {
    return `${this.base}public`;
  }
  get changes(): string {
    return `${this.base}changes`;
  }
  get deadline(): string {
    return `${this.base}deadline`;
  }
  get deadlineDue(): string {
    return `${this.base}deadline-due`;
  }
  get deadlinesOf(): string {
    return `${this.base}deadlines-of`;
  }
  get reviewDue(): string {
    return `${this.base}review-due`;
  }
  inbox(ministry: string): string {
    return `${this.base}inbox:${ministry}`;
  }
  get delivery(): string {
    return `${this.base}delivery`;
  }
  get deliveryPending(): string {
    return `${this.base}delivery-pending`;
  }
  get deliveryDead(): string {
    return `${this.base}delivery-dead`;
  }
  facet(facet: Facet, value: string): string {
    return `${this.base}f:${facet}:${normalizeFacetValue(value)}`;
  }
}

/** Facet values compare case-insensitively and without surrounding or repeated spaces. */
export function normalizeFacetValue(value: string): string {
  const known = normalized.get(value);
  if (known !== undefined) return known;
  // Remembered: the projection names every touched designation's facet sets in each batch, from few values.
  if (normalized.size >= 4096) normalized.clear();
  const result = value.trim().replace(/\s+/g, ' ').toLowerCase();
  normalized.set(value, result);
  return result;
}
const normalized = new Map<string, string>();

export function newGenerationId(): string {
  return `g${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
