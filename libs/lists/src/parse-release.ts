import type { ListBytes } from './bytes';
import { parseEuFsfXml } from './eu-fsf-xml.parser';
import { ListErrorCode, ListFormatError } from './list-format.error';
import { LIST_FORMATS, type ListFormat, type Release } from './listing';
import { parseOfacEnhancedXml } from './ofac-enhanced-xml.parser';
import { isFileSet, parseOfacSdnCsv, type SdnCsvFiles } from './ofac-sdn-csv.parser';
import { parseOfacXml } from './ofac-xml.parser';
import type { ParseOptions } from './release';
import { parseUkOfsiCsv } from './uk-ofsi-csv.parser';
import { parseUnXml } from './un-xml.parser';

/** What a format is read from: the file's bytes, or for OFAC SDN CSV its set of files. */
export type ReleaseInput = ListBytes | SdnCsvFiles;

const PARSERS: Record<Exclude<ListFormat, 'ofac-sdn-csv'>, (input: ListBytes, options: ParseOptions) => Promise<Release>> = {
  'un-xml': parseUnXml,
  'ofac-xml': parseOfacXml,
  'ofac-enhanced-xml': parseOfacEnhancedXml,
  'uk-ofsi-csv': parseUkOfsiCsv,
  'eu-fsf-xml': parseEuFsfXml,
};

/**
 * Parses one release in the named format. The format is the caller's statement, checked against
 * the bytes: a file of another format is refused with LIST.WRONG_FORMAT, saying what it looks like.
 */
export function parseRelease(format: ListFormat, input: ReleaseInput, options: ParseOptions = {}): Promise<Release> {
  if (format === 'ofac-sdn-csv') return parseOfacSdnCsv(input, options);
  const parser = PARSERS[format];
  if (!parser) throw new ListFormatError(ListErrorCode.WrongFormat, `unknown list format "${String(format)}"; known: ${LIST_FORMATS.join(', ')}`);
  if (isFileSet(input)) throw new ListFormatError(ListErrorCode.WrongFormat, `${format} is one file; a set of SDN CSV files was given`);
  return parser(input, options);
}
