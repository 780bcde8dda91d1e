import {
  decide,
  DomainError,
  evolve,
  initialState,
  type DesignationCommand,
  type DesignationEvent,
  type Policy,
  ErrorCode,
  isSystemCommand,
} from '../src';
import { FINAL_HISTORIES, POLICY } from './fixtures';

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

/**
 * What every command shares: it needs an existing designation, and a final one accepts nothing
 * (a system command, so that retried jobs stay harmless, simply finds nothing to do).
 */
export function itNeedsALiveDesignation(command: () => DesignationCommand): void {
  it('refuses an unknown designation', () => {
    given([]).when(command()).thenThrows(ErrorCode.NotFound);
  });

  it.each(FINAL_HISTORIES)('accepts nothing once %s (final)', (_status, history) => {
    const outcome = given(history()).when(command());
    if (isSystemCommand(command())) outcome.thenNothing();
    else outcome.thenThrows(ErrorCode.Final);
  });
}
