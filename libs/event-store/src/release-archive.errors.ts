/** The release handed to put() does not add up: its stated hashes, lengths or roles are not those of the files. */
export class ReleaseMismatchError extends Error {
  override readonly name = 'ReleaseMismatchError';
  readonly code = 'EVENT_STORE.RELEASE_MISMATCH';

  constructor(message: string) {
    super(message);
  }
}

/** The release hash is already stored with another description (format, source, releaseDate or listings). */
export class ReleaseConflictError extends Error {
  override readonly name = 'ReleaseConflictError';
  readonly code = 'EVENT_STORE.RELEASE_CONFLICT';

  constructor(
    readonly releaseHash: string,
    readonly differs: string[],
  ) {
    super(`release ${releaseHash} is already archived with another ${differs.join(', ')}`);
  }
}

/** What the archive holds no longer matches its hashes: a part changed or missing, or a manifest changed. Nothing is returned. */
export class ReleaseCorruptedError extends Error {
  override readonly name = 'ReleaseCorruptedError';
  readonly code = 'EVENT_STORE.RELEASE_CORRUPTED';

  constructor(
    readonly releaseHash: string,
    readonly detail: string,
    readonly sha256?: string,
  ) {
    super(`archived release ${releaseHash} is corrupted: ${detail}`);
  }
}
