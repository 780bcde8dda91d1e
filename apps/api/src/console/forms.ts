import type { FormBody } from './console-http';

/** govuk-frontend's errorMessage option, by field id. */
export type FieldErrors = Record<string, { text: string }>;

/** A form field's one value, trimmed ('' when absent; the first when sent twice). */
export function field(body: FormBody | undefined, name: string): string {
  const value = body?.[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one.trim() : '';
}

/** A field sent any number of times (checkboxes), as a list. */
export function fieldList(body: FormBody | undefined, name: string): string[] {
  const value = body?.[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((item) => item.trim()).filter((item) => item !== '');
}

/** The error summary's list: each error linked to its field (`#<id>`), in the page's order. */
export function errorList(errors: FieldErrors): { text: string; href: string }[] {
  return Object.entries(errors).map(([id, { text }]) => ({ text, href: `#${id}` }));
}
