import type { DesignationCommand } from '../designation.commands';
import { ErrorCode } from '../errors';
import { approve, at, command, courtOrder, eventsOf, issued, lift, official, propose, review, terms } from '../../testing/fixtures';
import { given } from '../../testing/given';

/** Commands reach the domain from JSON: a value outside a controlled vocabulary is refused, never crashes. */
const bogus = 'definitely_not_in_the_vocabulary';
const withData = <C extends DesignationCommand>(c: C, data: Record<string, unknown>): C => ({ ...c, data: { ...c.data, ...data } });

describe('controlled vocabularies', () => {
  it.each([
    ['category', { category: bogus }],
    ['target.kind', { target: { ...terms().target, kind: bogus } }],
    ['attribution.confidence', { attribution: { ...terms().attribution, confidence: bogus } }],
    ['exemption kind', { exemptions: [{ ...terms().exemptions[0], kind: bogus }] }],
  ])('ProposeDesignation refuses an unknown %s', (_field, data) => {
    given([]).when(withData(propose(), data)).thenThrows(ErrorCode.UnknownValue);
  });

  it('LiftDesignation refuses an unknown reason', () => {
    given(issued()).when(withData(lift(), { reason: bogus })).thenThrows(ErrorCode.UnknownValue);
  });

  it('CompleteReview refuses an unknown outcome', () => {
    given(issued()).when(withData(review(), { outcome: bogus })).thenThrows(ErrorCode.UnknownValue);
  });

  it('RecordTargetNotification refuses an unknown channel', () => {
    const notify = command('RecordTargetNotification', { channel: 'official_journal', notifiedAt: at('P1D'), responseDeadline: at('P30D') }, official, at('P1D'));
    given(issued()).when(withData(notify, { channel: bogus })).thenThrows(ErrorCode.UnknownValue);
  });

  it('AmendDesignation refuses an unknown target kind', () => {
    const amend = command('AmendDesignation', { target: { kind: bogus as 'entity' }, justification: 'x' }, official, at('P1D'));
    given(issued()).when(amend).thenThrows(ErrorCode.UnknownValue);
  });

  it('RecordCourtOrder needs a summary, which becomes the reason on annulment', () => {
    given(eventsOf(propose(), approve())).when(withData(courtOrder('annul'), { summary: ' ' })).thenThrows(ErrorCode.JustificationRequired);
  });
});
