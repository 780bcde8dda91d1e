import { refusal } from '../testing/assertions';
import { EU_SANCTION_ENTITIES, euFsfXml, euLegacyXml } from '../testing/eu-fsf-xml.fixtures';
import { parseEuFsfXml } from './eu-fsf-xml.parser';

const parse = (text: string) => parseEuFsfXml(Buffer.from(text));

describe('parseEuFsfXml', () => {
  describe('FSF v1.1 (export / sanctionEntity)', () => {
    it('reads sanctionEntity records keyed by logicalId, dated by generationDate', async () => {
      const release = await parse(euFsfXml());
      expect(release).toMatchObject({ format: 'eu-fsf-xml', source: 'eu', releaseDate: '2020-04-15T15:29:22.497+02:00' });
      expect(release.listings.map((listing) => [listing.sourceId, listing.euReferenceNumber, listing.kind, listing.name])).toEqual([
        ['5295', 'EU.2026.82', 'individual', 'Abid Hammadou'],
        ['5463', 'EU.4011.64', 'entity', 'Korea Ryonbong General Corporation'],
      ]);
    });

    it('maps names by strength, birth dates as precise as given, documents, regulations and addresses', async () => {
      const [person] = (await parse(euFsfXml())).listings;
      expect(person.names).toEqual([
        { name: 'Abid Hammadou', quality: 'good', firstName: 'Abid', lastName: 'Hammadou' },
        { name: 'Abou Abdellah', quality: 'low', note: 'Reportedly deceased.' },
      ]);
      expect(person.positions).toEqual(['Leader']);
      expect(person.gender).toBe('M');
      expect(person.nationalities).toEqual(['ALGERIA']);
      expect(person.datesOfBirth).toEqual([
        { type: 'date', date: '1965-12-12' },
        { type: 'date', date: '1958', approximate: true },
      ]);
      expect(person.placesOfBirth).toEqual([
        { city: 'Touggourt', country: 'ALGERIA' },
        { city: 'Deb-Deb', country: 'ALGERIA' },
      ]);
      expect(person.identifiers).toEqual([{ type: 'passport', value: 'A 0141062', label: 'National passport', country: 'GERMANY', note: 'knownExpired; expired 2012' }]);
      expect(person.programs).toEqual(['TAQA']);
      expect(person.legalBasis).toEqual(['2019/555 (OJ L97)']);
      expect(person.listedOn).toBe('2008-07-03');
      expect(person.details).toEqual([{ label: 'UN id', value: 'QDi.232' }]);
      expect(person.addresses).toEqual([{ place: 'Kikoma forest', region: 'North Kivu', country: 'CONGO, Democratic Republic of' }]);
    });

    it('refuses a logicalId given twice', async () => {
      const error = await refusal(parse(euFsfXml([EU_SANCTION_ENTITIES.enterprise, EU_SANCTION_ENTITIES.enterprise])));
      expect(error).toMatchObject({ code: 'LIST.DUPLICATE_ID', element: 'export/sanctionEntity' });
    });
  });

  describe('legacy v1.0 (WHOLE / ENTITY)', () => {
    it('reads ENTITY records keyed by Id, dated by the dd/mm/yyyy Date', async () => {
      const release = await parse(euLegacyXml());
      expect(release.releaseDate).toBe('2016-02-11');
      expect(release.listings.map((listing) => [listing.sourceId, listing.kind, listing.name])).toEqual([
        ['1', 'individual', 'Robert Gabriel Mugabe'],
        ['3221', 'entity', 'Al-Barakat Bank'],
      ]);
    });

    it('keeps every legal basis and programme, the typed passport, and approximate ranges', async () => {
      const [person, bank] = (await parse(euLegacyXml())).listings;
      expect(person.names).toEqual([
        { name: 'Robert Gabriel Mugabe', quality: 'primary', firstName: 'Robert', middleName: 'Gabriel', lastName: 'Mugabe' },
        { name: 'Bob Mugabe', quality: 'aka', script: 'FR' },
      ]);
      expect(person.legalBasis).toEqual(['151/2012 (OJ L49)', '898/2005 (OJ L153)', '1210/2003 (OJ L169)']);
      expect(person.programs).toEqual(['ZWE']);
      expect(person.datesOfBirth).toEqual([
        { type: 'date', date: '1924-02-21' },
        { type: 'range', from: '1922', to: '1925', approximate: true },
      ]);
      expect(person.identifiers).toEqual([{ type: 'passport', value: 'AD001095', label: 'National passport', country: 'ZWE', note: '(passport)' }]);
      expect(person.remarks).toBe('(Entity is sanctioned in regime 310/2002 (OJ L50))');
      expect(bank.addresses).toEqual([{ street: '1 Via Roma', postalCode: '00100', city: 'Roma', country: 'ITA', note: 'head office' }]);
    });

    it('says how far a cut-short excerpt went: refused as truncated, naming the record left open', async () => {
      const text = euLegacyXml();
      const cut = text.slice(0, text.indexOf('<WHOLENAME>Al-Barakat'));
      const error = await refusal(parse(cut));
      expect(error).toMatchObject({ code: 'LIST.TRUNCATED', element: 'WHOLE/ENTITY/NAME' });
      expect(error.line).toBe(cut.split('\n').length);
    });
  });

  it('refuses another root', async () => {
    expect(await refusal(parse('<?xml version="1.0"?><export xmlns="urn:not-the-eu"/>'))).toMatchObject({ code: 'LIST.WRONG_FORMAT', element: 'export' });
  });
});
