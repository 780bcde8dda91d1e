/**
 * A minimal read of list records straight from the XML text with regular expressions: apart from
 * saxes and from the library under test, so that the counts it gives check the library's.
 * Good enough for the official files it is used on (no nesting of a tag inside itself, no CDATA).
 */

export interface RawRecordsOptions {
  /** Tags of the records (`INDIVIDUAL`, `ENTITY`, `sdnEntry`). */
  records: string[];
  /** The element holding the record's id. */
  id: string;
  /** Elements that are not listing content (version counters, sort keys, nested row ids). */
  drop: string[];
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').replace(/\s*(<[^>]+>)\s*/g, '$1').trim();

function removeEmpty(text: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(/<([A-Za-z_][\w.-]*)\/>/g, '').replace(/<([A-Za-z_][\w.-]*)><\/\1>/g, '');
  } while (current !== previous);
  return current;
}

/** The top-level elements of a body, as tag and inner text. */
function topLevelElements(body: string): { tag: string; inner: string }[] {
  const elements: { tag: string; inner: string }[] = [];
  const open = /<([A-Za-z_][\w.-]*)>/g;
  for (let match = open.exec(body); match; match = open.exec(body)) {
    const close = `</${match[1]}>`;
    const end = body.indexOf(close, open.lastIndex);
    if (end === -1) throw new Error(`unclosed <${match[1]}> in a record`);
    elements.push({ tag: match[1], inner: body.slice(open.lastIndex, end) });
    open.lastIndex = end + close.length;
  }
  return elements;
}

/**
 * A body with the order taken out where it means nothing: the record's own parts, and the items
 * of any list (an element whose children all have one tag: idList/id, akaList/aka, VALUE…), are
 * sorted; the parts of one item (QUALITY, ALIAS_NAME…) stay as they are.
 */
function orderless(body: string, asSet: boolean): string {
  const parts = topLevelElements(body);
  if (parts.length === 0) return body;
  const items = parts.map(({ tag, inner }) => `<${tag}>${orderless(inner, false)}</${tag}>`);
  const list = parts.length > 1 && parts.every(({ tag }) => tag === parts[0].tag);
  return (asSet || list ? items.sort() : items).join('');
}

/** id → the record's normalised content. */
export function rawRecords(text: string, { records, id, drop }: RawRecordsOptions): Map<string, string> {
  const out = new Map<string, string>();
  const record = new RegExp(`<(${records.join('|')})(?:\\s[^>]*)?>([\\s\\S]*?)</\\1>`, 'g');
  const dropped = new RegExp(`<(${drop.join('|')})(?:\\s[^>]*)?(?:/>|>[\\s\\S]*?</\\1>)`, 'g');
  for (const [, , body] of text.matchAll(record)) {
    const key = new RegExp(`<${id}>\\s*([^<]*?)\\s*</${id}>`).exec(body)?.[1];
    if (!key) throw new Error('a record without id');
    if (out.has(key)) throw new Error(`id ${key} twice`);
    out.set(key, orderless(removeEmpty(collapse(body.replace(dropped, ''))), true));
  }
  return out;
}
