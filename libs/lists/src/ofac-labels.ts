import type { IdentifierType } from './listing';

/**
 * OFAC's own labels for identifiers, as they appear in SDN remarks ("Passport 123 (Iran)"),
 * classic-XML `idType` and enhanced-XML document and feature types. Longest labels first, so
 * "Identification Number IMO" wins over "Identification Number".
 */
const IDENTIFIER_LABELS: [string, IdentifierType][] = (
  [
    ['Passport', 'passport'],
    ['Diplomatic Passport', 'passport'],
    ['Passport No.', 'passport'],
    ['National ID No.', 'national_id'],
    ['National ID', 'national_id'],
    ['Cedula No.', 'national_id'],
    ['C.U.R.P.', 'national_id'],
    ['D.N.I.', 'national_id'],
    ['Identification Number', 'national_id'],
    ['Personal ID Card', 'national_id'],
    ['National Foreign ID Number', 'national_id'],
    ['SSN', 'national_id'],
    ['Birth Certificate Number', 'national_id'],
    ['Electoral Registry No.', 'national_id'],
    ['Credencial electoral', 'national_id'],
    ['I.F.E.', 'national_id'],
    ['Residency Number', 'national_id'],
    ["Driver's License No.", 'national_id'],
    ['Cartilla de Servicio Militar Nacional', 'national_id'],
    ['Kenyan ID No.', 'national_id'],
    ['NIT #', 'tax_id'],
    ['R.F.C.', 'tax_id'],
    ['RFC', 'tax_id'],
    ['RUC #', 'tax_id'],
    ['Tax ID No.', 'tax_id'],
    ['V.A.T. Number', 'tax_id'],
    ['RIF #', 'tax_id'],
    ['US FEIN', 'tax_id'],
    ['Italian Fiscal Code', 'tax_id'],
    ['RTN', 'tax_id'],
    ['Registration ID', 'registration_number'],
    ['Registration Number', 'registration_number'],
    ['Folio Mercantil No.', 'registration_number'],
    ['Matricula Mercantil No', 'registration_number'],
    ['Government Gazette Number', 'registration_number'],
    ['Company Number', 'registration_number'],
    ['UK Company Number', 'registration_number'],
    ['Commercial Registry Number', 'registration_number'],
    ['Business Registration Document #', 'registration_number'],
    ['Business Registration Number', 'registration_number'],
    ['Public Registration Number', 'registration_number'],
    ['Trade License No.', 'registration_number'],
    ['C.R. No.', 'registration_number'],
    ['D-U-N-S Number', 'registration_number'],
    ['Chamber of Commerce Number', 'registration_number'],
    ['Registered Charity No.', 'registration_number'],
    ['LE Number', 'registration_number'],
    ['Legal Entity Number', 'registration_number'],
    ['Unified Social Credit Code (USCC)', 'registration_number'],
    ['BIK (RU)', 'registration_number'],
    ['License', 'registration_number'],
    ['Vessel Registration Identification', 'imo'],
    ['Identification Number IMO', 'imo'],
    ['Company Number IMO', 'imo'],
    ['MMSI', 'mmsi'],
    ['SWIFT/BIC', 'swift_bic'],
    ['Website', 'website'],
    ['Email Address', 'email'],
    ['Email', 'email'],
    ['Phone Number', 'phone'],
    ['Telephone Number', 'phone'],
    ['Telephone', 'phone'],
    ['Fax', 'phone'],
    ['ISIN', 'other'],
    ['Equity Ticker', 'other'],
    ["Aircraft Manufacturer's Serial Number (MSN)", 'other'],
    ['Aircraft Tail Number', 'other'],
    ['Aircraft Construction Number (also called L/N or S/N or F/N)', 'other'],
  ] as [string, IdentifierType][]
).sort(([a], [b]) => b.length - a.length);

const CRYPTO = /^Digital Currency Address - ([A-Z0-9]+)$/;

const firstWord = (text: string) => {
  const space = text.indexOf(' ');
  return space === -1 ? text : text.slice(0, space);
};

/** Labels by their first word: remarks have thousands of segments, and most start with no label at all. */
const BY_FIRST_WORD = new Map<string, [string, IdentifierType][]>();
for (const entry of IDENTIFIER_LABELS) {
  const word = firstWord(entry[0]);
  BY_FIRST_WORD.set(word, [...(BY_FIRST_WORD.get(word) ?? []), entry]);
}

export interface OfacLabel {
  label: string;
  type: IdentifierType;
  currency?: string;
}

/** The identifier type of an exact OFAC label (classic/enhanced XML give the label apart from the value). */
export function identifierTypeOf(label: string): OfacLabel | undefined {
  const trimmed = label.trim();
  const crypto = CRYPTO.exec(trimmed);
  if (crypto) return { label: trimmed, type: 'crypto_wallet', currency: crypto[1] };
  const found = IDENTIFIER_LABELS.find(([known]) => known.toLowerCase() === trimmed.toLowerCase());
  return found && { label: found[0], type: found[1] };
}

/**
 * Splits one SDN remarks segment that starts with a known identifier label into the label and
 * the rest ("Digital Currency Address - XBT 12t9Y…" → XBT wallet "12t9Y…").
 */
export function identifierLabelAtStart(segment: string): { label: OfacLabel; rest: string } | undefined {
  const crypto = segment.startsWith('Digital ') ? /^Digital Currency Address - ([A-Z0-9]+) (.+)$/.exec(segment) : null;
  if (crypto) return { label: { label: `Digital Currency Address - ${crypto[1]}`, type: 'crypto_wallet', currency: crypto[1] }, rest: crypto[2] };
  for (const [known, type] of BY_FIRST_WORD.get(firstWord(segment)) ?? []) {
    if (segment.startsWith(`${known} `) && segment.length > known.length + 1) return { label: { label: known, type }, rest: segment.slice(known.length + 1) };
  }
  return undefined;
}
