import { ErrorCode } from './errors';
import { addDuration, normalizeInstant, parseDuration, toMillis } from './time';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('instants', () => {
  it.each([
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T10:00Z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T10:00:00.5+02:00', '2026-03-01T08:00:00.500Z'],
    ['2024-02-29T00:00:00-05:00', '2024-02-29T05:00:00.000Z'],
  ])('normalises %s to UTC', (input, expected) => {
    expect(normalizeInstant(input)).toBe(expected);
  });

  it.each(['2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01', '2026-03-01T10:00:00', 'yesterday', ''])(
    'rejects %p',
    (input) => {
      expect(codeOf(() => toMillis(input))).toBe(ErrorCode.InvalidInstant);
    },
  );

  it('rejects a value that is not a string', () => {
    expect(codeOf(() => toMillis(42 as unknown as string))).toBe(ErrorCode.InvalidInstant);
  });
});

describe('durations', () => {
  it('parses every component', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 });
  });

  it.each(['P', 'PT', 'P1H', '6M', 'P-1D', 'P1.5D', 'PT1D', ''])('rejects %p', (input) => {
    expect(codeOf(() => parseDuration(input))).toBe(ErrorCode.InvalidDuration);
  });

  it.each([
    ['2024-01-31T00:00:00.000Z', 'P1M', '2024-02-29T00:00:00.000Z'],
    ['2023-01-31T00:00:00.000Z', 'P1M', '2023-02-28T00:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 'P1Y', '2025-02-28T00:00:00.000Z'],
    ['2026-11-30T12:00:00.000Z', 'P3M', '2027-02-28T12:00:00.000Z'],
    ['2026-01-01T00:00:00.000Z', 'P1Y2M3DT4H', '2027-03-04T04:00:00.000Z'],
    ['2026-01-01T00:00:00.000Z', 'PT90M', '2026-01-01T01:30:00.000Z'],
    ['2026-01-01T00:00:00.000Z', 'P2W', '2026-01-15T00:00:00.000Z'],
  ])('adds to %s the duration %s', (from, duration, expected) => {
    expect(addDuration(from, duration)).toBe(expected);
  });

  it.each([
    ['2024-03-31T00:00:00.000Z', 'P1M', '2024-02-29T00:00:00.000Z'],
    ['2026-01-05T09:00:00.000Z', 'P30D', '2025-12-06T09:00:00.000Z'],
    ['2026-01-01T00:00:00.000Z', 'P1Y1M', '2024-12-01T00:00:00.000Z'],
  ])('subtracts from %s the duration %s', (from, duration, expected) => {
    expect(addDuration(from, duration, -1)).toBe(expected);
  });
});
