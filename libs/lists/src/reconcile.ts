import { canonicalField, CONTENT_FIELDS, type ContentField } from './canonical';
import { ListErrorCode, ListFormatError } from './list-format.error';
import type { Listing, Release } from './listing';

export interface FieldChange {
  field: ContentField;
  before: unknown;
  after: unknown;
}

export interface Amendment {
  sourceId: string;
  before: Listing;
  after: Listing;
  /** The fields whose content differs, in CONTENT_FIELDS order. */
  changes: FieldChange[];
}

export interface Reconciliation {
  /** In `next` order. */
  added: Listing[];
  /** In `previous` order. */
  removed: Listing[];
  amended: Amendment[];
  unchanged: Listing[];
}

/**
 * What changed from one release of a list to the next, matched by source id. A listing is amended
 * when its content differs (canonical comparison, arrays as sets) — never by a version counter,
 * which the UN does not bump on amendment. Release metadata (date, hash, format) does not count.
 * No previous release: everything is added.
 */
export function reconcile(previous: Release | undefined, next: Release): Reconciliation {
  if (previous && (previous.source !== next.source || previous.format !== next.format)) {
    throw new ListFormatError(
      ListErrorCode.ReleaseMismatch,
      `cannot reconcile a ${next.format} release of ${next.source} against a ${previous.format} release of ${previous.source}: source ids are only comparable within one list`,
    );
  }
  const before = new Map<string, Listing>();
  for (const listing of previous?.listings ?? []) before.set(listing.sourceId, listing);
  const sameBytes = previous?.sha256 === next.sha256;

  const result: Reconciliation = { added: [], removed: [], amended: [], unchanged: [] };
  const matched = new Set<string>();
  for (const listing of next.listings) {
    const old = before.get(listing.sourceId);
    if (!old) {
      result.added.push(listing);
      continue;
    }
    matched.add(listing.sourceId);
    const changes = sameBytes || sameInOrder(old, listing) ? [] : changedFields(old, listing);
    if (changes.length === 0) result.unchanged.push(listing);
    else result.amended.push({ sourceId: listing.sourceId, before: old, after: listing, changes });
  }
  for (const listing of previous?.listings ?? []) if (!matched.has(listing.sourceId)) result.removed.push(listing);
  return result;
}

/**
 * Most listings do not change between releases: equal values in the same order are equal
 * content, found cheaply; only when that fails is the order-blind canonical form compared.
 */
const sameInOrder = (a: Listing, b: Listing): boolean => CONTENT_FIELDS.every((field) => deepEqual(a[field], b[field]));

/** Equal JSON-like values, arrays in order, objects whatever their key order, undefined as absent. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    if (!deepEqual(x[key], y[key])) return false;
    count++;
  }
  for (const key in y) if (y[key] !== undefined) count--;
  return count === 0;
}

/** The content fields whose canonical forms differ (none: the same content, reordered). */
export function changedFields(before: Listing, after: Listing): FieldChange[] {
  return CONTENT_FIELDS.filter((field) => !deepEqual(before[field], after[field]) && canonicalField(before, field) !== canonicalField(after, field)).map((field) => ({
    field,
    before: before[field],
    after: after[field],
  }));
}
