import { ListErrorCode, ListFormatError, type ListErrorPlace } from './list-format.error';
import type { ListedName, Listing, ListingKind, ListSource } from './listing';

/**
 * A value as the listing keeps it: whitespace collapsed (line breaks and indentation inside a
 * value are layout — pretty-printed and one-line releases say the same thing), empty as absent.
 */
export function cleanText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  const clean = LAYOUT.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
  return clean === '' ? undefined : clean;
}

const LAYOUT = /\s\s|[^\S ]/;

/** A listing with nothing but its key, kind and names; parsers fill in the rest. */
export function newListing(source: ListSource, sourceId: string, kind: ListingKind, names: ListedName[]): Listing {
  return {
    source,
    sourceId,
    kind,
    name: names[0]?.name ?? '',
    names,
    identifiers: [],
    addresses: [],
    nationalities: [],
    citizenships: [],
    datesOfBirth: [],
    placesOfBirth: [],
    programs: [],
    legalBasis: [],
    titles: [],
    positions: [],
    details: [],
  };
}

/** The object without its undefined properties, so that absent and undefined compare alike. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out as T;
}

/** An object with only undefined properties says nothing. */
export function isBlank(value: object): boolean {
  for (const key in value) if ((value as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}

/** Keys of the objects already in an array, so that each push stringifies one value, not the whole array. */
const keysOf = new WeakMap<unknown[], Set<string>>();

/**
 * Appends unless an equal value is already there (lists repeat a value once per row or per
 * regulation). Objects are compacted first. Arrays filled this way are only appended to this way.
 */
export function pushUnique<T>(values: T[], value: T | undefined): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object') {
    if (!values.includes(value)) values.push(value);
    return;
  }
  if (isBlank(value)) return;
  const item = compact(value);
  const key = JSON.stringify(item);
  let keys = keysOf.get(values);
  if (!keys) {
    keys = new Set(values.map((existing) => JSON.stringify(existing)));
    keysOf.set(values, keys);
  }
  if (keys.has(key)) return;
  keys.add(key);
  values.push(item);
}

/** Collects a release's listings and refuses a source id seen twice, naming both places. */
export class ListingCollector {
  readonly listings: Listing[] = [];
  private readonly seen = new Map<string, () => ListErrorPlace>();

  /** `where` says where the listing was read; only asked for when something is refused. */
  add(listing: Listing, where: () => ListErrorPlace): void {
    if (listing.name === '') throw new ListFormatError(ListErrorCode.MissingField, `listing ${listing.sourceId} has no name`, where());
    const first = this.seen.get(listing.sourceId);
    if (first) {
      throw new ListFormatError(ListErrorCode.DuplicateId, `source id ${listing.sourceId} appears twice in one release (first at line ${first().line})`, where());
    }
    this.seen.set(listing.sourceId, where);
    this.listings.push(listing);
  }
}
