import { evolve, exists, initialState, type DesignationEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { publicChange, publicEntryOf, type DesignationDoc, type PublicChange, type PublicEntry } from './views';

export const DESIGNATION_STREAM_PREFIX = 'designation-';

/** What the read models hold of one designation before a batch: its folded state and its public entry. */
export interface ProjectedDesignation {
  doc?: DesignationDoc;
  /** The entry as last published: it changes only when what the public sees changes. */
  publicEntry?: PublicEntry;
}

export interface ProjectionOutcome {
  /** Every designation the batch touched: before and after. */
  touched: Map<string, { before: ProjectedDesignation; after: ProjectedDesignation }>;
  /** Public changes, in log order. */
  changes: PublicChange[];
}

/** The designation an event belongs to, or undefined for streams the read models do not follow. */
export function designationIdOf(event: RecordedEvent): string | undefined {
  return event.streamName.startsWith(DESIGNATION_STREAM_PREFIX) ? event.streamName.slice(DESIGNATION_STREAM_PREFIX.length) : undefined;
}

/**
 * Folds a batch of events (in global order) onto what the read models hold. Pure: the same state
 * and the same events always give the same outcome, which is what makes a rebuild equal the live
 * read model. An event at or below a designation's applied revision is skipped, so a batch that
 * overlaps what was applied changes nothing.
 */
export function project(current: ReadonlyMap<string, ProjectedDesignation>, events: readonly RecordedEvent[]): ProjectionOutcome {
  const touched = new Map<string, { before: ProjectedDesignation; after: ProjectedDesignation }>();
  const changes: PublicChange[] = [];
  for (const event of events) {
    const id = designationIdOf(event);
    if (id === undefined) continue;
    const entry = touched.get(id) ?? { before: current.get(id) ?? {}, after: current.get(id) ?? {} };
    const { doc, publicEntry } = entry.after;
    if (doc && event.revision <= doc.revision) continue;
    const recordedAt = recordedAtOf(event);
    const state = evolve(doc?.designation ?? initialState(), event as unknown as DesignationEvent);
    if (!exists(state)) continue;
    const next: DesignationDoc = {
      designation: state,
      revision: event.revision,
      position: event.position,
      proposedAt: doc?.proposedAt ?? recordedAt,
      updatedAt: recordedAt,
    };
    const candidate = publicEntryOf(next);
    const change = publicChange(publicEntry, candidate, event.position, recordedAt);
    if (change) changes.push(change);
    entry.after = { doc: next, publicEntry: change ? candidate : publicEntry };
    touched.set(id, entry);
  }
  return { touched, changes };
}

/** The command handler stamps `recordedAt` into the (hash-chained) metadata; the store's own clock is the fallback. */
function recordedAtOf(event: RecordedEvent): string {
  const stamped = event.metadata.recordedAt;
  return typeof stamped === 'string' ? stamped : (event.recordedAt ?? new Date(0).toISOString());
}
