import type { Identifier, TargetKind } from '@app/domain';
import { ftmEntitiesOf, type FtmEntity, type FtmOptions, toFtmJsonLines } from './ftm';
import type { PublicEntry } from './views';

/**
 * Property names per FtM schema, inherited ones included, as defined by the FollowTheMoney schema
 * files `followthemoney/schema/{Thing,LegalEntity,Person,Organization,Interval,Sanction,Value,CryptoWallet}.yaml`
 * of followthemoney v3.8.4 (alephdata/followthemoney, now opensanctions/followthemoney; snapshot
 * `v3.8.4-9-gc70a89ff`, June 2025), cross-checked for the names emitted here against the
 * opensanctions/followthemoney copies of Thing, LegalEntity, Person, Interval and Sanction.
 * Inheritance: Person, Organization → LegalEntity → Thing; Sanction → Interval; CryptoWallet → Thing, Value.
 */
const THING = [
  'name', 'summary', 'description', 'country', 'alias', 'previousName', 'weakAlias', 'sourceUrl', 'publisher',
  'publisherUrl', 'alephUrl', 'wikipediaUrl', 'wikidataId', 'keywords', 'topics', 'address', 'addressEntity',
  'program', 'programId', 'notes', 'proof', 'indexText', 'createdAt', 'modifiedAt', 'retrievedAt',
];
const LEGAL_ENTITY = [
  ...THING,
  'email', 'phone', 'website', 'legalForm', 'incorporationDate', 'dissolutionDate', 'taxStatus', 'status', 'sector',
  'classification', 'registrationNumber', 'idNumber', 'taxNumber', 'licenseNumber', 'vatCode', 'jurisdiction',
  'mainCountry', 'opencorporatesUrl', 'bvdId', 'icijId', 'okpoCode', 'innCode', 'ogrnCode', 'leiCode', 'dunsCode',
  'uniqueEntityId', 'npiCode', 'swiftBic', 'parent',
];
const PERSON = [
  ...LEGAL_ENTITY,
  'title', 'firstName', 'secondName', 'middleName', 'fatherName', 'motherName', 'lastName', 'nameSuffix', 'birthDate',
  'birthPlace', 'birthCountry', 'deathDate', 'position', 'nationality', 'citizenship', 'passportNumber',
  'socialSecurityNumber', 'gender', 'ethnicity', 'height', 'weight', 'eyeColor', 'hairColor', 'appearance', 'religion',
  'political', 'education', 'spokenLanguage',
];
const ORGANIZATION = [...LEGAL_ENTITY, 'cageCode', 'permId', 'imoNumber', 'giiNumber'];
const INTERVAL = [
  'startDate', 'endDate', 'date', 'summary', 'description', 'recordId', 'sourceUrl', 'publisher', 'publisherUrl',
  'alephUrl', 'namesMentioned', 'indexText', 'modifiedAt', 'retrievedAt',
];
const SANCTION = [
  ...INTERVAL,
  'entity', 'authority', 'authorityId', 'unscId', 'program', 'programId', 'programUrl', 'provisions', 'status',
  'duration', 'reason', 'country', 'listingDate',
];
const VALUE = ['amount', 'currency', 'amountUsd', 'amountEur'];
const CRYPTO_WALLET = [
  ...THING,
  ...VALUE,
  'publicKey', 'privateKey', 'creationDate', 'currencySymbol', 'holder', 'balance', 'balanceDate',
];
const FTM_PROPERTIES: Record<string, ReadonlySet<string>> = {
  LegalEntity: new Set(LEGAL_ENTITY),
  Person: new Set(PERSON),
  Organization: new Set(ORGANIZATION),
  Sanction: new Set(SANCTION),
  CryptoWallet: new Set(CRYPTO_WALLET),
};

const ID = '0b9e6a1c-4f1e-4c55-9d7a-2f5b8f0e6c11';
const OPTIONS: FtmOptions = { authority: 'Ministry of Foreign Affairs', publicBaseUrl: 'https://sanctions.example.gov' };

/** A full public entry; `target` fields given are merged over the default target. */
function entryOf(overrides: Omit<Partial<PublicEntry>, 'target'> & { target?: Partial<PublicEntry['target']> } = {}): PublicEntry {
  const { target, ...rest } = overrides;
  return {
    id: ID,
    status: 'active',
    target: {
      kind: 'individual',
      name: 'Ivan Example',
      aliases: ['I. Example', 'Vanya'],
      country: 'RU',
      identifiers: [],
      ...target,
    },
    category: 'cyber_espionage',
    legalBasis: [
      { instrument: 'Cyber Sanctions Act', provision: 'art. 4(1)', jurisdiction: 'domestic' },
      { instrument: 'Council Regulation (EU) 2019/796', provision: 'art. 3', jurisdiction: 'multilateral' },
      { instrument: 'Cyber Sanctions Act', provision: 'art. 4(2)', jurisdiction: 'domestic' },
    ],
    statementOfReasons: 'Responsible for the intrusion into the foreign ministry network.',
    measures: [
      { measureId: 'm1', type: 'asset_freeze', capabilities: [], description: 'Freeze of all funds and economic resources' },
      { measureId: 'm2', type: 'travel_ban', capabilities: [], description: 'Entry and transit ban' },
    ],
    exemptions: [],
    publicEvidence: [],
    rollbackConditions: [],
    coalition: { coordination: 'unilateral', partners: [], crossListReferences: [] },
    listingDate: '2026-03-01',
    effectiveAt: '2026-03-02T09:30:00.000Z',
    sunsetAt: '2027-03-02T09:30:00.000Z',
    updatedAt: '2026-03-05T14:15:16.789Z',
    ...rest,
  };
}

const ids = (...identifiers: [string, string][]): Identifier[] => identifiers.map(([type, value]) => ({ type, value }));
const targetOf = (entities: FtmEntity[]) => entities[0];
const sanctionOf = (entities: FtmEntity[]) => entities[1];

/** Entries covering every target kind, identifiers of every kind, and optional data left empty. */
const VARIED_ENTRIES: PublicEntry[] = [
  entryOf({
    target: {
      identifiers: ids(['passport', 'P123'], ['email', 'ivan@example.org'], ['crypto_wallet', '0xabc'], ['national_id', 'N-1']),
    },
  }),
  entryOf({
    id: 'e2',
    target: { kind: 'entity', name: 'Example Ltd', identifiers: ids(['registration_number', 'R-9'], ['tax', 'T-8'], ['passport', 'P9']) },
  }),
  entryOf({
    id: 'e3',
    status: 'suspended',
    target: { kind: 'state_body', name: 'Unit 00000', aliases: [], country: '', identifiers: ids(['website', 'unit.example'], ['phone', '+7 000']) },
    measures: [],
    statementOfReasons: ' ',
  }),
  entryOf({ id: 'e4', source: { list: 'own-un-xml', source: 'un', sourceId: '6908555', listedOn: '2001-10', releaseHash: 'a'.repeat(64), releaseDate: '2026-03-01' } }),
];

describe('ftmEntitiesOf', () => {
  it.each<[TargetKind, string]>([
    ['individual', 'Person'],
    ['entity', 'LegalEntity'],
    ['state_body', 'Organization'],
  ])('maps a target of kind %s to an FtM %s, followed by its Sanction', (kind, schema) => {
    const entities = ftmEntitiesOf(entryOf({ target: { kind } }), OPTIONS);
    expect(entities.map((e) => e.schema)).toEqual([schema, 'Sanction']);
  });

  it('gives the target and sanction their ids and links the sanction to the target', () => {
    const [target, sanction] = ftmEntitiesOf(entryOf(), OPTIONS);
    expect(target.id).toBe(`sls-${ID}`);
    expect(sanction.id).toBe(`sls-${ID}-sanction`);
    expect(sanction.properties.entity).toEqual([`sls-${ID}`]);
  });

  it('gives the target its names, lower-cased country and the sanction topic', () => {
    expect(targetOf(ftmEntitiesOf(entryOf(), OPTIONS)).properties).toEqual({
      name: ['Ivan Example'],
      alias: ['I. Example', 'Vanya'],
      country: ['ru'],
      topics: ['sanction'],
    });
  });

  it('omits the properties of a target that has no aliases, no country and no identifiers', () => {
    const target = targetOf(ftmEntitiesOf(entryOf({ target: { aliases: [], country: '' } }), OPTIONS));
    expect(target.properties).toEqual({ name: ['Ivan Example'], topics: ['sanction'] });
  });

  it('fills every Sanction property from the entry and the options', () => {
    const sanction = sanctionOf(ftmEntitiesOf(entryOf(), OPTIONS));
    expect(sanction.properties).toEqual({
      entity: [`sls-${ID}`],
      authority: ['Ministry of Foreign Affairs'],
      program: ['Cyber Sanctions Act', 'Council Regulation (EU) 2019/796'],
      provisions: ['asset_freeze: Freeze of all funds and economic resources', 'travel_ban: Entry and transit ban'],
      reason: ['Responsible for the intrusion into the foreign ministry network.'],
      status: ['active'],
      listingDate: ['2026-03-01'],
      startDate: ['2026-03-02'],
      endDate: ['2027-03-02'],
      sourceUrl: [`https://sanctions.example.gov/public/register/${ID}`],
      modifiedAt: ['2026-03-05T14:15:16'],
    });
  });

  it('lists each instrument once as a program, and one provision per measure', () => {
    const sanction = sanctionOf(ftmEntitiesOf(entryOf(), OPTIONS));
    expect(sanction.properties.program).toHaveLength(2);
    expect(new Set(sanction.properties.program).size).toBe(2);
    expect(sanction.properties.provisions).toHaveLength(2);
  });

  it('gives a measure without description its bare type as provision', () => {
    const entry = entryOf({ measures: [{ measureId: 'm1', type: 'export_control', capabilities: [], description: '  ' }] });
    expect(sanctionOf(ftmEntitiesOf(entry, OPTIONS)).properties.provisions).toEqual(['export_control']);
  });

  it('carries the status of a suspended entry', () => {
    expect(sanctionOf(ftmEntitiesOf(entryOf({ status: 'suspended' }), OPTIONS)).properties.status).toEqual(['suspended']);
  });

  it('takes the UTC date part of effectiveAt and sunsetAt, converting an offset to UTC', () => {
    const entry = entryOf({ effectiveAt: '2026-03-01T23:59:59.999Z', sunsetAt: '2027-01-01T01:00:00+02:00' });
    const sanction = sanctionOf(ftmEntitiesOf(entry, OPTIONS));
    expect(sanction.properties.startDate).toEqual(['2026-03-01']);
    expect(sanction.properties.endDate).toEqual(['2026-12-31']);
  });

  it('omits dates that are not ISO dates', () => {
    const entry = entryOf({ listingDate: '2026-02-30', sunsetAt: 'soon', updatedAt: '' });
    const properties = sanctionOf(ftmEntitiesOf(entry, OPTIONS)).properties;
    expect(properties).not.toHaveProperty('listingDate');
    expect(properties).not.toHaveProperty('endDate');
    expect(properties).not.toHaveProperty('modifiedAt');
    expect(properties.startDate).toEqual(['2026-03-02']);
  });

  it('gives the Sanction the authority country only when the options name one, lower-cased', () => {
    expect(sanctionOf(ftmEntitiesOf(entryOf(), OPTIONS)).properties).not.toHaveProperty('country');
    const sanction = sanctionOf(ftmEntitiesOf(entryOf(), { ...OPTIONS, authorityCountry: 'EE' }));
    expect(sanction.properties.country).toEqual(['ee']);
  });

  it('omits the authority and reason when blank', () => {
    const entry = entryOf({ statementOfReasons: '' });
    const properties = sanctionOf(ftmEntitiesOf(entry, { ...OPTIONS, authority: ' ' })).properties;
    expect(properties).not.toHaveProperty('authority');
    expect(properties).not.toHaveProperty('reason');
  });

  it('puts the official list entry an imported designation came from on the Sanction: its key there, and the release', () => {
    const source = { list: 'own-ofac-sdn-csv', source: 'ofac', sourceId: '36', listedOn: '2019-09-13', releaseHash: 'b'.repeat(64), releaseDate: '2027-01-04' };
    const sanction = sanctionOf(ftmEntitiesOf(entryOf({ source }), OPTIONS));
    expect(sanction.properties).toMatchObject({
      authorityId: ['36'],
      summary: [`Imported from the list own-ofac-sdn-csv of OFAC, entry 36 (listed 2019-09-13); release of 2027-01-04, SHA-256 ${'b'.repeat(64)}`],
      // The register page stays the source link: a release has no URL of its own.
      sourceUrl: [`https://sanctions.example.gov/public/register/${ID}`],
    });
    const { listedOn: _none, ...undated } = source;
    expect(sanctionOf(ftmEntitiesOf(entryOf({ source: { ...undated, source: 'baltic' } }), OPTIONS)).properties.summary).toEqual([
      `Imported from the list own-ofac-sdn-csv of baltic, entry 36; release of 2027-01-04, SHA-256 ${'b'.repeat(64)}`,
    ]);
  });

  it('gives a designation proposed here neither', () => {
    const properties = sanctionOf(ftmEntitiesOf(entryOf(), OPTIONS)).properties;
    expect(properties).not.toHaveProperty('authorityId');
    expect(properties).not.toHaveProperty('summary');
  });

  it('tolerates a trailing slash on the public base URL', () => {
    const withSlash = sanctionOf(ftmEntitiesOf(entryOf(), { ...OPTIONS, publicBaseUrl: 'https://sanctions.example.gov/' }));
    expect(withSlash.properties.sourceUrl).toEqual([`https://sanctions.example.gov/public/register/${ID}`]);
  });
});

describe('identifiers', () => {
  const propertiesOf = (kind: TargetKind, ...identifiers: [string, string][]) =>
    targetOf(ftmEntitiesOf(entryOf({ target: { kind, identifiers: ids(...identifiers) } }), OPTIONS)).properties;

  it('maps identifier types, case-insensitively, to their FtM properties', () => {
    const properties = propertiesOf(
      'individual',
      ['Passport', 'P123'],
      ['REGISTRATION', 'R1'],
      ['registration_number', 'R2'],
      ['Tax', 'T1'],
      ['domain', 'example.org'],
      ['WEBSITE', 'https://example.net'],
      ['Email', 'ivan@example.org'],
      ['phone', '+7 495 000 00 00'],
    );
    expect(properties).toMatchObject({
      passportNumber: ['P123'],
      registrationNumber: ['R1', 'R2'],
      taxNumber: ['T1'],
      website: ['example.org', 'https://example.net'],
      email: ['ivan@example.org'],
      phone: ['+7 495 000 00 00'],
    });
    expect(properties).not.toHaveProperty('idNumber');
  });

  it('maps any other identifier type to idNumber', () => {
    expect(propertiesOf('entity', ['national_id', 'N-1'], ['lei', 'L-2']).idNumber).toEqual(['N-1', 'L-2']);
  });

  it.each<TargetKind>(['entity', 'state_body'])('maps a passport of a %s target to idNumber: passportNumber is on Person only', (kind) => {
    const properties = propertiesOf(kind, ['passport', 'P9']);
    expect(properties).not.toHaveProperty('passportNumber');
    expect(properties.idNumber).toEqual(['P9']);
  });

  it('emits one CryptoWallet per wallet address, held by the target, after the sanction', () => {
    const entry = entryOf({
      target: { identifiers: ids(['crypto_wallet', '0xabc'], ['email', 'a@b.c'], ['Wallet', 'bc1qxyz'], ['CRYPTO', '0xabc']) },
    });
    const entities = ftmEntitiesOf(entry, OPTIONS);
    expect(entities.map((e) => e.schema)).toEqual(['Person', 'Sanction', 'CryptoWallet', 'CryptoWallet']);
    expect(entities.slice(2)).toEqual([
      { id: `sls-${ID}-wallet-1`, schema: 'CryptoWallet', properties: { publicKey: ['0xabc'], holder: [`sls-${ID}`] } },
      { id: `sls-${ID}-wallet-2`, schema: 'CryptoWallet', properties: { publicKey: ['bc1qxyz'], holder: [`sls-${ID}`] } },
    ]);
    expect(Object.keys(targetOf(entities).properties)).toEqual(['name', 'alias', 'country', 'topics', 'email']);
  });

  it('skips identifiers with blank values', () => {
    const entities = ftmEntitiesOf(entryOf({ target: { identifiers: ids(['passport', ' '], ['wallet', '']) } }), OPTIONS);
    expect(entities).toHaveLength(2);
    expect(targetOf(entities).properties).not.toHaveProperty('passportNumber');
  });
});

describe('FtM validity', () => {
  const all = VARIED_ENTRIES.flatMap((entry) => ftmEntitiesOf(entry, { ...OPTIONS, authorityCountry: 'ee' }));

  it('covers every schema of the allow-list', () => {
    expect(new Set(all.map((e) => e.schema))).toEqual(new Set(Object.keys(FTM_PROPERTIES)));
  });

  it('gives every property a non-empty array of non-empty strings', () => {
    for (const entity of all) {
      for (const [name, values] of Object.entries(entity.properties)) {
        expect({ entity: entity.id, name, isArray: Array.isArray(values), length: values.length > 0 }).toEqual({
          entity: entity.id,
          name,
          isArray: true,
          length: true,
        });
        for (const value of values) {
          expect(typeof value).toBe('string');
          expect(value.trim()).not.toBe('');
        }
      }
    }
  });

  it('emits only properties that FtM defines for the schema', () => {
    for (const entity of all) {
      const known = FTM_PROPERTIES[entity.schema];
      expect(known).toBeDefined();
      const unknown = Object.keys(entity.properties).filter((name) => !known.has(name));
      expect({ id: entity.id, unknown }).toEqual({ id: entity.id, unknown: [] });
    }
  });

  it('has an allow-list that rejects what FtM lacks', () => {
    expect(FTM_PROPERTIES.Organization.has('passportNumber')).toBe(false);
    expect(FTM_PROPERTIES.LegalEntity.has('passportNumber')).toBe(false);
    expect(FTM_PROPERTIES.Sanction.has('topics')).toBe(false);
    expect(FTM_PROPERTIES.CryptoWallet.has('entity')).toBe(false);
  });
});

describe('toFtmJsonLines', () => {
  it('writes one JSON entity per line, each line terminated by a newline', () => {
    const jsonl = toFtmJsonLines(VARIED_ENTRIES, OPTIONS);
    const expected = VARIED_ENTRIES.flatMap((entry) => ftmEntitiesOf(entry, OPTIONS));
    expect(jsonl.endsWith('\n')).toBe(true);
    const lines = jsonl.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(expected.length);
    expect(lines.map((line) => JSON.parse(line))).toEqual(expected);
  });

  it('is deterministic: equal input gives byte-identical output', () => {
    const again = structuredClone(VARIED_ENTRIES);
    expect(toFtmJsonLines(again, OPTIONS)).toBe(toFtmJsonLines(VARIED_ENTRIES, OPTIONS));
  });

  it('accepts any iterable, and writes nothing for no entries', () => {
    function* entries() {
      yield* VARIED_ENTRIES;
    }
    expect(toFtmJsonLines(entries(), OPTIONS)).toBe(toFtmJsonLines(VARIED_ENTRIES, OPTIONS));
    expect(toFtmJsonLines([], OPTIONS)).toBe('');
  });

  it('gives the same output whether or not the base URL has a trailing slash', () => {
    expect(toFtmJsonLines(VARIED_ENTRIES, { ...OPTIONS, publicBaseUrl: `${OPTIONS.publicBaseUrl}/` })).toBe(
      toFtmJsonLines(VARIED_ENTRIES, OPTIONS),
    );
  });
});
