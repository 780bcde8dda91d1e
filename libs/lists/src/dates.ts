import type { DateOfBirth, PartialDate } from './listing';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` from numbers, zero meaning "not known" (OFSI's 00/00/1980). */
function partial(year: number, month = 0, day = 0): PartialDate | undefined {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return undefined;
  if (month < 0 || month > 12 || day < 0 || day > 31) return undefined;
  if (month === 0) return day === 0 ? String(year) : undefined;
  if (day === 0) return `${year}-${pad(month)}`;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** `dd/mm/yyyy` (OFSI, EU legacy): `00` day or month is unknown, not the first. */
export function fromDayMonthYear(text: string | undefined): PartialDate | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text?.trim() ?? '');
  return match ? partial(Number(match[3]), Number(match[2]), Number(match[1])) : undefined;
}

/** `mm/dd/yyyy` (OFAC's Publish_Date). */
export function fromMonthDayYear(text: string | undefined): PartialDate | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text?.trim() ?? '');
  return match ? partial(Number(match[3]), Number(match[1]), Number(match[2])) : undefined;
}

/** An ISO date or year as XML lists write it, without any time zone (`1975-06-14-04:00` → `1975-06-14`). */
export function fromIsoDate(text: string | undefined): PartialDate | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*|Z|[+-]\d{2}:\d{2})?$/.exec(text?.trim() ?? '');
  return match ? partial(Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)) : undefined;
}

/** One OFAC date: `14 Jun 1975`, `Jun 1975` or `1975`. */
function fromOfacDate(text: string): PartialDate | undefined {
  const match = /^(?:(\d{1,2}) )?(?:([A-Za-z]{3})[a-z]* )?(\d{4})$/.exec(text.trim());
  if (!match) return undefined;
  const month = match[2] ? MONTHS.indexOf(match[2].toLowerCase()) + 1 : 0;
  if (match[2] && month === 0) return undefined;
  if (match[1] && !match[2]) return undefined;
  return partial(Number(match[3]), month, Number(match[1] ?? 0));
}

/**
 * An OFAC date of birth as printed in SDN remarks and enhanced-XML features: `14 Jun 1975`,
 * `Jun 1975`, `1975`, `circa 1975`, `1960 to 1962`, `circa 1960-1962`, `01 Jan 1960 to 31 Dec 1962`.
 * Anything else is kept verbatim.
 */
export function ofacDateOfBirth(raw: string): DateOfBirth {
  const text = raw.trim().replace(/\.$/, '');
  const circa = /^circa /i.test(text);
  const body = circa ? text.slice(6).trim() : text;
  const approximate = circa ? { approximate: true as const } : {};
  const range = /^(.+?)\s*(?: to |-)\s*(.+)$/.exec(body);
  if (range) {
    const from = fromOfacDate(range[1]);
    const to = fromOfacDate(range[2]);
    if (from && to) return { type: 'range', from, to, ...approximate };
  }
  const date = fromOfacDate(body);
  return date ? { type: 'date', date, ...approximate } : { type: 'text', text: raw.trim() };
}

/** The later of two partial dates (comparable as strings: same ISO layout). */
export const laterOf = (a: PartialDate | undefined, b: PartialDate | undefined): PartialDate | undefined => (!a ? b : !b ? a : a >= b ? a : b);
export const earlierOf = (a: PartialDate | undefined, b: PartialDate | undefined): PartialDate | undefined => (!a ? b : !b ? a : a <= b ? a : b);
