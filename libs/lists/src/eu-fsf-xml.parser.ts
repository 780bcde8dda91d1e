import type { ListBytes } from './bytes';
import { fromDayMonthYear } from './dates';
import { readLegacyEntity } from './eu-fsf.legacy-entity';
import { readSanctionEntity } from './eu-fsf.sanction-entity';
import { ListErrorCode, ListFormatError } from './list-format.error';
import { ListingCollector } from './listing-builder';
import type { Release } from './listing';
import { makeRelease, readInput, type ParseOptions } from './release';
import { attributeOf } from './xml-element';
import { readXml } from './xml-records';
import { decodeXml, expectRoot } from './xml-release';

const NAMESPACE = 'http://eu.europa.ec/fpi/fsd/export';

/**
 * The EU Financial Sanctions Files: the current FSF v1.1 XML (`export` / `sanctionEntity`,
 * keyed by logicalId) and the legacy v1.0 XML (`WHOLE` / `ENTITY`, keyed by Id).
 */
export async function parseEuFsfXml(input: ListBytes, options: ParseOptions = {}): Promise<Release> {
  const file = await readInput('file', input, options);
  const { text, encoding } = decodeXml('eu-fsf-xml', file.bytes, options);
  let record = '';
  const collector = new ListingCollector((line) => ({ line, element: `${record === 'ENTITY' ? 'WHOLE' : 'export'}/${record}` }));
  let releaseDate: string | undefined;
  readXml(text, {
    onRoot(root) {
      const legacy = expectRoot('eu-fsf-xml', root, [{ name: 'export', uri: NAMESPACE }, { name: 'WHOLE' }]).name === 'WHOLE';
      record = legacy ? 'ENTITY' : 'sanctionEntity';
      const date = legacy ? attributeOf(root, 'Date') : attributeOf(root, 'generationDate');
      releaseDate = legacy ? (fromDayMonthYear(date) ?? date) : date;
      if (!releaseDate) throw new ListFormatError(ListErrorCode.MissingField, `the list has no ${legacy ? 'Date' : 'generationDate'}`, { line: root.line, element: root.name });
    },
    collects: (path) => path.length === 2 && path[1] === record,
    onElement(element, path) {
      const where = path.join('/');
      collector.add(record === 'ENTITY' ? readLegacyEntity(element, where) : readSanctionEntity(element, where), element.line);
    },
  });
  return makeRelease('eu-fsf-xml', releaseDate as string, [file.part], encoding, collector.listings);
}
