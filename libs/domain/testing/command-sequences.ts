import fc from 'fast-check';
import {
  CATEGORIES,
  CONFIDENCE_LEVELS,
  COURT_DECISIONS,
  decide,
  DomainError,
  evolve,
  exists,
  HUMAN_LIFT_REASONS,
  initialState,
  PARTNER_LISTING_CHANGES,
  MEASURE_TYPES,
  REVIEW_OUTCOMES,
  TARGET_KINDS,
  type Actor,
  type DesignationCommand,
  type DesignationEvent,
  type DesignationState,
  type Measure,
} from '../src';
import {
  at,
  command,
  court,
  foreignReviewer,
  official,
  otherOfficial,
  POLICY,
  reviewer,
  senior,
  seniorProposer,
  system,
  T0,
  terms,
} from './fixtures';

/**
 * Random command sequences for property tests. Each step is a few random choices; the command is
 * built from them against the current state, so that sequences reach deep states (issued, reviewed,
 * suspended, extended, lifted) while still trying invalid data, wrong actors and stale deadlines.
 */
export interface Step {
  type: DesignationCommand['type'];
  actor: Actor;
  /** Time passing before the step, in hours. */
  hoursLater: number;
  /** Free choices the builders interpret (pick an index, choose a variant, pick a duration). */
  pick: number[];
}

const ACTORS = [official, otherOfficial, senior, seniorProposer, reviewer, foreignReviewer, court, system];

/** Who usually issues each command; `seniorProposer` holds both official roles, so four-eyes gets tried often. */
const USUAL_ACTORS: Record<DesignationCommand['type'], Actor[]> = {
  ProposeDesignation: [official, seniorProposer],
  ApproveDesignation: [senior, senior, seniorProposer],
  RejectProposal: [senior],
  WithdrawProposal: [official, seniorProposer],
  EscalateMeasures: [senior, seniorProposer],
  GrantExemption: [official],
  RevokeExemption: [official],
  ExpireExemption: [system],
  RecordTargetNotification: [official],
  RecordRepresentation: [official],
  IssueReviewReminder: [system],
  FlagOverdueNotification: [system],
  CompleteReview: [reviewer],
  RollBackMeasures: [senior, seniorProposer],
  ExtendSunset: [senior, seniorProposer],
  LiftDesignation: [senior, seniorProposer],
  ExpireDesignation: [system],
  RecordCourtOrder: [court],
  AmendDesignation: [official],
  ImportDesignation: [senior, seniorProposer],
  RecordDelistingAtSource: [senior],
  RecordAmendmentAtSource: [senior],
  RecordPartnerListingChange: [official, senior],
};

/** Weighted so that most sequences get past the proposal and into the designation's life. */
const COMMAND_WEIGHTS: [DesignationCommand['type'], number][] = [
  ['ProposeDesignation', 2], ['ApproveDesignation', 8], ['RejectProposal', 1], ['WithdrawProposal', 1],
  ['EscalateMeasures', 4], ['GrantExemption', 4], ['RevokeExemption', 3], ['ExpireExemption', 3],
  ['RecordTargetNotification', 3], ['RecordRepresentation', 4], ['IssueReviewReminder', 5],
  ['FlagOverdueNotification', 3], ['CompleteReview', 8], ['RollBackMeasures', 4], ['ExtendSunset', 8],
  ['LiftDesignation', 3], ['ExpireDesignation', 5], ['RecordCourtOrder', 4], ['AmendDesignation', 2],
  ['ImportDesignation', 1], ['RecordDelistingAtSource', 1], ['RecordAmendmentAtSource', 2], ['RecordPartnerListingChange', 3],
];

/** Official list releases the source commands cite: two, so that a repeated change is sometimes the same one. */
const RELEASES = ['a'.repeat(64), 'b'.repeat(64)];
const sourceOf = (n: number) => ({ list: 'own-ofac-sdn-csv', source: 'ofac', sourceId: '36', releaseHash: choose(RELEASES, n), releaseDate: '2026-01-02', batchId: `batch-${n % 2}` });

const weighted = (weights: [DesignationCommand['type'], number][]) =>
  fc.oneof(...weights.filter(([, weight]) => weight > 0).map(([type, weight]) => ({ arbitrary: fc.constant(type), weight })));
const commandTypeArb = weighted(COMMAND_WEIGHTS);

const stepArb = (type: fc.Arbitrary<DesignationCommand['type']> = commandTypeArb): fc.Arbitrary<Step> =>
  type.chain((t) =>
    fc.record({
      type: fc.constant(t),
      // Mostly the usual actor; one time in five anyone at all, including someone without the role.
      actor: fc.oneof({ arbitrary: fc.constantFrom(...USUAL_ACTORS[t]), weight: 4 }, { arbitrary: fc.constantFrom(...ACTORS), weight: 1 }),
      // Mostly hours and days, now and then months: long enough for sunsets and reminders to come due.
      hoursLater: fc.oneof(
        { arbitrary: fc.constant(0), weight: 3 },
        { arbitrary: fc.integer({ min: 1, max: 24 }), weight: 3 },
        { arbitrary: fc.integer({ min: 24, max: 24 * 30 }), weight: 3 },
        { arbitrary: fc.integer({ min: 24 * 30, max: 24 * 400 }), weight: 1 },
      ),
      pick: fc.array(fc.nat({ max: 1000 }), { minLength: 8, maxLength: 8 }),
    }),
  );

/**
 * A proposal followed by up to `maxLength` random commands. `emphasis` multiplies the weight of
 * some commands, to dwell on one part of the lifecycle (e.g. reviews and sunset extensions).
 */
export const sequenceArb = (maxLength = 30, emphasis: Partial<Record<DesignationCommand['type'], number>> = {}): fc.Arbitrary<Step[]> =>
  fc
    .tuple(
      stepArb(fc.constant('ProposeDesignation')),
      fc.array(stepArb(weighted(COMMAND_WEIGHTS.map(([type, weight]) => [type, weight * (emphasis[type] ?? 1)]))), {
        maxLength,
        size: 'max',
      }),
    )
    .map(([first, rest]) => [first, ...rest]);

const choose = <T>(items: readonly T[], n: number): T => items[n % items.length];
const hours = (n: number) => `PT${n}H`;

function buildCommand(step: Step, state: DesignationState, now: string, index: number): DesignationCommand {
  const [a, b, c, d, e, f] = step.pick;
  const d0 = exists(state) ? state : undefined;
  const measureIds = d0?.measures.map((m) => m.measureId) ?? ['m-freeze'];
  const exemptionIds = d0?.exemptions.map((x) => x.exemptionId) ?? ['ex-medicine'];
  const { actor } = step;
  const make = <T extends DesignationCommand['type']>(type: T, data: Parameters<typeof command<T>>[1]) =>
    command(type, data, actor, now);
  switch (step.type) {
    case 'ProposeDesignation': {
      // Mostly sound proposals; four times in ten one rule is tested with a random breach.
      const base = terms({ sunsetAt: at(`P${1 + (b % 20 === 0 ? 1200 : b % 1095)}D`, now) });
      const fault = a % 10;
      const randomMeasure: Measure = { measureId: 'm-random', type: choose(MEASURE_TYPES, c), capabilities: [], description: 'random' };
      const exemption = { ...base.exemptions[0], validUntil: base.sunsetAt };
      return make('ProposeDesignation', {
        ...base,
        category: choose(CATEGORIES, d),
        target: { ...base.target, kind: fault === 7 ? choose(TARGET_KINDS, e) : base.target.kind },
        measures: fault === 6 ? [randomMeasure] : base.measures,
        exemptions: fault === 8 ? [] : [{ ...exemption, measureIds: [fault === 6 ? 'm-random' : 'm-freeze'] }],
        humanitarianWaiver: f % 3 === 0 ? { justification: 'Target has no civilian dependants' } : undefined,
        attribution: { ...base.attribution, confidence: fault === 9 ? choose(CONFIDENCE_LEVELS, f) : 'very_high' },
        coalition: { ...base.coalition, crossListReferences: b % 2 === 0 ? ['QDi.413'] : [] },
      });
    }
    case 'ApproveDesignation':
      return make('ApproveDesignation', a % 2 === 0 ? {} : { effectiveAt: at(hours(b % 2000), now) });
    case 'RejectProposal':
      return make('RejectProposal', { reason: a % 5 === 0 ? '' : 'Insufficient evidence' });
    case 'WithdrawProposal':
      return make('WithdrawProposal', { reason: 'Superseded' });
    case 'EscalateMeasures':
      return make('EscalateMeasures', {
        criteriaMet: a % 4 === 0 ? [9] : [1],
        justification: 'Criterion met',
        measures: [{ measureId: b % 5 === 0 ? 'm-freeze' : `m-${index}`, type: choose(MEASURE_TYPES, c), capabilities: [], description: 'more' }],
        humanitarianWaiver: d % 4 === 0 ? { justification: 'Covered by national carve-outs' } : undefined,
      });
    case 'GrantExemption':
      return make('GrantExemption', {
        exemptionId: a % 5 === 0 ? choose(exemptionIds, b) : `ex-${index}`,
        kind: 'food',
        measureIds: [c % 5 === 0 ? 'm-unknown' : choose(measureIds, c)],
        beneficiary: 'Food importers',
        conditions: 'Staple foods only',
        oversightBody: 'Customs',
        validUntil: at(hours(1 + (d % 30000)), now),
      });
    case 'RevokeExemption':
      return make('RevokeExemption', { exemptionId: choose(exemptionIds, a), reason: 'Abused' });
    case 'ExpireExemption':
      return make('ExpireExemption', { exemptionId: choose(exemptionIds, a) });
    case 'RecordTargetNotification':
      return make('RecordTargetNotification', { channel: 'official_journal', notifiedAt: now, responseDeadline: at(`P${a % 60}D`, now) });
    case 'RecordRepresentation':
      return make('RecordRepresentation', {
        representationId: a % 5 === 0 ? 'rep-fixed' : `rep-${index}`,
        receivedAt: now,
        submittedBy: 'Counsel for the target',
        summary: 'Contests attribution',
      });
    case 'IssueReviewReminder':
      return make('IssueReviewReminder', { reviewDueAt: a % 4 === 0 ? at('P1D', now) : (d0?.nextReviewDueAt ?? now) });
    case 'FlagOverdueNotification':
      return make('FlagOverdueNotification', {});
    case 'CompleteReview': {
      const pending = d0?.representations.filter((r) => !r.considered).map((r) => r.representationId) ?? [];
      return make('CompleteReview', {
        outcome: choose(REVIEW_OUTCOMES, a),
        findings: 'Measures remain proportionate',
        representationsConsidered: b % 4 === 0 ? pending.slice(1) : pending,
        nextReviewDueAt: at(`P${1 + (c % 2 === 0 ? c % 150 : c % 400)}D`, now),
      });
    }
    case 'RollBackMeasures':
      return make('RollBackMeasures', {
        conditionsMet: a % 4 === 0 ? [] : [1],
        justification: 'Condition met',
        measureIds: b % 3 === 0 ? measureIds : [choose(measureIds, c)],
      });
    case 'ExtendSunset':
      // A third of extensions aim at the maximum duration's edge (P3Y = 1,095 days from now), half of those past it.
      return make('ExtendSunset', {
        sunsetAt: a % 3 === 0 ? at(`P${1065 + (a % 60)}D`, now) : at(`P${1 + (a % 3 === 1 ? a % 200 : a)}D`, d0?.sunsetAt ?? now),
        justification: 'Review maintained',
      });
    case 'LiftDesignation':
      return make('LiftDesignation', { reason: choose(HUMAN_LIFT_REASONS, a), justification: 'Objectives met' });
    case 'ExpireDesignation':
      return make('ExpireDesignation', {});
    case 'RecordCourtOrder':
      return make('RecordCourtOrder', {
        orderId: b % 5 === 0 ? 'order-fixed' : `order-${index}`,
        court: 'General Court',
        decision: choose(COURT_DECISIONS, a),
        reference: `T-${index}/26`,
        summary: 'Interim relief',
        effectiveAt: now,
      });
    case 'ImportDesignation':
      // Usually refused (the stream exists); accepted when the proposal was. Four eyes tried one time in three.
      return make('ImportDesignation', {
        terms: { ...terms({ sunsetAt: at(`P${1 + (b % 1095)}D`, now) }), coalition: { coordination: 'coordinated', partners: [], crossListReferences: ['QDi.413'] } },
        provenance: { ...sourceOf(c), batchId: `batch-${c}`, preparedBy: a % 3 === 0 ? actor.id : otherOfficial.id, ...(d % 2 === 0 ? { listedOn: '2019-05' } : {}) },
        ...(e % 3 === 0 ? { firstReviewDueAt: at(`P${1 + (f % 400)}D`, now) } : {}),
      });
    case 'RecordDelistingAtSource':
      return make('RecordDelistingAtSource', { source: sourceOf(a), justification: a % 5 === 0 ? '' : 'No longer on the SDN list' });
    case 'RecordAmendmentAtSource':
      return make('RecordAmendmentAtSource', {
        source: sourceOf(a),
        target: b % 3 === 0 ? { kind: choose(TARGET_KINDS, c) } : { aliases: ['SOURCE-ALIAS'] },
        changes: d % 4 === 0 ? [] : [{ field: 'aliases', before: ['APT-EXAMPLE'], after: ['SOURCE-ALIAS'] }],
        justification: 'Amended at the source',
      });
    case 'RecordPartnerListingChange':
      return make('RecordPartnerListingChange', {
        reference: b % 4 === 0 ? 'UNKNOWN-1' : ' qdi.413',
        partner: { ...sourceOf(a), list: 'partner-un-xml', source: 'un' },
        change: choose(PARTNER_LISTING_CHANGES, c),
        changes: [],
      });
    case 'AmendDesignation':
      return make('AmendDesignation', a % 4 === 0 ? { justification: 'Nothing' } : {
        target: b % 3 === 0 ? { kind: choose(TARGET_KINDS, c) } : { aliases: ['NEW-ALIAS'] },
        justification: 'Corrected alias',
      });
  }
}

export interface Transition {
  index: number;
  command: DesignationCommand;
  before: DesignationState;
  after: DesignationState;
  /** The events decided, or the DomainError that refused the command. */
  outcome: { events: DesignationEvent[] } | { error: DomainError };
}

/** Runs a sequence through decide/evolve; anything thrown other than a DomainError fails the property. */
export function runSequence(steps: Step[], onStep: (t: Transition) => void = () => {}): Transition[] {
  let state = initialState();
  let now = T0;
  const transitions: Transition[] = [];
  steps.forEach((step, index) => {
    now = at(hours(step.hoursLater), now);
    const cmd = buildCommand(step, state, now, index);
    let outcome: Transition['outcome'];
    try {
      outcome = { events: decide(cmd, state, POLICY) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcome = { error };
    }
    const after = 'events' in outcome ? outcome.events.reduce(evolve, state) : state;
    const transition = { index, command: cmd, before: state, after, outcome };
    transitions.push(transition);
    onStep(transition);
    state = after;
  });
  return transitions;
}
