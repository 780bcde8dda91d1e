/** The read models are being rebuilt (Redis was empty or replaced): try again shortly. */
export class ReadModelUnavailableError extends Error {
  override readonly name = 'ReadModelUnavailableError';
  constructor(readonly retryAfterSeconds = 1) {
    super('The read models are being rebuilt from the log; try again shortly.');
  }
}

/** The read models have not reached the position asked for within the time allowed. */
export class ReadModelBehindError extends Error {
  override readonly name = 'ReadModelBehindError';
  constructor(
    readonly wanted: number,
    readonly reached: number | undefined,
  ) {
    super(`The read models have reached position ${reached ?? 'none'}, not yet ${wanted}; try again shortly.`);
  }
}

/** A cursor that this service did not hand out (or that belongs to another sort order). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}
