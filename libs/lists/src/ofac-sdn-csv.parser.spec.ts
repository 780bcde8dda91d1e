import { createHash } from 'node:crypto';
import { refusal } from '../testing/assertions';
import { ADD_ROWS, ALT_ROWS, normalisedCsv, ofacCsv, SDN_ROWS, sdnFiles } from '../testing/ofac-sdn-csv.fixtures';
import { unPrettyXml } from '../testing/un-xml.fixtures';
import { parseOfacSdnCsv, type SdnCsvFiles } from './ofac-sdn-csv.parser';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const options = { releaseDate: '2021-07-07' };
const byId = async (files: SdnCsvFiles = sdnFiles()) => new Map((await parseOfacSdnCsv(files, options)).listings.map((listing) => [listing.sourceId, listing]));

describe('parseOfacSdnCsv', () => {
  it('joins sdn, add, alt and sdn_comments on ent_num; -0- reads as absent', async () => {
    const release = await parseOfacSdnCsv(sdnFiles(), options);
    expect(release).toMatchObject({ format: 'ofac-sdn-csv', source: 'ofac', releaseDate: '2021-07-07', encoding: 'utf-8' });
    expect(release.listings.map((listing) => [listing.sourceId, listing.kind])).toEqual([
      ['36', 'entity'],
      ['306', 'entity'],
      ['4234', 'vessel'],
      ['28264', 'individual'],
    ]);
    const [airline, bank, vessel] = release.listings;
    expect(airline).toEqual({
      source: 'ofac',
      sourceId: '36',
      kind: 'entity',
      name: 'AEROCARIBBEAN AIRLINES',
      names: [
        { name: 'AEROCARIBBEAN AIRLINES', quality: 'primary' },
        { name: 'AERO-CARIBBEAN', quality: 'aka' },
      ],
      identifiers: [],
      addresses: [{ place: 'Havana', country: 'Cuba' }],
      nationalities: [],
      citizenships: [],
      datesOfBirth: [],
      placesOfBirth: [],
      programs: ['CUBA'],
      legalBasis: [],
      titles: [],
      positions: [],
      details: [],
    });
    expect(bank.names).toEqual([
      { name: 'BANCO NACIONAL DE CUBA', quality: 'primary' },
      { name: 'NATIONAL BANK OF CUBA', quality: 'aka' },
      { name: 'BANCO DE CUBA', quality: 'fka', note: 'old name' },
      { name: 'BNC', quality: 'aka', low: true },
    ]);
    expect(bank.addresses).toHaveLength(2);
    expect(vessel.vessel).toEqual({ callSign: 'CL2685', vesselType: 'General Cargo', tonnage: '2597', grossRegisteredTonnage: '1098', flag: 'Cuba', owner: 'Compania Navegacion Golfo S.A.' });
  });

  it('continues remarks from sdn_comments and reads the statements in them into fields', async () => {
    const listing = (await byId()).get('28264');
    expect(listing?.remarks).toMatch(/; a\.k\.a\. 'khaleesi'; Linked To: LAZARUS GROUP\.$/);
    expect(listing?.programs).toEqual(['CYBER2', 'DPRK3']);
    expect(listing?.datesOfBirth).toEqual([
      { type: 'date', date: '1987-01-10' },
      { type: 'date', date: '1986', approximate: true },
    ]);
    expect(listing?.placesOfBirth).toEqual([{ place: 'Anshan, Liaoning, China' }]);
    expect(listing?.nationalities).toEqual(['China']);
    expect(listing?.gender).toBe('Male');
    expect(listing?.names).toContainEqual({ name: 'khaleesi', quality: 'aka', low: true });
    expect(listing?.identifiers).toEqual([
      { type: 'crypto_wallet', value: '1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE', label: 'Digital Currency Address - XBT', currency: 'XBT' },
      { type: 'crypto_wallet', value: '0xa7e5d5a720f06526557c513402f2e6b5fa20b008', label: 'Digital Currency Address - ETH', currency: 'ETH' },
      { type: 'passport', value: 'E12345678', label: 'Passport', country: 'China', note: 'expires 2024' },
      { type: 'website', value: 'http://www.example.cn', label: 'Website' },
      { type: 'email', value: 'li@example.cn', label: 'Email Address' },
    ]);
  });

  it('reads files normalised to LF without a final newline or \\x1a to the same listings', async () => {
    const ofac = await parseOfacSdnCsv(sdnFiles(ofacCsv), options);
    const normalised = await parseOfacSdnCsv(sdnFiles(normalisedCsv), options);
    expect(normalised.listings).toEqual(ofac.listings);
    expect(normalised.sha256).not.toBe(ofac.sha256);
  });

  it('is identified by the manifest of its four files, each hashed over its exact bytes', async () => {
    const files = sdnFiles();
    const release = await parseOfacSdnCsv(files, options);
    const parts = [
      ['add.csv', files.add],
      ['alt.csv', files.alt],
      ['sdn.csv', files.sdn],
      ['sdn_comments.csv', files.comments],
    ] as const;
    expect(release.sha256).toBe(sha256(parts.map(([role, bytes]) => `${role} ${sha256(bytes)}\n`).join('')));
    expect(release.parts.map((part) => part.role)).toEqual(['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv']);
    const alone = await parseOfacSdnCsv(files.sdn, options);
    expect(alone.sha256).toBe(sha256(files.sdn));
  });

  it('decodes Latin-1 files as Windows-1252', async () => {
    const sdn = ofacCsv(['9001,"JOS\u00c9 \u0093PEPE\u0094 P\u00c9REZ","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ']);
    const release = await parseOfacSdnCsv({ sdn }, options);
    expect(release.encoding).toBe('windows-1252');
    expect(release.listings[0].name).toBe('JOSÉ “PEPE” PÉREZ');
  });

  it('needs the release date from the caller: the files carry none', async () => {
    expect(await refusal(parseOfacSdnCsv(sdnFiles()))).toMatchObject({ code: 'LIST.RELEASE_DATE' });
  });

  it('refuses missing or extra columns, naming the file and line', async () => {
    const short = [...SDN_ROWS.slice(0, 2), '999,"SHORT ROW",-0- ,"CUBA"'];
    expect(await refusal(parseOfacSdnCsv({ sdn: ofacCsv(short) }, options))).toMatchObject({ code: 'LIST.COLUMNS', part: 'sdn.csv', line: 3 });
    const long = [...ADD_ROWS, '36,26,-0- ,"Havana","Cuba",-0- ,"extra"'];
    const error = await refusal(parseOfacSdnCsv({ sdn: ofacCsv(SDN_ROWS), add: ofacCsv(long) }, options));
    expect(error).toMatchObject({ code: 'LIST.COLUMNS', part: 'add.csv', line: 5 });
    expect(error.message).toContain('add.csv has 6 columns; this record has 7');
  });

  it('refuses an ent_num given twice in sdn.csv', async () => {
    const error = await refusal(parseOfacSdnCsv({ sdn: ofacCsv([...SDN_ROWS, SDN_ROWS[1]]) }, options));
    expect(error).toMatchObject({ code: 'LIST.DUPLICATE_ID', part: 'sdn.csv', line: 5 });
    expect(error.message).toContain('306 appears twice in one release (first at line 2)');
  });

  it('refuses a header row, and rows of add/alt/comments whose ent_num is not in sdn.csv', async () => {
    const header = ['ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,Vess_flag,Vess_owner,Remarks', ...SDN_ROWS];
    expect((await refusal(parseOfacSdnCsv({ sdn: ofacCsv(header) }, options))).message).toContain('no header row');
    const orphan = await refusal(parseOfacSdnCsv({ sdn: ofacCsv(SDN_ROWS), alt: ofacCsv([...ALT_ROWS, '77,1,"aka","NOBODY",-0- ']) }, options));
    expect(orphan).toMatchObject({ code: 'LIST.MALFORMED', part: 'alt.csv', line: 4 });
  });

  it('refuses CSV that is not well-formed, naming the line', async () => {
    const error = await refusal(parseOfacSdnCsv({ sdn: ofacCsv([SDN_ROWS[0], '37,"UNCLOSED,-0- ,"CUBA"']) }, options));
    expect(error).toMatchObject({ code: 'LIST.MALFORMED', part: 'sdn.csv' });
    expect(error.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses an empty file and another format, saying which file', async () => {
    expect(await refusal(parseOfacSdnCsv({ sdn: ofacCsv(SDN_ROWS), comments: Buffer.alloc(0) }, options))).toMatchObject({ code: 'LIST.EMPTY', part: 'sdn_comments.csv' });
    const un = await refusal(parseOfacSdnCsv({ sdn: Buffer.from(unPrettyXml()) }, options));
    expect(un).toMatchObject({ code: 'LIST.WRONG_FORMAT', part: 'sdn.csv' });
    expect(un.message).toContain('expected ofac-sdn-csv, got XML with root <CONSOLIDATED_LIST> (it looks like un-xml)');
  });

  it('keeps the comments file optional, and the remark cut exactly where OFAC cut it', async () => {
    const { comments: _unused, ...withoutComments } = sdnFiles();
    const listing = (await byId(withoutComments)).get('28264');
    expect(listing?.remarks).toMatch(/Linked To: LAZA$/);
  });
});
