import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type Redis from 'ioredis';
import { join } from 'node:path';
import type { DesignationHandler } from '@app/application';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { SYSTEM_ACTOR, type Policy } from '@app/domain';
import { EVENT_STORE, PollLoop, releaseArchiveOf, type EventStore } from '@app/event-store';
import { ImportErrorCode, ImportRuleError, ListImports, ReadModelReferenceIndex } from '@app/imports';
import { isListFormatError, type ListFormat } from '@app/lists';
import { ReadModelKeys, ReadModelReader } from '@app/read-models';
import { WORKER_CLOCK, WORKER_DESIGNATIONS, WORKER_POLICY, WORKER_REDIS } from '../worker.tokens';

const FETCH_TIMEOUT_MS = 120_000;

/**
 * Fetches each configured partner list (PARTNER_FEEDS) every PARTNER_FETCH_EVERY_MS and records a
 * new release as an official's upload would be: archived, reconciled with the partner's previous
 * one, its changes recorded on our designations that cite them, its new listings made candidates.
 * An unchanged file records nothing; a file that does not parse, or an older release, is logged
 * and recorded nowhere.
 */
@Injectable()
export class PartnerFeedsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PartnerFeeds');
  private readonly imports: ListImports;
  private readonly loop: PollLoop;
  private readonly stopping = new AbortController();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(WORKER_DESIGNATIONS) designations: DesignationHandler,
    @Inject(WORKER_POLICY) policy: Policy,
    @Inject(WORKER_CLOCK) clock: () => Date,
    @Inject(WORKER_REDIS) redis: Redis,
  ) {
    const reader = new ReadModelReader(redis, new ReadModelKeys(config.redisKeyPrefix), () => store.logId());
    this.imports = new ListImports({
      store,
      archive: releaseArchiveOf(store, join(config.dataDir, 'release-archive')),
      designations,
      policy,
      clock,
      references: new ReadModelReferenceIndex(reader, store),
      maxBytes: config.lists.uploadMaxBytes,
      watchedPrograms: config.lists.watchedPrograms,
    });
    this.loop = new PollLoop({
      pass: () => this.pass(),
      pollMs: config.lists.partnerFetchEveryMs,
      backoffMs: (failures) => Math.min(config.lists.partnerFetchEveryMs, 1_000 * 2 ** Math.min(failures, 8)),
      onError: (error, failures) => this.logger.warn(`Fetching partner lists failed (${failures} in a row): ${(error as Error).message}`),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.lists.partnerFeeds.length > 0) this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.loop.stop();
  }

  private async pass(): Promise<void> {
    for (const feed of this.config.lists.partnerFeeds) {
      if (this.stopping.signal.aborted) return;
      await this.fetchOne(feed.format as ListFormat, feed.url);
    }
    if (!this.stopping.signal.aborted) await this.loop.idle();
  }

  /** One feed: a failure of one is logged and does not hold up the others. */
  private async fetchOne(format: ListFormat, url: string): Promise<void> {
    const where = new URL(url).host;
    let bytes: Buffer;
    try {
      bytes = await download(url, this.config.lists.uploadMaxBytes, AbortSignal.any([this.stopping.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]));
    } catch (error) {
      this.logger.warn(`Partner list ${format} from ${where} not fetched: ${(error as Error).message}`);
      return;
    }
    const correlationId = `partner-feed:${format}:${Date.now()}`;
    try {
      const { manifest } = await this.imports.upload(format, [{ role: 'file', bytes }], {}, SYSTEM_ACTOR);
      const summary = await this.imports.recordPartnerRelease({ releaseHash: manifest.releaseHash }, SYSTEM_ACTOR, correlationId);
      const { added, removed, amended } = summary.counts;
      this.logger.log(
        `Partner list ${format} release ${manifest.releaseDate} recorded: ${added} added, ${removed} removed, ${amended} amended at the partner; ${summary.changesRecorded.length} designations told, ${summary.candidates} new candidates`,
      );
    } catch (error) {
      if (error instanceof ImportRuleError && error.code === ImportErrorCode.ReleaseAlreadyRecorded) return; // unchanged since the last fetch
      if (error instanceof ImportRuleError || isListFormatError(error)) {
        this.logger.warn(`Partner list ${format} from ${where} not recorded: ${error.message}`);
        return;
      }
      throw error;
    }
  }
}

async function download(url: string, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const response = await fetch(url, { signal, redirect: 'follow' });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new Error(`${declared} bytes is over LIST_UPLOAD_MAX_BYTES (${maxBytes})`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new Error(`over LIST_UPLOAD_MAX_BYTES (${maxBytes}) bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, total);
}
