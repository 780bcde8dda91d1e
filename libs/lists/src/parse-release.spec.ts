import { refusal } from '../testing/assertions';
import { euFsfXml, euLegacyXml } from '../testing/eu-fsf-xml.fixtures';
import { billionLaughs, externalEntity } from '../testing/hostile-xml.fixtures';
import { watchNetwork } from '../testing/network-watch';
import { enhancedXml } from '../testing/ofac-enhanced-xml.fixtures';
import { sdnFiles } from '../testing/ofac-sdn-csv.fixtures';
import { ofacXml } from '../testing/ofac-xml.fixtures';
import { ofsiCsv } from '../testing/uk-ofsi-csv.fixtures';
import { unOneLineXml } from '../testing/un-xml.fixtures';
import { zipOf } from '../testing/zip.fixtures';
import type { ListFormat } from './listing';
import { parseRelease } from './parse-release';

/** One small file of each format, as a caller would hand it in. */
const FILES: Record<ListFormat, Buffer> = {
  'un-xml': Buffer.from(unOneLineXml()),
  'ofac-sdn-csv': sdnFiles().sdn,
  'ofac-xml': Buffer.from(ofacXml()),
  'ofac-enhanced-xml': zipOf([{ name: 'CONS_ENHANCED.XML', data: Buffer.from(enhancedXml()) }]),
  'uk-ofsi-csv': ofsiCsv(),
  'eu-fsf-xml': Buffer.from(euFsfXml()),
};
const FORMATS = Object.keys(FILES) as ListFormat[];
const XML_FORMATS: ListFormat[] = ['un-xml', 'ofac-xml', 'ofac-enhanced-xml', 'eu-fsf-xml'];
const options = { releaseDate: '2021-07-07' };

describe('parseRelease', () => {
  it.each(FORMATS)('parses %s with the parser of that format', async (format) => {
    const release = await parseRelease(format, FILES[format], options);
    expect(release.format).toBe(format);
    expect(release.listings.length).toBeGreaterThan(0);
  });

  it('parses the SDN CSV set and both EU layouts', async () => {
    expect((await parseRelease('ofac-sdn-csv', sdnFiles(), options)).parts).toHaveLength(4);
    expect((await parseRelease('eu-fsf-xml', Buffer.from(euLegacyXml()))).releaseDate).toBe('2016-02-11');
  });

  const mismatches = FORMATS.flatMap((named) => FORMATS.filter((actual) => actual !== named).map((actual) => [named, actual] as const));
  it.each(mismatches)('refuses a file named %s that is %s, saying what it looks like', async (named, actual) => {
    const error = await refusal(parseRelease(named, FILES[actual], options));
    expect(error.code).toBe('LIST.WRONG_FORMAT');
    expect(error.message).toContain(`expected ${named}`);
    expect(error.message).toContain(`looks like ${actual}`);
  });

  it('refuses an unknown format name, and a file set for a one-file format', async () => {
    expect(await refusal(() => parseRelease('sdn-advanced' as ListFormat, FILES['un-xml']))).toMatchObject({ code: 'LIST.WRONG_FORMAT' });
    expect(await refusal(() => parseRelease('un-xml', sdnFiles()))).toMatchObject({ code: 'LIST.WRONG_FORMAT' });
  });

  it.each(XML_FORMATS)('%s refuses an entity bomb and an external entity, touching no network', async (format) => {
    const network = await watchNetwork();
    try {
      expect(await refusal(parseRelease(format, Buffer.from(billionLaughs())))).toMatchObject({ code: 'LIST.ENTITY_DECLARATION' });
      expect(await refusal(parseRelease(format, Buffer.from(externalEntity(network.url))))).toMatchObject({ code: 'LIST.ENTITY_DECLARATION', line: 2 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(network.connections()).toBe(0);
      expect(network.calls()).toEqual([]);
    } finally {
      await network.close();
    }
  });

  it.each(FORMATS)('%s refuses an empty file', async (format) => {
    expect(await refusal(parseRelease(format, Buffer.alloc(0), options))).toMatchObject({ code: 'LIST.EMPTY' });
  });
});
