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

/**
 * Intl's formatters are slow next to everything else on a page (a designation's history names a
 * dozen instants): each text is made once. Bounded, and emptied when full.
 */
function remembered(words: (value: unknown) => string): (value: unknown) => string {
  const made = new Map<unknown, string>();
  return (value) => {
    if (typeof value !== 'string' && typeof value !== 'number') return words(value);
    let text = made.get(value);
    if (text === undefined) {
      if (made.size >= 10_000) made.clear();
      text = words(value);
      made.set(value, text);
    }
    return text;
  };
}

/** "3 Dec 2026" (UTC: the log's instants are UTC, and so is what the console states). */
export const dateText = remembered((value) => {
  const date = toDate(value);
  return date ? dateInWords(date.getTime()) : '';
});

/** "3 Dec 2026 14:05 UTC". */
export const instantText = remembered((value) => {
  const date = toDate(value);
  return date ? instantInWords(date.getTime()) : '';
});

/** An ISO 8601 duration in words: P1Y6M → "1 year and 6 months" (as given, if it is not one). */
export const durationText = remembered((value) => (typeof value === 'string' ? (durationInWords(value) ?? value) : ''));

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

/**
 * Rendered fragments by a key that names everything they show (a designation's id and revision,
 * the viewer's actions, today's date for "in 12 days"): a page read again renders only its layout.
 * Kept as bytes, so that sending one again does not encode its text again. Least recently used
 * first out, at `capacity` entries.
 */
export class RenderedFragments {
  private readonly kept = new Map<string, Buffer>();

  constructor(private readonly capacity = 500) {}

  get(key: string, render: () => string): Buffer {
    const found = this.kept.get(key);
    if (found !== undefined) {
      this.kept.delete(key);
      this.kept.set(key, found);
      return found;
    }
    const made = Buffer.from(render());
    this.kept.set(key, made);
    if (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value!);
    return made;
  }
}
