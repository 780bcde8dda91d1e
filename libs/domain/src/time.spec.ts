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
    ['2026-01-01T01:30:00+05:30', '2025-12-31T20:00:00.000Z'],
    ['2026-12-31T23:00:00-01:00', '2027-01-01T00:00:00.000Z'],
    ['2026-03-01T10:00:00.123456789Z', '2026-03-01T10:00:00.123Z'],
  ])('normalises %s to UTC', (input, expected) => {
    expect(normalizeInstant(input)).toBe(expected);
  });

  it('gives milliseconds since the epoch, equal for the same instant in different offsets', () => {
    expect(toMillis('1970-01-01T00:00:01Z')).toBe(1000);
    expect(toMillis('2026-03-01T12:00:00+02:00')).toBe(toMillis('2026-03-01T10:00:00.000Z'));
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-03-00T00:00:00Z',
    '2026-03-01T24:00:00Z',
    '2026-03-01T10:60:00Z',
    '2026-03-01T10:00:60Z',
    '2026-03-01T10:00:00+24:00',
    '2026-03-01T10:00:00+99:00',
    '2026-03-01T10:00:00-00:60',
    '2026-03-01T10:00:00+0200',
    '2026-03-01',
    '2026-03-01T10:00:00',
    '2026-03-01 10:00:00Z',
    'yesterday',
    '',
  ])(
    'rejects %p',
    (input) => {
      expect(codeOf(() => toMillis(input))).toBe(ErrorCode.InvalidInstant);
    },
  );

  it('rejects a value that is not a string', () => {
    expect(codeOf(() => toMillis(42 as unknown as string))).toBe(ErrorCode.InvalidInstant);
  });

  it('rejects through normalizeInstant too, naming the field', () => {
    let thrown: unknown;
    try {
      normalizeInstant('2026-02-30T00:00:00Z', 'sunsetAt');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: ErrorCode.InvalidInstant, details: { field: 'sunsetAt', value: '2026-02-30T00:00:00Z' } });
  });
});

describe('durations', () => {
  it('parses every component', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 });
  });

  it.each([
    ['P6M', { years: 0, months: 6, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 }],
    ['PT5M', { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 5, seconds: 0 }],
    ['P3Y', { years: 3, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 }],
  ])('parses %s, with absent components as zero', (input, expected) => {
    expect(parseDuration(input)).toEqual(expected);
  });

  it.each(['P', 'PT', 'P1DT', 'P1H', '6M', 'P-1D', 'P1.5D', 'PT1D', 'p6m', 'P6M ', 'six months', ''])('rejects %p', (input) => {
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
    ['2024-02-29T00:00:00.000Z', 'P4Y', '2028-02-29T00:00:00.000Z'],
    ['2024-02-28T00:00:00.000Z', 'P1D', '2024-02-29T00:00:00.000Z'],
    ['2023-02-28T00:00:00.000Z', 'P1D', '2023-03-01T00:00:00.000Z'],
    ['2024-01-31T00:00:00.000Z', 'P1M1D', '2024-03-01T00:00:00.000Z'],
    ['2026-12-15T00:00:00.000Z', 'P1M', '2027-01-15T00:00:00.000Z'],
    ['2026-03-01T10:00:00+02:00', 'PT0S', '2026-03-01T08:00:00.000Z'],
  ])('adds to %s the duration %s', (from, duration, expected) => {
    expect(addDuration(from, duration)).toBe(expected);
  });

  it.each([
    ['2024-03-31T00:00:00.000Z', 'P1M', '2024-02-29T00:00:00.000Z'],
    ['2026-01-05T09:00:00.000Z', 'P30D', '2025-12-06T09:00:00.000Z'],
    ['2026-01-01T00:00:00.000Z', 'P1Y1M', '2024-12-01T00:00:00.000Z'],
    ['2026-01-05T09:00:00.000Z', 'P1M', '2025-12-05T09:00:00.000Z'],
    ['2028-02-29T00:00:00.000Z', 'P1Y', '2027-02-28T00:00:00.000Z'],
    ['2027-03-04T04:00:00.000Z', 'P1Y2M3DT4H', '2026-01-01T00:00:00.000Z'],
  ])('subtracts from %s the duration %s', (from, duration, expected) => {
    expect(addDuration(from, duration, -1)).toBe(expected);
  });

  it('refuses a malformed duration or instant', () => {
    expect(codeOf(() => addDuration('2026-01-01T00:00:00Z', '1 month'))).toBe(ErrorCode.InvalidDuration);
    expect(codeOf(() => addDuration('2026-02-30T00:00:00Z', 'P1D'))).toBe(ErrorCode.InvalidInstant);
  });
});

describe('remembered parses', () => {
  it('answer a repeated instant or duration as the first time, and a frozen duration no caller can change', () => {
    const instant = '2031-03-04T05:06:07.089+02:00';
    expect(toMillis(instant)).toBe(Date.parse(instant));
    expect(toMillis(instant)).toBe(Date.parse(instant));
    const duration = parseDuration('P1Y2M3W4DT5H6M7S');
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toBe(duration);
    expect(Object.isFrozen(duration)).toBe(true);
    expect(duration).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 });
  });

  it('remember no invalid value: it is refused every time', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => toMillis('2031-02-30T00:00:00Z')).toThrow(expect.objectContaining({ code: ErrorCode.InvalidInstant }));
      expect(() => parseDuration('P1X')).toThrow(expect.objectContaining({ code: ErrorCode.InvalidDuration }));
    }
  });

  it('stay right past the cache limit', () => {
    for (let day = 0; day < 3000; day++) {
      const instant = new Date(Date.UTC(2030, 0, 1) + day * 86_400_000).toISOString();
      expect(toMillis(instant)).toBe(Date.UTC(2030, 0, 1) + day * 86_400_000);
    }
  });
});
