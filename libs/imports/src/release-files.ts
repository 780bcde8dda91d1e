import { parseRelease, type ListFormat, type ParseOptions, type Release, type ReleaseInput } from '@app/lists';

/** A release's files as uploaded or archived: by role (`sdn.csv`, …) for the SDN CSV set, one file otherwise. */
export interface ReleaseFile {
  role: string;
  bytes: Buffer;
}

const SDN_ROLES: Record<string, 'sdn' | 'add' | 'alt' | 'comments'> = {
  'sdn.csv': 'sdn',
  'add.csv': 'add',
  'alt.csv': 'alt',
  'sdn_comments.csv': 'comments',
};

/** The role names an SDN CSV set's files go by (the file names OFAC gives them). */
export const SDN_FILE_ROLES = Object.keys(SDN_ROLES);

export function releaseInputOf(format: ListFormat, files: ReleaseFile[]): ReleaseInput {
  if (format === 'ofac-sdn-csv') {
    const set: Record<string, Buffer> = {};
    for (const file of files) {
      const key = SDN_ROLES[file.role.toLowerCase()];
      if (key) set[key] = file.bytes;
    }
    return set as never;
  }
  return files[0]?.bytes ?? Buffer.alloc(0);
}

/**
 * Parses releases, keeping the last few by hash: applying a batch parses its release and the one
 * before it, and a resumed or repeated apply should not parse them again.
 */
export class ReleaseParser {
  private readonly cache = new Map<string, Promise<Release>>();

  constructor(private readonly keep = 4) {}

  parse(format: ListFormat, files: ReleaseFile[], options: ParseOptions, knownHash?: string): Promise<Release> {
    if (knownHash) {
      const cached = this.cache.get(knownHash);
      if (cached) {
        this.cache.delete(knownHash);
        this.cache.set(knownHash, cached);
        return cached;
      }
    }
    const parsing = parseRelease(format, releaseInputOf(format, files), options);
    if (knownHash) {
      this.cache.set(knownHash, parsing);
      parsing.catch(() => this.cache.delete(knownHash));
      while (this.cache.size > this.keep) this.cache.delete(this.cache.keys().next().value as string);
    }
    return parsing;
  }
}
