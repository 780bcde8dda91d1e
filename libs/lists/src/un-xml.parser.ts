import type { ListBytes } from './bytes';
import { fromIsoDate, laterOf } from './dates';
import { ListErrorCode, ListFormatError } from './list-format.error';
import { ListingCollector, newListing, pushUnique } from './listing-builder';
import type { Address, DateOfBirth, Identifier, IdentifierType, ListedName, Listing, NameQuality, Release } from './listing';
import { makeRelease, readInput, type ParseOptions } from './release';
import { attributeOf, childrenNamed, childText, childTexts, requiredText } from './xml-element';
import { readXml, type XmlElement } from './xml-records';
import { decodeXml, expectRoot } from './xml-release';

const ROOT = 'CONSOLIDATED_LIST';
const RECORDS: Record<string, string> = { INDIVIDUALS: 'INDIVIDUAL', ENTITIES: 'ENTITY' };
const ALIAS_QUALITY: Record<string, NameQuality> = { good: 'good', low: 'low', 'a.k.a.': 'aka', 'f.k.a.': 'fka' };

/**
 * The UN Security Council Consolidated List (`CONSOLIDATED_LIST`, sc-sanctions.xsd), pretty-printed
 * or one record per line alike. Keyed by DATAID; VERSIONNUM, SORT_KEY and LIST_TYPE are not
 * listing content (VERSIONNUM does not even change when a record is amended).
 */
export async function parseUnXml(input: ListBytes, options: ParseOptions = {}): Promise<Release> {
  const file = await readInput('file', input, options);
  const { text, encoding } = decodeXml('un-xml', file.bytes, options);
  const collector = new ListingCollector((line, listing) => ({ line, element: `${ROOT}/${listing.kind === 'individual' ? 'INDIVIDUALS/INDIVIDUAL' : 'ENTITIES/ENTITY'}` }));
  let releaseDate: string | undefined;
  readXml(text, {
    onRoot(root) {
      expectRoot('un-xml', root, [{ name: ROOT }]);
      releaseDate = attributeOf(root, 'dateGenerated');
      if (!releaseDate) throw new ListFormatError(ListErrorCode.MissingField, 'the list has no dateGenerated', { line: root.line, element: ROOT });
    },
    collects: (path) => path.length === 3 && RECORDS[path[1]] === path[2],
    onElement(element, path) {
      collector.add(unListing(element, path.join('/')), element.line);
    },
  });
  return makeRelease('un-xml', releaseDate as string, [file.part], encoding, collector.listings);
}

function unListing(record: XmlElement, path: string): Listing {
  const individual = record.name === 'INDIVIDUAL';
  const primary = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
    .map((part) => childText(record, part))
    .filter(Boolean)
    .join(' ');
  const names: ListedName[] = [{ name: primary, quality: 'primary' }];
  const listing = newListing('un', requiredText(record, 'DATAID', path), individual ? 'individual' : 'entity', names);
  listing.referenceNumber = childText(record, 'REFERENCE_NUMBER');
  pushUnique(listing.names, withValue(childText(record, 'NAME_ORIGINAL_SCRIPT'), (name) => ({ name, quality: 'primary' as const, script: 'original' })));
  for (const alias of childrenNamed(record, individual ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS')) pushUnique(listing.names, unAlias(alias));
  pushUnique(listing.programs, childText(record, 'UN_LIST_TYPE'));
  listing.listedOn = fromIsoDate(childText(record, 'LISTED_ON'));
  listing.remarks = childText(record, 'COMMENTS1');
  listing.gender = childText(record, 'GENDER');
  for (const title of valuesOf(record, 'TITLE')) pushUnique(listing.titles, title);
  for (const position of valuesOf(record, 'DESIGNATION')) pushUnique(listing.positions, position);
  for (const nationality of [...valuesOf(record, 'NATIONALITY'), ...valuesOf(record, 'NATIONALITY2')]) pushUnique(listing.nationalities, nationality);
  for (const updated of valuesOf(record, 'LAST_DAY_UPDATED')) listing.lastUpdated = laterOf(listing.lastUpdated, fromIsoDate(updated) ?? updated);
  for (const address of childrenNamed(record, individual ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS')) pushUnique(listing.addresses, unAddress(address));
  for (const birth of childrenNamed(record, 'INDIVIDUAL_DATE_OF_BIRTH')) pushUnique(listing.datesOfBirth, unDateOfBirth(birth));
  for (const place of childrenNamed(record, 'INDIVIDUAL_PLACE_OF_BIRTH')) pushUnique(listing.placesOfBirth, unAddress(place));
  for (const document of childrenNamed(record, 'INDIVIDUAL_DOCUMENT')) pushUnique(listing.identifiers, unDocument(document));
  return listing;
}

const withValue = <T>(text: string | undefined, make: (text: string) => T): T | undefined => (text === undefined ? undefined : make(text));

const valuesOf = (record: XmlElement, name: string): string[] => childrenNamed(record, name).flatMap((element) => childTexts(element, 'VALUE'));

function unAlias(alias: XmlElement): ListedName | undefined {
  const name = childText(alias, 'ALIAS_NAME');
  if (!name) return undefined;
  const place = [childText(alias, 'CITY_OF_BIRTH'), childText(alias, 'COUNTRY_OF_BIRTH')].filter(Boolean).join(', ');
  return {
    name,
    quality: ALIAS_QUALITY[childText(alias, 'QUALITY')?.toLowerCase() ?? ''] ?? 'aka',
    note: childText(alias, 'NOTE'),
    dateOfBirth: childText(alias, 'DATE_OF_BIRTH'),
    placeOfBirth: place || undefined,
  };
}

function unAddress(address: XmlElement): Address {
  return {
    street: childText(address, 'STREET'),
    city: childText(address, 'CITY'),
    region: childText(address, 'STATE_PROVINCE'),
    postalCode: childText(address, 'ZIP_CODE'),
    country: childText(address, 'COUNTRY'),
    note: childText(address, 'NOTE'),
  };
}

function unDateOfBirth(birth: XmlElement): DateOfBirth | undefined {
  const kind = childText(birth, 'TYPE_OF_DATE')?.toUpperCase();
  const note = childText(birth, 'NOTE');
  const approximate = kind === 'APPROXIMATELY' ? { approximate: true as const } : {};
  const date = childText(birth, 'DATE');
  const year = childText(birth, 'YEAR');
  const from = childText(birth, 'FROM_YEAR');
  const to = childText(birth, 'TO_YEAR');
  if (from && to) return { type: 'range', from, to, ...approximate, note };
  const exact = date ?? year;
  if (exact) return fromIsoDate(exact) ? { type: 'date', date: fromIsoDate(exact) as string, ...approximate, note } : { type: 'text', text: exact, note };
  return note ? { type: 'text', text: note } : undefined;
}

function unDocument(document: XmlElement): Identifier | undefined {
  const label = [childText(document, 'TYPE_OF_DOCUMENT'), childText(document, 'TYPE_OF_DOCUMENT2')].filter(Boolean).join(' / ');
  const value = childText(document, 'NUMBER');
  const note = childText(document, 'NOTE');
  if (!label && !value && !note) return undefined;
  const placeOfIssue = [childText(document, 'CITY_OF_ISSUE'), childText(document, 'COUNTRY_OF_ISSUE')].filter(Boolean).join(', ');
  return {
    type: documentType(label),
    value,
    label: label || undefined,
    country: childText(document, 'ISSUING_COUNTRY'),
    issuedOn: fromIsoDate(childText(document, 'DATE_OF_ISSUE')) ?? childText(document, 'DATE_OF_ISSUE'),
    placeOfIssue: placeOfIssue || undefined,
    note,
  };
}

function documentType(label: string): IdentifierType {
  if (/pass(port|eport)|pasaporte/i.test(label)) return 'passport';
  if (/national ident/i.test(label)) return 'national_id';
  return 'other';
}
