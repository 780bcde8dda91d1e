import { ErrorCode, reject } from './errors';
import type { Duration, Instant } from './designation.types';

/**
 * Calendar arithmetic on ISO 8601 instants and durations, in UTC. Pure: the domain is handed
 * `now` by its caller and never reads a clock.
 */

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;
const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export interface ParsedDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parsed instants and durations, remembered: a command compares the same few instants many times
 * (issue 16's profile: parsing was 4% of a command's CPU). Only valid values are kept; a full cache
 * starts over. Memoising a pure function keeps it pure.
 */
const CACHE_LIMIT = 2048;
const millisOf = new Map<string, number>();
const durationOf = new Map<string, Readonly<ParsedDuration>>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** Milliseconds since the epoch of a strict ISO 8601 date-time with an explicit offset. */
export function toMillis(value: Instant, field = 'instant'): number {
  const known = typeof value === 'string' ? millisOf.get(value) : undefined;
  if (known !== undefined) return known;
  const match = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (match) {
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
    const validDate = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
    // The pattern admits offsets such as +99:00 that Date.parse refuses (NaN): those are invalid too.
    const millis = Date.parse(value);
    if (validDate && hour < 24 && minute < 60 && second < 60 && !Number.isNaN(millis)) return remember(millisOf, value, millis);
  }
  return reject(ErrorCode.InvalidInstant, `${field} must be an ISO 8601 date-time with an offset`, {
    field,
    value,
  });
}

/** The canonical form every event stores: UTC with milliseconds. */
export function normalizeInstant(value: Instant, field?: string): Instant {
  return new Date(toMillis(value, field)).toISOString();
}

export function parseDuration(value: Duration, field = 'duration'): Readonly<ParsedDuration> {
  const known = typeof value === 'string' ? durationOf.get(value) : undefined;
  if (known) return known;
  const match = typeof value === 'string' && value !== 'P' && !value.endsWith('T') ? DURATION.exec(value) : null;
  if (!match) {
    return reject(ErrorCode.InvalidDuration, `${field} must be an ISO 8601 duration such as P6M`, { field, value });
  }
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return remember(durationOf, value, Object.freeze({ years, months, weeks, days, hours, minutes, seconds }));
}

/** Adds (sign 1) or subtracts (sign -1) a duration; a month step keeps the day, clamped to the month's end. */
export function addDuration(instant: Instant, duration: Duration, sign: 1 | -1 = 1, field?: string): Instant {
  const d = parseDuration(duration, field);
  const date = new Date(toMillis(instant));
  const totalMonths = date.getUTCMonth() + sign * (d.years * 12 + d.months);
  const year = date.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = ((totalMonths % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month + 1));
  date.setUTCFullYear(year, month, day);
  const exactMillis = ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
  return new Date(date.getTime() + sign * exactMillis).toISOString();
}

export function isBefore(a: Instant, b: Instant): boolean {
  return toMillis(a) < toMillis(b);
}

export function isAfter(a: Instant, b: Instant): boolean {
  return toMillis(a) > toMillis(b);
}

export function latest(a: Instant, b: Instant): Instant {
  return isAfter(b, a) ? b : a;
}

export function earliest(a: Instant, b: Instant): Instant {
  return isBefore(b, a) ? b : a;
}
