import { sha256Hex, type ListBytes } from './bytes';
import { earlierOf, fromIsoDate, ofacDateOfBirth } from './dates';
import { inPart, ListErrorCode, ListFormatError } from './list-format.error';
import { ListingCollector, newListing, pushUnique } from './listing-builder';
import type { Address, ListedName, Listing, ListingKind, NameQuality, Release, ReleasePart, VesselInfo } from './listing';
import { identifierTypeOf } from './ofac-labels';
import { makeRelease, readInput, type ParseOptions } from './release';
import { isZip } from './sniff-format';
import { attributeOf, childNamed, childText, itemsOf, requiredAttribute, textOf } from './xml-element';
import { readXml, type XmlElement } from './xml-records';
import { decodeXml, expectRoot } from './xml-release';
import { xmlEntryOfZip } from './zip-entry';

const NAMESPACE = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML';
const KINDS: Record<string, ListingKind> = { individual: 'individual', entity: 'entity', vessel: 'vessel', aircraft: 'aircraft' };
const ALIAS_QUALITY: Record<string, NameQuality> = { 'a.k.a.': 'aka', 'f.k.a.': 'fka', 'n.k.a.': 'nka' };
const ADDRESS_PARTS: Record<string, keyof Address> = { CITY: 'city', 'STATE/PROVINCE': 'region', REGION: 'region', 'POSTAL CODE': 'postalCode' };
const VESSEL_FEATURES: Record<string, keyof VesselInfo> = {
  'vessel call sign': 'callSign',
  'vessel type': 'vesselType',
  'vessel flag': 'flag',
  'vessel owner': 'owner',
  'vessel tonnage': 'tonnage',
  'vessel gross registered tonnage': 'grossRegisteredTonnage',
};

/**
 * OFAC Sanctions List Service "enhanced" XML (`sanctionsData`, namespace …/ENHANCED_XML), either
 * the zip OFAC publishes (CONS_ENHANCED.ZIP / SDN_ENHANCED.ZIP, read with yauzl from the bytes)
 * or the bare XML. The release is identified by the bytes handed in; the entry read is listed as
 * a second part.
 */
export async function parseOfacEnhancedXml(input: ListBytes, options: ParseOptions = {}): Promise<Release> {
  const file = await readInput('file', input, options);
  const parts: ReleasePart[] = [file.part];
  let xml = file.bytes;
  let entryName: string | undefined;
  if (isZip(file.bytes)) {
    const entry = await xmlEntryOfZip(file.bytes, options.maxBytes);
    xml = entry.bytes;
    entryName = entry.name;
    parts.push({ role: `zip entry ${entry.name}`, sha256: sha256Hex(entry.bytes), bytes: entry.bytes.byteLength });
  }
  try {
    const { text, encoding } = decodeXml('ofac-enhanced-xml', xml, options);
    const collector = new ListingCollector((line) => ({ line, element: 'sanctionsData/entities/entity' }));
    let releaseDate: string | undefined;
    readXml(text, {
      onRoot: (root) => void expectRoot('ofac-enhanced-xml', root, [{ name: 'sanctionsData', uri: NAMESPACE }]),
      collects: (path) => (path.length === 2 && path[1] === 'publicationInfo') || (path.length === 3 && path[1] === 'entities' && path[2] === 'entity'),
      onElement(element) {
        if (element.name === 'publicationInfo') releaseDate = childText(element, 'dataAsOf');
        else collector.add(enhancedEntity(element), element.line);
      },
    });
    if (!releaseDate) throw new ListFormatError(ListErrorCode.MissingField, 'the list has no publicationInfo/dataAsOf', { element: 'sanctionsData/publicationInfo/dataAsOf' });
    // The main release hash stays that of the bytes handed in: a zip and its bare XML are two releases of the same content.
    const release = makeRelease('ofac-enhanced-xml', releaseDate, [file.part], encoding, collector.listings);
    return { ...release, parts };
  } catch (error) {
    throw entryName ? inPart(error, entryName) : error;
  }
}

const isTrue = (element: XmlElement, name: string) => childText(element, name)?.toLowerCase() === 'true';

function enhancedEntity(entity: XmlElement): Listing {
  const path = 'sanctionsData/entities/entity';
  const sourceId = requiredAttribute(entity, 'id', path);
  const general = childNamed(entity, 'generalInfo');
  const type = general && childText(general, 'entityType');
  const kind = KINDS[type?.toLowerCase() ?? ''];
  if (!kind) throw new ListFormatError(ListErrorCode.Malformed, `unknown entityType "${type ?? ''}"`, { line: entity.line, element: `${path}/generalInfo/entityType` });
  const names = itemsOf(entity, 'names', 'name').flatMap(enhancedNames);
  names.sort((a, b) => Number(b.quality === 'primary') - Number(a.quality === 'primary'));
  const listing = newListing('ofac', sourceId, kind, []);
  for (const name of names) pushUnique(listing.names, name);
  listing.name = listing.names[0]?.name ?? '';
  listing.remarks = general && childText(general, 'remarks');
  for (const list of itemsOf(entity, 'sanctionsLists', 'sanctionsList')) {
    pushUnique(listing.details, { label: 'Sanctions list', value: textOf(list) ?? '' });
    listing.listedOn = earlierOf(listing.listedOn, fromIsoDate(attributeOf(list, 'datePublished')));
  }
  for (const program of itemsOf(entity, 'sanctionsPrograms', 'sanctionsProgram')) pushUnique(listing.programs, textOf(program));
  for (const sanction of itemsOf(entity, 'sanctionsTypes', 'sanctionsType')) pushUnique(listing.details, { label: 'Sanctions type', value: textOf(sanction) ?? '' });
  for (const authority of itemsOf(entity, 'legalAuthorities', 'legalAuthority')) pushUnique(listing.legalBasis, textOf(authority));
  for (const address of itemsOf(entity, 'addresses', 'address')) readAddress(address, listing);
  for (const feature of itemsOf(entity, 'features', 'feature')) readFeature(feature, listing);
  for (const document of itemsOf(entity, 'identityDocuments', 'identityDocument')) {
    const label = childText(document, 'type') ?? 'Identity document';
    const notes = [childText(document, 'issuingAuthority') && `issued by ${childText(document, 'issuingAuthority')}`, childText(document, 'isValid') === 'false' && 'not valid'];
    pushUnique(listing.identifiers, {
      type: identifierTypeOf(label)?.type ?? 'other',
      value: childText(document, 'documentNumber'),
      label,
      country: childText(document, 'issuingCountry'),
      placeOfIssue: childText(document, 'issuingLocation'),
      note: notes.filter(Boolean).join('; ') || undefined,
    });
  }
  for (const relationship of itemsOf(entity, 'relationships', 'relationship')) {
    const related = childText(relationship, 'relatedEntity');
    if (related) pushUnique(listing.details, { label: childText(relationship, 'type') ?? 'Related to', value: related });
  }
  return listing;
}

/** One ListedName per translation (Latin, Cyrillic, Chinese…) of a name. */
function enhancedNames(name: XmlElement): ListedName[] {
  const quality: NameQuality = isTrue(name, 'isPrimary') ? 'primary' : (ALIAS_QUALITY[childText(name, 'aliasType')?.toLowerCase() ?? ''] ?? 'aka');
  const low = isTrue(name, 'isLowQuality') ? { low: true as const } : {};
  return itemsOf(name, 'translations', 'translation').flatMap((translation) => {
    const full = childText(translation, 'formattedFullName');
    if (!full) return [];
    return [{ name: full, quality, ...low, firstName: childText(translation, 'formattedFirstName'), lastName: childText(translation, 'formattedLastName'), script: childText(translation, 'script') }];
  });
}

function readAddress(address: XmlElement, listing: Listing): void {
  const country = childText(address, 'country');
  const translations = itemsOf(address, 'translations', 'translation');
  for (const translation of translations) {
    const fields: Address = { country };
    const street: string[] = [];
    for (const part of itemsOf(translation, 'addressParts', 'addressPart')) {
      const type = childText(part, 'type') ?? '';
      const value = childText(part, 'value');
      if (!value) continue;
      if (/^ADDRESS\d$/.test(type)) street.push(value);
      else if (ADDRESS_PARTS[type]) fields[ADDRESS_PARTS[type]] = value;
      else fields.place = [fields.place, value].filter(Boolean).join(', ');
    }
    if (street.length) fields.street = street.join(', ');
    pushUnique(listing.addresses, fields);
  }
  if (translations.length === 0) pushUnique(listing.addresses, { country });
}

/** Features carry what the classic list kept in idList and remarks: birth, nationality, websites, wallets, directives. */
function readFeature(feature: XmlElement, listing: Listing): void {
  const type = childText(feature, 'type') ?? '';
  const value = childText(feature, 'value');
  if (!value) return;
  const key = type.toLowerCase();
  const date = childNamed(feature, 'valueDate');
  if (key === 'birthdate') {
    const birth = ofacDateOfBirth(value);
    pushUnique(listing.datesOfBirth, date && isTrue(date, 'isApproximate') && birth.type !== 'text' ? { ...birth, approximate: true as const } : birth);
  } else if (key === 'place of birth') pushUnique(listing.placesOfBirth, { place: value });
  else if (key === 'nationality country') pushUnique(listing.nationalities, value);
  else if (key === 'citizenship country') pushUnique(listing.citizenships, value);
  else if (key === 'gender') listing.gender = value;
  else if (VESSEL_FEATURES[key]) listing.vessel = { ...listing.vessel, [VESSEL_FEATURES[key]]: value };
  else {
    const label = identifierTypeOf(type);
    if (label) pushUnique(listing.identifiers, { type: label.type, value: label.type === 'imo' ? value.replace(/^IMO\s+/, '') : value, label: label.label, currency: label.currency, note: childText(feature, 'comments') });
    else pushUnique(listing.details, { label: type, value });
  }
}
