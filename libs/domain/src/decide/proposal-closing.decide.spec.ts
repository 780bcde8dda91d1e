import { ErrorCode } from '../errors';
import {
  command,
  DESIGNATION_ID,
  eventsOf,
  issued,
  official,
  otherOfficial,
  POLICY,
  propose,
  proposed,
  reviewer,
  senior,
  seniorProposer,
  suspended,
} from '../../testing/fixtures';
import { given, itNeedsALiveDesignation } from '../../testing/given';

const stamp = { designationId: DESIGNATION_ID, policyVersion: POLICY.version };
const rejectProposal = (actor = senior, reason = 'Attribution not corroborated') =>
  command('RejectProposal', { reason }, actor);
const withdraw = (actor = official, reason = 'Superseded by a joint listing') => command('WithdrawProposal', { reason }, actor);

describe('RejectProposal', () => {
  it('records the rejection with its reason', () => {
    given(proposed())
      .when(rejectProposal())
      .then([{ type: 'DesignationProposalRejected', data: { ...stamp, reason: 'Attribution not corroborated' } }]);
  });

  it('needs a senior official', () => {
    given(proposed()).when(rejectProposal(official)).thenThrows(ErrorCode.RoleRequired);
  });

  it('needs a reason', () => {
    given(proposed()).when(rejectProposal(senior, ' ')).thenThrows(ErrorCode.JustificationRequired);
  });

  it('applies only while proposed', () => {
    given(issued()).when(rejectProposal()).thenThrows(ErrorCode.NotProposed);
  });

  it('applies only while proposed, not while suspended', () => {
    given(suspended()).when(rejectProposal()).thenThrows(ErrorCode.NotProposed);
  });

  itNeedsALiveDesignation(() => rejectProposal());

});

describe('WithdrawProposal', () => {
  it('lets the proposer withdraw', () => {
    given(proposed())
      .when(withdraw())
      .then([{ type: 'DesignationProposalWithdrawn', data: { ...stamp, reason: 'Superseded by a joint listing' } }]);
  });

  it('lets a senior official withdraw someone else’s proposal', () => {
    given(proposed()).when(withdraw(senior)).then((events) => expect(events[0].type).toBe('DesignationProposalWithdrawn'));
  });

  it('refuses another official', () => {
    given(proposed()).when(withdraw(otherOfficial)).thenThrows(ErrorCode.NotProposer);
  });

  it('refuses someone with no official role', () => {
    given(proposed()).when(withdraw(reviewer)).thenThrows(ErrorCode.RoleRequired);
  });

  it('needs a reason', () => {
    given(proposed()).when(withdraw(official, '')).thenThrows(ErrorCode.JustificationRequired);
  });

  it('applies only while proposed', () => {
    given(issued()).when(withdraw()).thenThrows(ErrorCode.NotProposed);
  });

  itNeedsALiveDesignation(() => withdraw());

  it('lets a senior official who proposed withdraw their own proposal', () => {
    const c = command('WithdrawProposal', { reason: 'Changed course' }, seniorProposer);
    given(eventsOf(propose({}, seniorProposer)))
      .when(c)
      .then([{ type: 'DesignationProposalWithdrawn', data: { ...stamp, reason: 'Changed course' } }]);
  });
});
