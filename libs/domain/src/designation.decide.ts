import { amendDesignation, recordCourtOrder } from './decide/court-and-amendment.decide';
import { expireDesignation, extendSunset, liftDesignation } from './decide/ending.decide';
import { expireExemption, grantExemption, revokeExemption } from './decide/exemptions.decide';
import { escalateMeasures, rollBackMeasures } from './decide/measures.decide';
import { rejectProposal, withdrawProposal } from './decide/proposal-closing.decide';
import { approveDesignation, proposeDesignation } from './decide/proposal.decide';
import { completeReview, issueReviewReminder } from './decide/review.decide';
import { importDesignation, recordAmendmentAtSource, recordDelistingAtSource, recordPartnerListingChange } from './decide/sources.decide';
import { flagOverdueNotification, recordRepresentation, recordTargetNotification } from './decide/target-contact.decide';
import type { DesignationCommand } from './designation.commands';
import type { DesignationEvent } from './designation.events';
import type { DesignationState } from './designation.state';
import { ErrorCode, reject } from './errors';
import type { Policy } from './policy';

/**
 * Decides what a command means for a designation: the events to append, or a DomainError.
 * A system command with nothing to do returns no events, so retried jobs are harmless.
 */
export function decide(command: DesignationCommand, state: DesignationState, policy: Policy): DesignationEvent[] {
  switch (command.type) {
    case 'ProposeDesignation':
      return proposeDesignation(command, state, policy);
    case 'ApproveDesignation':
      return approveDesignation(command, state, policy);
    case 'RejectProposal':
      return rejectProposal(command, state, policy);
    case 'WithdrawProposal':
      return withdrawProposal(command, state, policy);
    case 'EscalateMeasures':
      return escalateMeasures(command, state, policy);
    case 'GrantExemption':
      return grantExemption(command, state, policy);
    case 'RevokeExemption':
      return revokeExemption(command, state, policy);
    case 'ExpireExemption':
      return expireExemption(command, state, policy);
    case 'RecordTargetNotification':
      return recordTargetNotification(command, state, policy);
    case 'RecordRepresentation':
      return recordRepresentation(command, state, policy);
    case 'IssueReviewReminder':
      return issueReviewReminder(command, state, policy);
    case 'FlagOverdueNotification':
      return flagOverdueNotification(command, state, policy);
    case 'CompleteReview':
      return completeReview(command, state, policy);
    case 'RollBackMeasures':
      return rollBackMeasures(command, state, policy);
    case 'ExtendSunset':
      return extendSunset(command, state, policy);
    case 'LiftDesignation':
      return liftDesignation(command, state, policy);
    case 'ExpireDesignation':
      return expireDesignation(command, state, policy);
    case 'RecordCourtOrder':
      return recordCourtOrder(command, state, policy);
    case 'AmendDesignation':
      return amendDesignation(command, state, policy);
    case 'ImportDesignation':
      return importDesignation(command, state, policy);
    case 'RecordDelistingAtSource':
      return recordDelistingAtSource(command, state, policy);
    case 'RecordAmendmentAtSource':
      return recordAmendmentAtSource(command, state, policy);
    case 'RecordPartnerListingChange':
      return recordPartnerListingChange(command, state, policy);
    default:
      return reject(ErrorCode.UnknownCommand, `Unknown command ${(command satisfies never as { type: string }).type}`);
  }
}
