import type { TargetKind } from '@app/domain';
import type { PublicEntry } from './views';

/**
 * The public register as FollowTheMoney (FtM) entities, for screening systems (OpenSanctions, bank
 * screeners): served as JSON Lines by `GET /public/register.ftm.jsonl`.
 *
 * Each public entry gives its target (a `Person`, `LegalEntity` or `Organization`), one `Sanction`
 * pointing at it, and one `CryptoWallet` per crypto wallet identifier of the target. Schema and
 * property names were checked against the FtM schema YAML files (followthemoney v3.8.4,
 * `followthemoney/schema/*.yaml`); `ftm.spec.ts` keeps the allow-list of what exists there.
 *
 * Pure and deterministic: the same entries and options always give the same entities, in the same
 * order, with the same property order, so the JSON Lines file is byte-identical across rebuilds.
 */

/** One FtM entity in its JSON form: every property value is a non-empty list of non-empty strings. */
export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

export interface FtmOptions {
  /** Name of the sanctioning authority, e.g. "Ministry of Foreign Affairs". */
  authority: string;
  /** Public base URL of the service, e.g. "https://sanctions.example.gov" (no trailing slash needed; tolerate one). */
  publicBaseUrl: string;
  /**
   * Country of the sanctioning authority (ISO code, any case), e.g. "ee". FtM's `Sanction.country`
   * is the country that imposes the sanction (OpenSanctions fills it from the publisher's country),
   * not the target's: without this option the Sanction carries no `country`.
   */
  authorityCountry?: string;
}

/** FtM schema of each target kind. */
export const FTM_SCHEMA_OF_TARGET_KIND: Readonly<Record<TargetKind, 'Person' | 'LegalEntity' | 'Organization'>> = {
  individual: 'Person',
  entity: 'LegalEntity',
  state_body: 'Organization',
};

/**
 * FtM property of each identifier type (types compared lower-cased, with spaces and hyphens read as
 * underscores). Types not listed here go to `idNumber`; crypto wallets become entities of their own.
 */
const IDENTIFIER_PROPERTIES: Readonly<Record<string, string>> = {
  passport: 'passportNumber',
  passport_number: 'passportNumber',
  registration: 'registrationNumber',
  registration_number: 'registrationNumber',
  tax: 'taxNumber',
  tax_number: 'taxNumber',
  tax_id: 'taxNumber',
  domain: 'website',
  website: 'website',
  email: 'email',
  phone: 'phone',
};

/** Properties that exist on `Person` only (not on `LegalEntity` or `Organization`). */
const PERSON_ONLY_PROPERTIES: ReadonlySet<string> = new Set(['passportNumber']);

/** The fallback for identifiers without a more specific FtM property (defined on `LegalEntity`). */
const FALLBACK_IDENTIFIER_PROPERTY = 'idNumber';

/** Identifier types that denote a cryptocurrency wallet address. */
const WALLET_TYPES: ReadonlySet<string> = new Set(['crypto_wallet', 'wallet', 'crypto']);

/** Id of the FtM entity of a designation's target. */
export function ftmTargetId(designationId: string): string {
  return `sls-${designationId}`;
}

/** Id of the FtM `Sanction` of a designation. */
export function ftmSanctionId(designationId: string): string {
  return `sls-${designationId}-sanction`;
}

/** Id of the `n`-th (from 1) `CryptoWallet` of a designation's target. */
export function ftmWalletId(designationId: string, n: number): string {
  return `sls-${designationId}-wallet-${n}`;
}

/** The target and its Sanction, then one CryptoWallet per wallet identifier: target first. */
export function ftmEntitiesOf(entry: PublicEntry, options: FtmOptions): FtmEntity[] {
  return [targetEntityOf(entry), sanctionEntityOf(entry, options), ...walletEntitiesOf(entry)];
}

/** JSON Lines: one entity per line, each line terminated by "\n"; deterministic for the same input. */
export function toFtmJsonLines(entries: Iterable<PublicEntry>, options: FtmOptions): string {
  let lines = '';
  for (const entry of entries) {
    for (const entity of ftmEntitiesOf(entry, options)) lines += `${JSON.stringify(entity)}\n`;
  }
  return lines;
}

/** The target: names, country, the `sanction` topic and its identifiers (wallets excepted). */
function targetEntityOf(entry: PublicEntry): FtmEntity {
  const schema = FTM_SCHEMA_OF_TARGET_KIND[entry.target.kind];
  const properties: Record<string, string[]> = {};
  put(properties, 'name', [entry.target.name]);
  put(properties, 'alias', entry.target.aliases);
  put(properties, 'country', [entry.target.country.toLowerCase()]);
  put(properties, 'topics', ['sanction']);
  for (const { type, value } of entry.target.identifiers) {
    const property = identifierPropertyOf(type, schema);
    if (property !== undefined) put(properties, property, [value]);
  }
  return { id: ftmTargetId(entry.id), schema, properties };
}

/** The Sanction: who imposes it, on which legal basis, which measures, why and for how long. */
function sanctionEntityOf(entry: PublicEntry, options: FtmOptions): FtmEntity {
  const properties: Record<string, string[]> = {};
  put(properties, 'entity', [ftmTargetId(entry.id)]);
  put(properties, 'authority', [options.authority]);
  put(properties, 'country', [options.authorityCountry?.toLowerCase()]);
  put(properties, 'program', entry.legalBasis.map((basis) => basis.instrument));
  put(properties, 'provisions', entry.measures.map(provisionOf));
  put(properties, 'reason', [entry.statementOfReasons]);
  put(properties, 'status', [entry.status]);
  put(properties, 'listingDate', [ftmDate(entry.listingDate)]);
  put(properties, 'startDate', [ftmDate(entry.effectiveAt)]);
  put(properties, 'endDate', [ftmDate(entry.sunsetAt)]);
  put(properties, 'sourceUrl', [registerUrlOf(entry.id, options.publicBaseUrl)]);
  put(properties, 'modifiedAt', [ftmDateTime(entry.updatedAt)]);
  if (entry.source) {
    // Imported from an official list: the entry's key there, and which release it stands on.
    // (`sourceUrl` stays the register page: a list release has no URL of its own here.)
    put(properties, 'authorityId', [entry.source.sourceId]);
    put(properties, 'summary', [sourceSummaryText(entry.source)]);
  }
  return { id: ftmSanctionId(entry.id), schema: 'Sanction', properties };
}

const PUBLISHERS: Readonly<Record<string, string>> = {
  un: 'the UN Security Council',
  ofac: 'OFAC',
  'uk-ofsi': 'UK OFSI',
  eu: 'the EU',
};

/** `Imported from OFAC's list own-ofac-sdn-csv, entry 36 (listed 2019-09-13); release of 2027-01-04, SHA-256 5f70…`. */
function sourceSummaryText(source: NonNullable<PublicEntry['source']>): string {
  const publisher = Object.hasOwn(PUBLISHERS, source.source) ? PUBLISHERS[source.source] : source.source;
  const listed = source.listedOn ? ` (listed ${source.listedOn})` : '';
  return `Imported from the list ${source.list} of ${publisher}, entry ${source.sourceId}${listed}; release of ${source.releaseDate}, SHA-256 ${source.releaseHash}`;
}

/** One CryptoWallet per distinct wallet address of the target, held by the target. */
function walletEntitiesOf(entry: PublicEntry): FtmEntity[] {
  const addresses = cleanValues(
    entry.target.identifiers.filter(({ type }) => WALLET_TYPES.has(normalizeType(type))).map(({ value }) => value),
  );
  return addresses.map((address, index) => ({
    id: ftmWalletId(entry.id, index + 1),
    schema: 'CryptoWallet',
    properties: { publicKey: [address], holder: [ftmTargetId(entry.id)] },
  }));
}

/**
 * The FtM property for an identifier of the given type on the given schema, or `undefined` for a
 * crypto wallet (emitted as an entity of its own). `passportNumber` exists on `Person` only.
 */
function identifierPropertyOf(type: string, schema: string): string | undefined {
  const normalized = normalizeType(type);
  if (WALLET_TYPES.has(normalized)) return undefined;
  const property = IDENTIFIER_PROPERTIES[normalized] ?? FALLBACK_IDENTIFIER_PROPERTY;
  if (PERSON_ONLY_PROPERTIES.has(property) && schema !== 'Person') return FALLBACK_IDENTIFIER_PROPERTY;
  return property;
}

/** `Registration Number`, `registration-number` and `REGISTRATION_NUMBER` all read `registration_number`. */
function normalizeType(type: string): string {
  return type.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** `<type>: <description>`, or the bare type when the measure has no description. */
function provisionOf(measure: PublicEntry['measures'][number]): string {
  const description = measure.description.trim();
  return description ? `${measure.type}: ${description}` : measure.type;
}

/** The public register page of an entry; a trailing slash of the base URL is tolerated. */
function registerUrlOf(id: string, publicBaseUrl: string): string {
  return `${publicBaseUrl.trim().replace(/\/+$/, '')}/public/register/${encodeURIComponent(id)}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

/**
 * The UTC day (`YYYY-MM-DD`) of an ISO date or date-time, FtM's date form at day precision; a
 * date-time with an offset is converted to UTC first. `undefined` for anything else.
 */
function ftmDate(value: string): string | undefined {
  if (ISO_DATE.test(value)) return utcIso(value)?.slice(0, 10) === value ? value : undefined;
  return ISO_DATE_TIME.test(value) ? utcIso(value)?.slice(0, 10) : undefined;
}

/**
 * An ISO date-time as FtM writes it at second precision (`YYYY-MM-DDTHH:MM:SS`, UTC implied, no
 * zone designator: FtM dates are always UTC). `undefined` for anything else.
 */
function ftmDateTime(value: string): string | undefined {
  return ISO_DATE_TIME.test(value) ? utcIso(value)?.slice(0, 19) : undefined;
}

/** `Date#toISOString` of a parsable value, or `undefined`. */
function utcIso(value: string): string | undefined {
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
}

/** Trimmed, non-empty, distinct values, in their first order. */
function cleanValues(values: readonly (string | undefined)[]): string[] {
  const cleaned = values.map((value) => value?.trim()).filter((value): value is string => !!value);
  return [...new Set(cleaned)];
}

/** Adds cleaned values to a property (after any it already has); a property left empty is omitted. */
function put(properties: Record<string, string[]>, name: string, values: readonly (string | undefined)[]): void {
  const merged = cleanValues([...(properties[name] ?? []), ...values]);
  if (merged.length > 0) properties[name] = merged;
}
