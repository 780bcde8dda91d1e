import fc from 'fast-check';
import { runSequence, sequenceArb, type Transition } from '../testing/command-sequences';
import { POLICY } from '../testing/fixtures';
import { isSystemCommand } from './designation.commands';
import { decide } from './designation.decide';
import { evolve } from './designation.evolve';
import { exists, initialState, isFinal, STATUSES } from './designation.state';
import { addDuration, isAfter, latest } from './time';

const RUNS = { numRuns: 1000 };
const forAllSequences = (check: (transitions: Transition[]) => void, arbitrary = sequenceArb()) =>
  fc.assert(fc.property(arbitrary, (steps) => check(runSequence(steps))), RUNS);

/** Sunsets move only through reviews and extensions: dwell there, and on the proposals that end early less. */
const sunsetHeavy = sequenceArb(30, { CompleteReview: 3, ExtendSunset: 3, ApproveDesignation: 2, RejectProposal: 0, WithdrawProposal: 0, LiftDesignation: 0 });

const eventsOf = (t: Transition) => ('events' in t.outcome ? t.outcome.events : []);

describe('designation properties over random command sequences', () => {
  it('(a) status stays in the controlled vocabulary, and final statuses accept nothing', () => {
    forAllSequences((transitions) => {
      for (const t of transitions) {
        if (exists(t.after)) expect(STATUSES).toContain(t.after.status);
        if (!exists(t.before) || !isFinal(t.before.status)) continue;
        expect(eventsOf(t)).toEqual([]);
        const bySystem = isSystemCommand(t.command) && t.command.metadata.actor.roles.includes('system');
        // Retried deadline jobs must be harmless: the service's own commands find nothing to do, without error.
        if (bySystem) expect(t.outcome).toEqual({ events: [] });
        else expect('error' in t.outcome).toBe(true);
        expect(t.after).toBe(t.before);
      }
    });
  });

  it('(b) an active designation never has a sunset beyond policy or a measure above its ceiling', () => {
    forAllSequences((transitions) => {
      let sunsetSetAt: string | undefined;
      for (const t of transitions) {
        for (const event of eventsOf(t)) {
          if (event.type === 'DesignationIssued') sunsetSetAt = event.data.effectiveAt;
          if (event.type === 'SunsetExtended') sunsetSetAt = latest(t.command.metadata.now, sunsetSetAt ?? t.command.metadata.now);
        }
        const d = t.after;
        if (!exists(d) || d.status !== 'active') continue;
        expect(sunsetSetAt).toBeDefined();
        expect(isAfter(d.sunsetAt, addDuration(sunsetSetAt!, POLICY.maxDuration))).toBe(false);
        expect(isAfter(d.sunsetAt, d.effectiveAt!)).toBe(true);
        const ceiling = POLICY.measureCeilings[d.category];
        for (const measure of d.measures) expect(ceiling).toContain(measure.type);
        expect(d.measures.length).toBeGreaterThan(0);
      }
    }, fc.oneof(sequenceArb(), sunsetHeavy));
  });

  it('(c) a designation is never issued or lifted by the official who proposed it', () => {
    forAllSequences((transitions) => {
      for (const t of transitions) {
        // An import proposes and issues in one decision: the proposer is the batch's preparer.
        const proposal = eventsOf(t).find((event) => event.type === 'DesignationProposed');
        for (const event of eventsOf(t)) {
          if (event.type !== 'DesignationIssued' && event.type !== 'DesignationLifted') continue;
          // A delisting at the source applies a batch four eyes were applied to (prepared by one, approved by another).
          if (event.type === 'DesignationLifted' && event.data.reason === 'delisted_at_source') continue;
          const proposer = exists(t.before) ? t.before.proposedBy : proposal?.data.proposedBy;
          expect(proposer).toBeDefined();
          expect(t.command.metadata.actor.id).not.toBe(proposer);
          const decidedBy = event.type === 'DesignationIssued' ? event.data.approvedBy : event.data.liftedBy;
          expect(decidedBy).not.toBe(proposer);
        }
      }
    });
  });

  it('(d) every system command is idempotent: deciding it again after its events yields none', () => {
    forAllSequences((transitions) => {
      for (const t of transitions) {
        if (!isSystemCommand(t.command) || !('events' in t.outcome)) continue;
        expect(decide(t.command, t.after, POLICY)).toEqual([]);
      }
    });
  });

  it('(e) evolve is deterministic and leaves its input untouched', () => {
    forAllSequences((transitions) => {
      const events = transitions.flatMap(eventsOf);
      const frozen = events.map(deepFreeze);
      const once = frozen.reduce((state, event) => evolve(deepFreeze(state), event), initialState());
      const twice = frozen.reduce(evolve, initialState());
      expect(twice).toEqual(once);
      expect(once).toEqual(transitions.at(-1)?.after ?? initialState());
    });
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
