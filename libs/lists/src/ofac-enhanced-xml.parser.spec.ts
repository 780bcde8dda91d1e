import { createHash } from 'node:crypto';
import { refusal } from '../testing/assertions';
import { ENHANCED_ENTITIES, enhancedXml } from '../testing/ofac-enhanced-xml.fixtures';
import { zipOf } from '../testing/zip.fixtures';
import { parseOfacEnhancedXml } from './ofac-enhanced-xml.parser';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const xml = Buffer.from(enhancedXml());

describe('parseOfacEnhancedXml', () => {
  it('reads the bare XML: entities keyed by id, dated by dataAsOf', async () => {
    const release = await parseOfacEnhancedXml(xml);
    expect(release).toMatchObject({ format: 'ofac-enhanced-xml', source: 'ofac', releaseDate: '2025-01-10T00:00:00', sha256: sha256(xml) });
    expect(release.listings.map((listing) => [listing.sourceId, listing.kind, listing.name])).toEqual([
      ['9639', 'individual', 'HANIYA, Ismail Abdul Salah'],
      ['17013', 'entity', 'VTB BANK PUBLIC JOINT STOCK COMPANY'],
    ]);
  });

  it('reads the zip OFAC publishes from its bytes, identified by the zip and citing the entry', async () => {
    const zip = zipOf([{ name: 'CONS_ENHANCED.XML', data: xml }]);
    const release = await parseOfacEnhancedXml(zip);
    expect(release.sha256).toBe(sha256(zip));
    expect(release.parts).toEqual([
      { role: 'file', sha256: sha256(zip), bytes: zip.byteLength },
      { role: 'zip entry CONS_ENHANCED.XML', sha256: sha256(xml), bytes: xml.byteLength },
    ]);
    expect(release.listings).toEqual((await parseOfacEnhancedXml(xml)).listings);
  });

  it('maps names with their translations, features, documents and relationships', async () => {
    const [person, bank] = (await parseOfacEnhancedXml(xml)).listings;
    expect(person.names).toEqual([
      { name: 'HANIYA, Ismail Abdul Salah', quality: 'primary', firstName: 'Ismail Abdul Salah', lastName: 'HANIYA', script: 'Latin' },
      { name: 'إسماعيل هنية', quality: 'primary', script: 'Arabic' },
      { name: 'HANIYA, Ismail', quality: 'aka', low: true, firstName: 'Ismail', lastName: 'HANIYA', script: 'Latin' },
    ]);
    expect(person.listedOn).toBe('2006-04-12');
    expect(person.programs).toEqual(['NS-PLC']);
    expect(person.legalBasis).toEqual(['General License 4 Under EO 13224 (Terrorism)']);
    expect(person.datesOfBirth).toEqual([{ type: 'date', date: '1962', approximate: true }]);
    expect(person.placesOfBirth).toEqual([{ place: 'Shati' }]);
    expect(person.addresses).toEqual([{ country: 'Palestinian', street: 'Al-Shati Camp', city: 'Gaza' }]);
    expect(person.identifiers).toEqual([{ type: 'crypto_wallet', value: 'bc1qexamplewallet', label: 'Digital Currency Address - XBT', currency: 'XBT' }]);
    expect(person.details).toEqual([
      { label: 'Sanctions list', value: 'Non-SDN Palestinian Legislative Council List' },
      { label: 'Sanctions list', value: 'Consolidated List' },
      { label: 'Sanctions type', value: 'Reject' },
      { label: 'Secondary sanctions risk:', value: 'Section 1(b) of Executive Order 13224' },
    ]);
    expect(bank.identifiers).toEqual([{ type: 'registration_number', value: '1027739609391', label: 'Registration ID', country: 'Russia' }]);
    expect(bank.details).toContainEqual({ label: 'Owned or Controlled By', value: 'GOVERNMENT OF THE RUSSIAN FEDERATION' });
  });

  it('refuses an entry that inflates beyond the limit, before inflating it', async () => {
    const bomb = zipOf([{ name: 'CONS_ENHANCED.XML', data: Buffer.alloc(4 * 1024 * 1024, 0x20) }]);
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    expect(await refusal(parseOfacEnhancedXml(bomb, { maxBytes: 1024 * 1024 }))).toMatchObject({ code: 'LIST.TOO_LARGE', part: 'CONS_ENHANCED.XML' });
  });

  it('refuses an entry whose inflated size is not what the zip declares', async () => {
    const lying = zipOf([{ name: 'CONS_ENHANCED.XML', data: xml, declaredSize: 100 }]);
    expect(await refusal(parseOfacEnhancedXml(lying))).toMatchObject({ code: 'LIST.MALFORMED', part: 'CONS_ENHANCED.XML' });
  });

  it('refuses a zip without an XML file, and a broken zip', async () => {
    const error = await refusal(parseOfacEnhancedXml(zipOf([{ name: 'readme.txt', data: Buffer.from('hello') }])));
    expect(error).toMatchObject({ code: 'LIST.WRONG_FORMAT' });
    expect(error.message).toContain('found readme.txt');
    const broken = zipOf([{ name: 'CONS_ENHANCED.XML', data: xml }]).subarray(0, 200);
    expect(await refusal(parseOfacEnhancedXml(broken))).toMatchObject({ code: 'LIST.MALFORMED' });
  });

  it('names the zip entry when its XML is refused', async () => {
    const cut = zipOf([{ name: 'CONS_ENHANCED.XML', data: xml.subarray(0, xml.indexOf('<entity id="17013">') + 40) }]);
    expect(await refusal(parseOfacEnhancedXml(cut))).toMatchObject({ code: 'LIST.TRUNCATED', part: 'CONS_ENHANCED.XML' });
  });

  it('refuses an entity id given twice', async () => {
    const twice = Buffer.from(enhancedXml([ENHANCED_ENTITIES.bank, ENHANCED_ENTITIES.bank]));
    expect(await refusal(parseOfacEnhancedXml(twice))).toMatchObject({ code: 'LIST.DUPLICATE_ID', element: 'sanctionsData/entities/entity' });
  });
});
