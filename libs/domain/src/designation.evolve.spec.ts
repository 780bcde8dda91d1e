import { issued, courtOrder, eventsOf, propose, approve, lift, POLICY, DESIGNATION_ID } from '../testing/fixtures';
import type { DesignationEvent } from './designation.events';
import { evolve } from './designation.evolve';
import { initialState, type DesignationState } from './designation.state';

const fold = (events: DesignationEvent[]) => events.reduce(evolve, initialState());
const statusOf = (state: DesignationState) => state.status;

describe('evolve', () => {
  it('ignores events before the designation was proposed', () => {
    const [, issuedEvent] = issued();
    expect(evolve(initialState(), issuedEvent)).toEqual(initialState());
  });

  it('ignores a second proposal', () => {
    const state = fold(issued());
    expect(evolve(state, issued()[0])).toBe(state);
  });

  it('ignores an event type it does not know (from a newer version)', () => {
    const state = fold(issued());
    const future = { type: 'DesignationTranslated', data: { designationId: DESIGNATION_ID, policyVersion: POLICY.version } };
    expect(evolve(state, future as unknown as DesignationEvent)).toBe(state);
  });

  it.each([
    ['proposed', eventsOf(propose())],
    ['active', eventsOf(propose(), approve())],
    ['suspended', eventsOf(propose(), approve(), courtOrder('suspend'))],
    ['active', eventsOf(propose(), approve(), courtOrder('suspend'), courtOrder('uphold'))],
    ['lifted', eventsOf(propose(), approve(), courtOrder('annul'))],
    ['lifted', eventsOf(propose(), approve(), lift())],
  ])('folds to %s', (status, events) => {
    expect(statusOf(fold(events))).toBe(status);
  });

  it('does not mutate the state it is given', () => {
    const events = eventsOf(propose(), approve(), courtOrder('suspend'), courtOrder('uphold'), lift());
    let state = initialState();
    for (const event of events) state = evolve(deepFreeze(state), event);
    expect(state.status).toBe('lifted');
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}
