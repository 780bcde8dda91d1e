/** Bundle values into HTML that cannot break out of where they are put: escaped text, and instants as <time> elements. */
import { instant } from './bundle-html.data';
import { iso, text } from './bundle-html.text';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text for element content and quoted attribute values alike. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** An instant as UTC ISO 8601 in a <time> element; anything else as escaped text. */
export function time(value: unknown): string {
  const t = instant(value);
  if (t === undefined) return value === undefined || value === null || value === '' ? '<span class="none">—</span>' : esc(text(value));
  return `<time datetime="${iso(t)}">${iso(t)}</time>`;
}
