import { fail } from './config.errors';
import type { EnvReader } from './env.reader';

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
}

const MIB = 1024 * 1024;

export function listsConfig(env: EnvReader): ListsConfig {
  return {
    uploadMaxBytes: env.integer('LIST_UPLOAD_MAX_BYTES', 64 * MIB, 1024, 1024 * MIB),
    importPollMs: env.integer('LIST_IMPORT_POLL_MS', 1_000, 50, 3_600_000),
    watchedPrograms: parseWatched(env.text('PARTNER_WATCH_PROGRAMS')),
  };
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
