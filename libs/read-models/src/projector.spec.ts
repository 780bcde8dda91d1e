import { designationStream, type DesignationEvent } from '@app/domain';
import type { JsonObject, RecordedEvent } from '@app/event-store';
import { DESIGNATION_ID, eventsOf, importDesignation, partnerChange, T0, T1 } from '../../domain/testing/fixtures';
import { project } from './projector';

function recorded(events: DesignationEvent[], recordedAt: string[]): RecordedEvent[] {
  return events.map((event, revision) => ({
    streamName: designationStream(DESIGNATION_ID),
    revision,
    position: 100 + revision,
    eventId: `event-${revision}`,
    type: event.type,
    data: event.data as unknown as JsonObject,
    metadata: { recordedAt: recordedAt[revision], hash: 'h', prevHash: 'p' },
  }));
}

describe('project: official lists', () => {
  const events = recorded(eventsOf(importDesignation(), partnerChange()), [T0, T0, T1, T1]);
  const outcome = project({ designations: new Map(), deliveries: new Map() }, events, { webhookMinistries: new Set(['justice']) });

  it('puts an import on the public register once (ADD), and a partner listing change not at all', () => {
    expect(outcome.changes.map((c) => [c.op, c.position])).toEqual([['ADD', 101]]);
  });

  it('sends the partner-change reminder to every reviewing ministry, and to their webhooks', () => {
    expect(outcome.reminders.map((r) => [r.ministry, r.reminder.kind, r.reminder.remindAt])).toEqual([
      ['foreign-affairs', 'partner_change', T1],
      ['justice', 'partner_change', T1],
    ]);
    expect([...outcome.deliveries.values()].map((d) => [d.ministry, d.reminder.kind, d.status])).toEqual([['justice', 'partner_change', 'pending']]);
  });

  it('keeps the partner change and the provenance in the folded state', () => {
    const doc = outcome.touched.get(DESIGNATION_ID)!.after.doc!;
    expect(doc.designation.partnerChanges).toHaveLength(1);
    expect(doc.designation.provenance).toMatchObject({ source: 'ofac', sourceId: '36' });
  });
});
