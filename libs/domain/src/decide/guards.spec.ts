import type { DesignationCommand } from '../designation.commands';
import type { DesignationEvent } from '../designation.events';
import { ErrorCode } from '../errors';
import { addDuration } from '../time';
import { at, before, command, eventsOf, issued, lift, POLICY, propose, proposed, senior, T0, T1 } from '../../testing/fixtures';
import { given } from '../../testing/given';

const exportControl = { measureId: 'm-export', type: 'export_control' as const, capabilities: ['tooling'], description: 'Dual-use export ban' };
const secondsBefore = (seconds: number, from: string) => new Date(Date.parse(from) - seconds * 1000).toISOString();

/** Every command whose `effectiveAt` the caller may give, decided at `now` on a designation where it applies. */
const decisions: [string, () => DesignationEvent[], (now: string, effectiveAt?: string) => DesignationCommand][] = [
  ['ApproveDesignation', proposed, (now, effectiveAt) => command('ApproveDesignation', effectiveAt ? { effectiveAt } : {}, senior, now)],
  [
    'EscalateMeasures',
    issued,
    (now, effectiveAt) =>
      command('EscalateMeasures', { criteriaMet: [1], justification: 'Renewed intrusions', measures: [exportControl], ...(effectiveAt ? { effectiveAt } : {}) }, senior, now),
  ],
  [
    'RollBackMeasures',
    issued,
    (now, effectiveAt) =>
      command('RollBackMeasures', { conditionsMet: [2], justification: 'Cooperation shown', measureIds: ['m-travel'], ...(effectiveAt ? { effectiveAt } : {}) }, senior, now),
  ],
  [
    'LiftDesignation',
    issued,
    (now, effectiveAt) => ({ ...lift(senior, now), data: { ...lift(senior, now).data, ...(effectiveAt ? { effectiveAt } : {}) } }),
  ],
];

/** Approval is decided at T0 + 1 h (the proposal was recorded at T0), the others a day after issuance. */
const nowFor = (name: string) => (name === 'ApproveDesignation' ? at('PT1H') : T1);
const effectiveAtOf = (events: DesignationEvent[]) => (events[0].data as { effectiveAt?: string }).effectiveAt;

describe.each(decisions)('%s: clock skew is not retroactivity', (name, history, decision) => {
  const now = nowFor(name);

  it.each([1, 119])('accepts an effectiveAt %p s before now (within the policy clockSkewTolerance, PT2M) and records it as given', (seconds) => {
    const effectiveAt = secondsBefore(seconds, now);
    given(history())
      .when(decision(now, effectiveAt))
      .then((events) => expect(effectiveAtOf(events)).toBe(effectiveAt));
  });

  it('accepts "now" truncated to the second, recorded as given (normalised to UTC with milliseconds)', () => {
    const truncated = `${new Date(Date.parse(now) + 999).toISOString().slice(0, 19)}Z`;
    given(history())
      .when(decision(new Date(Date.parse(now) + 999).toISOString(), truncated))
      .then((events) => expect(effectiveAtOf(events)).toBe(`${truncated.slice(0, 19)}.000Z`));
  });

  it('refuses an effectiveAt 121 s before now as retroactive', () => {
    given(history()).when(decision(now, secondsBefore(121, now))).thenThrows(ErrorCode.RetroactiveEffect);
  });

  it('takes the tolerance from the policy: with PT0S, 1 s before now is retroactive', () => {
    given(history(), { ...POLICY, version: 'strict', clockSkewTolerance: 'PT0S' })
      .when(decision(now, secondsBefore(1, now)))
      .thenThrows(ErrorCode.RetroactiveEffect);
  });

  it('with no effectiveAt, takes effect now', () => {
    given(history())
      .when(decision(now))
      .then((events) => expect(effectiveAtOf(events)).toBe(now));
  });
});

describe.each(decisions.filter(([name]) => name !== 'ApproveDesignation'))('%s: never takes effect before the designation did', (_name, _history, decision) => {
  const futureIssued = () => eventsOf(propose(), command('ApproveDesignation', { effectiveAt: at('P10D') }, senior));

  it('refuses an effectiveAt before a future-dated issuance takes effect', () => {
    given(futureIssued()).when(decision(T1, at('P5D'))).thenThrows(ErrorCode.EffectBeforeIssue);
  });

  it('with no effectiveAt, takes effect when the designation does', () => {
    given(futureIssued())
      .when(decision(T1))
      .then((events) => expect(effectiveAtOf(events)).toBe(at('P10D')));
  });

  it('refuses an effectiveAt within the clock-skew tolerance that falls before the issuance took effect', () => {
    given(issued()).when(decision(at('PT30S'), before('PT10S'))).thenThrows(ErrorCode.EffectBeforeIssue);
    given(issued())
      .when(decision(at('PT30S'), T0))
      .then((events) => expect(effectiveAtOf(events)).toBe(T0));
  });
});

describe('the default policy', () => {
  it('tolerates two minutes of clock skew', () => {
    expect(POLICY.clockSkewTolerance).toBe('PT2M');
    expect(addDuration(T1, POLICY.clockSkewTolerance, -1)).toBe(secondsBefore(120, T1));
  });

  it('approval at exactly the tolerance is accepted', () => {
    const now = at('PT1H');
    given(proposed())
      .when(command('ApproveDesignation', { effectiveAt: secondsBefore(120, now) }, senior, now))
      .then((events) => expect(effectiveAtOf(events)).toBe(secondsBefore(120, now)));
  });
});
