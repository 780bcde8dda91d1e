import { ofacDateOfBirth } from './dates';
import { pushUnique } from './listing-builder';
import type { Identifier, Listing, NameQuality } from './listing';
import { identifierLabelAtStart, type OfacLabel } from './ofac-labels';

const WEAK_ALIAS = /^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.) '(.+)'$/;
const QUALITY: Record<string, NameQuality> = { 'a.k.a.': 'aka', 'f.k.a.': 'fka', 'n.k.a.': 'nka' };

/**
 * The SDN CSV carries dates and places of birth, nationality, identifiers (passports, national
 * ids, crypto wallets, websites…) and weak aliases only in its remarks, as `; `-separated
 * statements. This reads the statements it knows into the listing's fields; the remarks text
 * itself is kept whole as well.
 */
export function readOfacRemarks(remarks: string, listing: Listing): void {
  for (const raw of remarks.split('; ')) {
    let segment = raw.trim();
    if (segment.endsWith('.')) segment = segment.slice(0, -1);
    if (segment.startsWith('alt. ')) segment = segment.slice(5).trimStart();
    if (segment === '') continue;
    const weak = segment.charCodeAt(1) === 0x2e ? WEAK_ALIAS.exec(segment) : null;
    if (weak) pushUnique(listing.names, { name: weak[2].trim(), quality: QUALITY[weak[1]], low: true as const });
    else if (segment.startsWith('DOB ')) pushUnique(listing.datesOfBirth, ofacDateOfBirth(segment.slice(4)));
    else if (segment.startsWith('POB ')) pushUnique(listing.placesOfBirth, { place: segment.slice(4).trim() });
    else if (segment.startsWith('nationality ')) pushUnique(listing.nationalities, segment.slice(12).trim());
    else if (segment.startsWith('citizen ')) pushUnique(listing.citizenships, segment.slice(8).trim());
    else if (segment.startsWith('Gender ')) listing.gender = segment.slice(7).trim();
    else {
      const found = identifierLabelAtStart(segment);
      if (found) pushUnique(listing.identifiers, ofacIdentifier(found.label, found.rest));
    }
  }
}

/** `717637093 (Russia) expires 2020` → value, issuing country, the rest as a note. */
export function ofacIdentifier(label: OfacLabel, text: string, country?: string): Identifier | undefined {
  const inParentheses = /^(.*?)\s+\(([^()]*)\)(?:\s+(.*))?$/.exec(text.trim());
  let value = (inParentheses ? inParentheses[1] : text).trim();
  if (value === '') return undefined;
  if (label.type === 'imo') value = value.replace(/^IMO\s+/, '');
  return {
    type: label.type,
    value,
    label: label.label,
    currency: label.currency,
    country: country ?? (inParentheses?.[2].trim() || undefined),
    note: inParentheses?.[3]?.trim() || undefined,
  };
}
