import { designationDecider, initialState, isDomainError, type Actor, type DesignationCommand, type Policy, type SourceReference } from '@app/domain';
import type { Listing, Release } from '@app/lists';
import { listRef } from './list-ids';
import type { BatchState } from './list.decide';
import { designationTermsOf, targetChanges } from './listing-terms';
import type { BatchPlan, PlanEntry } from './plan';

/** A batch's entry as previewed: what applying will do, and a refusal the domain would give now, if any. */
export interface PreviewEntry extends PlanEntry {
  refusal?: { code: string; message: string };
}

/** Where an entry's facts come from: this list's entry in this release, applied by this batch. */
function sourceOf(entry: Pick<PlanEntry, 'sourceId'>, batch: BatchState, release: Release): SourceReference & { batchId: string } {
  return { list: listRef('own', release.format).id, source: release.source, sourceId: entry.sourceId, releaseHash: release.sha256, releaseDate: release.releaseDate, batchId: batch.batchId };
}

/** An addition as the designation's command: the listing's terms under the batch's mapping and terms, with its provenance. */
export function importCommand(entry: PlanEntry, listing: Listing, batch: BatchState, release: Release, actor: Actor, now: string): DesignationCommand {
  const terms = designationTermsOf(listing, batch.mapping, batch.terms, { source: release.source, releaseHash: release.sha256, releaseDate: release.releaseDate });
  return {
    type: 'ImportDesignation',
    data: {
      designationId: entry.designationId,
      terms,
      provenance: { ...sourceOf(entry, batch, release), batchId: batch.batchId, preparedBy: batch.preparedBy, ...(listing.listedOn ? { listedOn: listing.listedOn } : {}) },
      ...(batch.terms.firstReviewDueAt ? { firstReviewDueAt: batch.terms.firstReviewDueAt } : {}),
    },
    metadata: { now, actor },
  } as DesignationCommand;
}

/** The designation command one entry of a batch is applied as, on `actor`'s authority (the approver). */
export function entryCommand(entry: PlanEntry, batch: BatchState, release: Release, next: Map<string, Listing>, before: Map<string, Listing>, actor: Actor, now: string): DesignationCommand {
  const metadata = { now, actor };
  const source = sourceOf(entry, batch, release);
  if (entry.action === 'add') return importCommand(entry, next.get(entry.sourceId)!, batch, release, actor, now);
  if (entry.action === 'lift') {
    const stillListed = next.has(entry.sourceId);
    return {
      type: 'RecordDelistingAtSource',
      data: {
        designationId: entry.designationId,
        source,
        justification: stillListed
          ? `Entry ${entry.sourceId} is no longer under a program in scope in the ${release.source} release of ${release.releaseDate}`
          : `Entry ${entry.sourceId} was removed from the ${release.source} list in its release of ${release.releaseDate}`,
      },
      metadata,
    } as DesignationCommand;
  }
  const target = targetChanges(before.get(entry.sourceId)!, next.get(entry.sourceId)!);
  return {
    type: 'RecordAmendmentAtSource',
    data: {
      designationId: entry.designationId,
      source,
      ...(target ? { target } : {}),
      changes: (entry.changes ?? []).map(({ field, before: was, after }) => ({ field, before: was ?? null, after: after ?? null })),
      justification: `Entry ${entry.sourceId} was amended at the source in the ${release.source} release of ${release.releaseDate}`,
    },
    metadata,
  } as DesignationCommand;
}

/**
 * The preview of a plan: each addition decided now by the real decider, for a second official
 * standing in for the approver, so the preparer sees which entries the domain would refuse, and why.
 */
export function previewEntries(plan: BatchPlan, batch: BatchState, release: Release, policy: Policy, now: string): PreviewEntry[] {
  const decider = designationDecider(policy);
  const listings = new Map(release.listings.map((l) => [l.sourceId, l]));
  const reviewer: Actor = { id: `${batch.preparedBy}\u0000second-official`, roles: ['senior_official'] };
  return plan.entries.map((entry) => {
    if (entry.action !== 'add') return entry;
    try {
      decider.decide(importCommand(entry, listings.get(entry.sourceId)!, batch, release, reviewer, now), initialState());
      return entry;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return { ...entry, refusal: { code: error.code, message: error.message } };
    }
  });
}
