import { DEFAULT_POLICY, designationDecider, DomainError, ErrorCode, type DesignationCommand, type DesignationTerms } from '@app/domain';
import type { Listing } from '@app/lists';
import { HASH_1, importTerms, listing, mapping, NOW } from '../testing/listings';
import type { ImportMapping } from './import-mapping';
import { designationTermsOf, listingReferences, proposalFromCandidate, targetChanges, targetOf, type CandidateProposalTerms } from './listing-terms';
import { importedDesignationId } from './plan';

const CITATION = { source: 'ofac', releaseHash: HASH_1, releaseDate: '2026-01-02' };
const CYBER2 = mapping().programs[0];
const SDGT = {
  program: 'SDGT',
  category: 'cyber_espionage' as const,
  legalBasis: [CYBER2.legalBasis[0], { instrument: 'Counter-Terrorism Act', provision: 's. 2', jurisdiction: 'domestic' as const }],
  measures: ['travel_ban' as const, 'information_blacklist' as const],
};

describe('listingReferences', () => {
  it('cites the source id and each permanent reference once, prefixed with the source', () => {
    expect(listingReferences(listing('6908555', { source: 'un', referenceNumber: 'KPi.033' }))).toEqual(['un:6908555', 'un:KPi.033']);
    expect(listingReferences(listing('EU.1.2', { source: 'eu', euReferenceNumber: 'EU.1.2' }))).toEqual(['eu:EU.1.2']);
    expect(listingReferences(listing('42'))).toEqual(['ofac:42']);
  });
});

describe('targetOf', () => {
  it.each<[Listing['kind'], string]>([
    ['individual', 'individual'],
    ['entity', 'entity'],
    ['vessel', 'entity'],
    ['aircraft', 'entity'],
    ['other', 'entity'],
  ])('maps a listed %s to a target of kind %s', (kind, target) => {
    expect(targetOf(listing('1', { kind })).kind).toBe(target);
  });

  it('keeps the primary name and gives the other names as aliases, without the primary and without duplicates', () => {
    const listed = listing('1', {
      name: 'RI WON HO',
      names: [
        { name: 'RI WON HO', quality: 'primary' },
        { name: '리원호', quality: 'primary', script: 'original' },
        { name: 'Ri Won-ho', quality: 'good' },
        { name: ' RI WON HO ', quality: 'aka' },
        { name: 'Ri Won-ho ', quality: 'low' },
        { name: 'Won Ho', quality: 'fka', low: true },
        { name: '  ', quality: 'aka' },
      ],
    });
    expect(targetOf(listed)).toMatchObject({ name: 'RI WON HO', aliases: ['리원호', 'Ri Won-ho', 'Won Ho'] });
  });

  it('keeps identifiers with a value, trimmed and once each, with a wallet\'s currency in its type', () => {
    const listed = listing('1', {
      identifiers: [
        { type: 'passport', value: ' 381310014', label: 'Passport', country: 'KP' },
        { type: 'national_id', label: 'National Identification Number', note: '04643632 issued on 18 Jun. 1999' },
        { type: 'tax_id', value: '   ' },
        { type: 'crypto_wallet', value: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', currency: 'XBT', label: 'Digital Currency Address - XBT' },
        { type: 'crypto_wallet', value: '0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c', currency: 'ETH' },
        { type: 'passport', value: '381310014', label: 'Passport No.' },
        { type: 'email', value: 'a@example.org' },
      ],
    });
    expect(targetOf(listed).identifiers).toEqual([
      { type: 'passport', value: '381310014' },
      { type: 'crypto_wallet:XBT', value: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT' },
      { type: 'crypto_wallet:ETH', value: '0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c' },
      { type: 'email', value: 'a@example.org' },
    ]);
  });

  it.each<[string, Partial<Listing>, string]>([
    ['the first nationality', { nationalities: ['Iran', 'Iraq'], citizenships: ['Syria'], addresses: [{ country: 'Lebanon' }] }, 'Iran'],
    ['else the first citizenship', { citizenships: ['Syria', 'Iraq'], addresses: [{ country: 'Lebanon' }] }, 'Syria'],
    ['else the first address that names a country', { addresses: [{ city: 'Nowhere' }, { city: 'Beirut', country: 'Lebanon' }, { country: 'Cyprus' }] }, 'Lebanon'],
    ['else nothing', { addresses: [{ city: 'Nowhere' }] }, ''],
  ])('takes as the country %s', (_case, overrides, country) => {
    expect(targetOf(listing('1', overrides)).country).toBe(country);
  });
});

describe('designationTermsOf', () => {
  const twoPrograms: ImportMapping = { programs: [CYBER2, SDGT] };

  it('states the terms of an in-scope listing: the target, the mapping\'s category, legal bases and measures, the batch\'s terms, the listing as evidence', () => {
    const listed = listing('17', { name: 'EVIL CORP', kind: 'entity', nationalities: ['Russia'], listedOn: '2019-12-05' });
    expect(designationTermsOf(listed, mapping(), importTerms(), CITATION)).toEqual({
      target: { kind: 'entity', name: 'EVIL CORP', aliases: [], country: 'Russia', identifiers: [] },
      category: 'cyber_crime',
      legalBasis: CYBER2.legalBasis,
      statementOfReasons: 'Listed by ofac under CYBER2 since 2019-12-05 (entry 17).',
      attribution: {
        confidence: 'high',
        evidence: [
          {
            ref: 'ofac:17',
            kind: 'open_source',
            classification: 'public',
            summary: `Entry 17 of the ofac list released 2026-01-02 (sha256 ${HASH_1})`,
            corroboratedBy: [],
          },
        ],
      },
      measures: [
        { measureId: 'm1', type: 'asset_freeze', capabilities: [], description: 'asset freeze, as under CYBER2 at the source' },
        { measureId: 'm2', type: 'travel_ban', capabilities: [], description: 'travel ban, as under CYBER2 at the source' },
      ],
      escalationCriteria: [],
      rollbackConditions: [],
      reviewInterval: 'P6M',
      sunsetAt: importTerms().sunsetAt,
      coalition: { coordination: 'unilateral', partners: [], crossListReferences: [] },
      reviewingMinistries: ['foreign-affairs'],
      exemptions: [],
      humanitarianWaiver: { justification: importTerms().humanitarianWaiver!.justification },
    });
  });

  it('takes the category of the first matching mapping, in the mapping\'s order', () => {
    const listed = listing('1', { programs: ['SDGT', 'CYBER2'] });
    expect(designationTermsOf(listed, twoPrograms, importTerms(), CITATION).category).toBe('cyber_crime');
    expect(designationTermsOf(listed, { programs: [SDGT, CYBER2] }, importTerms(), CITATION).category).toBe('cyber_espionage');
    expect(designationTermsOf(listing('2', { programs: ['sdgt'] }), twoPrograms, importTerms(), CITATION).category).toBe('cyber_espionage');
  });

  it('merges the legal bases and measures of every matching mapping, each once, measures numbered in order', () => {
    const terms = designationTermsOf(listing('1', { programs: ['CYBER2', 'SDGT'] }), twoPrograms, importTerms(), CITATION);
    expect(terms.legalBasis).toEqual([CYBER2.legalBasis[0], SDGT.legalBasis[1]]);
    expect(terms.measures.map((m) => [m.measureId, m.type])).toEqual([
      ['m1', 'asset_freeze'],
      ['m2', 'travel_ban'],
      ['m3', 'information_blacklist'],
    ]);
    expect(terms.measures[0].description).toBe('asset freeze, as under CYBER2, SDGT at the source');
  });

  it('takes the source\'s remarks as the statement of reasons when it gives any', () => {
    expect(designationTermsOf(listing('1', { remarks: '  Ransomware operator.  ' }), mapping(), importTerms(), CITATION).statementOfReasons).toBe('Ransomware operator.');
    expect(designationTermsOf(listing('1', { remarks: '   ' }), mapping(), importTerms(), CITATION).statementOfReasons).toBe('Listed by ofac under CYBER2 (entry 1).');
  });

  it('cites the release by its hash and date in the evidence', () => {
    const [evidence] = designationTermsOf(listing('1'), mapping(), importTerms(), { ...CITATION, releaseHash: 'ab'.repeat(32), releaseDate: '2026-04-01' }).attribution.evidence;
    expect(evidence.summary).toContain(`sha256 ${'ab'.repeat(32)}`);
    expect(evidence.summary).toContain('released 2026-04-01');
  });

  it('passes the batch\'s confidence and waiver through, and states no waiver when the batch has none', () => {
    const terms = designationTermsOf(listing('1'), mapping(), importTerms({ confidence: 'moderate', humanitarianWaiver: { justification: 'Licences at source' } }), CITATION);
    expect(terms.attribution.confidence).toBe('moderate');
    expect(terms.humanitarianWaiver).toEqual({ justification: 'Licences at source' });
    expect(designationTermsOf(listing('1'), mapping(), importTerms({ humanitarianWaiver: undefined }), CITATION)).not.toHaveProperty('humanitarianWaiver');
  });

  it('copies the reviewing ministries rather than sharing the batch\'s array', () => {
    const batch = importTerms();
    const terms = designationTermsOf(listing('1'), mapping(), batch, CITATION);
    terms.reviewingMinistries.push('defence');
    expect(batch.reviewingMinistries).toEqual(['foreign-affairs']);
  });

  it('refuses a listing under no mapped program', () => {
    expect(() => designationTermsOf(listing('1', { programs: ['IRAN'] }), mapping(), importTerms(), CITATION)).toThrow(RangeError);
  });

  describe('in the domain', () => {
    const decider = designationDecider(DEFAULT_POLICY);
    const designationId = importedDesignationId('own-ofac-xml', '17');
    const importCommand = (terms: DesignationTerms): DesignationCommand => ({
      type: 'ImportDesignation',
      data: {
        designationId,
        terms,
        provenance: { list: 'own-ofac-xml', source: 'ofac', sourceId: '17', releaseHash: HASH_1, releaseDate: '2026-01-02', batchId: 'batch-1', listedOn: '2019-12-05', preparedBy: 'official-1' },
      },
      metadata: { now: NOW, actor: { id: 'senior-2', roles: ['senior_official'] } },
    });
    const refusalOf = (run: () => unknown): DomainError => {
      try {
        run();
      } catch (error) {
        return error as DomainError;
      }
      throw new Error('expected a refusal');
    };
    const listed = listing('17', { name: 'EVIL CORP', kind: 'vessel', listedOn: '2019-12-05', identifiers: [{ type: 'imo', value: '9187629' }] });

    it('is accepted by the designation decider: proposed and issued in one decision', () => {
      const terms = designationTermsOf(listed, mapping(), importTerms(), CITATION);
      const events = decider.decide(importCommand(terms), decider.initialState());
      expect(events.map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued']);
      expect(events[0].data).toMatchObject({ designationId, target: terms.target, measures: terms.measures, proposedBy: 'official-1' });
      expect(events[1].data).toMatchObject({ designationId, approvedBy: 'senior-2', listingDate: '2019-12-05' });
      expect(events.reduce(decider.evolve, decider.initialState())).toMatchObject({ status: 'active', target: { kind: 'entity', name: 'EVIL CORP' } });
    });

    it('is accepted with the measures of several programs merged', () => {
      const terms = designationTermsOf(listing('17', { programs: ['CYBER2', 'SDGT'] }), { programs: [SDGT, CYBER2] }, importTerms(), CITATION);
      expect(decider.decide(importCommand(terms), decider.initialState())).toHaveLength(2);
    });

    it('is refused without a waiver when a mapped measure is an asset freeze', () => {
      const terms = designationTermsOf(listed, mapping(), importTerms({ humanitarianWaiver: undefined }), CITATION);
      const refusal = refusalOf(() => decider.decide(importCommand(terms), decider.initialState()));
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal.code).toBe(ErrorCode.HumanitarianSafeguardRequired);
      expect(refusal.code).toBe('POLICY.HUMANITARIAN_SAFEGUARD_REQUIRED');
    });

    it('needs no waiver when no mapped measure calls for a safeguard', () => {
      const travelOnly = mapping({ programs: [{ ...CYBER2, measures: ['travel_ban'] }] });
      const terms = designationTermsOf(listed, travelOnly, importTerms({ humanitarianWaiver: undefined }), CITATION);
      expect(decider.decide(importCommand(terms), decider.initialState())).toHaveLength(2);
    });
  });
});

describe('targetChanges', () => {
  const before = listing('1', {
    name: 'ALPHA',
    names: [
      { name: 'ALPHA', quality: 'primary' },
      { name: 'A1', quality: 'aka' },
    ],
    nationalities: ['Iran'],
    identifiers: [{ type: 'passport', value: 'P1' }],
  });

  it('is undefined when nothing of the target changed, whatever else did', () => {
    expect(targetChanges(before, { ...before, remarks: 'New remarks', programs: ['CYBER2', 'SDGT'], datesOfBirth: [{ type: 'date', date: '1970' }] })).toBeUndefined();
    expect(targetChanges(before, { ...before, identifiers: [...before.identifiers, { type: 'national_id', note: 'no number' }] })).toBeUndefined();
  });

  it.each<[string, Partial<Listing>, object]>([
    ['the name', { name: 'ALPHA LTD', names: [{ name: 'ALPHA LTD', quality: 'primary' }, { name: 'A1', quality: 'aka' }] }, { name: 'ALPHA LTD' }],
    ['the aliases', { names: [{ name: 'ALPHA', quality: 'primary' }, { name: 'A1', quality: 'aka' }, { name: 'A2', quality: 'fka' }] }, { aliases: ['A1', 'A2'] }],
    ['the country', { nationalities: ['Iraq'] }, { country: 'Iraq' }],
    ['the identifiers', { identifiers: [{ type: 'passport', value: 'P2' }] }, { identifiers: [{ type: 'passport', value: 'P2' }] }],
    ['the kind', { kind: 'entity' }, { kind: 'entity' }],
  ])('names only %s when only it changed', (_case, overrides, expected) => {
    expect(targetChanges(before, { ...before, ...overrides })).toEqual(expected);
  });

  it('names each of several changes', () => {
    expect(targetChanges(before, { ...before, kind: 'vessel', nationalities: [], citizenships: ['Syria'] })).toEqual({ kind: 'entity', country: 'Syria' });
  });

  it('does not count aliases or identifiers the source only reordered, as reconcile does not', () => {
    const reordered = listing('1', {
      name: 'ALPHA',
      names: [
        { name: 'ALPHA', quality: 'primary' },
        { name: 'A2', quality: 'aka' },
        { name: 'A1', quality: 'aka' },
      ],
      identifiers: [
        { type: 'passport', value: 'P2' },
        { type: 'passport', value: 'P1' },
      ],
    });
    const was = { ...reordered, names: [reordered.names[0], reordered.names[2], reordered.names[1]], identifiers: [...reordered.identifiers].reverse() };
    expect(targetChanges(was, { ...reordered, remarks: 'amended' })).toBeUndefined();
    expect(targetChanges(was, { ...reordered, nationalities: ['Iraq'] })).toEqual({ country: 'Iraq' });
  });

  it('does not count a vessel becoming an aircraft, both being entities', () => {
    expect(targetChanges({ ...before, kind: 'vessel' }, { ...before, kind: 'aircraft' })).toBeUndefined();
  });
});

describe('proposalFromCandidate', () => {
  const partnerListing = listing('6908555', { source: 'un', name: 'RI WON HO', referenceNumber: 'KPi.033', programs: ['DPRK'], nationalities: ['KP'] });
  const candidate = { listing: partnerListing, references: ['un:6908555', 'un:KPi.033'], releaseHash: HASH_1, releaseDate: '2026-01-02' };
  const ownEvidence = { ref: 'intel-1', kind: 'intelligence' as const, classification: 'restricted' as const, summary: 'Our own assessment', corroboratedBy: [] };
  const stated = (overrides: Partial<CandidateProposalTerms> = {}): CandidateProposalTerms => {
    const { target: _t, coalition: _c, ...rest } = designationTermsOf(listing('1'), mapping(), importTerms(), CITATION);
    return { ...rest, attribution: { confidence: 'high', evidence: [ownEvidence] }, ...overrides };
  };

  it('targets the partner\'s listing, coordinated with the partner, citing its references, with the listing added as partner-shared evidence', () => {
    const terms = proposalFromCandidate(candidate, stated());
    expect(terms.target).toEqual(targetOf(partnerListing));
    expect(terms.coalition).toEqual({ coordination: 'coordinated', partners: ['un'], crossListReferences: ['un:6908555', 'un:KPi.033'] });
    expect(terms.attribution.evidence).toEqual([
      ownEvidence,
      {
        ref: 'un:6908555',
        kind: 'partner_shared',
        classification: 'public',
        summary: `Listed by un under DPRK (release of 2026-01-02, sha256 ${HASH_1})`,
        corroboratedBy: ['un'],
      },
    ]);
    expect(terms.measures).toEqual(stated().measures);
  });

  it('adds the partner\'s listing to the evidence once: not again when the official already cites it', () => {
    const cited = { ...ownEvidence, ref: 'un:6908555', kind: 'partner_shared' as const };
    const terms = proposalFromCandidate(candidate, stated({ attribution: { confidence: 'high', evidence: [ownEvidence, cited] } }));
    expect(terms.attribution.evidence).toEqual([ownEvidence, cited]);
    const again = proposalFromCandidate(candidate, { ...terms, coalition: undefined } as unknown as CandidateProposalTerms);
    expect(again.attribution.evidence.filter((e) => e.ref === 'un:6908555')).toHaveLength(1);
  });

  it('cites the listing by source id when the candidate carries no references', () => {
    const terms = proposalFromCandidate({ ...candidate, references: [] }, stated());
    expect(terms.attribution.evidence.map((e) => e.ref)).toEqual(['intel-1', 'un:6908555']);
    expect(terms.coalition.crossListReferences).toEqual([]);
  });

  it('does not change the terms it was given', () => {
    const given = stated();
    proposalFromCandidate(candidate, given);
    expect(given.attribution.evidence).toEqual([ownEvidence]);
  });

  it('is a proposal the designation decider accepts from an official', () => {
    const decider = designationDecider(DEFAULT_POLICY);
    const terms = proposalFromCandidate(candidate, stated({ category: 'cyber_crime' }));
    const events = decider.decide(
      { type: 'ProposeDesignation', data: { ...terms, designationId: 'b0c1d2e3-0000-4000-8000-000000000009' }, metadata: { now: NOW, actor: { id: 'official-1', roles: ['official'] } } },
      decider.initialState(),
    );
    expect(events.map((e) => e.type)).toEqual(['DesignationProposed']);
    expect(events[0].data).toMatchObject({ coalition: { coordination: 'coordinated', partners: ['un'] } });
  });
});
