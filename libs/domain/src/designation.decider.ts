import type { DesignationCommand } from './designation.commands';
import { decide } from './designation.decide';
import type { DesignationEvent } from './designation.events';
import { evolve } from './designation.evolve';
import { initialState, type DesignationState } from './designation.state';
import type { Policy } from './policy';

/** The designation as a decider: the three functions, with the policy in force bound into decide. */
export interface DesignationDecider {
  decide(command: DesignationCommand, state: DesignationState): DesignationEvent[];
  evolve(state: DesignationState, event: DesignationEvent): DesignationState;
  initialState(): DesignationState;
}

export function designationDecider(policy: Policy): DesignationDecider {
  return { decide: (command, state) => decide(command, state, policy), evolve, initialState };
}

/** DOMAIN.md: one stream per designation. */
export const DESIGNATION_STREAM_PREFIX = 'designation-';
export const designationStream = (designationId: string): string => `${DESIGNATION_STREAM_PREFIX}${designationId}`;
/** The designation a stream belongs to, or undefined for any other stream. */
export const designationIdOfStream = (stream: string): string | undefined =>
  stream.startsWith(DESIGNATION_STREAM_PREFIX) ? stream.slice(DESIGNATION_STREAM_PREFIX.length) : undefined;
