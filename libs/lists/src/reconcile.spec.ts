import { refusal } from '../testing/assertions';
import { amended, UN_RECORDS, unOneLineXml, unPrettyXml } from '../testing/un-xml.fixtures';
import { newListing } from './listing-builder';
import type { Listing, Release } from './listing';
import { reconcile } from './reconcile';
import { parseUnXml } from './un-xml.parser';

const listing = (sourceId: string, extra: Partial<Listing> = {}): Listing => ({ ...newListing('ofac', sourceId, 'entity', [{ name: `NAME ${sourceId}`, quality: 'primary' }]), ...extra });

const release = (listings: Listing[], extra: Partial<Release> = {}): Release => ({
  format: 'ofac-sdn-csv',
  source: 'ofac',
  releaseDate: '2021-07-07',
  sha256: `sha-${listings.map((l) => l.sourceId).join('-')}-${JSON.stringify(listings).length}`,
  parts: [],
  encoding: 'utf-8',
  listings,
  ...extra,
});

const ids = (listings: Listing[]) => listings.map((l) => l.sourceId);

describe('reconcile', () => {
  it('with no previous release, adds everything', () => {
    const next = release([listing('1'), listing('2')]);
    expect(reconcile(undefined, next)).toEqual({ added: next.listings, removed: [], amended: [], unchanged: [] });
  });

  it('matches by source id: added, removed, unchanged', () => {
    const result = reconcile(release([listing('1'), listing('2'), listing('3')]), release([listing('2'), listing('3'), listing('4')]));
    expect(ids(result.added)).toEqual(['4']);
    expect(ids(result.removed)).toEqual(['1']);
    expect(ids(result.unchanged)).toEqual(['2', '3']);
    expect(result.amended).toEqual([]);
  });

  it('reports an amendment field by field, before and after', () => {
    const before = listing('7', { remarks: 'old', programs: ['SDGT'] });
    const after = listing('7', { remarks: 'new', programs: ['SDGT', 'CYBER2'] });
    const [amendment] = reconcile(release([before]), release([after])).amended;
    expect(amendment).toEqual({
      sourceId: '7',
      before,
      after,
      changes: [
        { field: 'programs', before: ['SDGT'], after: ['SDGT', 'CYBER2'] },
        { field: 'remarks', before: 'old', after: 'new' },
      ],
    });
  });

  it('ignores order where it means nothing: aliases, identifiers, object keys', () => {
    const before = listing('9', {
      names: [
        { name: 'A', quality: 'primary' },
        { name: 'B', quality: 'aka' },
        { name: 'C', quality: 'fka', low: true },
      ],
      identifiers: [
        { type: 'passport', value: 'P1', country: 'Iran' },
        { type: 'crypto_wallet', value: 'bc1q', currency: 'XBT' },
      ],
    });
    const after = listing('9', {
      names: [
        { low: true, quality: 'fka', name: 'C' },
        { name: 'A', quality: 'primary' },
        { quality: 'aka', name: 'B' },
      ],
      identifiers: [
        { currency: 'XBT', value: 'bc1q', type: 'crypto_wallet' },
        { type: 'passport', country: 'Iran', value: 'P1' },
      ],
    });
    const result = reconcile(release([before]), release([after]));
    expect(result.amended).toEqual([]);
    expect(ids(result.unchanged)).toEqual(['9']);
  });

  it('counts a changed alias quality as an amendment', () => {
    const before = listing('9', { names: [{ name: 'A', quality: 'primary' }, { name: 'B', quality: 'aka' }] });
    const lowered = listing('9', { names: [{ name: 'A', quality: 'primary' }, { name: 'B', quality: 'aka', low: true }] });
    expect(reconcile(release([before]), release([lowered])).amended.map((a) => a.changes.map((c) => c.field))).toEqual([['names']]);
  });

  it('ignores the release metadata: date, hash, parts, encoding', () => {
    const listings = [listing('1', { remarks: 'same' })];
    const result = reconcile(release(listings), release(structuredClone(listings), { releaseDate: '2030-01-01', sha256: 'other', encoding: 'windows-1252' }));
    expect(ids(result.unchanged)).toEqual(['1']);
  });

  it('refuses to reconcile two different lists', async () => {
    const un = release([listing('1')], { source: 'un', format: 'un-xml' });
    expect(await refusal(() => reconcile(un, release([listing('1')])))).toMatchObject({ code: 'LIST.RELEASE_MISMATCH' });
  });

  describe('over UN releases', () => {
    it('finds nothing between the pretty-printed and the one-line layout of the same content', async () => {
      const result = reconcile(await parseUnXml(Buffer.from(unPrettyXml())), await parseUnXml(Buffer.from(unOneLineXml())));
      expect(result.unchanged).toHaveLength(2);
    });

    it('detects an amendment by content though VERSIONNUM stayed the same, and ignores a VERSIONNUM alone', async () => {
      const previous = await parseUnXml(Buffer.from(unPrettyXml()));
      const readdressed = amended(UN_RECORDS.entity, '<CITY>Pyongyang</CITY>', '<CITY>Nampo</CITY>');
      const next = await parseUnXml(Buffer.from(unOneLineXml({ entities: [readdressed] })));
      const [amendment] = reconcile(previous, next).amended;
      expect(amendment.sourceId).toBe('110430');
      expect(amendment.changes).toEqual([
        { field: 'addresses', before: [{ street: 'Central District', city: 'Pyongyang', country: "Democratic People's Republic of Korea" }], after: [{ street: 'Central District', city: 'Nampo', country: "Democratic People's Republic of Korea" }] },
      ]);
      const bumped = await parseUnXml(Buffer.from(unPrettyXml({ entities: [amended(UN_RECORDS.entity, '<VERSIONNUM>1</VERSIONNUM>', '<VERSIONNUM>2</VERSIONNUM>')] })));
      expect(reconcile(previous, bumped).amended).toEqual([]);
    });
  });
});
