import { SaxesParser } from 'saxes';
import type { ListFormat } from './listing';

const SNIFF_BYTES = 64 * 1024;
export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export interface XmlRoot {
  name: string;
  uri: string;
}

/** XML roots by local name (and namespace, where the format has one). */
const ROOTS: { name: string; uri?: string; format: ListFormat }[] = [
  { name: 'CONSOLIDATED_LIST', format: 'un-xml' },
  { name: 'sdnList', uri: 'http://tempuri.org/sdnList.xsd', format: 'ofac-xml' },
  { name: 'sanctionsData', uri: 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML', format: 'ofac-enhanced-xml' },
  { name: 'export', uri: 'http://eu.europa.ec/fpi/fsd/export', format: 'eu-fsf-xml' },
  { name: 'WHOLE', format: 'eu-fsf-xml' },
];

export const isZip = (bytes: Uint8Array): boolean => ZIP_MAGIC.every((byte, i) => bytes[i] === byte);

/** The head of the file as text, for sniffing only (Latin-1 reads any byte; the markup is ASCII). */
function head(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, SNIFF_BYTES)).toString('latin1');
  return text.replace(/^\u00ef\u00bb\u00bf/, '');
}

export const looksLikeXml = (bytes: Uint8Array): boolean => head(bytes).trimStart().startsWith('<');

/** What saxes reports before the root element: the declared encoding, and the root itself. */
export function xmlPrologue(bytes: Uint8Array): { encoding?: string; root?: XmlRoot } {
  const parser = new SaxesParser({ xmlns: true });
  const found: { encoding?: string; root?: XmlRoot } = {};
  const stop = new Error('root found');
  parser.on('xmldecl', (declaration) => {
    found.encoding = declaration.encoding;
  });
  parser.on('opentag', (tag) => {
    found.root = { name: tag.local, uri: tag.uri };
    throw stop;
  });
  parser.on('doctype', () => {
    throw stop;
  });
  parser.on('error', () => {
    throw stop;
  });
  try {
    parser.write(head(bytes));
  } catch (error) {
    if (error !== stop) throw error;
  }
  return found;
}

export function formatOfXmlRoot(root: XmlRoot): ListFormat | undefined {
  return ROOTS.find((known) => known.name === root.name && (known.uri === undefined || known.uri === root.uri))?.format;
}

/** Which list format the bytes look like, and a few words on why: for error messages and callers that must guess. */
export function sniffFormat(bytes: Uint8Array): { format?: ListFormat; description: string } {
  if (bytes.byteLength === 0) return { description: 'an empty file' };
  if (isZip(bytes)) return { format: 'ofac-enhanced-xml', description: 'a zip archive' };
  if (looksLikeXml(bytes)) {
    const { root } = xmlPrologue(bytes);
    if (!root) return { description: 'XML without a readable root element' };
    const format = formatOfXmlRoot(root);
    return { format, description: `XML with root <${root.name}>${root.uri ? ` in namespace ${root.uri}` : ''}` };
  }
  const firstLine = head(bytes).split(/\r?\n/, 1)[0];
  const quoted = JSON.stringify(firstLine.slice(0, 60));
  if (/^Last Updated,/.test(firstLine)) return { format: 'uk-ofsi-csv', description: `CSV whose first line is ${quoted}` };
  if (/^\d+,"/.test(firstLine)) return { format: 'ofac-sdn-csv', description: `CSV whose first line is ${quoted}` };
  return { description: `text whose first line is ${quoted}` };
}
