import { billionLaughs, externalDtd, externalEntity, plainDoctype } from '../testing/hostile-xml.fixtures';
import { watchNetwork, type NetworkWatch } from '../testing/network-watch';
import { refusal } from '../testing/assertions';
import { readXml, type XmlElement, type XmlReading } from './xml-records';

/** A reading that collects the children of the root and records everything it was shown. */
function recorder(): XmlReading & { roots: string[]; elements: XmlElement[] } {
  const seen = { roots: [] as string[], elements: [] as XmlElement[] };
  return {
    ...seen,
    onRoot: (root) => void seen.roots.push(root.name),
    collects: (path) => path.length === 2,
    onElement: (element) => void seen.elements.push(element),
  };
}

describe('readXml', () => {
  let network: NetworkWatch;
  beforeEach(async () => {
    network = await watchNetwork();
  });
  afterEach(async () => {
    await network.close();
  });

  it('hands over each collected element whole, with its text, attributes and line', () => {
    const reading = recorder();
    readXml('<?xml version="1.0"?>\n<list xmlns="urn:x" date="d">\n  <item id="1"><name>A &amp; B &#65;</name></item>\n  <item id="2"><![CDATA[<raw>]]></item>\n</list>', reading);
    expect(reading.roots).toEqual(['list']);
    expect(reading.elements.map((element) => [element.name, element.uri, element.attributes, element.line])).toEqual([
      ['item', 'urn:x', { id: '1' }, 3],
      ['item', 'urn:x', { id: '2' }, 4],
    ]);
    expect(reading.elements[0].children[0].text).toBe('A & B A');
    expect(reading.elements[1].text).toBe('<raw>');
  });

  it('refuses an entity-expansion bomb at its DOCTYPE: no entity is expanded, no element read', async () => {
    const reading = recorder();
    const started = process.hrtime.bigint();
    const error = await refusal(() => readXml(billionLaughs(), reading));
    expect(error).toMatchObject({ code: 'LIST.ENTITY_DECLARATION', line: 13 });
    expect(error.message).toContain('declares entities');
    expect(reading.roots).toEqual([]);
    expect(reading.elements).toEqual([]);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });

  it('refuses an external entity without touching the network', async () => {
    const reading = recorder();
    const error = await refusal(() => readXml(externalEntity(network.url), reading));
    expect(error).toMatchObject({ code: 'LIST.ENTITY_DECLARATION', line: 2 });
    expect(reading.roots).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(network.connections()).toBe(0);
    expect(network.calls()).toEqual([]);
  });

  it('refuses an external DTD without fetching it, and any other DOCTYPE too', async () => {
    expect(await refusal(() => readXml(externalDtd(network.url), recorder()))).toMatchObject({ code: 'LIST.ENTITY_DECLARATION', line: 2 });
    expect(await refusal(() => readXml(plainDoctype(), recorder()))).toMatchObject({ code: 'LIST.DOCTYPE', line: 2 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(network.connections()).toBe(0);
    expect(network.calls()).toEqual([]);
  });

  it('never expands an entity that was not declared: it is malformed XML', async () => {
    const error = await refusal(() => readXml('<list>\n<item>&e;</item>\n</list>', recorder()));
    expect(error).toMatchObject({ code: 'LIST.MALFORMED', line: 2, element: 'list/item' });
    expect(error.message).toContain('undefined entity');
  });

  it('says where a document is cut short, naming the element left open', async () => {
    const text = '<list>\n  <item id="1"><name>A</name></item>\n  <item id="2"><name>B</na';
    const error = await refusal(() => readXml(text, recorder()));
    expect(error).toMatchObject({ code: 'LIST.TRUNCATED', line: 3, element: 'list/item/name' });
    expect(error.message).toContain('ends inside <name> opened at line 3');
  });

  it('names the line of a mismatched closing tag', async () => {
    const error = await refusal(() => readXml('<list>\n  <item>\n  </itm>\n</list>', recorder()));
    expect(error).toMatchObject({ code: 'LIST.MALFORMED', line: 3 });
    expect(error.message).toContain('not well-formed XML');
  });
});
