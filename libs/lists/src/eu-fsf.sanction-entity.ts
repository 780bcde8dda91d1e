import { fromIsoDate } from './dates';
import { ListErrorCode, ListFormatError } from './list-format.error';
import { newListing, pushUnique } from './listing-builder';
import type { DateOfBirth, IdentifierType, Listing, ListingKind } from './listing';
import { attributeOf, childrenNamed, childTexts, requiredAttribute } from './xml-element';
import type { XmlElement } from './xml-records';

const KINDS: Record<string, ListingKind> = { person: 'individual', enterprise: 'entity', vessel: 'vessel', aircraft: 'aircraft' };

/** FSF identification type codes (identificationTypeCode; the legacy file writes the same codes in its passport text). */
export const EU_DOCUMENT_TYPES: Record<string, IdentifierType> = {
  passport: 'passport',
  id: 'national_id',
  ssn: 'national_id',
  drivinglicence: 'national_id',
  travelcardid: 'passport',
  fiscalcode: 'tax_id',
  tradelicence: 'registration_number',
  regnumber: 'registration_number',
  imo: 'imo',
  swift: 'swift_bic',
};

const remarkOf = (element: XmlElement) => childTexts(element, 'remark').join(' ') || undefined;
const country = (element: XmlElement) => attributeOf(element, 'countryDescription') ?? attributeOf(element, 'countryIso2Code');

/** One FSF v1.1 `sanctionEntity`. EU names are not ranked: `strong="true"` is a good-quality alias, otherwise low. */
export function readSanctionEntity(entity: XmlElement, path: string): Listing {
  const sourceId = requiredAttribute(entity, 'logicalId', path);
  const subject = childrenNamed(entity, 'subjectType')[0];
  const code = subject && attributeOf(subject, 'code');
  const kind = KINDS[code?.toLowerCase() ?? ''];
  if (!kind) throw new ListFormatError(ListErrorCode.Malformed, `unknown subjectType code "${code ?? ''}"`, { line: entity.line, element: `${path}/subjectType` });
  const listing = newListing('eu', sourceId, kind, []);
  listing.euReferenceNumber = attributeOf(entity, 'euReferenceNumber');
  listing.listedOn = fromIsoDate(attributeOf(entity, 'designationDate'));
  const unId = attributeOf(entity, 'unitedNationId');
  if (unId) pushUnique(listing.details, { label: 'UN id', value: unId });
  const details = attributeOf(entity, 'designationDetails');
  if (details) pushUnique(listing.details, { label: 'Designation details', value: details });
  listing.remarks = remarkOf(entity);
  for (const regulation of childrenNamed(entity, 'regulation')) {
    pushUnique(listing.programs, attributeOf(regulation, 'programme'));
    pushUnique(listing.legalBasis, attributeOf(regulation, 'numberTitle'));
  }
  for (const alias of childrenNamed(entity, 'nameAlias')) {
    const [firstName, middleName, lastName] = ['firstName', 'middleName', 'lastName'].map((name) => attributeOf(alias, name));
    const name = attributeOf(alias, 'wholeName') ?? [firstName, middleName, lastName].filter(Boolean).join(' ');
    if (name) {
      const quality = attributeOf(alias, 'strong') === 'false' ? 'low' : 'good';
      pushUnique(listing.names, { name, quality, firstName, middleName, lastName, title: attributeOf(alias, 'title'), script: attributeOf(alias, 'nameLanguage'), note: remarkOf(alias) });
    }
    pushUnique(listing.titles, attributeOf(alias, 'title'));
    pushUnique(listing.positions, attributeOf(alias, 'function'));
    listing.gender ??= attributeOf(alias, 'gender');
  }
  listing.name = listing.names[0]?.name ?? '';
  for (const citizenship of childrenNamed(entity, 'citizenship')) pushUnique(listing.nationalities, country(citizenship));
  for (const birth of childrenNamed(entity, 'birthdate')) {
    pushUnique(listing.datesOfBirth, birthDate(birth));
    pushUnique(listing.placesOfBirth, {
      city: attributeOf(birth, 'city'),
      place: attributeOf(birth, 'place'),
      region: attributeOf(birth, 'region'),
      postalCode: attributeOf(birth, 'zipCode'),
      country: country(birth),
    });
  }
  for (const document of childrenNamed(entity, 'identification')) {
    const flags = ['diplomatic', 'knownExpired', 'knownFalse', 'reportedLost', 'revokedByIssuer'].filter((flag) => attributeOf(document, flag) === 'true');
    const issuedBy = attributeOf(document, 'issuedBy');
    pushUnique(listing.identifiers, {
      type: EU_DOCUMENT_TYPES[attributeOf(document, 'identificationTypeCode')?.toLowerCase() ?? ''] ?? 'other',
      value: attributeOf(document, 'number'),
      label: attributeOf(document, 'identificationTypeDescription'),
      country: country(document),
      note: [flags.join(', '), issuedBy && `issued by ${issuedBy}`, remarkOf(document)].filter(Boolean).join('; ') || undefined,
    });
  }
  for (const address of childrenNamed(entity, 'address')) {
    const street = attributeOf(address, 'street');
    const poBox = attributeOf(address, 'poBox');
    pushUnique(listing.addresses, {
      street: [street, poBox && `PO Box ${poBox}`].filter(Boolean).join(', ') || undefined,
      place: attributeOf(address, 'place'),
      city: attributeOf(address, 'city'),
      region: attributeOf(address, 'region'),
      postalCode: attributeOf(address, 'zipCode'),
      country: country(address),
      note: remarkOf(address),
    });
  }
  return listing;
}

function birthDate(birth: XmlElement): DateOfBirth | undefined {
  const approximate = attributeOf(birth, 'circa') === 'true' ? { approximate: true as const } : {};
  const from = attributeOf(birth, 'yearRangeFrom');
  const to = attributeOf(birth, 'yearRangeTo');
  if (from && to) return { type: 'range', from, to, ...approximate };
  const full = fromIsoDate(attributeOf(birth, 'birthdate'));
  if (full) return { type: 'date', date: full, ...approximate };
  const year = attributeOf(birth, 'year');
  if (!year) return undefined;
  const month = attributeOf(birth, 'monthOfYear');
  const day = attributeOf(birth, 'dayOfMonth');
  const date = fromIsoDate([year, month?.padStart(2, '0'), month && day?.padStart(2, '0')].filter(Boolean).join('-'));
  return date ? { type: 'date', date, ...approximate } : { type: 'text', text: year };
}
