import type { RejectProposal, WithdrawProposal } from '../designation.commands';
import type { DesignationProposalRejected, DesignationProposalWithdrawn } from '../designation.events';
import type { DesignationState } from '../designation.state';
import { ErrorCode, reject } from '../errors';
import type { Policy } from '../policy';
import { requireRole, requireStatus, requireText, stamp } from './guards';

/** A senior official turns the proposal down: it ends without being issued. */
export function rejectProposal(command: RejectProposal, state: DesignationState, policy: Policy): [DesignationProposalRejected] {
  const { data, metadata } = command;
  requireStatus(state, ErrorCode.NotProposed, 'proposed');
  requireRole(metadata.actor, 'senior_official');
  requireText(data.reason, 'reason');
  return [
    { type: 'DesignationProposalRejected', data: { ...stamp(policy, data.designationId), reason: data.reason } },
  ];
}

/** The proposer, or any senior official, takes the proposal back before it is issued. */
export function withdrawProposal(command: WithdrawProposal, state: DesignationState, policy: Policy): [DesignationProposalWithdrawn] {
  const { data, metadata } = command;
  const designation = requireStatus(state, ErrorCode.NotProposed, 'proposed');
  const { actor } = metadata;
  requireRole(actor, 'official', 'senior_official');
  if (designation.proposedBy !== actor.id && !actor.roles.includes('senior_official')) {
    reject(ErrorCode.NotProposer, 'Only the proposer or a senior official can withdraw a proposal');
  }
  requireText(data.reason, 'reason');
  return [
    { type: 'DesignationProposalWithdrawn', data: { ...stamp(policy, data.designationId), reason: data.reason } },
  ];
}
