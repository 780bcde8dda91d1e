import { axisLabel, dateInWords, durationInWords, instantInWords } from './bundle-html.dates';

const t = (iso: string) => Date.parse(iso);

describe('dates and durations in words, for judges', () => {
  it('instants: day, month, year, hour and minute, in UTC, whatever the offset written', () => {
    expect(instantInWords(t('2026-12-02T18:33:07.123Z'))).toBe('2 Dec 2026 18:33 UTC');
    expect(instantInWords(t('2029-06-01T00:00:00.000Z'))).toBe('1 Jun 2029 00:00 UTC');
    expect(instantInWords(t('2026-01-05T11:00:00+02:00'))).toBe('5 Jan 2026 09:00 UTC');
    expect(dateInWords(t('2029-06-01T00:00:00.000Z'))).toBe('1 Jun 2029');
  });

  it('axis ticks, as precise as their spacing', () => {
    const at = t('2026-12-02T18:00:00.000Z');
    expect(axisLabel(at, 'hour')).toBe('2 Dec 18:00');
    expect(axisLabel(at, 'day')).toBe('2 Dec 2026');
    expect(axisLabel(at, 'month')).toBe('Dec 2026');
    expect(axisLabel(at, 'year')).toBe('2026');
  });

  it.each([
    ['P6M', '6 months'],
    ['P1M', '1 month'],
    ['P3Y', '3 years'],
    ['P1Y6M', '1 year and 6 months'],
    ['P1Y2M3D', '1 year, 2 months and 3 days'],
    ['P90D', '90 days'],
    ['P2W', '2 weeks'],
    ['PT2M', '2 minutes'],
    ['PT1H30M', '1 hour and 30 minutes'],
    ['P0D', '0 days'],
  ])('durations: %s is "%s"', (iso, words) => {
    expect(durationInWords(iso)).toBe(words);
  });

  it.each(['P', 'PT', 'P6', '6 months', 'p6m', 'P6M ', ''])('not a duration: %j', (value) => {
    expect(durationInWords(value)).toBeUndefined();
  });
});
