import { createHash } from 'node:crypto';
import type { ArchivedPart, ListReleasesOptions, ReleaseFile, ReleaseManifest } from './release-archive.port';
import { ReleaseConflictError, ReleaseCorruptedError, ReleaseMismatchError } from './release-archive.errors';
import { releaseHash } from './release-hash';

// What both archives (SQL and filesystem) check, in one place.

export const SHA256_HEX = /^[0-9a-f]{64}$/;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
/** The manifests table's listings column is an integer. */
const MAX_LISTINGS = 2 ** 31 - 1;

export type ReleaseDescription = Omit<ReleaseManifest, 'storedAt'>;

export interface CheckedRelease {
  /** With the parts as computed from the files, in role order. */
  manifest: ReleaseDescription;
  /** In role order, with the hash computed here. */
  files: { role: string; sha256: string; bytes: Buffer }[];
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const byRole = (a: { role: string }, b: { role: string }) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0);

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`release archive: ${name} must be a non-empty string`);
  return value;
}

/**
 * Hashes the files and checks the manifest against them: the same roles, each part's SHA-256 and
 * length as computed, and a releaseHash that is what those parts hash to.
 */
export function checkRelease(manifest: ReleaseDescription, files: readonly ReleaseFile[]): CheckedRelease {
  if (typeof manifest !== 'object' || manifest === null) throw new TypeError('release archive: a manifest is required');
  const stated = text(manifest.releaseHash, 'releaseHash');
  const format = text(manifest.format, 'format');
  const source = text(manifest.source, 'source');
  const releaseDate = text(manifest.releaseDate, 'releaseDate');
  if (!Number.isSafeInteger(manifest.listings) || manifest.listings < 0 || manifest.listings > MAX_LISTINGS) {
    throw new TypeError(`release archive: listings must be an integer from 0 to ${MAX_LISTINGS}`);
  }
  if (!Array.isArray(manifest.parts) || !Array.isArray(files) || files.length === 0) {
    throw new ReleaseMismatchError('a release has at least one file, and its manifest lists its parts');
  }
  const hashed = files.map((file) => {
    const role = text(file?.role, 'each file role');
    // A role is one token of the `role sha256\n` manifest the release hash is taken over.
    if (/\s/.test(role)) throw new ReleaseMismatchError(`role ${JSON.stringify(role)} contains white space`);
    if (!(file.bytes instanceof Uint8Array)) throw new TypeError(`release archive: the bytes of ${role} must be a Buffer`);
    const bytes = Buffer.isBuffer(file.bytes) ? file.bytes : Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
    return { role, sha256: sha256Of(bytes), bytes };
  });
  hashed.sort(byRole);
  for (let i = 1; i < hashed.length; i++) {
    if (hashed[i].role === hashed[i - 1].role) throw new ReleaseMismatchError(`two files have the role ${hashed[i].role}`);
  }
  const statedParts = new Map<string, ArchivedPart>();
  for (const part of manifest.parts) statedParts.set(part?.role, part);
  if (statedParts.size !== manifest.parts.length || statedParts.size !== hashed.length || hashed.some((file) => !statedParts.has(file.role))) {
    throw new ReleaseMismatchError(
      `the manifest lists the parts ${manifest.parts.map((part) => part?.role).join(', ')} but the files are ${hashed.map((file) => file.role).join(', ')}`,
    );
  }
  const parts: ArchivedPart[] = hashed.map((file) => {
    const part = statedParts.get(file.role)!;
    if (part.sha256 !== file.sha256) throw new ReleaseMismatchError(`part ${file.role}: stated sha256 ${part.sha256}, its bytes hash to ${file.sha256}`);
    if (part.bytes !== file.bytes.byteLength) throw new ReleaseMismatchError(`part ${file.role}: stated ${part.bytes} bytes, it has ${file.bytes.byteLength}`);
    return { role: file.role, sha256: file.sha256, bytes: file.bytes.byteLength };
  });
  const computed = releaseHash(parts);
  if (stated !== computed) throw new ReleaseMismatchError(`stated release hash ${stated}, its parts hash to ${computed}`);
  return { manifest: { releaseHash: computed, format, source, releaseDate, parts, listings: manifest.listings }, files: hashed };
}

/** The stored manifest if it describes the same release, else ReleaseConflictError. */
export function sameRelease(stored: ReleaseManifest, wanted: ReleaseDescription): ReleaseManifest {
  const differs: string[] = (['format', 'source', 'releaseDate', 'listings'] as const).filter((field) => stored[field] !== wanted[field]);
  // Same release hash, same parts (barring a SHA-256 collision); compared anyway, roles included.
  const samePart = (a: ArchivedPart, b: ArchivedPart) => a.role === b.role && a.sha256 === b.sha256 && a.bytes === b.bytes;
  if (stored.parts.length !== wanted.parts.length || stored.parts.some((part, i) => !samePart(part, wanted.parts[i]))) differs.push('parts');
  if (differs.length > 0) throw new ReleaseConflictError(stored.releaseHash, differs);
  return stored;
}

/** A manifest as read back: well formed, and its parts still hash to its release hash. */
export function verifyManifest(key: string, manifest: ReleaseManifest): ReleaseManifest {
  const corrupt = (detail: string) => new ReleaseCorruptedError(key, detail);
  if (manifest.releaseHash !== key) throw corrupt(`the manifest names release ${String(manifest.releaseHash)}`);
  const parts = manifest.parts as unknown;
  if (!Array.isArray(parts) || parts.length === 0) throw corrupt('the manifest lists no parts');
  const checked = (parts as ArchivedPart[]).map((part): ArchivedPart => {
    if (typeof part?.role !== 'string' || typeof part.sha256 !== 'string' || !SHA256_HEX.test(part.sha256) || !Number.isSafeInteger(part.bytes)) {
      throw corrupt(`the manifest lists a malformed part ${JSON.stringify(part)}`);
    }
    // Members in one order whatever the storage did with them (jsonb sorts them).
    return { role: part.role, sha256: part.sha256, bytes: part.bytes };
  });
  const computed = releaseHash(checked);
  if (computed !== key) throw corrupt(`its manifest's parts hash to ${computed}`);
  return { ...manifest, parts: checked };
}

/** A part's bytes as read back, or ReleaseCorruptedError: never bytes that are not the ones stored. */
export function verifyPart(key: string, part: ArchivedPart, bytes: Buffer | undefined): ReleaseFile {
  if (bytes === undefined) throw new ReleaseCorruptedError(key, `part ${part.role} (${part.sha256}) is missing`, part.sha256);
  if (bytes.byteLength !== part.bytes) {
    throw new ReleaseCorruptedError(key, `part ${part.role} has ${bytes.byteLength} bytes, ${part.bytes} were stored`, part.sha256);
  }
  const actual = sha256Of(bytes);
  if (actual !== part.sha256) throw new ReleaseCorruptedError(key, `part ${part.role} hashes to ${actual}, not ${part.sha256}`, part.sha256);
  return { role: part.role, bytes };
}

export function checkReleaseHash(value: unknown, name = 'releaseHash'): string {
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) throw new TypeError(`release archive: ${name} must be a lowercase hex SHA-256`);
  return value;
}

export function checkListOptions(options: ListReleasesOptions = {}): { limit: number; before?: string } {
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new RangeError(`release archive: limit must be an integer from 1 to ${MAX_LIMIT}`);
  return { limit, before: options.before === undefined ? undefined : checkReleaseHash(options.before, 'before') };
}

/** Thrown by list() for a cursor that names no archived release. */
export function unknownCursor(before: string): RangeError {
  return new RangeError(`release archive: before names no archived release (${before})`);
}
