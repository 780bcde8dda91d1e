import { uuidFrom } from '@app/command-handling';
import { isDomainError, type Actor } from '@app/domain';
import type { ReleaseManifest } from '@app/event-store';
import type { ListFormat, ParseOptions, Release } from '@app/lists';
import type { ImportMapping, ImportTerms } from './import-mapping';
import { ImportErrorCode, refuse } from './import.errors';
import { everyList, listRef, parseListId, type ListRef } from './list-ids';
import { listDecider, type BatchState, type BatchStatus, type ListState } from './list.decide';
import type { SkippedEntry } from './list.events';
import { batchIdOf, entryCommandId, planBatch, type BatchPlan, type PlanEntry } from './plan';
import { ReleaseParser, type ReleaseFile } from './release-files';
import { entryCommand, previewEntries, type PreviewEntry } from './entry-commands';
import { PartnerWatch } from './partner-watch';
import { listHandler, type ImportsDependencies, type ListHandler } from './list-context';
import { releaseInfo, requireOfficial } from './list-access';

export type { PreviewEntry };

export { listHandler, type ImportsDependencies, type ListHandler, type ReferenceIndex } from './list-context';

export interface BatchView {
  listId: string;
  batch: BatchState;
}

export interface BatchPreview extends BatchView {
  /** False when this exact batch had been prepared before: nothing new was recorded. */
  created: boolean;
  entries: PreviewEntry[];
}

export interface ApplyProgress {
  done: number;
  total: number;
}


const APPLY_CONCURRENCY = 8;

/**
 * Official lists in the lifecycle: releases kept in the archive, the authority's own list imported
 * in four-eyes batches, partners' lists watched (`partners`, libs/imports/src/partner-watch.ts). No
 * HTTP, no Nest: the api and the worker go through this class.
 */
export class ListImports {
  private readonly lists: ListHandler;
  private readonly parser = new ReleaseParser();

  /** Partners' lists: their releases recorded, and the alignment candidates they leave. */
  readonly partners: PartnerWatch;

  constructor(private readonly deps: ImportsDependencies) {
    this.lists = listHandler(deps.store);
    this.partners = new PartnerWatch({
      deps,
      lists: this.lists,
      parsed: (releaseHash) => this.parsed(releaseHash),
      list: (list) => this.list(list),
      now: () => this.now(),
    });
  }

  // ── releases ────────────────────────────────────────────────────────────────────────────────

  /** Parses the files (refusing what is not a valid release of `format`) and keeps their exact bytes. */
  async upload(format: ListFormat, files: ReleaseFile[], options: Pick<ParseOptions, 'releaseDate' | 'encoding'>, actor: Actor): Promise<{ manifest: ReleaseManifest; created: boolean }> {
    requireOfficial(actor, { orService: true });
    const release = await this.parser.parse(format, files, { ...options, maxBytes: this.deps.maxBytes });
    const known = await this.deps.archive.manifest(release.sha256);
    if (known) return { manifest: known, created: false };
    const manifest = await this.deps.archive.put(
      { releaseHash: release.sha256, format, source: release.source, releaseDate: release.releaseDate, parts: release.parts, listings: release.listings.length },
      files,
    );
    return { manifest, created: true };
  }

  releases(options?: { limit?: number; before?: string }): Promise<ReleaseManifest[]> {
    return this.deps.archive.list(options);
  }

  async release(releaseHash: string): Promise<ReleaseManifest> {
    return (await this.deps.archive.manifest(releaseHash)) ?? refuse(ImportErrorCode.ReleaseNotFound, `No release ${releaseHash} in the archive: upload it first`, { releaseHash });
  }

  private async parsed(releaseHash: string): Promise<{ manifest: ReleaseManifest; release: Release }> {
    const manifest = await this.release(releaseHash);
    const files = await this.deps.archive.files(releaseHash);
    if (!files) refuse(ImportErrorCode.ReleaseNotFound, `The archive has no files for release ${releaseHash}`, { releaseHash });
    const release = await this.parser.parse(manifest.format as ListFormat, files, { releaseDate: manifest.releaseDate }, releaseHash);
    return { manifest, release };
  }

  // ── the authority's own list: batches ──────────────────────────────────────────────────────

  async list(list: ListRef): Promise<{ state: ListState; revision: number | 'no_stream' }> {
    const loaded = await this.lists.load(list.id);
    return loaded ? { state: loaded.state, revision: loaded.revision } : { state: listDecider.initialState(), revision: 'no_stream' };
  }

  /** Compares the release with the list's current one under the mapping and records the batch for a second official's approval. */
  async prepare(input: { releaseHash: string; mapping: ImportMapping; terms: ImportTerms }, actor: Actor, correlationId: string): Promise<BatchPreview> {
    requireOfficial(actor);
    const { manifest, release } = await this.parsed(input.releaseHash);
    const list = listRef('own', manifest.format as ListFormat);
    const { state } = await this.list(list);
    const base = state.current?.releaseHash ?? null;
    const previous = base ? (await this.parsed(base)).release : undefined;
    const plan = planBatch(list.id, previous, release, input.mapping, mappingOfRelease(state, base));
    const batchId = batchIdOf(list.id, base, release.sha256, input.mapping, input.terms);
    const existing = state.batches[batchId];
    if (existing?.status === 'rejected') {
      refuse(ImportErrorCode.BatchNotPrepared, `This batch was rejected (${existing.rejection?.reason ?? ''}); change the mapping or terms to prepare another`, { batchId });
    }
    const result = await this.lists.handle(
      {
        type: 'PrepareImportBatch',
        data: { listId: list.id, role: 'own', batchId, release: releaseInfo(manifest), baseReleaseHash: base, mapping: input.mapping, terms: input.terms, counts: plan.counts, digest: plan.digest },
        metadata: { now: this.now(), actor },
      },
      { commandId: uuidFrom(`prepare:${batchId}`), correlationId },
    );
    const batch = (await this.list(list)).state.batches[batchId];
    return { listId: list.id, batch, created: result.events.length > 0 && !result.duplicate, entries: previewEntries(plan, batch, release, this.deps.policy, this.now()) };
  }

  /** Where a batch is, by id (batch ids are unique across lists). */
  async findBatch(batchId: string): Promise<BatchView> {
    for (const list of everyList('own')) {
      const loaded = await this.lists.load(list.id);
      const batch = loaded?.state.batches[batchId];
      if (batch) return { listId: list.id, batch };
    }
    return refuse(ImportErrorCode.BatchNotFound, `No import batch ${batchId}`, { batchId });
  }

  /** Every entry of a batch's diff, derived again from the archived releases (the same every time). */
  async entries(batchId: string): Promise<PreviewEntry[]> {
    const { listId, batch } = await this.findBatch(batchId);
    const { plan, release } = await this.planOf(listId, batch);
    return previewEntries(plan, batch, release, this.deps.policy, this.now());
  }

  async approve(batchId: string, actor: Actor, correlationId: string): Promise<BatchView> {
    const { listId } = await this.findBatch(batchId);
    await this.lists.handle({ type: 'ApproveImportBatch', data: { listId, batchId }, metadata: { now: this.now(), actor } }, { commandId: uuidFrom(`approve:${batchId}`), correlationId });
    return this.findBatch(batchId);
  }

  async reject(batchId: string, reason: string, actor: Actor, correlationId: string): Promise<BatchView> {
    const { listId } = await this.findBatch(batchId);
    await this.lists.handle({ type: 'RejectImportBatch', data: { listId, batchId, reason }, metadata: { now: this.now(), actor } }, { commandId: uuidFrom(`reject:${batchId}`), correlationId });
    return this.findBatch(batchId);
  }

  /** Approved batches not yet applied, across the own lists: what the worker has to do. */
  approvedBatches(): Promise<BatchView[]> {
    return this.batchesIn('approved');
  }

  /** The own lists' batches in one status (`prepared`: awaiting a second official's approval), from the log. */
  async batchesIn(status: BatchStatus): Promise<BatchView[]> {
    const found: BatchView[] = [];
    for (const list of everyList('own')) {
      const loaded = await this.lists.load(list.id);
      for (const batch of Object.values(loaded?.state.batches ?? {})) if (batch.status === status) found.push({ listId: list.id, batch });
    }
    return found;
  }

  private async planOf(listId: string, batch: BatchState): Promise<{ plan: BatchPlan; release: Release; previous?: Release }> {
    const { release } = await this.parsed(batch.release.releaseHash);
    const previous = batch.baseReleaseHash ? (await this.parsed(batch.baseReleaseHash)).release : undefined;
    const { state } = await this.list(parseListId(listId)!);
    const plan = planBatch(listId, previous, release, batch.mapping, mappingOfRelease(state, batch.baseReleaseHash));
    if (plan.digest !== batch.digest) {
      refuse(ImportErrorCode.PlanChanged, 'The archived releases no longer give the diff that was approved; nothing was applied', { batchId: batch.batchId, approved: batch.digest, now: plan.digest });
    }
    return { plan, release, previous };
  }

  /**
   * Applies an approved batch: each entry is one command with an id derived from the batch and the
   * entry, so a batch applied again (after a crash, by a second worker) finds what is done and does
   * the rest; an entry the domain refuses is recorded as skipped. Ends with ImportBatchApplied.
   */
  async apply(batchId: string, options: { onProgress?: (progress: ApplyProgress) => void; signal?: AbortSignal } = {}): Promise<BatchView> {
    const { onProgress, signal } = options;
    const { listId, batch } = await this.findBatch(batchId);
    if (batch.status === 'applied') return { listId, batch };
    if (batch.status !== 'approved' || !batch.approver) refuse(ImportErrorCode.BatchNotApproved, `Batch ${batchId} is ${batch.status}`, { status: batch.status });
    const { plan, release, previous } = await this.planOf(listId, batch);
    const next = new Map(release.listings.map((l) => [l.sourceId, l]));
    const before = new Map((previous?.listings ?? []).map((l) => [l.sourceId, l]));
    const actor = batch.approver;
    const applied = { added: 0, lifted: 0, amended: 0 };
    const skipped: SkippedEntry[] = [];
    let done = 0;

    const applyOne = async (entry: PlanEntry): Promise<void> => {
      const command = entryCommand(entry, batch, release, next, before, actor, this.now());
      try {
        await this.deps.designations.handle(command, { commandId: entryCommandId(batchId, entry), correlationId: batchId, expectNew: entry.action === 'add' });
        if (entry.action === 'add') applied.added++;
        else if (entry.action === 'lift') applied.lifted++;
        else applied.amended++;
      } catch (error) {
        if (!isDomainError(error)) throw error;
        skipped.push({ sourceId: entry.sourceId, action: entry.action, code: error.code, message: error.message });
      }
      done++;
      onProgress?.({ done, total: plan.entries.length });
    };
    await inPool(plan.entries, APPLY_CONCURRENCY, applyOne, signal);
    // Stopped midway (the worker is shutting down): what is applied stays, the rest on the next run.
    if (signal?.aborted) return { listId, batch };
    skipped.sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0));
    await this.lists.handle(
      { type: 'CompleteImportBatch', data: { listId, batchId, applied, skipped }, metadata: { now: this.now(), actor } },
      { commandId: uuidFrom(`complete:${batchId}`), correlationId: batchId },
    );
    return this.findBatch(batchId);
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }
}

/** The mapping the batch that brought the list to `releaseHash` applied it under. */
function mappingOfRelease(state: ListState, releaseHash: string | null): ImportMapping | undefined {
  if (!releaseHash) return undefined;
  return Object.values(state.batches).find((b) => b.status === 'applied' && b.release.releaseHash === releaseHash)?.mapping;
}

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++]);
  });
  await Promise.all(lanes);
}
