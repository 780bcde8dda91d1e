import { ConcurrencyConflictError } from './event-store.errors';
import type { ExpectedRevision, StreamState } from './event-store.port';

export type NormalizedExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export function normalizeExpectedRevision(expected: ExpectedRevision): NormalizedExpectedRevision {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') return expected;
  if (typeof expected === 'bigint' || typeof expected === 'number') return toRevision(expected, 'expectedRevision');
  throw new TypeError(`expectedRevision: unknown value ${String(expected)}`);
}

export function satisfies(expected: NormalizedExpectedRevision, actual: StreamState): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}

/** Throws the port's conflict error unless the stream is in the state the caller expected. */
export function assertExpectedRevision(stream: string, expected: ExpectedRevision, actual: StreamState): void {
  if (!satisfies(normalizeExpectedRevision(expected), actual)) {
    throw new ConcurrencyConflictError(stream, expected, actual);
  }
}

/** A non-negative safe integer from a number, bigint or numeric string (PostgreSQL int8 arrives as a string). */
export function toSafeInteger(value: number | bigint | string, what: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number) || number < 0) {
    throw new RangeError(`${what}: ${String(value)} is not a non-negative integer at most 2^53 - 1`);
  }
  return number;
}

export function toRevision(value: number | bigint | string, what = 'revision'): number {
  return toSafeInteger(value, what);
}
