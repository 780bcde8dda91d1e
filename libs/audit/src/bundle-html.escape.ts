/** Bundle values into HTML that cannot break out of where they are put: escaped text, instants as <time> elements, durations in words. */
import { instant } from './bundle-html.data';
import { dateInWords, durationInWords, instantInWords } from './bundle-html.dates';
import { iso, text } from './bundle-html.text';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** HTML-escapes text for element content and quoted attribute values alike. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * An instant in words, in UTC ("2 Dec 2026 18:33 UTC"), in a <time> element whose `datetime` is
 * its exact UTC ISO 8601 value; a calendar date ("2026-12-02") likewise; anything else as escaped text.
 */
export function time(value: unknown): string {
  const t = instant(value);
  if (t !== undefined) return `<time datetime="${iso(t)}">${esc(instantInWords(t))}</time>`;
  if (isCalendarDate(value)) return `<time datetime="${value}">${esc(dateInWords(Date.parse(value)))}</time>`;
  return value === undefined || value === null || value === '' ? '<span class="none">—</span>' : esc(text(value));
}

/** A calendar date (YYYY-MM-DD) that exists: Date.parse would take 2026-02-30 for 2 March. */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && DATE_ONLY.test(value) && iso(Date.parse(value) || 0).slice(0, 10) === value;
}

/** As `time`, with the exact ISO 8601 value beside it, for what is quoted or compared with the verifier's output. */
export function exactTime(value: unknown): string {
  const t = instant(value);
  return t === undefined ? time(value) : `${time(value)} <code class="exact">${iso(t)}</code>`;
}

/** An ISO 8601 duration in words with the exact value beside it ("6 months (P6M)"); undefined if it is not one. */
export function duration(value: unknown): string | undefined {
  const words = typeof value === 'string' ? durationInWords(value) : undefined;
  return words === undefined ? undefined : `${esc(words)} (<code class="exact">${esc(value)}</code>)`;
}
