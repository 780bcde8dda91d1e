import { refusal } from '../testing/assertions';
import { OFAC_ENTRIES, ofacXml } from '../testing/ofac-xml.fixtures';
import { parseOfacXml } from './ofac-xml.parser';

const parse = (text: string) => parseOfacXml(Buffer.from(text));

describe('parseOfacXml', () => {
  it('reads sdnEntry records keyed by uid, the release dated by Publish_Date', async () => {
    const release = await parse(ofacXml());
    expect(release).toMatchObject({ format: 'ofac-xml', source: 'ofac', releaseDate: '2018-04-06' });
    expect(release.listings.map((listing) => [listing.sourceId, listing.kind, listing.name])).toEqual([
      ['4632', 'entity', 'BANK MARKAZI JOMHOURI ISLAMI IRAN'],
      ['9639', 'individual', 'HANIYA, Ismail Abdul Salah'],
      ['15036', 'vessel', 'ADRIAN DARYA 1'],
    ]);
  });

  it('keeps identifiers typed, and OFAC statements that are not identifiers as details', async () => {
    const [bank, person, vessel] = (await parse(ofacXml())).listings;
    expect(bank.names).toEqual([
      { name: 'BANK MARKAZI JOMHOURI ISLAMI IRAN', quality: 'primary', lastName: 'BANK MARKAZI JOMHOURI ISLAMI IRAN' },
      { name: 'CENTRAL BANK OF THE ISLAMIC REPUBLIC OF IRAN', quality: 'aka', lastName: 'CENTRAL BANK OF THE ISLAMIC REPUBLIC OF IRAN' },
      { name: 'BANK MARKAZI', quality: 'fka', low: true, lastName: 'BANK MARKAZI' },
    ]);
    expect(bank.identifiers).toEqual([
      { type: 'website', value: 'www.cbi.ir', label: 'Website' },
      { type: 'swift_bic', value: 'BMJIIRTH', label: 'SWIFT/BIC', country: 'Iran' },
    ]);
    expect(bank.details).toEqual([{ label: 'Additional Sanctions Information -', value: 'Subject to Secondary Sanctions' }]);
    expect(bank.addresses).toEqual([{ street: 'PO Box 15875/7177, 144 Mirdamad Blvd', city: 'Tehran', country: 'Iran' }]);
    expect(bank.programs).toEqual(['IRAN', 'IFSR']);
    expect(bank.remarks).toBe('all offices worldwide');

    expect(person.titles).toEqual(['Prime Minister']);
    expect(person.identifiers).toEqual([
      { type: 'passport', value: 'A1234567', label: 'Passport', country: 'Palestinian', issuedOn: '01 Jan 2010', expiresOn: '01 Jan 2020' },
      { type: 'crypto_wallet', value: '1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V', label: 'Digital Currency Address - XBT', currency: 'XBT' },
    ]);
    expect(person.datesOfBirth).toEqual([
      { type: 'date', date: '1962' },
      { type: 'range', from: '1960-01-01', to: '1963-12-31' },
    ]);
    expect(person.placesOfBirth).toEqual([{ place: 'Shati, Gaza' }]);
    expect(person.nationalities).toEqual(['Palestinian']);

    expect(vessel.identifiers).toEqual([{ type: 'imo', value: '9116412', label: 'Vessel Registration Identification' }]);
    expect(vessel.vessel).toEqual({ callSign: '9HA2130', vesselType: 'Crude Oil Tanker', flag: 'Iran', grossRegisteredTonnage: '156880' });
  });

  it('refuses a uid given twice, a list without Publish_Date and an unknown sdnType', async () => {
    expect(await refusal(parse(ofacXml([OFAC_ENTRIES.bank, OFAC_ENTRIES.bank])))).toMatchObject({ code: 'LIST.DUPLICATE_ID', element: 'sdnList/sdnEntry' });
    expect(await refusal(parse(ofacXml().replace(/<Publish_Date>.*<\/Publish_Date>/, '')))).toMatchObject({ code: 'LIST.MISSING_FIELD' });
    expect(await refusal(parse(ofacXml([OFAC_ENTRIES.bank.replace('>Entity<', '>Ship<')])))).toMatchObject({ code: 'LIST.MALFORMED', element: 'sdnList/sdnEntry/sdnType' });
  });

  it('refuses the sdnList root in another namespace: it is not this format', async () => {
    const error = await refusal(parse(ofacXml().replace('http://tempuri.org/sdnList.xsd', 'urn:other')));
    expect(error).toMatchObject({ code: 'LIST.WRONG_FORMAT', line: 2, element: 'sdnList' });
  });

  it('refuses a file cut short, naming the record left open', async () => {
    const text = ofacXml();
    const error = await refusal(parse(text.slice(0, text.indexOf('<uid>9639</uid>') + 8)));
    expect(error).toMatchObject({ code: 'LIST.TRUNCATED', element: 'sdnList/sdnEntry/uid' });
  });
});
