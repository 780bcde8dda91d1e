import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import nunjucks from 'nunjucks';
import { dateInWords, durationInWords, eventName, instantInWords } from '@app/audit';

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

/** "3 Dec 2026" (UTC: the log's instants are UTC, and so is what the console states). */
export function dateText(value: unknown): string {
  const date = toDate(value);
  return date ? dateInWords(date.getTime()) : '';
}

/** "3 Dec 2026 14:05 UTC". */
export function instantText(value: unknown): string {
  const date = toDate(value);
  return date ? instantInWords(date.getTime()) : '';
}

/** An ISO 8601 duration in words: P1Y6M → "1 year and 6 months" (as given, if it is not one). */
export function durationText(value: unknown): string {
  return typeof value === 'string' ? (durationInWords(value) ?? value) : '';
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
    this.env.addFilter('date', dateText);
    this.env.addFilter('dateTime', instantText);
    this.env.addFilter('duration', durationText);
    this.env.addFilter('eventName', (type: unknown) => (typeof type === 'string' ? eventName(type) : ''));
    this.env.addFilter('relative', (value: unknown) => relativeDays(value));
    this.env.addFilter('words', words);
  }

  render(template: string, context: ViewContext): string {
    return this.env.render(template, context);
  }
}
