import type Redis from 'ioredis';
import type { GenerationKeys } from './read-model.keys';

/** What the read models hold of one designation: the doc and public entry as stored, and what was derived from the doc. */
export interface StoredDesignation {
  /** The doc hash's value (JSON); absent for a designation not yet projected. */
  doc?: string;
  /** The public hash's value (JSON); absent while not in force. */
  publicEntry?: string;
  /** The facet sets it is in, when known (otherwise derived from the doc). */
  facets?: ReadonlySet<string>;
  /** The ids of its deadlines, when known (otherwise derived from the doc). */
  deadlineIds?: readonly string[];
}

/** The stored state a batch folds onto: designations and webhook deliveries (JSON, absent when not stored). */
export interface StoredState {
  designations: Map<string, StoredDesignation>;
  deliveries: Map<string, string | undefined>;
}

/** Where a generation stands: the working set holds it only as of one checkpoint. */
export interface Standing {
  generation: string;
  checkpoint: number | undefined;
}

/**
 * A copy, in memory, of what the projection reads back before each batch (the doc, public and
 * delivery hashes, as the strings stored), as of the checkpoint of the last batch this writer
 * committed; up to `capacity` entries (the least recently used of the larger kind dropped first).
 * It is only used for a batch read from exactly that checkpoint of that generation, and the commit
 * refuses any batch whose checkpoint has moved, so whatever the copy says is what Redis holds
 * whenever a batch built from it is applied. A batch refused, or a commit whose outcome is
 * unknown, empties it; so does a batch from anywhere else (another runner got there first, the
 * checkpoint was reset).
 *
 * Designations and deliveries it does not hold are read from Redis, except when it has known the
 * generation since it was empty and has dropped nothing: then what it does not hold is not stored.
 */
export class WorkingSet {
  private standing: Standing | undefined;
  private complete = false;
  private readonly designations = new Map<string, StoredDesignation>();
  private readonly deliveries = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    private readonly capacity: number,
  ) {}

  /**
   * The stored state of these designations and deliveries before a batch read after `at`. With
   * `applying` (the commit of the batch that ends at `at`, still in flight) the batch is prepared
   * ahead: only from what this holds as of `at`, and anything it must read from Redis is read once
   * that commit has been applied; undefined if it was not.
   */
  async load(g: GenerationKeys, at: Standing, designationIds: readonly string[], deliveryIds: readonly string[], applying?: Promise<unknown>): Promise<StoredState | undefined> {
    if (!this.isAt(at)) {
      if (applying) return undefined;
      this.forget();
      // Before its first batch a generation is normally empty; if so, nothing needs reading back.
      this.complete = at.checkpoint === undefined && (await this.redis.exists(g.doc, g.public, g.delivery)) === 0;
      this.standing = { generation: at.generation, checkpoint: at.checkpoint };
    }
    const state: StoredState = { designations: new Map(), deliveries: new Map() };
    const missingDesignations: string[] = [];
    const missingDeliveries: string[] = [];
    for (const id of designationIds) {
      const held = this.designations.get(id);
      if (held) state.designations.set(id, held);
      else if (this.complete) state.designations.set(id, {});
      else missingDesignations.push(id);
    }
    for (const id of deliveryIds) {
      const held = this.deliveries.get(id);
      if (held !== undefined || this.complete) state.deliveries.set(id, held);
      else missingDeliveries.push(id);
    }
    if (missingDesignations.length === 0 && missingDeliveries.length === 0) return state;
    if (applying) {
      await applying.catch(() => undefined);
      if (!this.isAt(at)) return undefined;
    }
    const [docs, entries, found] = await Promise.all([
      missingDesignations.length > 0 ? this.redis.hmget(g.doc, ...missingDesignations) : [],
      missingDesignations.length > 0 ? this.redis.hmget(g.public, ...missingDesignations) : [],
      missingDeliveries.length > 0 ? this.redis.hmget(g.delivery, ...missingDeliveries) : [],
    ]);
    missingDesignations.forEach((id, i) => state.designations.set(id, { doc: docs[i] ?? undefined, publicEntry: entries[i] ?? undefined }));
    missingDeliveries.forEach((id, i) => state.deliveries.set(id, found[i] ?? undefined));
    return state;
  }

  /**
   * A batch read after `from` is being committed, storing `stored` and moving the checkpoint on:
   * from now on this holds the generation as of that checkpoint (forgotten if the commit fails).
   */
  advance(from: Standing, checkpoint: number, stored: StoredState): void {
    if (!this.isAt(from)) return this.forget();
    this.standing = { generation: from.generation, checkpoint };
    for (const [id, designation] of stored.designations) if (designation.doc !== undefined) remember(this.designations, id, designation);
    for (const [id, delivery] of stored.deliveries) if (delivery !== undefined) remember(this.deliveries, id, delivery);
    for (let over = this.designations.size + this.deliveries.size - this.capacity; over > 0; over--) {
      const larger = this.designations.size >= this.deliveries.size ? this.designations : this.deliveries;
      larger.delete(larger.keys().next().value!);
      this.complete = false;
    }
  }

  isAt(at: Standing): boolean {
    return this.standing !== undefined && this.standing.generation === at.generation && this.standing.checkpoint === at.checkpoint;
  }

  /** Drops everything: the next batch reads what it needs from Redis. */
  forget(): void {
    this.standing = undefined;
    this.complete = false;
    this.designations.clear();
    this.deliveries.clear();
  }
}

/** Sets `id` as the most recently used entry. */
function remember<T>(map: Map<string, T>, id: string, value: T): void {
  map.delete(id);
  map.set(id, value);
}
