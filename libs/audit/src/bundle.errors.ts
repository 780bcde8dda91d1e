export class NoCheckpointError extends Error {
  override readonly name = 'NoCheckpointError';
}

/** The log no longer hashes to a checkpoint the service signed: never answer with a bundle then. */
export class LogIntegrityError extends Error {
  override readonly name = 'LogIntegrityError';
}

export class SinceOutOfRangeError extends Error {
  override readonly name = 'SinceOutOfRangeError';
}
