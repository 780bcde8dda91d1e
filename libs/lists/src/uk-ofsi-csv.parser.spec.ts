import { refusal } from '../testing/assertions';
import { OFSI_HEADER, OFSI_ROWS, ofsiCsv } from '../testing/uk-ofsi-csv.fixtures';
import { unOneLineXml } from '../testing/un-xml.fixtures';
import { parseUkOfsiCsv } from './uk-ofsi-csv.parser';

describe('parseUkOfsiCsv', () => {
  it('groups the rows of one Group ID into one listing, dated by the Last Updated line', async () => {
    const release = await parseUkOfsiCsv(ofsiCsv());
    expect(release).toMatchObject({ format: 'uk-ofsi-csv', source: 'uk-ofsi', releaseDate: '2020-04-27', encoding: 'windows-1252' });
    expect(release.listings.map((listing) => [listing.sourceId, listing.kind, listing.name])).toEqual([
      ['13349', 'individual', 'Nayef Salam Muhammad Ujaym AL-HABABI'],
      ['13222', 'entity', 'BATALLION ZARIA'],
    ]);
  });

  it('keeps every name variant once, with its alias type, and every date of birth as precise as given', async () => {
    const [person] = (await parseUkOfsiCsv(ofsiCsv())).listings;
    expect(person.names).toEqual([
      { name: 'Nayef Salam Muhammad Ujaym AL-HABABI', quality: 'primary', firstName: 'Nayef', middleName: 'Salam Muhammad Ujaym', lastName: 'AL-HABABI' },
      { name: 'Sheikh Farooq AL-QAHTANI', quality: 'aka', firstName: 'Sheikh', middleName: 'Farooq', lastName: 'AL-QAHTANI' },
    ]);
    expect(person.datesOfBirth).toEqual([
      { type: 'date', date: '1980' },
      { type: 'date', date: '1981' },
    ]);
    expect(person.identifiers).toEqual([{ type: 'passport', value: 'Passport No: 592667 (Qatari passport issued on 3 May 2007).', label: 'Passport Details' }]);
    expect(person.nationalities).toEqual(['1) Saudi Arabia 2) Qatar']);
    expect(person.placesOfBirth).toEqual([{ country: 'Saudi Arabia' }]);
    expect(person.addresses).toEqual([{ country: 'Afghanistan (since 2009)' }]);
    expect(person.listedOn).toBe('2016-04-01');
    expect(person.remarks).toBe('UN Ref QDe.004. Emir for the eastern zone of Afghanistan.');
  });

  it('decodes Windows-1252 punctuation, and unions regimes and dates across rows', async () => {
    const [person, group] = (await parseUkOfsiCsv(ofsiCsv())).listings;
    expect(person.programs).toEqual(['The ISIL (Da’esh) and Al-Qaida organisations']);
    expect(group.remarks).toBe('Armed separatist group, part of the so-called “2nd Army Corps” of the “Lugansk People’s Republic”.');
    expect(group.programs).toEqual(['Ukraine (Sovereignty)', 'Russia']);
    expect(group.lastUpdated).toBe('2018-09-21');
    expect(group.addresses).toEqual([{ street: 'Ulitsa Lenina 1, Lugansk', country: 'Ukraine' }]);
    expect(group.names.map((name) => name.quality)).toEqual(['primary', 'aka']);
  });

  it('reads a UTF-8 file with a byte order mark the same way', async () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ofsiCsv().toString('latin1').replace(/\u0092/g, '’').replace(/\u0093/g, '“').replace(/\u0094/g, '”'), 'utf8')]);
    const release = await parseUkOfsiCsv(utf8);
    expect(release.encoding).toBe('utf-8');
    expect(release.listings).toEqual((await parseUkOfsiCsv(ofsiCsv())).listings);
  });

  it('refuses a header that lacks or adds columns, and rows of another width', async () => {
    const lacking = await refusal(parseUkOfsiCsv(ofsiCsv({ header: OFSI_HEADER.replace(',Group ID', '') })));
    expect(lacking).toMatchObject({ code: 'LIST.COLUMNS', line: 2 });
    expect(lacking.message).toContain('lacks "Group ID"');
    const adding = await refusal(parseUkOfsiCsv(ofsiCsv({ header: `${OFSI_HEADER},Sanctions Imposed` })));
    expect(adding.message).toContain('"Sanctions Imposed"');
    const short = await refusal(parseUkOfsiCsv(ofsiCsv({ rows: [OFSI_ROWS[0], OFSI_ROWS[1].replace(/,13349$/, '')] })));
    expect(short).toMatchObject({ code: 'LIST.COLUMNS', line: 4 });
  });

  it('refuses one Group ID used by two listings of different kinds', async () => {
    const clash = OFSI_ROWS[3].replace(',13222', ',13349');
    const error = await refusal(parseUkOfsiCsv(ofsiCsv({ rows: [...OFSI_ROWS.slice(0, 3), clash] })));
    expect(error).toMatchObject({ code: 'LIST.DUPLICATE_ID', line: 6, element: 'Group ID' });
  });

  it('refuses a file without the Last Updated line, and another format', async () => {
    const noDate = Buffer.from(`${OFSI_HEADER}\r\n${OFSI_ROWS[0]}\r\n`, 'latin1');
    expect(await refusal(parseUkOfsiCsv(noDate))).toMatchObject({ code: 'LIST.WRONG_FORMAT' });
    const un = await refusal(parseUkOfsiCsv(Buffer.from(unOneLineXml())));
    expect(un.message).toContain('it looks like un-xml');
    expect(await refusal(parseUkOfsiCsv(ofsiCsv({ lastUpdated: '2020-04-27' })))).toMatchObject({ code: 'LIST.MALFORMED', line: 1 });
  });

  it('refuses an empty file', async () => {
    expect(await refusal(parseUkOfsiCsv(Buffer.alloc(0)))).toMatchObject({ code: 'LIST.EMPTY' });
  });
});
