import type { Listing } from './listing';

/** The fields of a listing that are its content, in a fixed order; every array among them is a set. */
export const CONTENT_FIELDS = [
  'kind',
  'referenceNumber',
  'euReferenceNumber',
  'name',
  'names',
  'identifiers',
  'addresses',
  'nationalities',
  'citizenships',
  'datesOfBirth',
  'placesOfBirth',
  'programs',
  'legalBasis',
  'titles',
  'positions',
  'gender',
  'listedOn',
  'lastUpdated',
  'remarks',
  'vessel',
  'details',
] as const satisfies readonly (keyof Listing)[];

export type ContentField = (typeof CONTENT_FIELDS)[number];

/** JSON with object keys sorted and undefined left out; arrays inside values keep their order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/**
 * One field's canonical form. A listing's arrays (aliases, identifiers, addresses, programmes…)
 * carry no order — sources reorder them between releases — so they compare as sorted multisets.
 */
export function canonicalField(listing: Listing, field: ContentField): string {
  const value = listing[field];
  if (value === undefined) return '';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).sort().join(',')}]`;
  return canonicalJson(value);
}

/** The listing's content as one string: equal strings, equal content. */
export function canonicalListing(listing: Listing): string {
  return CONTENT_FIELDS.map((field) => canonicalField(listing, field)).join('\u0000');
}
