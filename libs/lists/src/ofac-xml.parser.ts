import type { ListBytes } from './bytes';
import { fromMonthDayYear, ofacDateOfBirth } from './dates';
import { ListErrorCode, ListFormatError } from './list-format.error';
import { ListingCollector, newListing, pushUnique } from './listing-builder';
import type { ListedName, Listing, ListingKind, NameQuality, Release } from './listing';
import { identifierTypeOf } from './ofac-labels';
import { ofacIdentifier } from './ofac-remarks';
import { makeRelease, readInput, type ParseOptions } from './release';
import { childNamed, childText, itemsOf, requiredText, textOf } from './xml-element';
import { readXml, type XmlElement } from './xml-records';
import { decodeXml, expectRoot } from './xml-release';

const NAMESPACE = 'http://tempuri.org/sdnList.xsd';
const KINDS: Record<string, ListingKind> = { individual: 'individual', entity: 'entity', vessel: 'vessel', aircraft: 'aircraft' };
const AKA_QUALITY: Record<string, NameQuality> = { 'a.k.a.': 'aka', 'f.k.a.': 'fka', 'n.k.a.': 'nka' };

/** OFAC's classic XML (`sdnList`, xmlns http://tempuri.org/sdnList.xsd): sdn.xml and the consolidated (non-SDN) list alike. */
export async function parseOfacXml(input: ListBytes, options: ParseOptions = {}): Promise<Release> {
  const file = await readInput('file', input, options);
  const { text, encoding } = decodeXml('ofac-xml', file.bytes, options);
  const collector = new ListingCollector((line) => ({ line, element: 'sdnList/sdnEntry' }));
  let releaseDate: string | undefined;
  readXml(text, {
    onRoot: (root) => void expectRoot('ofac-xml', root, [{ name: 'sdnList', uri: NAMESPACE }]),
    collects: (path) => path.length === 2 && (path[1] === 'sdnEntry' || path[1] === 'publshInformation'),
    onElement(element) {
      if (element.name === 'publshInformation') {
        const published = childText(element, 'Publish_Date');
        releaseDate = fromMonthDayYear(published) ?? published;
        return;
      }
      collector.add(ofacEntry(element), element.line);
    },
  });
  if (!releaseDate) throw new ListFormatError(ListErrorCode.MissingField, 'the list has no publshInformation/Publish_Date', { element: 'sdnList/publshInformation/Publish_Date' });
  return makeRelease('ofac-xml', releaseDate, [file.part], encoding, collector.listings);
}

/** OFAC writes an individual's name "LAST, First", as in its CSV; parts are kept too. */
function ofacName(element: XmlElement, quality: NameQuality): ListedName | undefined {
  const lastName = childText(element, 'lastName');
  const firstName = childText(element, 'firstName');
  const name = [lastName, firstName].filter(Boolean).join(', ');
  return name ? { name, quality, firstName, lastName } : undefined;
}


function ofacEntry(entry: XmlElement): Listing {
  const path = 'sdnList/sdnEntry';
  const sourceId = requiredText(entry, 'uid', path);
  const type = requiredText(entry, 'sdnType', path);
  const kind = KINDS[type.toLowerCase()];
  if (!kind) throw new ListFormatError(ListErrorCode.Malformed, `unknown sdnType "${type}"`, { line: entry.line, element: `${path}/sdnType` });
  const primary = ofacName(entry, 'primary');
  const listing = newListing('ofac', sourceId, kind, primary ? [primary] : []);
  pushUnique(listing.titles, childText(entry, 'title'));
  listing.remarks = childText(entry, 'remarks');
  for (const program of itemsOf(entry, 'programList', 'program')) pushUnique(listing.programs, textOf(program));
  for (const aka of itemsOf(entry, 'akaList', 'aka')) {
    const name = ofacName(aka, AKA_QUALITY[childText(aka, 'type')?.toLowerCase() ?? ''] ?? 'aka');
    if (name && childText(aka, 'category')?.toLowerCase() === 'weak') name.low = true;
    pushUnique(listing.names, name);
  }
  for (const id of itemsOf(entry, 'idList', 'id')) readId(id, listing);
  for (const address of itemsOf(entry, 'addressList', 'address')) {
    const street = ['address1', 'address2', 'address3'].map((part) => childText(address, part)).filter(Boolean).join(', ');
    pushUnique(listing.addresses, {
      street: street || undefined,
      city: childText(address, 'city'),
      region: childText(address, 'stateOrProvince'),
      postalCode: childText(address, 'postalCode'),
      country: childText(address, 'country'),
    });
  }
  for (const nationality of itemsOf(entry, 'nationalityList', 'nationality')) pushUnique(listing.nationalities, childText(nationality, 'country'));
  for (const citizenship of itemsOf(entry, 'citizenshipList', 'citizenship')) pushUnique(listing.citizenships, childText(citizenship, 'country'));
  for (const birth of itemsOf(entry, 'dateOfBirthList', 'dateOfBirthItem')) {
    const date = childText(birth, 'dateOfBirth');
    if (date) pushUnique(listing.datesOfBirth, ofacDateOfBirth(date));
  }
  for (const place of itemsOf(entry, 'placeOfBirthList', 'placeOfBirthItem')) {
    const text = childText(place, 'placeOfBirth');
    if (text) pushUnique(listing.placesOfBirth, { place: text });
  }
  const vessel = childNamed(entry, 'vesselInfo');
  if (vessel) {
    listing.vessel = {
      callSign: childText(vessel, 'callSign'),
      vesselType: childText(vessel, 'vesselType'),
      tonnage: childText(vessel, 'tonnage'),
      grossRegisteredTonnage: childText(vessel, 'grossRegisteredTonnage'),
      flag: childText(vessel, 'vesselFlag'),
      owner: childText(vessel, 'vesselOwner'),
    };
  }
  return listing;
}

/** An `id` is an identifier when OFAC's label is one; otherwise ("Secondary sanctions risk:", "Target Type"…) a detail. */
function readId(id: XmlElement, listing: Listing): void {
  const label = childText(id, 'idType');
  const value = childText(id, 'idNumber');
  if (!label || !value) return;
  const type = identifierTypeOf(label);
  if (!type) return pushUnique(listing.details, { label, value });
  const identifier = ofacIdentifier(type, value, childText(id, 'idCountry'));
  if (!identifier) return;
  pushUnique(listing.identifiers, { ...identifier, issuedOn: childText(id, 'issueDate'), expiresOn: childText(id, 'expirationDate') });
}
