import { createHash } from 'node:crypto';
import { amended, UN_RECORDS, unOneLineXml, unPrettyXml } from '../testing/un-xml.fixtures';
import { chunked, refusal } from '../testing/assertions';
import { parseUnXml } from './un-xml.parser';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('parseUnXml', () => {
  it('reads a pretty-printed file into neutral listings, keyed by DATAID', async () => {
    const file = bytes(unPrettyXml());
    const release = await parseUnXml(file);

    expect(release).toMatchObject({
      format: 'un-xml',
      source: 'un',
      releaseDate: '2016-06-20T15:50:12.432-04:00',
      sha256: createHash('sha256').update(file).digest('hex'),
      parts: [{ role: 'file', bytes: file.byteLength }],
      encoding: 'utf-8',
    });
    expect(release.listings.map((listing) => [listing.sourceId, listing.kind, listing.referenceNumber])).toEqual([
      ['6908555', 'individual', 'KPi.033'],
      ['110430', 'entity', 'KPe.001'],
    ]);
    expect(release.listings[0]).toEqual({
      source: 'un',
      sourceId: '6908555',
      referenceNumber: 'KPi.033',
      kind: 'individual',
      name: 'RI WON HO',
      names: [
        { name: 'RI WON HO', quality: 'primary' },
        { name: '리원호', quality: 'primary', script: 'original' },
        { name: 'Ri Won-ho', quality: 'good' },
        { name: 'Won Ho', quality: 'low' },
        { name: 'Ri Won', quality: 'fka', note: 'used in 2010', dateOfBirth: '1963-01-01' },
      ],
      identifiers: [
        { type: 'passport', value: '381310014', label: 'Passport', country: "Democratic People's Republic of Korea", issuedOn: '2011-03-04' },
        { type: 'national_id', label: 'National Identification Number', note: '04643632 issued on 18 Jun. 1999' },
      ],
      addresses: [{ city: 'Damascus', country: 'Syrian Arab Republic' }],
      nationalities: ["Democratic People's Republic of Korea"],
      citizenships: [],
      datesOfBirth: [
        { type: 'date', date: '1964-07-17' },
        { type: 'date', date: '1965', approximate: true },
        { type: 'range', from: '1960', to: '1962' },
      ],
      placesOfBirth: [{ city: 'Pyongyang', country: "Democratic People's Republic of Korea" }],
      programs: ['DPRK'],
      legalBasis: [],
      titles: ['Colonel'],
      positions: ['DPRK Ministry of State Security Official'],
      listedOn: '2016-11-30',
      lastUpdated: '2018-03-02',
      remarks: 'Ri Won Ho is a DPRK Ministry of State Security Official stationed in Syria supporting KOMID.',
      details: [],
    });
  });

  it('reads the one-record-per-line layout to the same listings', async () => {
    const pretty = await parseUnXml(bytes(unPrettyXml()));
    const oneLine = await parseUnXml(bytes(unOneLineXml()));
    expect(oneLine.sha256).not.toBe(pretty.sha256);
    expect(oneLine.listings).toEqual(pretty.listings);
  });

  it('keeps VERSIONNUM, SORT_KEY and LIST_TYPE out of the listing', async () => {
    const release = await parseUnXml(bytes(unPrettyXml()));
    expect(JSON.stringify(release.listings)).not.toMatch(/VERSIONNUM|UN List|SORT_KEY/);
  });

  it('reads a stream of chunks as it reads the whole buffer', async () => {
    const file = bytes(unOneLineXml());
    const whole = await parseUnXml(file);
    expect(await parseUnXml(chunked(file, 7))).toEqual(whole);
  });

  it('drops a UTF-8 byte order mark, hashing the bytes as given', async () => {
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(unPrettyXml())]);
    const release = await parseUnXml(file);
    expect(release.listings).toEqual((await parseUnXml(bytes(unPrettyXml()))).listings);
    expect(release.sha256).toBe(createHash('sha256').update(file).digest('hex'));
  });

  it('decodes a file that declares ISO-8859-1 as Latin-1', async () => {
    const text = unPrettyXml({ declaration: '<?xml version="1.0" encoding="ISO-8859-1"?>', entities: [amended(UN_RECORDS.entity, 'Primary arms dealer.', 'Société écran.')] });
    const release = await parseUnXml(Buffer.from(text.replace('리원호', 'Ri'), 'latin1'));
    expect(release.encoding).toBe('windows-1252');
    expect(release.listings[1].remarks).toBe('Société écran.');
  });

  it('refuses Latin-1 bytes in a file declared UTF-8, naming the line', async () => {
    const text = unPrettyXml({ entities: [amended(UN_RECORDS.entity, 'Primary arms dealer.', 'Société écran.')] });
    const line = text.split('\n').findIndex((row) => row.includes('Société')) + 1;
    const error = await refusal(parseUnXml(Buffer.from(text.replace('리원호', 'Ri'), 'latin1')));
    expect(error).toMatchObject({ code: 'LIST.ENCODING', line });
    expect(error.message).toMatch(/not valid UTF-8.*declared UTF-8/);
  });

  it('refuses a DATAID given twice, naming both places', async () => {
    const text = unPrettyXml({ individuals: [UN_RECORDS.individual, UN_RECORDS.individual] });
    const error = await refusal(parseUnXml(bytes(text)));
    const lines = text.split('\n').flatMap((row, i) => (row.includes('<INDIVIDUAL>') ? [i + 1] : []));
    expect(error).toMatchObject({ code: 'LIST.DUPLICATE_ID', element: 'CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL' });
    expect(error.line).toBeGreaterThan(lines[1] - 1);
    expect(error.message).toContain('6908555 appears twice');
  });

  it('refuses a record without DATAID, or a list without dateGenerated', async () => {
    const noId = unPrettyXml({ entities: [amended(UN_RECORDS.entity, '<DATAID>110430</DATAID>', '')] });
    expect(await refusal(parseUnXml(bytes(noId)))).toMatchObject({ code: 'LIST.MISSING_FIELD', element: 'CONSOLIDATED_LIST/ENTITIES/ENTITY/DATAID' });
    const noDate = unPrettyXml().replace(/dateGenerated="[^"]*"/, '');
    expect(await refusal(parseUnXml(bytes(noDate)))).toMatchObject({ code: 'LIST.MISSING_FIELD', element: 'CONSOLIDATED_LIST' });
  });

  it('refuses another XML list, naming its root and what it looks like', async () => {
    const ofac = '<?xml version="1.0"?>\n<sdnList xmlns="http://tempuri.org/sdnList.xsd"><publshInformation/></sdnList>';
    const error = await refusal(parseUnXml(bytes(ofac)));
    expect(error).toMatchObject({ code: 'LIST.WRONG_FORMAT', line: 2, element: 'sdnList' });
    expect(error.message).toContain('it looks like ofac-xml');
  });
});
