import { parse } from 'csv-parse/sync';
import { parseRelease, reconcile, type Release } from '@app/lists';
import { rawRecords } from './support/raw-xml-records';
import { independentDiff, readList, sdnCsvFiles } from './support/shared-lists';

/** One csv-parse pass over a raw SDN CSV file, apart from the library: rows as trimmed fields, `-0-` as empty. */
function rawRows(bytes: Buffer): string[][] {
  const rows: string[][] = parse(bytes.toString('latin1').replace(/\x1a\s*$/, ''), { relax_column_count: true });
  return rows.map((row) => row.map((field) => (field.trim() === '-0-' ? '' : field.trim())));
}

/**
 * ent_num → the listing's content as the four files give it: the sdn.csv row, the add.csv and
 * alt.csv rows without their own row numbers (add_num, alt_num: not content), as sorted multisets,
 * and the sdn_comments continuation. `sdnOnly` keeps the sdn.csv row alone, as SOURCES.md counts.
 */
function rawSdnRelease(dir: string, sdnOnly = false): Map<string, string> {
  const files = sdnCsvFiles(dir);
  const parts = new Map<string, { sdn: string[]; add: string[]; alt: string[]; comments: string[] }>();
  for (const row of rawRows(files.sdn as Buffer)) parts.set(row[0], { sdn: row, add: [], alt: [], comments: [] });
  if (!sdnOnly) {
    for (const row of rawRows(files.add as Buffer)) parts.get(row[0])?.add.push(JSON.stringify(row.slice(2)));
    for (const row of rawRows(files.alt as Buffer)) parts.get(row[0])?.alt.push(JSON.stringify(row.slice(2)));
    for (const row of rawRows(files.comments as Buffer)) parts.get(row[0])?.comments.push(row[1]);
  }
  return new Map([...parts].map(([id, { sdn, add, alt, comments }]) => [id, JSON.stringify([sdn, add.sort(), alt.sort(), comments])]));
}

const ids = (listings: { sourceId: string }[]) => listings.map((listing) => listing.sourceId).sort();

describe('OFAC releases reconciled', () => {
  let previous: Release;
  let next: Release;
  beforeAll(async () => {
    previous = await parseRelease('ofac-sdn-csv', sdnCsvFiles('sdn-csv-2019-01-04'), { releaseDate: '2019-01-04' });
    next = await parseRelease('ofac-sdn-csv', sdnCsvFiles('sdn-csv-2021-07-07'), { releaseDate: '2021-07-07' });
  });

  it('SDN CSV 2019-01-04 → 2021-07-07: +1858 −261, and the amended listings an independent read of all four files finds (842)', () => {
    const result = reconcile(previous, next);
    const expected = independentDiff(rawSdnRelease('sdn-csv-2019-01-04'), rawSdnRelease('sdn-csv-2021-07-07'));
    expect({ added: ids(result.added), removed: ids(result.removed), amended: ids(result.amended) }).toEqual(expected);
    expect([result.added.length, result.removed.length, result.amended.length]).toEqual([1858, 261, 842]);
    expect(result.removed.map((listing) => listing.sourceId)).toEqual(expect.arrayContaining(['587', '899', '1544', '4355', '4356']));
  });

  it("SOURCES.md's 836 are the amendments sdn.csv shows alone; the other 6 changed only in add.csv or alt.csv", () => {
    const result = reconcile(previous, next);
    const sdnOnly = independentDiff(rawSdnRelease('sdn-csv-2019-01-04', true), rawSdnRelease('sdn-csv-2021-07-07', true)).amended;
    expect(sdnOnly).toHaveLength(836);
    const amended = ids(result.amended);
    expect(amended).toEqual(expect.arrayContaining(sdnOnly));
    const elsewhere = result.amended.filter((amendment) => !sdnOnly.includes(amendment.sourceId));
    expect(elsewhere).toHaveLength(6);
    for (const amendment of elsewhere) expect(amendment.changes.map((change) => change.field)).toEqual(expect.arrayContaining([expect.stringMatching(/^(addresses|names)$/)]));
    const bank = result.amended.find((amendment) => amendment.sourceId === '906');
    expect(bank?.changes.map((change) => change.field)).toEqual(expect.arrayContaining(['name', 'remarks']));
  });

  it.each([
    ['ofac_consolidated_2018-04-06.xml', 'ofac_consolidated_2020-03-17.xml', 2, 266],
    ['ofac_consolidated_2020-03-17.xml', 'ofac_consolidated_2023-03-08.xml', 76, 6],
  ])('OFAC classic XML %s → %s: +%i −%i, amendments as an independent read finds them', async (from, to, added, removed) => {
    const file = (name: string) => readList(`ofac/non-sdn-consolidated-xml/${name}`);
    const result = reconcile(await parseRelease('ofac-xml', file(from)), await parseRelease('ofac-xml', file(to)));
    const raw = (name: string) => rawRecords(file(name).toString('utf8'), { records: ['sdnEntry'], id: 'uid', drop: ['uid', 'mainEntry'] });
    const expected = independentDiff(raw(from), raw(to));
    expect({ added: ids(result.added), removed: ids(result.removed), amended: ids(result.amended) }).toEqual(expected);
    expect([result.added.length, result.removed.length]).toEqual([added, removed]);
  });
});
