import { isListFormatError, parseRelease, type Listing } from '@app/lists';
import { readList, sdnCsvFiles } from './support/shared-lists';

const C1_CONTROLS = /[\u0080-\u009f]/;

describe('real list content', () => {
  it('OFSI files are Windows-1252: decoded with their curly quotes, no C1 control left anywhere', async () => {
    for (const file of ['uk/ofsi_conlist_2020-04-27.csv', 'uk/hmt_conlist_2016-02-12_excerpt.csv']) {
      const release = await parseRelease('uk-ofsi-csv', readList(file));
      expect(release.encoding).toBe('windows-1252');
      expect(JSON.stringify(release.listings)).not.toMatch(C1_CONTROLS);
      if (file.includes('2020')) {
        const battalion = release.listings.find((listing) => listing.sourceId === '13222') as Listing;
        // 0x92, 0x91 and 0xB4 in the file: right and left single quotes and an acute accent.
        expect(battalion.remarks).toContain('so-called ’2nd Army Corps’ of the ‘Lugansk People´s Republic’');
      }
    }
  });

  it('OFAC SDN CSV remarks yield typed identifiers: wallets with their currency, passports, websites', async () => {
    const release = await parseRelease('ofac-sdn-csv', sdnCsvFiles('sdn-csv-2021-07-07'), { releaseDate: '2021-07-07' });
    const li = release.listings.find((listing) => listing.sourceId === '28264') as Listing;
    expect(li.identifiers.filter((id) => id.type === 'crypto_wallet' && id.currency === 'XBT').length).toBeGreaterThanOrEqual(12);
    const types = new Set(release.listings.flatMap((listing) => listing.identifiers.map((id) => id.type)));
    expect([...types]).toEqual(expect.arrayContaining(['passport', 'national_id', 'tax_id', 'registration_number', 'crypto_wallet', 'website', 'email', 'imo', 'swift_bic']));
    expect(release.listings.filter((listing) => listing.datesOfBirth.some((date) => date.type === 'text'))).toEqual([]);
  });

  it('the enhanced zip is identified by its bytes and cites the CONS_ENHANCED.XML entry it read', async () => {
    const release = await parseRelease('ofac-enhanced-xml', readList('ofac/cons-enhanced-xml-2025-01/CONS_ENHANCED.ZIP'));
    expect(release.parts.map((part) => [part.role, part.bytes])).toEqual([
      ['file', 207200],
      ['zip entry CONS_ENHANCED.XML', 3420879],
    ]);
  });

  describe('the EU excerpts', () => {
    it('parse whole: each was cut at a record boundary and closed, so they are well-formed documents', async () => {
      expect((await parseRelease('eu-fsf-xml', readList('eu/eu_fsf_legacy1.0_2016-02-11_excerpt.xml'))).listings.at(-1)?.sourceId).toBe('3221');
      expect((await parseRelease('eu-fsf-xml', readList('eu/eu_fsf_1.1_2020-04-15_excerpt.xml'))).listings).toHaveLength(5);
    });

    it('cut mid-record instead, are refused as truncated, naming the line and the element left open', async () => {
      const bytes = readList('eu/eu_fsf_legacy1.0_2016-02-11_excerpt.xml');
      const cut = bytes.subarray(0, Math.floor(bytes.byteLength * 0.6));
      const error = await parseRelease('eu-fsf-xml', cut).catch((caught: unknown) => caught);
      expect(isListFormatError(error) && error.code).toBe('LIST.TRUNCATED');
      expect(error).toMatchObject({ line: cut.toString('utf8').split('\n').length, element: expect.stringMatching(/^WHOLE\/ENTITY/) });
    });
  });
});
