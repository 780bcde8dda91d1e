import { BUNDLE_EVENTS, designations, templatePool } from '../../bench/scale/histories';

/** The scale log's shape: exactly a tenth as many designations as events, lawful histories, dates moved ahead. */
describe("bench/scale's designations", () => {
  const pool = templatePool(7, 3);
  const now = Date.parse('2026-12-01T00:00:00.000Z');
  const all = [...designations(2_000, pool, 7, now)];

  it('are events / 10 designations holding exactly the events asked for, the first with the bundle length', () => {
    expect(all).toHaveLength(200);
    expect(all.reduce((sum, d) => sum + d.events.length, 0)).toBe(2_000);
    expect(all[0].events).toHaveLength(BUNDLE_EVENTS);
    expect(new Set(all.map((d) => d.stream)).size).toBe(200);
    expect(all.every((d) => d.events.length >= 1 && d.events.length <= BUNDLE_EVENTS)).toBe(true);
  });

  it('each begin with a proposal of their own id', () => {
    for (const { stream, events } of all) {
      expect(events[0].type).toBe('DesignationProposed');
      expect(stream).toBe(`designation-${events[0].data.designationId}`);
      expect(events.every((e) => e.data.designationId === events[0].data.designationId)).toBe(true);
    }
  });

  it('keep the first designation in the past and move the others to start after now', () => {
    const recordedAt = (i: number) => Date.parse(all[i].events[0].metadata!.recordedAt as string);
    expect(recordedAt(0)).toBeLessThan(now);
    expect(all.slice(1).every((_, i) => recordedAt(i + 1) > now)).toBe(true);
    const proposal = all[1].events[0].data as { sunsetAt: string };
    expect(Date.parse(proposal.sunsetAt)).toBeGreaterThan(recordedAt(1));
  });
});
