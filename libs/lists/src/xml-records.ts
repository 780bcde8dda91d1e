import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ListErrorCode, ListFormatError } from './list-format.error';

/** One collected element: saxes parses, this only keeps what it reported, for one record at a time. */
export interface XmlElement {
  name: string;
  uri: string;
  /** By local name; namespace declarations left out. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element (untrimmed). */
  text: string;
  line: number;
}

export interface XmlReading {
  /** The root element as it opens (no children yet): refuse here what is not the expected document. */
  onRoot(root: XmlElement): void;
  /** Whether the element at this path (local names, root first) is collected whole and handed to onElement. */
  collects(path: readonly string[]): boolean;
  onElement(element: XmlElement, path: readonly string[]): void;
}

/**
 * Streams a decoded XML document through saxes, handing over one collected element (a record) at
 * a time. A DOCTYPE is refused before anything after it is read: saxes never expands entities
 * declared in a DTD nor fetches external ones, and refusing the declaration means no document
 * relying on them is ever taken as a list.
 */
export function readXml(text: string, reading: XmlReading): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const path: string[] = [];
  const openedAt: number[] = [];
  const collecting: XmlElement[] = [];
  const where = () => ({ line: parser.line, column: parser.column + 1, element: path.join('/') || undefined });

  parser.on('doctype', (doctype) => {
    const declaresEntities = /<!ENTITY/i.test(doctype);
    const external = /\b(SYSTEM|PUBLIC)\b/.test(doctype);
    if (declaresEntities || external) {
      throw new ListFormatError(
        ListErrorCode.EntityDeclaration,
        `refused a DOCTYPE that ${declaresEntities ? 'declares entities' : 'references an external DTD'}: official lists have none, and entities are never expanded or fetched`,
        where(),
      );
    }
    throw new ListFormatError(ListErrorCode.Doctype, 'refused a DOCTYPE: official lists have none', where());
  });
  parser.on('error', (error) => {
    throw new ListFormatError(ListErrorCode.Malformed, `not well-formed XML: ${error.message.replace(/^\d+:\d+: /, '')}`, where());
  });
  parser.on('opentag', (tag) => {
    path.push(tag.local);
    openedAt.push(parser.line);
    const element = toElement(tag, parser.line);
    if (path.length === 1) reading.onRoot(element);
    const parent = collecting[collecting.length - 1];
    if (parent) {
      parent.children.push(element);
      collecting.push(element);
    } else if (reading.collects(path)) collecting.push(element);
  });
  const addText = (data: string) => {
    const current = collecting[collecting.length - 1];
    if (current) current.text += data;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const element = collecting.pop();
    if (element && collecting.length === 0) reading.onElement(element, path);
    path.pop();
    openedAt.pop();
  });

  parser.write(text);
  if (path.length > 0) {
    throw new ListFormatError(
      ListErrorCode.Truncated,
      `the document ends inside <${path[path.length - 1]}> opened at line ${openedAt[openedAt.length - 1]}: the file is cut short`,
      where(),
    );
  }
  parser.close();
}

function toElement(tag: SaxesTagNS, line: number): XmlElement {
  const attributes: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.prefix === 'xmlns' || attribute.name === 'xmlns') continue;
    attributes[attribute.local] = attribute.value;
  }
  return { name: tag.local, uri: tag.uri, attributes, children: [], text: '', line };
}
