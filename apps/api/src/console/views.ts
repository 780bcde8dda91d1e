import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import nunjucks from 'nunjucks';

/**
 * The templates live beside this file in the sources; `nest build` copies them beside the
 * compiled file (nest-cli.json `assets`). govuk-frontend's own Nunjucks macros come from its package.
 */
function templatesDir(): string {
  const here = join(__dirname, 'templates');
  if (existsSync(here)) return here;
  return resolve(__dirname, '../../../../../apps/api/src/console/templates');
}

function govukFrontendDir(): string {
  return join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "3 December 2026" (UTC: the log's instants are UTC, and so is what the console states). */
export function dateInWords(value: unknown): string {
  const date = toDate(value);
  if (!date) return '';
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "3 December 2026 at 14:05 UTC". */
export function dateTimeInWords(value: unknown): string {
  const date = toDate(value);
  if (!date) return '';
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${dateInWords(date)} at ${hh}:${mm} UTC`;
}

/** An ISO 8601 duration in words: P1Y6M → "1 year and 6 months", P90D → "90 days". */
export function durationInWords(value: unknown): string {
  if (typeof value !== 'string') return '';
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  if (!match) return value;
  const names = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'];
  const parts = match
    .slice(1)
    .map((n, i) => (n === undefined || Number(n) === 0 ? undefined : `${Number(n)} ${names[i]}${Number(n) === 1 ? '' : 's'}`))
    .filter((part): part is string => part !== undefined);
  if (parts.length === 0) return 'no time';
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "in 12 days", "today", "3 days ago", from `now`. */
export function relativeDays(value: unknown, now: Date = new Date()): string {
  const date = toDate(value);
  if (!date) return '';
  const day = (d: Date) => Math.floor(d.getTime() / 86_400_000);
  const days = day(date) - day(now);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Turns a machine word (`senior_official`, `asset-freeze`) into words: "senior official", "asset freeze". */
export function words(value: unknown): string {
  return typeof value === 'string' ? value.replace(/[_-]+/g, ' ') : '';
}

export type ViewContext = Record<string, unknown>;

/** The console's Nunjucks environment: autoescaping on, templates cached once read. */
export class ConsoleViews {
  private readonly env: nunjucks.Environment;

  constructor() {
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader([templatesDir(), govukFrontendDir()]), {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
    });
    this.env.addFilter('date', dateInWords);
    this.env.addFilter('dateTime', dateTimeInWords);
    this.env.addFilter('duration', durationInWords);
    this.env.addFilter('relative', (value: unknown) => relativeDays(value));
    this.env.addFilter('words', words);
  }

  render(template: string, context: ViewContext): string {
    return this.env.render(template, context);
  }
}
