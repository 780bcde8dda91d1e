/**
 * Instants and durations in words a judge reads ("2 Dec 2026 18:33 UTC", "6 months"), by the
 * platform's Intl formatters, in UTC; ISO 8601 durations are read by the domain's own parser.
 */
import { parseDuration, type ParsedDuration } from '@app/domain';

const LOCALE = 'en-GB';
const UTC = { timeZone: 'UTC' } as const;

const INSTANT = new Intl.DateTimeFormat(LOCALE, { ...UTC, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
const DATE = new Intl.DateTimeFormat(LOCALE, { ...UTC, day: 'numeric', month: 'short', year: 'numeric' });
const MONTH = new Intl.DateTimeFormat(LOCALE, { ...UTC, month: 'short', year: 'numeric' });
const YEAR = new Intl.DateTimeFormat(LOCALE, { ...UTC, year: 'numeric' });
const HOUR = new Intl.DateTimeFormat(LOCALE, { ...UTC, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const LIST = new Intl.ListFormat(LOCALE, { style: 'long', type: 'conjunction' });

/** "2 Dec 2026 18:33 UTC": Intl's date, time and zone, without the comma it puts between date and time. */
export function instantInWords(t: number): string {
  return INSTANT.formatToParts(t)
    .map((part) => (part.type === 'literal' && part.value.trim() === ',' ? ' ' : part.value))
    .join('');
}

/** "2 Dec 2026". */
export function dateInWords(t: number): string {
  return DATE.format(t);
}

export type AxisUnit = 'hour' | 'day' | 'month' | 'year';

/** A tick of the timeline's axis, as precise as its spacing: "2 Dec 18:00", "2 Dec 2026", "Dec 2026", "2026". */
export function axisLabel(t: number, unit: AxisUnit): string {
  switch (unit) {
    case 'hour':
      return HOUR.formatToParts(t)
        .map((part) => (part.type === 'literal' && part.value.trim() === ',' ? ' ' : part.value))
        .join('');
    case 'day':
      return DATE.format(t);
    case 'month':
      return MONTH.format(t);
    case 'year':
      return YEAR.format(t);
  }
}

const UNITS: [keyof ParsedDuration, string][] = [
  ['years', 'year'],
  ['months', 'month'],
  ['weeks', 'week'],
  ['days', 'day'],
  ['hours', 'hour'],
  ['minutes', 'minute'],
  ['seconds', 'second'],
];
const UNIT_FORMATS = new Map(UNITS.map(([, unit]) => [unit, new Intl.NumberFormat(LOCALE, { style: 'unit', unit, unitDisplay: 'long' })]));

/** An ISO 8601 duration in words ("P6M" → "6 months", "P1Y6M" → "1 year and 6 months"); undefined if it is not one. */
export function durationInWords(value: string): string | undefined {
  let parsed: ParsedDuration;
  try {
    parsed = parseDuration(value);
  } catch {
    return undefined;
  }
  const parts = UNITS.filter(([field]) => parsed[field] > 0).map(([field, unit]) => UNIT_FORMATS.get(unit)!.format(parsed[field]));
  return parts.length > 0 ? LIST.format(parts) : UNIT_FORMATS.get('day')!.format(0);
}
