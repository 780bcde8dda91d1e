import type { BundledEvent } from './bundle';
import { fold } from './bundle-html.model';

const event = (type: string, data: Record<string, unknown>, recordedAt: string, revision: number): BundledEvent =>
  ({ streamName: 'designation-x', revision, position: revision, eventId: `e${revision}`, type, data, metadata: { recordedAt }, leafIndex: revision, inclusionProof: [] }) as unknown as BundledEvent;

describe('the bundle page model', () => {
  it('never places an event before the proposal, nor after the issuance before the designation took effect (an older log may say otherwise)', () => {
    const { steps } = fold([
      event('DesignationProposed', {}, '2026-03-01T00:00:00Z', 0),
      event('DesignationIssued', { effectiveAt: '2026-03-10T00:00:00Z' }, '2026-03-02T00:00:00Z', 1),
      // Recorded by a service that did not yet refuse it: a court order effective before the proposal.
      event('CourtOrderRecorded', { decision: 'suspend', effectiveAt: '2026-01-01T00:00:00Z' }, '2026-03-20T00:00:00Z', 2),
    ]);
    expect(steps.map((step) => new Date(step.at).toISOString())).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-10T00:00:00.000Z', '2026-03-10T00:00:00.000Z']);
    // The event's own claim is still kept, for the decision table to quote.
    expect(new Date(steps[2].effectiveAt!).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('keeps a retroactive order between the issuance and its recording where it says', () => {
    const { steps } = fold([
      event('DesignationProposed', {}, '2026-03-01T00:00:00Z', 0),
      event('DesignationIssued', { effectiveAt: '2026-03-02T00:00:00Z' }, '2026-03-02T00:00:00Z', 1),
      event('CourtOrderRecorded', { decision: 'suspend', effectiveAt: '2026-03-05T00:00:00Z' }, '2026-03-20T00:00:00Z', 2),
    ]);
    expect(new Date(steps[2].at).toISOString()).toBe('2026-03-05T00:00:00.000Z');
  });
});
