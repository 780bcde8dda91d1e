import { createHash } from 'node:crypto';
import { uuidFrom } from '@app/command-handling';
import { canonicalize, toJsonObject } from '@app/event-store';
import { reconcile, type FieldChange, type Listing, type Release } from '@app/lists';
import { inScope, type ImportMapping, type ImportTerms } from './import-mapping';
import { listingReferences } from './listing-terms';

export type PlanAction = 'add' | 'lift' | 'amend';

/** One entry of a batch: what applying it will do to which designation. */
export interface PlanEntry {
  action: PlanAction;
  sourceId: string;
  name: string;
  programs: string[];
  /** How designations cite the listing: `<source>:<id>` for its source id and permanent references. */
  references: string[];
  designationId: string;
  /** The content fields that differ (amendments only). */
  changes?: FieldChange[];
}

export interface PlanCounts {
  added: number;
  removed: number;
  amended: number;
  unchanged: number;
  /** Listings of the release under no mapped program. */
  outOfScope: number;
}

export interface BatchPlan {
  counts: PlanCounts;
  /** Additions (release order), then amendments, then removals. */
  entries: PlanEntry[];
  /** SHA-256 of the canonical entries: an approval is of exactly this diff, and applying re-derives it. */
  digest: string;
}

/** The designation an entry of one of the authority's own lists is, across every release of that list. */
export function importedDesignationId(listId: string, sourceId: string): string {
  return uuidFrom(`imported-designation:${listId}:${sourceId}`);
}

/** One entry's command id: a retry of the batch lands on the same id, so it is found, never doubled. */
export function entryCommandId(batchId: string, entry: Pick<PlanEntry, 'action' | 'sourceId'>): string {
  return uuidFrom(`import-entry:${batchId}:${entry.action}:${entry.sourceId}`);
}

/** A batch's id follows from what it applies: the same release, base, mapping and terms give the same batch. */
export function batchIdOf(listId: string, baseReleaseHash: string | null, releaseHash: string, mapping: ImportMapping, terms: ImportTerms): string {
  const settings = sha256(canonicalize(toJsonObject({ mapping, terms } as never)));
  return uuidFrom(`import-batch:${listId}:${baseReleaseHash ?? '-'}:${releaseHash}:${settings}`);
}

function scoped(release: Release, mapping: ImportMapping): Release {
  return { ...release, listings: release.listings.filter((listing) => inScope(listing, mapping)) };
}

/**
 * What importing `next` over `previous` (the list's current release, if any) does: each in-scope
 * listing added becomes a designation, each removed (delisted, or no longer under a mapped
 * program) is lifted, each amended is amended. `previousMapping`: the mapping `previous` was
 * imported under (default: the same). Pure: the same inputs give the same plan and digest.
 */
export function planBatch(listId: string, previous: Release | undefined, next: Release, mapping: ImportMapping, previousMapping: ImportMapping = mapping): BatchPlan {
  const inNext = scoped(next, mapping);
  // What is imported now is what the previous batch's mapping took in: a program dropped from the
  // mapping lifts its listings, as a delisting would.
  const diff = reconcile(previous ? scoped(previous, previousMapping) : undefined, inNext);
  const entry = (action: PlanAction, listing: Listing, changes?: FieldChange[]): PlanEntry => ({
    action,
    sourceId: listing.sourceId,
    name: listing.name,
    programs: listing.programs,
    references: listingReferences(listing),
    designationId: importedDesignationId(listId, listing.sourceId),
    ...(changes ? { changes } : {}),
  });
  const entries = [
    ...diff.added.map((l) => entry('add', l)),
    ...diff.amended.map((a) => entry('amend', a.after, a.changes)),
    ...diff.removed.map((l) => entry('lift', l)),
  ];
  return {
    counts: {
      added: diff.added.length,
      removed: diff.removed.length,
      amended: diff.amended.length,
      unchanged: diff.unchanged.length,
      outOfScope: next.listings.length - inNext.listings.length,
    },
    entries,
    digest: sha256(canonicalize(toJsonObject({ entries: entries.map(({ action, sourceId, changes }) => ({ action, sourceId, changes: changes ?? [] })) }))),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
