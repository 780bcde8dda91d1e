import { ListErrorCode, ListFormatError } from './list-format.error';
import { cleanText } from './listing-builder';
import type { XmlElement } from './xml-records';

/** Reading collected elements: text cleaned as cleanText says, empty elements as absent. */

export const childrenNamed = (element: XmlElement, name: string): XmlElement[] => element.children.filter((child) => child.name === name);

/** The items of a list element: `items(entry, 'akaList', 'aka')`. */
export const itemsOf = (element: XmlElement, list: string, item: string): XmlElement[] =>
  childrenNamed(element, list).flatMap((wrapper) => childrenNamed(wrapper, item));

export const childNamed = (element: XmlElement, name: string): XmlElement | undefined => element.children.find((child) => child.name === name);

/** The element's text, or undefined when it is empty. */
export function textOf(element: XmlElement | undefined): string | undefined {
  return element && cleanText(element.text);
}

export const childText = (element: XmlElement, name: string): string | undefined => textOf(childNamed(element, name));

/** Texts of every `name` child, empty ones left out. */
export const childTexts = (element: XmlElement, name: string): string[] =>
  childrenNamed(element, name)
    .map(textOf)
    .filter((text): text is string => text !== undefined);

/** An attribute's text, undefined when empty or absent. */
export function attributeOf(element: XmlElement, name: string): string | undefined {
  return cleanText(element.attributes[name]);
}

export function requiredText(element: XmlElement, name: string, path: string): string {
  const text = childText(element, name);
  if (text === undefined) throw new ListFormatError(ListErrorCode.MissingField, `a record has no ${name}`, { line: element.line, element: `${path}/${name}` });
  return text;
}

export function requiredAttribute(element: XmlElement, name: string, path: string): string {
  const value = attributeOf(element, name);
  if (value === undefined) throw new ListFormatError(ListErrorCode.MissingField, `a record has no ${name} attribute`, { line: element.line, element: path });
  return value;
}
