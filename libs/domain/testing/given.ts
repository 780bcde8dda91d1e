import {
  decide,
  DomainError,
  evolve,
  initialState,
  type DesignationCommand,
  type DesignationEvent,
  type ErrorCode,
  type Policy,
} from '../src';
import { POLICY } from './fixtures';

/** given(history).when(command).then(events) | .thenThrows(code) — a decider spec with no mocks. */
export function given(history: DesignationEvent[], policy: Policy = POLICY) {
  const state = history.reduce(evolve, initialState());
  return {
    when(command: DesignationCommand) {
      const run = () => decide(command, state, policy);
      return {
        then(expected: DesignationEvent[] | ((events: DesignationEvent[]) => void)): void {
          const events = run();
          if (typeof expected === 'function') expected(events);
          else expect(events).toEqual(expected);
        },
        thenNothing(): void {
          expect(run()).toEqual([]);
        },
        thenThrows(code: ErrorCode): void {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
        },
      };
    },
  };
}
