import { ConcurrencyConflictError } from './event-store.errors';
import { assertExpectedRevision, normalizeExpectedRevision, satisfies, toSafeInteger } from './expected-revision';

describe('expected revision', () => {
  it.each([
    ['any', 'no_stream', true],
    ['any', 3, true],
    ['no_stream', 'no_stream', true],
    ['no_stream', 0, false],
    ['stream_exists', 0, true],
    ['stream_exists', 'no_stream', false],
    [2, 2, true],
    [2, 3, false],
    [0, 'no_stream', false],
  ] as const)('%s against %s: %s', (expected, actual, ok) => {
    expect(satisfies(expected, actual)).toBe(ok);
  });

  it('accepts bigint and rejects revisions JSON numbers cannot carry', () => {
    expect(normalizeExpectedRevision(5n)).toBe(5);
    expect(() => normalizeExpectedRevision(2n ** 53n)).toThrow(RangeError);
    expect(() => normalizeExpectedRevision(-1)).toThrow(RangeError);
    expect(() => normalizeExpectedRevision(1.5)).toThrow(RangeError);
    expect(() => normalizeExpectedRevision('latest' as never)).toThrow(TypeError);
  });

  it('raises the conflict with stream, expected and actual', () => {
    expect(() => assertExpectedRevision('s', 1n, 4)).toThrow(ConcurrencyConflictError);
    try {
      assertExpectedRevision('s', 1n, 4);
    } catch (error) {
      expect(error).toMatchObject({ stream: 's', expected: 1n, actual: 4, code: 'EVENT_STORE.CONCURRENCY_CONFLICT' });
    }
  });

  it('reads PostgreSQL int8 strings as numbers within the safe range only', () => {
    expect(toSafeInteger('9007199254740991', 'p')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeInteger('9007199254740993', 'p')).toThrow(RangeError);
  });
});
