import { addDuration, evolve, initialState, type Designation, type DesignationEvent } from '@app/domain';
import { approve, at, command, delistAtSource, eventsOf, importDesignation, partnerChange, POLICY, propose, senior, system } from '../../domain/testing/fixtures';
import { deadlinesOf } from './deadlines.view';

const fold = (events: DesignationEvent[]) => events.reduce(evolve, initialState()) as Designation;
const kinds = (d: Designation) => deadlinesOf(d, POLICY).map((x) => x.kind).sort();

describe('deadlinesOf', () => {
  it('a proposal has none', () => {
    expect(deadlinesOf(fold(eventsOf(propose())), POLICY)).toEqual([]);
  });

  it('an issued designation has its sunset, each exemption in force, its next reminder and the notification deadline', () => {
    const d = fold(eventsOf(propose(), approve()));
    const deadlines = deadlinesOf(d, POLICY);
    expect(kinds(d)).toEqual(['exemption-expiry', 'notification-overdue', 'review-reminder', 'sunset']);
    expect(deadlines.find((x) => x.kind === 'sunset')).toMatchObject({ dueAt: d.sunsetAt, command: { type: 'ExpireDesignation', data: {} } });
    expect(deadlines.find((x) => x.kind === 'exemption-expiry')).toMatchObject({ dueAt: d.exemptions[0].validUntil, command: { type: 'ExpireExemption', data: { exemptionId: 'ex-medicine' } } });
    // The first reminder: 30 days before the review (P6M after issuance).
    expect(deadlines.find((x) => x.kind === 'review-reminder')).toMatchObject({
      dueAt: addDuration(d.nextReviewDueAt!, 'P30D', -1),
      command: { type: 'IssueReviewReminder', data: { reviewDueAt: d.nextReviewDueAt } },
    });
    expect(deadlines.find((x) => x.kind === 'notification-overdue')).toMatchObject({ dueAt: d.notificationDueAt });
  });

  it('the next reminder moves on once one is issued, and the notification deadline goes once the target is notified', () => {
    const issued = eventsOf(propose(), approve());
    const d0 = fold(issued);
    const first = deadlinesOf(d0, POLICY).find((x) => x.kind === 'review-reminder')!;
    const remind = eventsOf(
      propose(),
      approve(),
      command('IssueReviewReminder', { reviewDueAt: d0.nextReviewDueAt! }, system, first.dueAt),
      command('RecordTargetNotification', { channel: 'diplomatic_channel', notifiedAt: at('P1D'), responseDeadline: at('P30D') }, { id: 'official-1', roles: ['official'] }, at('P1D')),
    );
    const d1 = fold(remind);
    const next = deadlinesOf(d1, POLICY).find((x) => x.kind === 'review-reminder')!;
    expect(Date.parse(next.dueAt)).toBeGreaterThan(Date.parse(first.dueAt));
    expect(next.id).not.toBe(first.id);
    expect(kinds(d1)).not.toContain('notification-overdue');
  });

  it('an imported designation has the deadlines of an issued one; a partner-change reminder leaves the review schedule as it was', () => {
    const d = fold(eventsOf(importDesignation()));
    expect(kinds(d)).toEqual(['exemption-expiry', 'notification-overdue', 'review-reminder', 'sunset']);
    const reminded = fold(eventsOf(importDesignation(), partnerChange({}, undefined, at('P5M'))));
    expect(deadlinesOf(reminded, POLICY)).toEqual(deadlinesOf(d, POLICY));
    expect(deadlinesOf(fold(eventsOf(importDesignation(), delistAtSource())), POLICY)).toEqual([]);
  });

  it('a final designation has none; a moved sunset has a new id', () => {
    const lifted = fold(eventsOf(propose(), approve(), command('LiftDesignation', { reason: 'objectives_met', justification: 'Done' }, senior, at('P1D'))));
    expect(deadlinesOf(lifted, POLICY)).toEqual([]);
    const d = fold(eventsOf(propose(), approve()));
    const moved = { ...d, sunsetAt: at('P1Y', d.sunsetAt) };
    const id = (x: Designation) => deadlinesOf(x, POLICY).find((y) => y.kind === 'sunset')!.id;
    expect(id(moved)).not.toBe(id(d));
    expect(id(d)).toBe(id(fold(eventsOf(propose(), approve()))));
  });

  it('job ids are valid BullMQ ids: no ":" and never all digits, even for odd exemption ids', () => {
    const d = fold(eventsOf(propose({ exemptions: [{ ...fold(eventsOf(propose())).exemptions[0], exemptionId: 'ex:odd:id' }] }), approve()));
    for (const x of deadlinesOf(d, POLICY)) {
      expect(x.id).not.toContain(':');
      expect(x.id).not.toMatch(/^\d+$/);
    }
  });
});
