import { createHash } from 'node:crypto';

/** What the release's identity is computed from: each file's role and the SHA-256 of its bytes. */
export interface HashedPart {
  role: string;
  /** Lowercase hex SHA-256 of the part's exact bytes. */
  sha256: string;
}

/**
 * The identity of an official list release (issue 15), the one definition of it: the SHA-256 of
 * its one file; for a release of several files (OFAC SDN CSV: sdn, add, alt, sdn_comments), the
 * SHA-256 of the UTF-8 manifest `<role> <sha256>\n` over its parts sorted by role (UTF-16 code
 * units). Here because the release archive (which may import nothing of ours) recomputes it; the
 * list parsers in libs/lists import it from here.
 */
export function releaseHash(parts: readonly HashedPart[]): string {
  if (parts.length === 1) return parts[0].sha256;
  const manifest = [...parts]
    .sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0))
    .map((part) => `${part.role} ${part.sha256}\n`)
    .join('');
  return createHash('sha256').update(manifest).digest('hex');
}
