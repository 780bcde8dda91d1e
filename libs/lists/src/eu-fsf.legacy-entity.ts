import { fromIsoDate } from './dates';
import { EU_DOCUMENT_TYPES } from './eu-fsf.sanction-entity';
import { ListErrorCode, ListFormatError } from './list-format.error';
import { newListing, pushUnique } from './listing-builder';
import type { DateOfBirth, Identifier, Listing, ListingKind } from './listing';
import { attributeOf, childrenNamed, childText, requiredAttribute } from './xml-element';
import type { XmlElement } from './xml-records';

const KINDS: Record<string, ListingKind> = { P: 'individual', E: 'entity' };
const CHILDREN = ['NAME', 'BIRTH', 'PASSPORT', 'CITIZEN', 'ADDRESS'];

/**
 * One legacy FSD v1.0 `ENTITY`. v1.0 qualifies no name: the first given is taken as primary,
 * the others as a.k.a. Each child carries its own legal basis and programme; all are kept.
 */
export function readLegacyEntity(entity: XmlElement, path: string): Listing {
  const sourceId = requiredAttribute(entity, 'Id', path);
  const type = attributeOf(entity, 'Type') ?? '';
  const kind = KINDS[type];
  if (!kind) throw new ListFormatError(ListErrorCode.Malformed, `unknown Type "${type}"`, { line: entity.line, element: path });
  const listing = newListing('eu', sourceId, kind, []);
  listing.listedOn = fromIsoDate(attributeOf(entity, 'reg_date'));
  listing.remarks = attributeOf(entity, 'remark');
  for (const element of [entity, ...entity.children.filter((child) => CHILDREN.includes(child.name))]) {
    pushUnique(listing.programs, attributeOf(element, 'programme'));
    pushUnique(listing.legalBasis, attributeOf(element, 'legal_basis'));
  }
  for (const name of childrenNamed(entity, 'NAME')) {
    const [firstName, middleName, lastName] = ['FIRSTNAME', 'MIDDLENAME', 'LASTNAME'].map((part) => childText(name, part));
    const whole = childText(name, 'WHOLENAME') ?? [firstName, middleName, lastName].filter(Boolean).join(' ');
    if (whole) {
      const quality = listing.names.length === 0 ? 'primary' : 'aka';
      pushUnique(listing.names, { name: whole, quality, firstName, middleName, lastName, title: childText(name, 'TITLE'), script: childText(name, 'LANGUAGE') });
    }
    pushUnique(listing.titles, childText(name, 'TITLE'));
    pushUnique(listing.positions, childText(name, 'FUNCTION'));
    listing.gender ??= childText(name, 'GENDER');
  }
  listing.name = listing.names[0]?.name ?? '';
  for (const birth of childrenNamed(entity, 'BIRTH')) {
    pushUnique(listing.datesOfBirth, legacyDate(childText(birth, 'DATE')));
    pushUnique(listing.placesOfBirth, { place: childText(birth, 'PLACE'), country: childText(birth, 'COUNTRY') });
  }
  for (const passport of childrenNamed(entity, 'PASSPORT')) pushUnique(listing.identifiers, legacyDocument(childText(passport, 'NUMBER'), childText(passport, 'COUNTRY')));
  for (const citizen of childrenNamed(entity, 'CITIZEN')) pushUnique(listing.nationalities, childText(citizen, 'COUNTRY'));
  for (const address of childrenNamed(entity, 'ADDRESS')) {
    const street = [childText(address, 'NUMBER'), childText(address, 'STREET')].filter(Boolean).join(' ');
    pushUnique(listing.addresses, {
      street: street || undefined,
      postalCode: childText(address, 'ZIPCODE'),
      city: childText(address, 'CITY'),
      country: childText(address, 'COUNTRY'),
      note: childText(address, 'OTHER'),
    });
  }
  return listing;
}

/** `1965-07-04`, `1965`, `1965 (approximative)`, `1958 - 1960 (approximative)`; anything else verbatim. */
function legacyDate(text: string | undefined): DateOfBirth | undefined {
  if (!text) return undefined;
  const approximate = /\(approximative\)\s*$/.test(text) ? { approximate: true as const } : {};
  const body = text.replace(/\(approximative\)\s*$/, '').trim();
  const range = /^(\d{4})\s*-\s*(\d{4})$/.exec(body);
  if (range) return { type: 'range', from: range[1], to: range[2], ...approximate };
  const date = fromIsoDate(body);
  return date ? { type: 'date', date, ...approximate } : { type: 'text', text };
}

/** The legacy file writes the document type into the number: `AD001095 (passport-National passport) (remark)`. */
function legacyDocument(number: string | undefined, country: string | undefined): Identifier | undefined {
  if (!number) return undefined;
  const typed = /^(.*?)\s*\((\w+)-([^()]*)\)\s*(.*)$/.exec(number);
  if (!typed) return { type: 'passport', value: number, country };
  const note = typed[4].replace(/^\((.*)\)$/, '$1').trim();
  return { type: EU_DOCUMENT_TYPES[typed[2].toLowerCase()] ?? 'other', value: typed[1] || undefined, label: typed[3].trim(), country, note: note || undefined };
}
