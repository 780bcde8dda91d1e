import type { ListBytes } from './bytes';
import { csvOfBytes, CsvRecords } from './csv-rows';
import { inPart, ListErrorCode, ListFormatError } from './list-format.error';
import { cleanText, compact, isBlank, ListingCollector, newListing, pushUnique } from './listing-builder';
import type { Listing, ListingKind, NameQuality, Release, TextEncoding } from './listing';
import { readOfacRemarks } from './ofac-remarks';
import { makeRelease, readInput, requireReleaseDate, wrongFormat, type ParseOptions, type ReadInput } from './release';
import { isZip, looksLikeXml, sniffFormat } from './sniff-format';

/** The four files of one SDN CSV release, as OFAC publishes them. Only sdn.csv is required. */
export interface SdnCsvFiles {
  sdn: ListBytes;
  add?: ListBytes;
  alt?: ListBytes;
  comments?: ListBytes;
}

const FILES = { sdn: 'sdn.csv', add: 'add.csv', alt: 'alt.csv', comments: 'sdn_comments.csv' } as const;
const COLUMNS = { sdn: 12, add: 6, alt: 5, comments: 2 } as const;
const KINDS: Record<string, ListingKind> = { individual: 'individual', vessel: 'vessel', aircraft: 'aircraft', '': 'entity' };
const ALIAS_QUALITY: Record<string, NameQuality> = { aka: 'aka', fka: 'fka', nka: 'nka' };

type Role = keyof typeof FILES;
type Tables = Partial<Record<Role, CsvRecords>>;

/**
 * OFAC's "legacy" SDN CSV set: sdn.csv, joined on ent_num with add.csv (addresses), alt.csv
 * (aliases) and sdn_comments.csv (the continuation of remarks too long for sdn.csv). No header
 * row; `-0-` means empty; CRLF and a trailing DOS end-of-file mark (\x1a) are taken as they come.
 * The files carry no release date: options.releaseDate is required.
 */
export async function parseOfacSdnCsv(files: SdnCsvFiles | ListBytes, options: ParseOptions = {}): Promise<Release> {
  const given: SdnCsvFiles = isFileSet(files) ? files : { sdn: files };
  const inputs: ReadInput[] = [];
  for (const role of Object.keys(FILES) as Role[]) {
    const input = given[role];
    if (input !== undefined) inputs.push(await readInput(FILES[role], input, options));
  }
  const tables: Tables = {};
  const encodings = new Set<TextEncoding>();
  for (const input of inputs) {
    const role = roleOf(input.role);
    try {
      refuseOtherFormats(input.bytes);
      const { input: text, encoding } = csvOfBytes(input.bytes, options.encoding);
      const table = new CsvRecords(text);
      encodings.add(encoding);
      table.expectColumns(COLUMNS[role], FILES[role]);
      tables[role] = table;
    } catch (error) {
      throw inPart(error, input.role);
    }
  }
  const releaseDate = requireReleaseDate('ofac-sdn-csv', options);
  const listings = joinTables(tables);
  return makeRelease('ofac-sdn-csv', releaseDate, inputs.map((input) => input.part), encodings.has('windows-1252') ? 'windows-1252' : 'utf-8', listings);
}

/** Whether the input is a set of SDN CSV files rather than one file's bytes. */
export function isFileSet(files: SdnCsvFiles | ListBytes): files is SdnCsvFiles {
  return typeof files === 'object' && files !== null && !(files instanceof Uint8Array) && 'sdn' in files;
}

const roleOf = (file: string): Role => (Object.keys(FILES) as Role[]).find((role) => FILES[role] === file) as Role;

function refuseOtherFormats(bytes: Buffer): void {
  if (bytes.byteLength === 0) return;
  const sniffed = sniffFormat(bytes).format;
  if (isZip(bytes) || looksLikeXml(bytes) || (sniffed && sniffed !== 'ofac-sdn-csv')) throw wrongFormat('ofac-sdn-csv', bytes);
}

/** `-0-` (OFAC's empty), blanks and layout whitespace all read as absent. */
const field = (value: string | undefined): string | undefined => {
  if (value === '-0- ' || value === '-0-') return undefined;
  const text = cleanText(value);
  return text === '-0-' ? undefined : text;
};


/** A record's ent_num, refusing one that is not a number. */
function entNum(table: CsvRecords, index: number, file: string): string {
  const id = table.records[index][0].trim();
  if (!/^\d+$/.test(id)) {
    const hint = index === 0 ? ' (the SDN CSV files have no header row)' : '';
    throw new ListFormatError(ListErrorCode.Malformed, `ent_num "${id.slice(0, 40)}" is not a number${hint}`, { part: file, line: table.lineOf(index), element: 'ent_num' });
  }
  return id;
}

function joinTables(tables: Tables): Listing[] {
  const collector = new ListingCollector((index) => at('sdn', index));
  const byId = new Map<string, { listing: Listing; remarks: string }>();
  const at = (role: Role, index: number) => ({ part: FILES[role], line: tables[role]?.lineOf(index) });
  const rows = (role: Role) => tables[role]?.records ?? [];
  const owner = (role: Role, index: number) => {
    const id = entNum(tables[role] as CsvRecords, index, FILES[role]);
    const found = byId.get(id);
    if (!found) throw new ListFormatError(ListErrorCode.Malformed, `ent_num ${id} is not in sdn.csv: are the files from different releases?`, at(role, index));
    return found;
  };

  rows('sdn').forEach((fields, index) => {
    const id = entNum(tables.sdn as CsvRecords, index, FILES.sdn);
    const name = field(fields[1]);
    const type = field(fields[2]);
    const kind = KINDS[(type ?? '').toLowerCase()];
    if (!kind) throw new ListFormatError(ListErrorCode.Malformed, `unknown SDN_Type "${type}"`, { ...at('sdn', index), element: 'SDN_Type' });
    const listing = newListing('ofac', id, kind, name ? [{ name, quality: 'primary' }] : []);
    for (const code of field(fields[3])?.split(/\]\s*\[/) ?? []) pushUnique(listing.programs, cleanText(code));
    pushUnique(listing.titles, field(fields[4]));
    const vessel = { callSign: field(fields[5]), vesselType: field(fields[6]), tonnage: field(fields[7]), grossRegisteredTonnage: field(fields[8]), flag: field(fields[9]), owner: field(fields[10]) };
    if (!isBlank(vessel)) listing.vessel = compact(vessel);
    collector.add(listing, index);
    // Kept raw until sdn_comments has been joined on: the cut may fall on a space.
    byId.set(id, { listing, remarks: field(fields[11]) === undefined ? '' : fields[11] });
  });
  rows('comments').forEach((fields, index) => {
    // Remarks too long for sdn.csv go on here, cut mid-word: joined as they are.
    owner('comments', index).remarks += fields[1];
  });
  rows('add').forEach((fields, index) => {
    pushUnique(owner('add', index).listing.addresses, { street: field(fields[2]), place: field(fields[3]), country: field(fields[4]), note: field(fields[5]) });
  });
  rows('alt').forEach((fields, index) => {
    const name = field(fields[3]);
    if (!name) return;
    const type = field(fields[2]);
    const quality = ALIAS_QUALITY[(type ?? '').toLowerCase()];
    if (!quality) throw new ListFormatError(ListErrorCode.Malformed, `unknown alt_type "${type}"`, { ...at('alt', index), element: 'alt_type' });
    pushUnique(owner('alt', index).listing.names, { name, quality, note: field(fields[4]) });
  });
  for (const { listing, remarks } of byId.values()) {
    listing.remarks = field(remarks);
    if (listing.remarks) readOfacRemarks(listing.remarks, listing);
  }
  return collector.listings;
}
