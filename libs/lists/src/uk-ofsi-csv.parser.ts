import type { ListBytes } from './bytes';
import { csvOfBytes, CsvRecords, csvStartsWith } from './csv-rows';
import { earlierOf, fromDayMonthYear, laterOf } from './dates';
import { ListErrorCode, ListFormatError } from './list-format.error';
import { cleanText, newListing, pushUnique } from './listing-builder';
import type { DateOfBirth, ListedName, Listing, ListingKind, NameQuality, Release } from './listing';
import { makeRelease, readInput, wrongFormat, type ParseOptions } from './release';
import { isZip } from './sniff-format';

/** The columns of the HMT/OFSI Consolidated List CSV, as in 2016 and 2020 (identical sets). */
const REQUIRED = [
  'Name 6', 'Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Title', 'DOB', 'Town of Birth', 'Country of Birth', 'Nationality',
  'Passport Details', 'NI Number', 'Position', 'Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6',
  'Post/Zip Code', 'Country', 'Other Information', 'Group Type', 'Alias Type', 'Regime', 'Listed On', 'Last Updated', 'Group ID',
] as const;
/** Columns later ConList files added; read when present. */
const OPTIONAL = [
  'Name Non-Latin Script', 'Non-Latin Script Type', 'Non-Latin Script Language', 'Passport Number', 'National Identification Number',
  'National Identification Details', 'Alias Quality', 'UK Sanctions List Date Designated', 'UK Sanctions List Ref', 'Group Status',
] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

const KINDS: Record<string, ListingKind> = { individual: 'individual', entity: 'entity', ship: 'vessel' };
const ALIAS_QUALITY: Record<string, NameQuality> = { 'prime alias': 'primary', aka: 'aka', fka: 'fka', alias: 'aka' };

interface Group {
  listing: Listing;
  kind: string;
  /** Of its first row. */
  index: number;
  remarks: string[];
}

/**
 * The HMT/OFSI Consolidated List CSV: a first line "Last Updated,dd/mm/yyyy", a header, then one
 * row per name variant (and per date of birth, regime…), grouped into one listing per Group ID.
 * Columns are found by their header names.
 */
export async function parseUkOfsiCsv(input: ListBytes, options: ParseOptions = {}): Promise<Release> {
  const file = await readInput('file', input, options);
  if (isZip(file.bytes)) throw wrongFormat('uk-ofsi-csv', file.bytes);
  const { input: text, encoding } = csvOfBytes(file.bytes, options.encoding);
  if (!csvStartsWith(text, 'Last Updated,')) throw wrongFormat('uk-ofsi-csv', file.bytes);
  const [first] = new CsvRecords(text, { toLine: 1 }).records;
  const releaseDate = fromDayMonthYear(first[1]);
  if (!releaseDate) throw new ListFormatError(ListErrorCode.Malformed, `the first line should be "Last Updated,dd/mm/yyyy", is "${first.join(',')}"`, { line: 1 });
  const table = new CsvRecords(text, { fromLine: 2 });
  const [header = []] = table.records;
  const columns = columnIndex(header, () => table.lineOf(0));
  table.expectColumns(header.length, 'the header', 1);

  const groups = new Map<string, Group>();
  for (let index = 1; index < table.records.length; index++) {
    const row = table.records[index];
    const get = (column: Column) => (columns[column] === undefined ? undefined : cleanText(row[columns[column] as number]));
    const id = get('Group ID');
    const line = () => table.lineOf(index);
    if (!id) throw new ListFormatError(ListErrorCode.MissingField, 'a row has no Group ID', { line: line(), element: 'Group ID' });
    const kind = get('Group Type') ?? '';
    let group = groups.get(id);
    if (!group) {
      const listingKind = KINDS[kind.toLowerCase()];
      if (!listingKind) throw new ListFormatError(ListErrorCode.Malformed, `unknown Group Type "${kind}"`, { line: line(), element: 'Group Type' });
      group = { listing: newListing('uk-ofsi', id, listingKind, []), kind, index, remarks: [] };
      groups.set(id, group);
    } else if (group.kind !== kind) {
      throw new ListFormatError(
        ListErrorCode.DuplicateId,
        `Group ID ${id} is used by two listings: its rows disagree on Group Type ("${group.kind}" at line ${table.lineOf(group.index)}, "${kind}" here)`,
        { line: line(), element: 'Group ID' },
      );
    }
    readRow(get, group, line);
  }
  const listings = [...groups.values()].map(finish);
  const nameless = listings.find((listing) => listing.name === '');
  if (nameless) throw new ListFormatError(ListErrorCode.MissingField, `Group ID ${nameless.sourceId} has no name in any row`, { line: table.lineOf(groups.get(nameless.sourceId)?.index ?? 0), element: 'Name 6' });
  return makeRelease('uk-ofsi-csv', releaseDate, [file.part], encoding, listings);
}

function columnIndex(header: string[], line: () => number): Partial<Record<Column, number>> {
  const known = new Set<string>([...REQUIRED, ...OPTIONAL]);
  const names = header.map((name) => name.trim());
  const missing = REQUIRED.filter((name) => !names.includes(name));
  if (missing.length) throw new ListFormatError(ListErrorCode.Columns, `the header lacks ${missing.map((name) => `"${name}"`).join(', ')}`, { line: line() });
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length) throw new ListFormatError(ListErrorCode.Columns, `the header has columns this parser does not know: ${unknown.map((name) => `"${name}"`).join(', ')}`, { line: line() });
  return Object.fromEntries(names.map((name, i) => [name, i]));
}

function readRow(get: (column: Column) => string | undefined, group: Group, line: () => number): void {
  const { listing } = group;
  const aliasType = get('Alias Type') ?? '';
  const quality = ALIAS_QUALITY[aliasType.toLowerCase()];
  if (!quality) throw new ListFormatError(ListErrorCode.Malformed, `unknown Alias Type "${aliasType}"`, { line: line(), element: 'Alias Type' });
  const low = get('Alias Quality')?.toLowerCase() === 'low' ? { low: true as const } : {};
  const given = (['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5'] as const).map(get).filter(Boolean);
  const surname = get('Name 6');
  const name: ListedName = {
    name: [...given, surname].filter(Boolean).join(' '),
    quality,
    ...low,
    ...(listing.kind === 'individual' ? { firstName: given[0], middleName: given.slice(1).join(' ') || undefined, lastName: surname } : {}),
    title: get('Title'),
  };
  if (name.name) pushUnique(listing.names, name);
  const nonLatin = get('Name Non-Latin Script');
  if (nonLatin) pushUnique(listing.names, { name: nonLatin, quality, ...low, script: get('Non-Latin Script Type') ?? get('Non-Latin Script Language') });
  pushUnique(listing.titles, get('Title'));
  pushUnique(listing.datesOfBirth, dateOfBirth(get('DOB')));
  pushUnique(listing.placesOfBirth, { city: get('Town of Birth'), country: get('Country of Birth') });
  pushUnique(listing.nationalities, get('Nationality'));
  const passportNumber = get('Passport Number');
  const passport = get('Passport Details');
  if (passportNumber || passport) pushUnique(listing.identifiers, { type: 'passport', value: passportNumber ?? passport, label: passportNumber ? 'Passport Number' : 'Passport Details', note: passportNumber ? passport : undefined });
  const idNumber = get('National Identification Number') ?? get('NI Number');
  const idDetails = get('National Identification Details');
  if (idNumber || idDetails) pushUnique(listing.identifiers, { type: 'national_id', value: idNumber ?? idDetails, label: get('NI Number') ? 'NI Number' : 'National Identification Number', note: idNumber ? idDetails : undefined });
  pushUnique(listing.positions, get('Position'));
  const street = (['Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6'] as const).map(get).filter(Boolean).join(', ');
  pushUnique(listing.addresses, { street: street || undefined, postalCode: get('Post/Zip Code'), country: get('Country') });
  pushUnique(group.remarks, get('Other Information'));
  pushUnique(listing.programs, get('Regime'));
  listing.listedOn = earlierOf(listing.listedOn, fromDayMonthYear(get('Listed On')));
  listing.lastUpdated = laterOf(listing.lastUpdated, fromDayMonthYear(get('Last Updated')));
  listing.referenceNumber ??= get('UK Sanctions List Ref');
  const status = get('Group Status');
  if (status) pushUnique(listing.details, { label: 'Group Status', value: status });
}

function dateOfBirth(text: string | undefined): DateOfBirth | undefined {
  if (!text) return undefined;
  const date = fromDayMonthYear(text);
  return date ? { type: 'date', date } : { type: 'text', text };
}

/** The primary name first; rows of one group repeat their Other Information, kept once each. */
function finish({ listing, remarks }: Group): Listing {
  const names = [...listing.names].sort((a, b) => Number(b.quality === 'primary') - Number(a.quality === 'primary'));
  return { ...listing, names, name: names[0]?.name ?? '', remarks: remarks.join(' | ') || undefined };
}
