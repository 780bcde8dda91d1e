import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { SYSTEM_ACTOR } from '@app/domain';
import { PollLoop } from '@app/event-store';
import { ImportErrorCode, ImportRuleError, type ListImports } from '@app/imports';
import { isListFormatError, type ListFormat } from '@app/lists';
import { WORKER_LIST_IMPORTS } from '../worker.tokens';

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
  private readonly loop: PollLoop;
  private readonly stopping = new AbortController();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_LIST_IMPORTS) private readonly imports: ListImports,
  ) {
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
      const summary = await this.imports.partners.recordPartnerRelease({ releaseHash: manifest.releaseHash }, SYSTEM_ACTOR, correlationId);
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
