import type { ImportMapping, ImportTerms } from '../src/import-mapping';
import type { Listing, ListFormat, Release } from '@app/lists';
import { SOURCE_OF_FORMAT } from '@app/lists';

/**
 * Small hand-built releases for the imports specs: a listing is its source id and a name under
 * CYBER2 unless told otherwise; a release is its listings with a date and a hash.
 */
export function listing(sourceId: string, overrides: Partial<Listing> = {}): Listing {
  const name = overrides.name ?? `Entry ${sourceId}`;
  return {
    source: 'ofac',
    sourceId,
    kind: 'individual',
    name,
    names: [{ name, quality: 'primary' }],
    identifiers: [],
    addresses: [],
    nationalities: [],
    citizenships: [],
    datesOfBirth: [],
    placesOfBirth: [],
    programs: ['CYBER2'],
    legalBasis: [],
    titles: [],
    positions: [],
    details: [],
    ...overrides,
  };
}

export function release(sha256: string, listings: Listing[], overrides: Partial<Release> = {}): Release {
  const format: ListFormat = overrides.format ?? 'ofac-xml';
  return {
    format,
    source: SOURCE_OF_FORMAT[format],
    releaseDate: '2026-01-02',
    sha256,
    parts: [{ role: 'file', sha256, bytes: 100 }],
    encoding: 'utf-8',
    listings,
    ...overrides,
  };
}

/** CYBER2 → cyber crime under the domestic act, with an asset freeze and a travel ban. */
export function mapping(overrides: Partial<ImportMapping> = {}): ImportMapping {
  return {
    programs: [
      {
        program: 'CYBER2',
        category: 'cyber_crime',
        legalBasis: [{ instrument: 'Cyber Sanctions Act', provision: 's. 4(1)', jurisdiction: 'domestic' }],
        measures: ['asset_freeze', 'travel_ban'],
      },
    ],
    ...overrides,
  };
}

export const NOW = '2026-01-05T09:00:00.000Z';

export function importTerms(overrides: Partial<ImportTerms> = {}): ImportTerms {
  return {
    sunsetAt: '2028-01-05T09:00:00.000Z',
    reviewInterval: 'P6M',
    reviewingMinistries: ['foreign-affairs'],
    humanitarianWaiver: { justification: 'The source regime carries its own humanitarian licences' },
    ...overrides,
  };
}

export const HASH_1 = '1'.repeat(64);
export const HASH_2 = '2'.repeat(64);
export const HASH_3 = '3'.repeat(64);
