import { DEFAULT_POLICY } from '../policy';
import { addDuration } from '../time';
import { dueReminder, nextReminder } from './reminder.schedule';

const due = '2026-07-01T09:00:00.000Z';
const at = (duration: string) => addDuration(due, duration);
const before = (duration: string) => addDuration(due, duration, -1);

describe('review reminder schedule (default policy: 30, 7, 1 days before; on the day; every 7 days overdue)', () => {
  it('has nothing due more than 30 days ahead', () => {
    expect([DEFAULT_POLICY.reviewReminderOffsets, DEFAULT_POLICY.overdueReminderInterval]).toEqual([['P30D', 'P7D', 'P1D'], 'P7D']);
    expect(dueReminder(DEFAULT_POLICY, due, before('P60D'))).toBeUndefined();
    expect(dueReminder(DEFAULT_POLICY, due, before('P30DT1S'))).toBeUndefined();
  });

  it.each([
    [before('P30D'), 'upcoming', before('P30D')],
    [before('P8D'), 'upcoming', before('P30D')],
    [before('P7D'), 'upcoming', before('P7D')],
    [before('PT1H'), 'upcoming', before('P1D')],
    [due, 'due', due],
    [at('P6D'), 'due', due],
    ['2026-07-08T08:59:59.999Z', 'due', due],
    [at('P7D'), 'overdue', at('P7D')],
    [at('P20D'), 'overdue', at('P14D')],
    [at('P365D'), 'overdue', at('P364D')],
  ])('at %s the latest due reminder is %s for %s', (now, kind, remindAt) => {
    expect(dueReminder(DEFAULT_POLICY, due, now)).toEqual({ kind, remindAt });
  });

  it.each([
    [before('P30D'), 'upcoming', before('P7D')],
    [before('P2D'), 'upcoming', before('P1D')],
    [before('P1D'), 'due', due],
    [due, 'overdue', at('P7D')],
    [at('P10D'), 'overdue', at('P14D')],
    [at('P14D'), 'overdue', at('P21D')],
  ])('after %s the next reminder is %s at %s (strictly later)', (after, kind, remindAt) => {
    expect(nextReminder(DEFAULT_POLICY, due, after)).toEqual({ kind, remindAt });
  });

  it('walks the whole schedule in order with nextReminder', () => {
    const seen: string[] = [];
    let cursor = before('P60D');
    for (let i = 0; i < 7; i++) {
      const next = nextReminder(DEFAULT_POLICY, due, cursor);
      seen.push(`${next.kind}@${next.remindAt}`);
      cursor = next.remindAt;
    }
    expect(seen).toEqual([
      `upcoming@${before('P30D')}`,
      `upcoming@${before('P7D')}`,
      `upcoming@${before('P1D')}`,
      `due@${due}`,
      `overdue@${at('P7D')}`,
      `overdue@${at('P14D')}`,
      `overdue@${at('P21D')}`,
    ]);
  });

  it('counts calendar-month overdue intervals exactly', () => {
    const monthly = { ...DEFAULT_POLICY, overdueReminderInterval: 'P1M' };
    const endOfJan = '2026-01-31T00:00:00.000Z';
    expect(dueReminder(monthly, endOfJan, '2026-03-30T00:00:00.000Z')).toEqual({ kind: 'overdue', remindAt: '2026-02-28T00:00:00.000Z' });
    expect(dueReminder(monthly, endOfJan, '2026-03-31T00:00:00.000Z')).toEqual({ kind: 'overdue', remindAt: '2026-03-31T00:00:00.000Z' });
  });
});
