/** What the court-bundle page shows, folded from the bundle's events: one step per event, with the state before and after. */
import { evolve, exists, initialState, type DesignationEvent, type DesignationState } from '@app/domain';
import type { BundledEvent } from './bundle';
import { asArray, asObject, instant, type Data } from './bundle-html.data';

export interface Step {
  event: BundledEvent;
  data: Data;
  before: DesignationState;
  after: DesignationState;
  /** metadata.recordedAt, when it parses. */
  recordedAt?: number;
  /** data.effectiveAt, when present and it parses. */
  effectiveAt?: number;
  /**
   * When the event takes effect on the timeline: its effective time, else its recorded time — but
   * never before the proposal, nor, after the issuance, before the designation took effect (the
   * point-in-time rule; logs from before the deciders enforced it may say otherwise).
   */
  at: number;
}

export function fold(events: readonly BundledEvent[]): { steps: Step[]; state: DesignationState } {
  let state = initialState();
  let last = Number.NEGATIVE_INFINITY;
  let floor = Number.NEGATIVE_INFINITY;
  const steps: Step[] = [];
  for (const event of events) {
    const data = asObject(event.data) ?? {};
    const before = state;
    try {
      state = evolve(state, event as unknown as DesignationEvent);
    } catch {
      // A malformed or unknown event changes nothing; it is still listed below.
    }
    const recordedAt = instant(asObject(event.metadata)?.recordedAt);
    const effectiveAt = instant(data.effectiveAt);
    const candidate = effectiveAt ?? recordedAt ?? last;
    const at = Number.isFinite(candidate) ? Math.max(candidate, floor) : Number.NaN;
    steps.push({ event, data, before, after: state, recordedAt, effectiveAt, at });
    if (Number.isFinite(at)) last = Math.max(last, at);
    // What follows the proposal takes effect no earlier than it; what follows the issuance, no earlier than the designation.
    if (Number.isFinite(at) && (event.type === 'DesignationProposed' || event.type === 'DesignationIssued')) floor = Math.max(floor, at);
  }
  return { steps, state };
}

export const IN_FORCE_STATUSES: readonly string[] = ['active', 'suspended'];

/** Measures and exemptions in force: those of the designation while it is active or suspended. */
export function inForce(state: DesignationState): { measures: Map<string, Data>; exemptions: Map<string, Data> } {
  const measures = new Map<string, Data>();
  const exemptions = new Map<string, Data>();
  if (exists(state) && IN_FORCE_STATUSES.includes(state.status)) {
    for (const m of asArray(state.measures)) {
      const measure = asObject(m);
      if (measure && typeof measure.measureId === 'string') measures.set(measure.measureId, measure);
    }
    for (const e of asArray(state.exemptions)) {
      const exemption = asObject(e);
      if (exemption && typeof exemption.exemptionId === 'string' && exemption.status === 'in_force') {
        exemptions.set(exemption.exemptionId, exemption);
      }
    }
  }
  return { measures, exemptions };
}
