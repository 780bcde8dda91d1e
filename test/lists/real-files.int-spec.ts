import { parseRelease, type ListFormat, type Release } from '@app/lists';
import { countBy, readList, sdnCsvFiles } from './support/shared-lists';

/** Every real file in ../shared/lists, the format it is in, and what SOURCES.md says it holds. */
const FILES: { file: string; format: ListFormat; releaseDate: string; listings: number; kinds: Record<string, number> }[] = [
  { file: 'un/un_consolidated_2016-06-20.xml', format: 'un-xml', releaseDate: '2016-06-20T15:50:12.432-04:00', listings: 1024, kinds: { individual: 629, entity: 395 } },
  { file: 'un/un_consolidated_2018-06-07.xml', format: 'un-xml', releaseDate: '2018-06-07T19:03:43.97-04:00', listings: 1098, kinds: { individual: 693, entity: 405 } },
  { file: 'un/un_consolidated_2018-06-21.xml', format: 'un-xml', releaseDate: '2018-06-21T19:02:22.266-04:00', listings: 1100, kinds: { individual: 695, entity: 405 } },
  { file: 'un/un_consolidated_2018-08-24.xml', format: 'un-xml', releaseDate: '2018-08-24T19:40:35.913-04:00', listings: 1098, kinds: { individual: 701, entity: 397 } },
  { file: 'un/un_consolidated_2018-10-29.xml', format: 'un-xml', releaseDate: '2018-10-29T19:09:49.856-04:00', listings: 1093, kinds: { individual: 703, entity: 390 } },
  { file: 'un/un_consolidated_2020-10-02.xml', format: 'un-xml', releaseDate: '2020-10-02T19:11:21.188-04:00', listings: 1017, kinds: { individual: 712, entity: 305 } },
  { file: 'un/un_consolidated_2023-03-09.xml', format: 'un-xml', releaseDate: '2023-03-09T20:11:48.264-05:00', listings: 956, kinds: { individual: 702, entity: 254 } },
  { file: 'un/un_consolidated_2026-02.xml', format: 'un-xml', releaseDate: '2026-02-27T00:00:09.554Z', listings: 1003, kinds: { individual: 730, entity: 273 } },
  { file: 'ofac/sdn-csv-2019-01-04/', format: 'ofac-sdn-csv', releaseDate: '2019-01-04', listings: 7379, kinds: { individual: 3845, vessel: 323, aircraft: 217, entity: 2994 } },
  { file: 'ofac/sdn-csv-2021-07-07/', format: 'ofac-sdn-csv', releaseDate: '2021-07-07', listings: 8976, kinds: { individual: 4620, vessel: 406, aircraft: 277, entity: 3673 } },
  { file: 'ofac/non-sdn-consolidated-xml/ofac_consolidated_2018-04-06.xml', format: 'ofac-xml', releaseDate: '2018-04-06', listings: 639, kinds: { entity: 471, individual: 94, vessel: 74 } },
  { file: 'ofac/non-sdn-consolidated-xml/ofac_consolidated_2020-03-17.xml', format: 'ofac-xml', releaseDate: '2020-03-17', listings: 375, kinds: { entity: 293, individual: 82 } },
  { file: 'ofac/non-sdn-consolidated-xml/ofac_consolidated_2023-03-08.xml', format: 'ofac-xml', releaseDate: '2023-03-08', listings: 445, kinds: { entity: 366, individual: 79 } },
  { file: 'ofac/cons-enhanced-xml-2025-01/CONS_ENHANCED.ZIP', format: 'ofac-enhanced-xml', releaseDate: '2025-01-10T00:00:00', listings: 443, kinds: { entity: 363, individual: 80 } },
  { file: 'uk/ofsi_conlist_2020-04-27.csv', format: 'uk-ofsi-csv', releaseDate: '2020-04-27', listings: 2114, kinds: { individual: 1523, entity: 591 } },
  { file: 'uk/hmt_conlist_2016-02-12_excerpt.csv', format: 'uk-ofsi-csv', releaseDate: '2016-02-12', listings: 463, kinds: { individual: 323, entity: 140 } },
  { file: 'eu/eu_fsf_1.1_2020-04-15_excerpt.xml', format: 'eu-fsf-xml', releaseDate: '2020-04-15T15:29:22.497+02:00', listings: 5, kinds: { individual: 5 } },
  { file: 'eu/eu_fsf_legacy1.0_2016-02-11_excerpt.xml', format: 'eu-fsf-xml', releaseDate: '2016-02-11', listings: 595, kinds: { individual: 319, entity: 276 } },
];

const parsed = new Map<string, Release>();
async function parsedFile(file: string, format: ListFormat, releaseDate: string): Promise<Release> {
  if (!parsed.has(file)) {
    const input = format === 'ofac-sdn-csv' ? sdnCsvFiles(file.split('/')[1]) : readList(file);
    parsed.set(file, await parseRelease(format, input, { releaseDate }));
  }
  return parsed.get(file) as Release;
}

describe('every real list file parses', () => {
  it.each(FILES)('$file ($format): $listings listings, dated $releaseDate', async ({ file, format, releaseDate, listings, kinds }) => {
    const release = await parsedFile(file, format, releaseDate);
    expect(release.format).toBe(format);
    expect(release.releaseDate).toBe(releaseDate);
    expect(release.listings).toHaveLength(listings);
    expect(countBy(release.listings, (listing) => listing.kind)).toEqual(kinds);
    expect(new Set(release.listings.map((listing) => listing.sourceId)).size).toBe(listings);
    expect(release.listings.filter((listing) => listing.name === '' || listing.names[0]?.name !== listing.name)).toEqual([]);
    expect(release.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
