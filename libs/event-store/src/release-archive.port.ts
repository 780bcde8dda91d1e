/**
 * The archive of official list release files, beside the event log (issue 15): every file of a
 * release kept byte for byte under the SHA-256 of its bytes, with the release's manifest under its
 * release hash (release-hash.ts), which every event derived from the release cites.
 */

/** One file of a release, as the archive computed it from the bytes. */
export interface ArchivedPart {
  role: string;
  /** Lowercase hex SHA-256 of the exact bytes. */
  sha256: string;
  /** Length in bytes. */
  bytes: number;
}

export interface ReleaseManifest {
  /** releaseHash(parts): the SHA-256 of the one file, or of the `role sha256\n` manifest of several. */
  releaseHash: string;
  format: string;
  source: string;
  releaseDate: string;
  /** In role order. */
  parts: ArchivedPart[];
  /** How many listings the release holds. */
  listings: number;
  /** ISO 8601, the archive's clock, when the release was first stored. */
  storedAt: string;
}

export interface ReleaseFile {
  role: string;
  bytes: Buffer;
}

export interface ListReleasesOptions {
  /** At most this many (1 … 1000). Default 100. */
  limit?: number;
  /** Cursor: the releaseHash of the last manifest of the previous page; only older ones follow. */
  before?: string;
}

export interface ReleaseArchive {
  /**
   * Stores each part's bytes under its SHA-256 (computed here, never trusted from the caller) and
   * then the manifest, which never exists without its parts. The manifest's parts must be exactly
   * the files given (role, SHA-256 and length), and its releaseHash what the parts hash to; anything
   * else is refused with ReleaseMismatchError and stores nothing. Idempotent: the same release again
   * stores nothing new and returns the manifest first stored; the same release hash described
   * differently (format, source, releaseDate or listings) is ReleaseConflictError.
   */
  put(manifest: Omit<ReleaseManifest, 'storedAt'>, files: readonly ReleaseFile[]): Promise<ReleaseManifest>;
  /** The manifest, checked against its release hash (ReleaseCorruptedError if it no longer matches). */
  manifest(releaseHash: string): Promise<ReleaseManifest | undefined>;
  /**
   * The exact bytes of each part, in the manifest's (role) order, each verified against its hash on
   * the way out: a corrupted or missing part is ReleaseCorruptedError, never returned.
   */
  files(releaseHash: string): Promise<ReleaseFile[] | undefined>;
  /** Newest first (storedAt, then releaseHash descending); page on with `before`. */
  list(options?: ListReleasesOptions): Promise<ReleaseManifest[]>;
  /** Ends this handle. An archive that shares an event store's connection leaves it to the store. */
  close(): Promise<void>;
}

/** A store that keeps its release archive in its own database (the PostgreSQL and PGlite adapters). */
export interface HasReleaseArchive {
  releaseArchive(): ReleaseArchive;
}
