/**
 * The neutral listing shape every official list is parsed into, whatever its format. Values are
 * kept as the source prints them (trimmed), never normalised into something the source did not
 * say: a country stays "Korea, North" or "KP" as given, a date of birth stays a year if only the
 * year is known.
 */

export const LIST_SOURCES = ['un', 'ofac', 'uk-ofsi', 'eu'] as const;
export type ListSource = (typeof LIST_SOURCES)[number];

export const LIST_FORMATS = ['un-xml', 'ofac-sdn-csv', 'ofac-xml', 'ofac-enhanced-xml', 'uk-ofsi-csv', 'eu-fsf-xml'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export const SOURCE_OF_FORMAT: Readonly<Record<ListFormat, ListSource>> = {
  'un-xml': 'un',
  'ofac-sdn-csv': 'ofac',
  'ofac-xml': 'ofac',
  'ofac-enhanced-xml': 'ofac',
  'uk-ofsi-csv': 'uk-ofsi',
  'eu-fsf-xml': 'eu',
};

export type ListingKind = 'individual' | 'entity' | 'vessel' | 'aircraft' | 'other';

/**
 * A date as precise as the source gives it, in ISO 8601 reduced precision: `YYYY`, `YYYY-MM` or
 * `YYYY-MM-DD`. Never padded out to a full date.
 */
export type PartialDate = string;

/**
 * How the source qualifies a name: the primary name; an alias the source calls good or low
 * quality (UN, EU strong/weak); or a.k.a. / f.k.a. / n.k.a. (OFAC, OFSI, UN).
 */
export type NameQuality = 'primary' | 'good' | 'low' | 'aka' | 'fka' | 'nka';

export interface ListedName {
  /** The whole name as the source prints it (or its parts joined with spaces, in the source's order). */
  name: string;
  quality: NameQuality;
  /** A second, separate low-quality flag beside an a.k.a./f.k.a.: OFAC "weak", the enhanced list's isLowQuality. */
  low?: true;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  title?: string;
  /** The script or language the source names (`Latin`, `Arabic`, `FR`, or `original` for the UN's NAME_ORIGINAL_SCRIPT). */
  script?: string;
  /** Alias-level details the UN attaches to one name: a note, and the birth details that go with that alias. */
  note?: string;
  dateOfBirth?: string;
  placeOfBirth?: string;
}

export type IdentifierType =
  | 'passport'
  | 'national_id'
  | 'tax_id'
  | 'registration_number'
  | 'crypto_wallet'
  | 'website'
  | 'email'
  | 'phone'
  | 'swift_bic'
  | 'imo'
  | 'mmsi'
  | 'other';

export interface Identifier {
  type: IdentifierType;
  /** Absent when the source names a document without its number (the UN then writes it in the note). */
  value?: string;
  /** The source's own label for it ("Cedula No.", "Digital Currency Address - XBT", "Passport"). */
  label?: string;
  /** Crypto wallets: the currency code the source gives (XBT, ETH, XMR…). */
  currency?: string;
  /** The issuing country, as the source names it. */
  country?: string;
  issuedOn?: string;
  expiresOn?: string;
  placeOfIssue?: string;
  note?: string;
}

export interface Address {
  street?: string;
  /** Free-form place or locality the source gives besides the street (EU `place`, OFAC's combined city/state/postal line). */
  place?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  note?: string;
}

export type DateOfBirth =
  | { type: 'date'; date: PartialDate; approximate?: true; note?: string }
  | { type: 'range'; from: PartialDate; to: PartialDate; approximate?: true; note?: string }
  /** A date the source prints in a form this library does not read: kept verbatim rather than guessed. */
  | { type: 'text'; text: string; note?: string };

/** A statement the source makes that has no field of its own (OFAC "Secondary sanctions risk:", "Target Type"). */
export interface Detail {
  label: string;
  value: string;
}

export interface VesselInfo {
  callSign?: string;
  vesselType?: string;
  tonnage?: string;
  grossRegisteredTonnage?: string;
  flag?: string;
  owner?: string;
}

export interface Listing {
  source: ListSource;
  /** The source's own stable key: UN DATAID, OFAC ent_num/uid, OFSI Group ID, EU logicalId. */
  sourceId: string;
  /** UN permanent reference (REFERENCE_NUMBER, e.g. `QDi.413`). */
  referenceNumber?: string;
  /** EU reference number (`EU.2026.82`). */
  euReferenceNumber?: string;
  kind: ListingKind;
  /** The primary name (also the first of `names`). */
  name: string;
  /** Every name the source gives, primary first, each with its quality. */
  names: ListedName[];
  identifiers: Identifier[];
  addresses: Address[];
  nationalities: string[];
  citizenships: string[];
  datesOfBirth: DateOfBirth[];
  placesOfBirth: Address[];
  /** Sanctions programmes or regimes (UN list type, OFAC program codes, OFSI regime, EU programme). */
  programs: string[];
  /** Legal acts the source cites for the listing (EU regulations, OFAC legal authorities). */
  legalBasis: string[];
  titles: string[];
  /** Positions or designations held (UN DESIGNATION, OFSI Position, EU function). */
  positions: string[];
  gender?: string;
  listedOn?: PartialDate;
  lastUpdated?: PartialDate;
  remarks?: string;
  vessel?: VesselInfo;
  details: Detail[];
}

/** One input the release was read from, as handed in (or, for a zip, the entry read from it). */
export interface ReleasePart {
  role: string;
  sha256: string;
  bytes: number;
}

export type TextEncoding = 'utf-8' | 'windows-1252';

export interface Release {
  format: ListFormat;
  source: ListSource;
  /** The release's own date (UN dateGenerated, OFAC Publish_Date/dataAsOf, OFSI Last Updated, EU generationDate); for SDN CSV, the caller's. */
  releaseDate: string;
  /**
   * Identity of the release: SHA-256 (hex) of the exact bytes handed in. For a release of several
   * files (OFAC SDN CSV), of the manifest `role sha256\n` over its parts in role order.
   */
  sha256: string;
  parts: ReleasePart[];
  /** How the text was decoded. */
  encoding: TextEncoding;
  listings: Listing[];
}
