import { newListing } from './listing-builder';
import { readOfacRemarks } from './ofac-remarks';

const read = (remarks: string) => {
  const listing = newListing('ofac', '1', 'individual', [{ name: 'X', quality: 'primary' }]);
  readOfacRemarks(remarks, listing);
  return listing;
};

describe('readOfacRemarks', () => {
  it('types the identifiers OFAC writes into SDN remarks, wallets with their currency', () => {
    const listing = read(
      'Digital Currency Address - XBT 12t9YDPgwueZ9NyMgw519p7AA8isjr6SMw; alt. Digital Currency Address - XMR 4AAm9ze; Cedula No. 7536541 (Colombia); NIT # 8000539 (Colombia); Vessel Registration Identification IMO 9187629; MMSI 572469210; Identification Number IMO 5118112; SWIFT/BIC BKCHCNBJ; Telephone (86) 123; Registration Number 1027700; Website www.x.ru; Email Address a@x.ru.',
    );
    expect(listing.identifiers.map((id) => [id.type, id.value, id.currency ?? id.country])).toEqual([
      ['crypto_wallet', '12t9YDPgwueZ9NyMgw519p7AA8isjr6SMw', 'XBT'],
      ['crypto_wallet', '4AAm9ze', 'XMR'],
      ['national_id', '7536541', 'Colombia'],
      ['tax_id', '8000539', 'Colombia'],
      ['imo', '9187629', undefined],
      ['mmsi', '572469210', undefined],
      ['imo', '5118112', undefined],
      ['swift_bic', 'BKCHCNBJ', undefined],
      ['phone', '(86) 123', undefined],
      ['registration_number', '1027700', undefined],
      ['website', 'www.x.ru', undefined],
      ['email', 'a@x.ru', undefined],
    ]);
  });

  it('reads birth, nationality, citizenship, gender and weak aliases; leaves other statements to the remarks text', () => {
    const listing = read("DOB 1962; alt. DOB 14 Jun 1963; POB Baghdad, Iraq; nationality Iraq; citizen Jordan; Gender Female; a.k.a. 'UMM AHMED'; f.k.a. 'SARA'; Linked To: X; Secondary sanctions risk: section 1(b)");
    expect(listing.datesOfBirth).toEqual([
      { type: 'date', date: '1962' },
      { type: 'date', date: '1963-06-14' },
    ]);
    expect(listing.placesOfBirth).toEqual([{ place: 'Baghdad, Iraq' }]);
    expect(listing.nationalities).toEqual(['Iraq']);
    expect(listing.citizenships).toEqual(['Jordan']);
    expect(listing.gender).toBe('Female');
    expect(listing.names.slice(1)).toEqual([
      { name: 'UMM AHMED', quality: 'aka', low: true },
      { name: 'SARA', quality: 'fka', low: true },
    ]);
    expect(listing.identifiers).toEqual([]);
    expect(listing.details).toEqual([]);
  });
});
