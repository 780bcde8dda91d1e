import { uuidFrom } from '@app/command-handling';
import { isDomainError, type Actor, type DesignationCommand, type SourceReference } from '@app/domain';
import { reconcile, type Listing, type ListFormat } from '@app/lists';
import { ImportErrorCode, refuse } from './import.errors';
import { everyList, listRef } from './list-ids';
import { releaseInstant, type CandidateState } from './list.decide';
import type { AlignmentCandidate, ReleaseInfo } from './list.events';
import type { ListContext } from './list-context';
import { listingReferences } from './listing-terms';
import { releaseInfo, requireOfficial } from './list-access';

export interface PartnerReleaseSummary {
  listId: string;
  release: ReleaseInfo;
  counts: { added: number; removed: number; amended: number; unchanged: number };
  changesRecorded: { designationId: string; reference: string; change: 'delisted' | 'amended' }[];
  candidates: number;
}

/** Partners' lists: each release reconciled with the partner's previous one, acted on, and recorded. */
export class PartnerWatch {
  constructor(private readonly context: ListContext) {}

  /**
   * Records a partner's release: reconciled with the partner's previous one, a delisting or
   * amendment of an entry one of our designations cites is recorded on that designation (with a
   * review reminder to its ministries); a new listing under a watched program that none of ours
   * cites becomes an alignment candidate. The release itself is recorded last, so a retry after a
   * failure redoes what is missing and repeats nothing.
   */
  async recordPartnerRelease(input: { releaseHash: string; programs?: string[] }, actor: Actor, correlationId: string): Promise<PartnerReleaseSummary> {
    requireOfficial(actor, { orService: true });
    const references = this.context.deps.references;
    if (!references) throw new Error('ListImports was built without a reference index: partner releases need one');
    const { manifest, release } = await this.context.parsed(input.releaseHash);
    await references.ready();
    const list = listRef('partner', manifest.format as ListFormat);
    const { state } = await this.context.list(list);
    const base = state.current?.releaseHash ?? null;
    if (base === release.sha256 || state.releases.some((r) => r.releaseHash === release.sha256)) {
      refuse(ImportErrorCode.ReleaseAlreadyRecorded, `Release ${release.sha256} is already recorded for this partner; nothing was recorded`, { releaseHash: release.sha256 });
    }
    if (state.current && releaseInstant(release.releaseDate) < releaseInstant(state.current.releaseDate)) {
      refuse(ImportErrorCode.ReleaseOlder, `This release (${release.releaseDate}) is older than the partner's current one (${state.current.releaseDate}); it is not recorded and changes nothing`, {
        releaseDate: release.releaseDate,
        currentReleaseDate: state.current.releaseDate,
      });
    }
    const previous = base ? (await this.context.parsed(base)).release : undefined;
    const diff = reconcile(previous, release);
    const partner = (listing: Listing): SourceReference => ({ list: list.id, source: release.source, sourceId: listing.sourceId, releaseHash: release.sha256, releaseDate: release.releaseDate });

    const changesRecorded: PartnerReleaseSummary['changesRecorded'] = [];
    const changed = [
      ...diff.removed.map((listing) => ({ listing, change: 'delisted' as const, changes: [] as { field: string; before: unknown; after: unknown }[] })),
      ...diff.amended.map((a) => ({ listing: a.after, change: 'amended' as const, changes: a.changes.map(({ field, before, after }) => ({ field, before: before ?? null, after: after ?? null })) })),
    ];
    for (const { listing, change, changes } of changed) {
      for (const reference of listingReferences(listing)) {
        for (const designationId of await references.designationsReferencing(reference)) {
          try {
            const result = await this.context.deps.designations.handle(
              { type: 'RecordPartnerListingChange', data: { designationId, reference, partner: partner(listing), change, changes }, metadata: { now: this.context.now(), actor } } as DesignationCommand,
              { commandId: uuidFrom(`partner-change:${release.sha256}:${designationId}:${reference}`), correlationId },
            );
            if (result.events.length > 0) changesRecorded.push({ designationId, reference, change });
          } catch (error) {
            if (!isDomainError(error)) throw error; // a designation that ended, or cites it no more: nothing to tell
          }
        }
      }
    }

    const watched = new Set((input.programs ?? this.context.deps.watchedPrograms?.[manifest.format] ?? []).map((p) => p.trim().toLowerCase()));
    const candidates: AlignmentCandidate[] = [];
    for (const listing of diff.added) {
      if (!listing.programs.some((p) => watched.has(p.trim().toLowerCase()))) continue;
      const refs = listingReferences(listing);
      let cited = false;
      for (const reference of refs) if ((await references.designationsReferencing(reference)).length > 0) cited = true;
      if (cited) continue;
      candidates.push({
        candidateId: uuidFrom(`alignment-candidate:${list.id}:${listing.sourceId}`),
        sourceId: listing.sourceId,
        references: refs,
        name: listing.name,
        programs: listing.programs,
        ...(listing.listedOn ? { listedOn: listing.listedOn } : {}),
        releaseHash: release.sha256,
        releaseDate: release.releaseDate,
        listing,
      });
    }
    const counts = { added: diff.added.length, removed: diff.removed.length, amended: diff.amended.length, unchanged: diff.unchanged.length };
    await this.context.lists.handle(
      {
        type: 'RecordPartnerRelease',
        data: { listId: list.id, role: 'partner', release: releaseInfo(manifest), baseReleaseHash: base, counts, changesRecorded: changesRecorded.length, candidates },
        metadata: { now: this.context.now(), actor },
      },
      { commandId: uuidFrom(`partner-release:${list.id}:${release.sha256}`), correlationId },
    );
    return { listId: list.id, release: releaseInfo(manifest), counts, changesRecorded, candidates: candidates.length };
  }

  /** Open candidates first, newest release first; dismissed and proposed ones are kept with their outcome. */
  async candidates(status?: CandidateState['status']): Promise<(CandidateState & { listId: string })[]> {
    const found: (CandidateState & { listId: string })[] = [];
    for (const list of everyList('partner')) {
      const loaded = await this.context.lists.load(list.id);
      for (const candidate of Object.values(loaded?.state.candidates ?? {})) {
        if (status === undefined || candidate.status === status) found.push({ ...candidate, listId: list.id });
      }
    }
    const rank = { open: 0, proposed: 1, dismissed: 2 } as const;
    return found.sort((a, b) => rank[a.status] - rank[b.status] || (a.releaseDate < b.releaseDate ? 1 : a.releaseDate > b.releaseDate ? -1 : 0) || (a.name < b.name ? -1 : 1));
  }

  async candidate(candidateId: string): Promise<CandidateState & { listId: string }> {
    const found = (await this.candidates()).find((c) => c.candidateId === candidateId);
    return found ?? refuse(ImportErrorCode.CandidateNotFound, `No alignment candidate ${candidateId}`, { candidateId });
  }

  async dismiss(candidateId: string, reason: string, actor: Actor, correlationId: string): Promise<CandidateState & { listId: string }> {
    const { listId } = await this.candidate(candidateId);
    await this.context.lists.handle({ type: 'DismissCandidate', data: { listId, candidateId, reason }, metadata: { now: this.context.now(), actor } }, // One dismissal per request: a second one, whoever sends it, meets a closed candidate (409).
      { commandId: uuidFrom(`dismiss:${candidateId}:${correlationId}`), correlationId });
    return this.candidate(candidateId);
  }

  /** Records that a candidate became the proposal `designationId` (the proposal itself goes through the designation's own path). */
  async markProposed(candidateId: string, designationId: string, actor: Actor, correlationId: string): Promise<CandidateState & { listId: string }> {
    const { listId } = await this.candidate(candidateId);
    await this.context.lists.handle(
      { type: 'MarkCandidateProposed', data: { listId, candidateId, designationId }, metadata: { now: this.context.now(), actor } },
      { commandId: uuidFrom(`candidate-proposed:${candidateId}:${designationId}`), correlationId },
    );
    return this.candidate(candidateId);
  }
}
