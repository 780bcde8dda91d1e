import { ListErrorCode, ListFormatError, type ListErrorPlace } from './list-format.error';
import type { ListedName, Listing, ListingKind, ListSource } from './listing';

/**
 * A value as the listing keeps it: whitespace collapsed (line breaks and indentation inside a
 * value are layout — pretty-printed and one-line releases say the same thing), empty as absent.
 */
export function cleanText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  const clean = hasLayout(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
  return clean === '' ? undefined : clean;
}

/**
 * Whether the text holds whitespace other than single spaces (which /\s+/ → ' ' would change).
 * A scan, because this runs on every field of every row: most fields are short and clean.
 */
function hasLayout(text: string): boolean {
  let afterSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20) {
      if (afterSpace) return true;
      afterSpace = true;
      continue;
    }
    afterSpace = false;
    // Tab to carriage return, NBSP, and everything from U+1680 on (the other Unicode spaces; a false alarm only costs the replace).
    if ((code >= 0x09 && code <= 0x0d) || code === 0xa0 || code >= 0x1680) return true;
  }
  return false;
}

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

/** Equal flat objects (every value a primitive), absent and undefined alike. */
function sameFlat(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    if (x[key] !== y[key]) return false;
    count++;
  }
  for (const key in y) if (y[key] !== undefined) count--;
  return count === 0;
}

/**
 * Appends unless an equal value is already there (lists repeat a value once per row or per
 * regulation). Objects are flat (names, identifiers, addresses, dates) and compacted first.
 */
export function pushUnique<T>(values: T[], value: T | undefined): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object') {
    if (!values.includes(value)) values.push(value);
    return;
  }
  if (isBlank(value)) return;
  for (const existing of values) if (sameFlat(existing as object, value)) return;
  values.push(compact(value));
}

/** Collects a release's listings and refuses a source id seen twice, naming both places. */
export class ListingCollector {
  readonly listings: Listing[] = [];
  private readonly seen = new Map<string, number>();

  /**
   * `where` says where a listing was read, from the position `add` was given (a line, a row
   * index); only asked when something is refused.
   */
  constructor(private readonly where: (position: number, listing: Listing) => ListErrorPlace) {}

  add(listing: Listing, position: number): void {
    if (listing.name === '') throw new ListFormatError(ListErrorCode.MissingField, `listing ${listing.sourceId} has no name`, this.where(position, listing));
    const first = this.seen.get(listing.sourceId);
    if (first !== undefined) {
      throw new ListFormatError(ListErrorCode.DuplicateId, `source id ${listing.sourceId} appears twice in one release (first at line ${this.where(first, listing).line})`, this.where(position, listing));
    }
    this.seen.set(listing.sourceId, position);
    this.listings.push(listing);
  }
}
