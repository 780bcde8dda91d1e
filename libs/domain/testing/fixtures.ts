import {
  addDuration,
  decide,
  DEFAULT_POLICY,
  evolve,
  initialState,
  type Actor,
  type DesignationCommand,
  type DesignationEvent,
  type DesignationTerms,
  type Policy,
  type ProposeDesignation,
  type Provenance,
  type SourceReference,
} from '../src';

export const T0 = '2026-01-05T09:00:00.000Z';
export const DESIGNATION_ID = 'b0c1d2e3-0000-4000-8000-000000000001';
export const POLICY: Policy = DEFAULT_POLICY;

export const official: Actor = { id: 'official-1', roles: ['official'] };
export const otherOfficial: Actor = { id: 'official-2', roles: ['official'] };
export const senior: Actor = { id: 'senior-1', roles: ['senior_official'] };
/** Holds both roles: may propose, and is then barred from deciding on their own proposal. */
export const seniorProposer: Actor = { id: 'senior-2', roles: ['official', 'senior_official'] };
export const reviewer: Actor = { id: 'reviewer-1', roles: ['reviewer'], ministry: 'foreign-affairs' };
export const foreignReviewer: Actor = { id: 'reviewer-9', roles: ['reviewer'], ministry: 'agriculture' };
export const court: Actor = { id: 'court-1', roles: ['court'] };
export const system: Actor = { id: 'system', roles: ['system'] };

export const at = (duration: string, from = T0): string => addDuration(from, duration);
export const before = (duration: string, from = T0): string => addDuration(from, duration, -1);

export function terms(overrides: Partial<DesignationTerms> = {}): ProposeDesignation['data'] {
  return {
    designationId: DESIGNATION_ID,
    target: {
      kind: 'entity',
      name: 'Example Threat Group',
      aliases: ['APT-EXAMPLE'],
      country: 'XX',
      identifiers: [{ type: 'domain', value: 'c2.example' }],
    },
    category: 'cyber_espionage',
    legalBasis: [{ instrument: 'Regulation (EU) 2019/796', provision: 'Art. 3(1)', jurisdiction: 'multilateral' }],
    statementOfReasons: 'Responsible for intrusions into ministries.',
    attribution: {
      confidence: 'high',
      evidence: [
        { ref: 'EV-1', kind: 'technical', classification: 'restricted', summary: 'C2 overlap', corroboratedBy: [] },
        { ref: 'EV-2', kind: 'partner_shared', classification: 'secret', summary: 'Partner report', corroboratedBy: ['PARTNER-A'] },
      ],
    },
    measures: [
      { measureId: 'm-freeze', type: 'asset_freeze', capabilities: ['hosting'], description: 'Freeze of funds' },
      { measureId: 'm-travel', type: 'travel_ban', capabilities: [], description: 'Entry ban for named officers' },
    ],
    escalationCriteria: [
      { number: 1, text: 'Renewed intrusions after listing' },
      { number: 2, text: 'Attacks on critical infrastructure' },
    ],
    rollbackConditions: [
      { number: 1, text: 'Infrastructure dismantled' },
      { number: 2, text: 'Cooperation with investigators' },
    ],
    reviewInterval: 'P6M',
    sunsetAt: at('P2Y'),
    coalition: { coordination: 'coordinated', partners: ['PARTNER-A'], crossListReferences: [] },
    reviewingMinistries: ['foreign-affairs', 'justice'],
    exemptions: [
      {
        exemptionId: 'ex-medicine',
        kind: 'medicine',
        measureIds: ['m-freeze'],
        beneficiary: 'Hospitals in the target region',
        conditions: 'Payments for medicine only',
        oversightBody: 'Financial Intelligence Unit',
        validUntil: at('P1Y'),
      },
    ],
    ...overrides,
  };
}

type CommandOf<T extends DesignationCommand['type']> = Extract<DesignationCommand, { type: T }>;

/** A command with sensible defaults: `command('LiftDesignation', { reason, justification }, senior, now)`. */
export function command<T extends DesignationCommand['type']>(
  type: T,
  data: Omit<CommandOf<T>['data'], 'designationId'>,
  actor: Actor,
  now = T0,
): CommandOf<T> {
  return { type, data: { designationId: DESIGNATION_ID, ...data }, metadata: { now, actor } } as unknown as CommandOf<T>;
}

/**
 * The command with some data replaced, untyped: commands reach the domain from JSON, so a value
 * outside a controlled vocabulary must be refused, never crash.
 */
export const withData = <C extends DesignationCommand>(c: C, data: Record<string, unknown>): C => ({ ...c, data: { ...c.data, ...data } });

export const propose = (overrides: Partial<DesignationTerms> = {}, actor = official, now = T0) =>
  command('ProposeDesignation', terms(overrides), actor, now);
export const approve = (actor = senior, now = T0) => command('ApproveDesignation', {}, actor, now);

/** The events that running these commands in order produces; every command must be accepted. */
export function eventsOf(...commands: DesignationCommand[]): DesignationEvent[] {
  let state = initialState();
  const events: DesignationEvent[] = [];
  for (const c of commands) {
    const produced = decide(c, state, POLICY);
    state = produced.reduce(evolve, state);
    events.push(...produced);
  }
  return events;
}

export const proposed = () => eventsOf(propose());
export const issued = () => eventsOf(propose(), approve());

/** One day after issuance: the usual "now" for decisions on an active designation. */
export const T1 = at('P1D');

export const lift = (actor = senior, now = T1) =>
  command('LiftDesignation', { reason: 'objectives_met', justification: 'Objectives met' }, actor, now);
export const courtOrder = (decision: 'suspend' | 'annul' | 'uphold', orderId = `order-${decision}`, now = T1) =>
  command(
    'RecordCourtOrder',
    { orderId, court: 'General Court', decision, reference: 'T-1/26', summary: 'Interim measures', effectiveAt: now },
    court,
    now,
  );
export const representation = (representationId = 'rep-1', now = T1) =>
  command(
    'RecordRepresentation',
    { representationId, receivedAt: now, submittedBy: 'Counsel for the target', summary: 'Contests attribution' },
    official,
    now,
  );
export const review = (
  overrides: Partial<{ outcome: 'maintain' | 'lift'; representationsConsidered: string[]; nextReviewDueAt: string }> = {},
  now = T1,
  actor = reviewer,
) =>
  command(
    'CompleteReview',
    {
      outcome: 'maintain',
      findings: 'Measures remain proportionate',
      representationsConsidered: [],
      nextReviewDueAt: at('P6M', now),
      ...overrides,
    },
    actor,
    now,
  );
export const suspended = () => eventsOf(propose(), approve(), courtOrder('suspend'));
export const lifted = () => eventsOf(propose(), approve(), lift());

// ---- Histories for the final statuses and a long life, each built from real decider output. ----

export const rejected = () =>
  eventsOf(propose(), command('RejectProposal', { reason: 'Attribution not corroborated' }, senior));
export const withdrawn = () =>
  eventsOf(propose(), command('WithdrawProposal', { reason: 'Superseded by a joint listing' }, official));
/** Issued at T0 and expired by the service at its sunset (T0 + P2Y). */
export const expired = () => eventsOf(propose(), approve(), command('ExpireDesignation', {}, system, terms().sunsetAt));

/** Every final status, for `it.each`: a final designation accepts nothing. */
export const FINAL_HISTORIES: [string, () => DesignationEvent[]][] = [
  ['rejected', rejected],
  ['withdrawn', withdrawn],
  ['lifted', lifted],
  ['expired', expired],
];

/**
 * A long life that produces every event type except rejection, withdrawal and expiry: notification
 * overdue then given, escalation, exemptions granted/revoked/expired, a representation, a reminder,
 * a suspension upheld, reviews, a rollback, an amendment, an extension, and finally lifting.
 */
export function lifecycleCommands(): DesignationCommand[] {
  const food = {
    exemptionId: 'ex-food',
    kind: 'food' as const,
    measureIds: ['m-freeze'],
    beneficiary: 'Food importers',
    conditions: 'Staple foods only',
    oversightBody: 'Customs authority',
    validUntil: at('P1Y'),
  };
  const exportControl = { measureId: 'm-export', type: 'export_control' as const, capabilities: ['tooling'], description: 'Dual-use export ban' };
  return [
    propose(),
    approve(),
    command('EscalateMeasures', { criteriaMet: [1], justification: 'Renewed intrusions', measures: [exportControl] }, senior, T1),
    command('GrantExemption', food, official, T1),
    command('RevokeExemption', { exemptionId: 'ex-medicine', reason: 'Diversion found' }, official, T1),
    representation('rep-1', T1),
    command('FlagOverdueNotification', {}, system, at('P31D')),
    command(
      'RecordTargetNotification',
      { channel: 'diplomatic_channel', notifiedAt: at('P32D'), responseDeadline: at('P62D') },
      official,
      at('P32D'),
    ),
    courtOrder('suspend', 'order-1', at('P2M')),
    courtOrder('uphold', 'order-2', at('P3M')),
    command('IssueReviewReminder', { reviewDueAt: at('P6M') }, system, before('P30D', at('P6M'))),
    review({ representationsConsidered: ['rep-1'], nextReviewDueAt: at('P11M') }, at('P5M')),
    command('RollBackMeasures', { conditionsMet: [2], justification: 'Cooperation shown', measureIds: ['m-travel'] }, senior, at('P5M')),
    command('ExpireExemption', { exemptionId: 'ex-food' }, system, at('P1Y')),
    command('AmendDesignation', { statementOfReasons: 'Corrected reasons', justification: 'Typo' }, official, at('P1Y')),
    review({ nextReviewDueAt: at('P23M') }, at('P20M')),
    command('ExtendSunset', { sunsetAt: at('P30M'), justification: 'Threat persists' }, senior, at('P21M')),
    lift(senior, at('P22M')),
  ];
}
export const lifecycle = () => eventsOf(...lifecycleCommands());

// ---- Official sanctions lists (issue 15): an OFAC SDN entry imported, and releases after it. ----

export const RELEASE_2026 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const RELEASE_2027 = '5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';

/** The entry of the OFAC SDN list the designation was imported from, in a batch prepared by `official`. */
export const provenance = (overrides: Partial<Provenance> = {}): Provenance => ({
  list: 'own-ofac-sdn-csv',
  source: 'ofac',
  sourceId: '36',
  releaseHash: RELEASE_2026,
  releaseDate: '2026-01-02',
  batchId: 'batch-1',
  listedOn: '2019-09-13',
  preparedBy: official.id,
  ...overrides,
});

/** A later release of the same list, as a batch applies it. */
export const release = (overrides: Partial<SourceReference> = {}): SourceReference => ({
  list: 'own-ofac-sdn-csv',
  source: 'ofac',
  sourceId: '36',
  releaseHash: RELEASE_2027,
  releaseDate: '2027-01-04',
  batchId: 'batch-2',
  ...overrides,
});

/** A partner's release of the UN list, naming the entry an imported designation cross-references (`QDi.413`). */
export const unRelease = (overrides: Partial<SourceReference> = {}): SourceReference => ({
  list: 'partner-un-xml',
  source: 'un',
  sourceId: '6908555',
  releaseHash: RELEASE_2027,
  releaseDate: '2026-03-01',
  ...overrides,
});

/** Terms as an import batch builds them: the listing is the evidence, far below a proposal's threshold. */
export function importedTerms(overrides: Partial<DesignationTerms> = {}): DesignationTerms {
  const { designationId: _id, ...rest } = terms({
    attribution: {
      confidence: 'low',
      evidence: [{ ref: 'ofac:36', kind: 'open_source', classification: 'public', summary: 'Listed on the OFAC SDN list', corroboratedBy: [] }],
    },
    coalition: { coordination: 'coordinated', partners: ['UN'], crossListReferences: ['QDi.413'] },
    ...overrides,
  });
  return rest;
}

/** An import approved by `senior` (actor) of a batch `official` prepared. */
export const importDesignation = (
  overrides: { terms?: Partial<DesignationTerms>; provenance?: Partial<Provenance>; firstReviewDueAt?: string } = {},
  actor = senior,
  now = T0,
) =>
  command(
    'ImportDesignation',
    {
      terms: importedTerms(overrides.terms),
      provenance: provenance(overrides.provenance),
      ...(overrides.firstReviewDueAt === undefined ? {} : { firstReviewDueAt: overrides.firstReviewDueAt }),
    },
    actor,
    now,
  );
export const imported = () => eventsOf(importDesignation());

export const delistAtSource = (actor = senior, now = T1, source = release()) =>
  command('RecordDelistingAtSource', { source, justification: 'Removed from the SDN list' }, actor, now);
export const amendAtSource = (
  data: Partial<{ target: Record<string, unknown>; changes: unknown[]; source: SourceReference }> = {},
  actor = senior,
  now = T1,
) =>
  command(
    'RecordAmendmentAtSource',
    {
      source: release(),
      target: { aliases: ['APT-EXAMPLE', 'Example Group'] },
      changes: [{ field: 'aliases', before: ['APT-EXAMPLE'], after: ['APT-EXAMPLE', 'Example Group'] }],
      justification: 'Amended in the SDN release of 4 January 2027',
      ...data,
    } as never,
    actor,
    now,
  );
export const partnerChange = (
  data: Partial<{ reference: string; partner: SourceReference; change: 'delisted' | 'amended'; changes: unknown[] }> = {},
  actor = official,
  now = T1,
) =>
  command('RecordPartnerListingChange', { reference: 'QDi.413', partner: unRelease(), change: 'delisted', changes: [], ...data } as never, actor, now);
