import { fail } from './config.errors';
import { parseUrl, type EnvReader } from './env.reader';

export interface ListsConfig {
  /** LIST_UPLOAD_MAX_BYTES: the largest list file accepted (per file); a larger upload is 413. */
  uploadMaxBytes: number;
  /** LIST_IMPORT_POLL_MS: how often the worker looks for approved import batches to apply. */
  importPollMs: number;
  /**
   * PARTNER_WATCH_PROGRAMS: the partners' programs whose new listings become alignment candidates,
   * by list format: `un-xml=DPRK,Al-Qaida;ofac-sdn-csv=CYBER,CYBER2`. A release recorded with no
   * programs named uses these.
   */
  watchedPrograms: Record<string, string[]>;
  /**
   * PARTNER_FEEDS: partners' lists the worker fetches and records on its own, by list format:
   * `un-xml=https://…/consolidated.xml;eu-fsf-xml=https://…`. One file per format (not the SDN
   * CSV set, which carries no release date). Unset: partners' releases come only by upload.
   */
  partnerFeeds: { format: string; url: string }[];
  /** PARTNER_FETCH_EVERY_MS: how often each feed is fetched (default 6 hours). */
  partnerFetchEveryMs: number;
}

const MIB = 1024 * 1024;

export function listsConfig(env: EnvReader): ListsConfig {
  return {
    uploadMaxBytes: env.integer('LIST_UPLOAD_MAX_BYTES', 64 * MIB, 1024, 1024 * MIB),
    importPollMs: env.integer('LIST_IMPORT_POLL_MS', 1_000, 50, 3_600_000),
    watchedPrograms: parseWatched(env.text('PARTNER_WATCH_PROGRAMS')),
    partnerFeeds: parseFeeds(env.text('PARTNER_FEEDS')),
    partnerFetchEveryMs: env.integer('PARTNER_FETCH_EVERY_MS', 6 * 3600_000, 100, 7 * 24 * 3600_000),
  };
}

/** Formats a feed can carry: one file, with its release date inside. */
const FEED_FORMATS = ['un-xml', 'ofac-xml', 'ofac-enhanced-xml', 'uk-ofsi-csv', 'eu-fsf-xml'];

function parseFeeds(text: string | undefined): { format: string; url: string }[] {
  if (!text) return [];
  return text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('=');
      const format = entry.slice(0, at).trim();
      const url = entry.slice(at + 1).trim();
      if (at < 1 || !url) fail('PARTNER_FEEDS', `"${entry}" is not <format>=<url>`);
      if (!FEED_FORMATS.includes(format)) fail('PARTNER_FEEDS', `"${format}" cannot be fetched as one file; one of: ${FEED_FORMATS.join(', ')}`);
      parseUrl('PARTNER_FEEDS', url, ['https:', 'http:']);
      return { format, url };
    });
}

function parseWatched(text: string | undefined): Record<string, string[]> {
  const watched: Record<string, string[]> = {};
  if (!text) return watched;
  for (const entry of text.split(';').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z0-9-]+)\s*=\s*(.+)$/.exec(entry);
    if (!match) fail('PARTNER_WATCH_PROGRAMS', `"${entry}" is not <format>=<program>,<program>…`);
    const programs = match[2].split(',').map((p) => p.trim()).filter(Boolean);
    if (programs.length === 0) fail('PARTNER_WATCH_PROGRAMS', `"${entry}" names no program`);
    watched[match[1]] = programs;
  }
  return watched;
}
