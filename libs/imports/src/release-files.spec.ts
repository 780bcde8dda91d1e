import { createHash } from 'node:crypto';
import { parseRelease } from '@app/lists';
import { ReleaseParser, releaseInputOf, SDN_FILE_ROLES, type ReleaseFile } from './release-files';

// The real parser, watched: how many times the ReleaseParser asks for a parse.
jest.mock('@app/lists', () => {
  const actual = jest.requireActual('@app/lists');
  return { ...actual, parseRelease: jest.fn(actual.parseRelease) };
});
const parses = parseRelease as jest.MockedFunction<typeof parseRelease>;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The smallest UN Consolidated List this spec needs: one individual, one entity. */
const unXml = (dateGenerated: string, name = 'RI WON HO'): Buffer =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="${dateGenerated}">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>6908555</DATAID>
      <FIRST_NAME>${name}</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPi.033</REFERENCE_NUMBER>
      <LISTED_ON>2016-11-30</LISTED_ON>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>110430</DATAID>
      <FIRST_NAME>KOREA MINING DEVELOPMENT TRADING CORPORATION</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.001</REFERENCE_NUMBER>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
`);

const file = (bytes: Buffer): ReleaseFile[] => [{ role: 'file', bytes }];

beforeEach(() => parses.mockClear());

describe('releaseInputOf', () => {
  const sdn = Buffer.from('36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n');
  const add = Buffer.from('36,25,-0- ,"Havana","Cuba",-0- \r\n');
  const alt = Buffer.from('36,12,"aka","AERO-CARIBBEAN",-0- \r\n');
  const comments = Buffer.from('36,"More remarks."\r\n');

  it('names the SDN CSV roles by OFAC\'s file names', () => {
    expect(SDN_FILE_ROLES).toEqual(['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv']);
  });

  it('maps each file of an SDN CSV set to its role, by its file name in any case, whatever the order', () => {
    const input = releaseInputOf('ofac-sdn-csv', [
      { role: 'SDN_COMMENTS.CSV', bytes: comments },
      { role: 'alt.csv', bytes: alt },
      { role: 'Add.csv', bytes: add },
      { role: 'sdn.csv', bytes: sdn },
    ]);
    expect(input).toEqual({ sdn, add, alt, comments });
    expect((input as { sdn: Buffer }).sdn).toBe(sdn);
  });

  it('leaves out the files of a set that are not SDN CSV roles, and the optional roles not given', () => {
    expect(releaseInputOf('ofac-sdn-csv', [{ role: 'sdn.csv', bytes: sdn }, { role: 'readme.txt', bytes: Buffer.from('hi') }])).toEqual({ sdn });
  });

  it('gives the SDN CSV set to the parser, which reads it with its parts named by role', async () => {
    const release = await parseRelease('ofac-sdn-csv', releaseInputOf('ofac-sdn-csv', [{ role: 'sdn.csv', bytes: sdn }, { role: 'alt.csv', bytes: alt }]), { releaseDate: '2026-01-02' });
    expect(release.listings.map((l) => [l.sourceId, l.name, l.names.map((n) => n.name)])).toEqual([['36', 'AEROCARIBBEAN AIRLINES', ['AEROCARIBBEAN AIRLINES', 'AERO-CARIBBEAN']]]);
    expect(release.parts.map((p) => p.role).sort()).toEqual(['alt.csv', 'sdn.csv']);
  });

  it('takes the one file of any other format as it is, and no file as no bytes', () => {
    const bytes = unXml('2026-01-02T00:00:00Z');
    expect(releaseInputOf('un-xml', [{ role: 'consolidated.xml', bytes }])).toBe(bytes);
    expect(releaseInputOf('eu-fsf-xml', [])).toEqual(Buffer.alloc(0));
  });
});

describe('ReleaseParser', () => {
  const bytes = unXml('2026-01-02T00:00:00Z');
  const hash = sha256(bytes);

  it('parses a release as parseRelease does', async () => {
    const release = await new ReleaseParser().parse('un-xml', file(bytes), {}, hash);
    expect(release).toMatchObject({ format: 'un-xml', source: 'un', releaseDate: '2026-01-02T00:00:00Z', sha256: hash });
    expect(release.listings.map((l) => [l.sourceId, l.kind, l.name])).toEqual([
      ['6908555', 'individual', 'RI WON HO'],
      ['110430', 'entity', 'KOREA MINING DEVELOPMENT TRADING CORPORATION'],
    ]);
  });

  it('parses the same release once when given its hash: the second time is the first\'s result', async () => {
    const parser = new ReleaseParser();
    const first = parser.parse('un-xml', file(bytes), {}, hash);
    const second = parser.parse('un-xml', file(Buffer.from(bytes)), {}, hash);
    expect(second).toBe(first);
    expect(await second).toBe(await first);
    expect(parses).toHaveBeenCalledTimes(1);
  });

  it('parses every time without a hash', async () => {
    const parser = new ReleaseParser();
    const first = await parser.parse('un-xml', file(bytes), {});
    const second = await parser.parse('un-xml', file(bytes), {});
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(parses).toHaveBeenCalledTimes(2);
  });

  it('keeps releases of different hashes apart', async () => {
    const parser = new ReleaseParser();
    const other = unXml('2026-02-01T00:00:00Z', 'RI WON-HO');
    const a = await parser.parse('un-xml', file(bytes), {}, hash);
    const b = await parser.parse('un-xml', file(other), {}, sha256(other));
    expect(a.listings[0].name).toBe('RI WON HO');
    expect(b.listings[0].name).toBe('RI WON-HO');
    expect(parses).toHaveBeenCalledTimes(2);
  });

  it('keeps only the last few releases, the least recently used forgotten first', async () => {
    const parser = new ReleaseParser(2);
    const releases = ['2026-01-01', '2026-02-01', '2026-03-01'].map((date) => unXml(`${date}T00:00:00Z`));
    const [a, b, c] = releases;
    await parser.parse('un-xml', file(a), {}, sha256(a));
    await parser.parse('un-xml', file(b), {}, sha256(b));
    await parser.parse('un-xml', file(a), {}, sha256(a)); // a is used again: b is now the oldest
    expect(parses).toHaveBeenCalledTimes(2);
    await parser.parse('un-xml', file(c), {}, sha256(c)); // b is forgotten
    expect(parses).toHaveBeenCalledTimes(3);
    await parser.parse('un-xml', file(a), {}, sha256(a));
    await parser.parse('un-xml', file(c), {}, sha256(c));
    expect(parses).toHaveBeenCalledTimes(3);
    await parser.parse('un-xml', file(b), {}, sha256(b));
    expect(parses).toHaveBeenCalledTimes(4);
  });

  it('does not keep a refusal: the same hash is parsed again next time', async () => {
    const parser = new ReleaseParser();
    const broken = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2026-01-02T00:00:00Z"><INDIVIDUALS>');
    const brokenHash = sha256(broken);
    await expect(parser.parse('un-xml', file(broken), {}, brokenHash)).rejects.toMatchObject({ code: 'LIST.TRUNCATED' });
    await expect(parser.parse('un-xml', file(broken), {}, brokenHash)).rejects.toMatchObject({ code: 'LIST.TRUNCATED' });
    expect(parses).toHaveBeenCalledTimes(2);
  });

  it('refuses bytes of another format than the one named', async () => {
    await expect(new ReleaseParser().parse('ofac-xml', file(bytes), {}, hash)).rejects.toMatchObject({ code: 'LIST.WRONG_FORMAT' });
  });
});
