import { ListErrorCode, ListFormatError } from './list-format.error';
import type { ListFormat } from './listing';
import { wrongFormat, type ParseOptions } from './release';
import { formatOfXmlRoot, isZip, looksLikeXml, xmlPrologue } from './sniff-format';
import { decodeText, type DecodedText } from './text-decoding';
import type { XmlElement } from './xml-records';

/**
 * Decodes an XML list file. The XML declaration's encoding is obeyed (an explicit `encoding`
 * option overrides it); a file declared UTF-8 — or declaring nothing, which means UTF-8 — with
 * bytes that are not UTF-8 is refused, naming the line.
 */
export function decodeXml(format: ListFormat, bytes: Buffer, options: ParseOptions): DecodedText {
  if (isZip(bytes)) throw wrongFormat(format, bytes);
  if (!looksLikeXml(bytes)) {
    decodeText(bytes, options.encoding); // an empty or UTF-16 file is refused as such
    throw wrongFormat(format, bytes);
  }
  const { encoding: declared } = xmlPrologue(bytes);
  // XML without an encoding declaration is UTF-8 (XML 1.0, 4.3.3).
  return decodeText(bytes, options.encoding, declared ?? 'UTF-8');
}

export interface ExpectedRoot {
  name: string;
  uri?: string;
}

/** Refuses a document whose root is not one of the format's, naming what it found. */
export function expectRoot(format: ListFormat, root: XmlElement, expected: ExpectedRoot[]): ExpectedRoot {
  const match = expected.find(({ name, uri }) => root.name === name && (uri === undefined || root.uri === uri));
  if (match) return match;
  const other = formatOfXmlRoot(root);
  const wanted = expected.map(({ name, uri }) => `<${name}>${uri ? ` in ${uri}` : ''}`).join(' or ');
  throw new ListFormatError(
    ListErrorCode.WrongFormat,
    `expected ${format} (root ${wanted}), got root <${root.name}>${root.uri ? ` in ${root.uri}` : ''}${other ? `: it looks like ${other}` : ''}`,
    { line: root.line, element: root.name },
  );
}
