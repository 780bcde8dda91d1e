import { BODY_LIMIT_BYTES } from '../../../apps/api/src/app.factory';
import type { Schema } from './openapi-routes';

/** Date-times no command may carry: impossible days and times, offsets out of range, no offset, not a date. */
export const BAD_DATES: unknown[] = [
  '2026-02-30T00:00:00Z', '2027-02-29T12:00:00Z', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z',
  '2026-01-01T24:00:00Z', '2026-01-01T12:60:00Z', '2026-01-01T12:00:60Z', '2026-01-01T00:00:00+99:00', '0000-00-00T00:00:00Z',
  '2026-01-01T00:00:00', '2026-01-01', '01/02/2026', 'yesterday', 'now', '', ' 2027-01-01T00:00:00Z', 1767225600000, 0, -1,
];

/** Dates a query may not carry (it also takes plain YYYY-MM-DD): the same, as the query spells them. */
const BAD_QUERY_DATES = ['2026-02-30', '2027-02-29', '2026-13-01', '2026-00-01', '2026-01-01T24:00:00Z', '2026-01-01T00:00:00', '2026/01/01', 'yesterday', '1700000000', ''];

/** Path values neither a UUID nor an identifier (letters, digits, . _ : -, starting alphanumeric) can be. */
export const BAD_PATH_VALUES = [
  'a b', '-leading-dash', '.hidden', '\u0000', 'é', '<script>', "' OR 1=1 --", '../../etc/passwd', '%', '{id}', 'x'.repeat(101), 'x'.repeat(2_000),
  '3b50ad06-131d-4b3b-8415-ab39ee33344', '3b50ad06-131d-4b3b-8415-ab39ee3334455', 'g'.repeat(8) + '-131d-4b3b-8415-ab39ee333445',
].filter((value) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value));

/** Keys that reach the prototype chain, as JSON text can carry them (JSON.stringify drops a literal's __proto__). */
export const PROTOTYPE_KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', '__lookupSetter__',
  'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString',
];

/** Content types other than JSON, and none at all ('none'): 415, never a body handed to validation. */
export const CONTENT_TYPES = [
  'none', 'text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml',
  'text/xml', 'text/html', 'application/octet-stream', 'application/problem+json', 'application/jsonx', 'application/json-patch+json', 'text/json',
];

/** Not JSON. */
export const MALFORMED = [
  '{', '}', '{"a":}', "{'a':1}", '{a:1}', '{"a":NaN}', '{"a":undefined}', '/* c */{}', '{"a":1}garbage', '{"a":"\\x"}', '', '   ', '\u0000',
  '{"a":01}', '[1,]', 'nul', '{"a":1,,"b":2}', '\uFEFF', '{"a":"\u0001"}',
];

/** More than BODY_LIMIT_BYTES of padding: 413 before anything is parsed. */
export const BODY_TOO_LARGE = 'x'.repeat(BODY_LIMIT_BYTES + 1);

/** Query values the parameter's schema rules out. */
export function badQueryValues(schema: Schema): string[] {
  const values: string[] = [];
  if (schema.type === 'number' || schema.type === 'integer') {
    values.push('abc', 'NaN', '1,2', '0x');
    if (schema.minimum !== undefined) values.push(String(schema.minimum - 1), String(schema.minimum - 1000));
    if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) values.push(String(schema.maximum + 1));
    if ((schema.minimum ?? 0) > 0) values.push('');
  }
  if (schema.enum) values.push('', 'x', `${String(schema.enum[0]).toUpperCase()}_`, 'x'.repeat(1_000));
  if (schema.format === 'uuid') values.push('not-a-uuid', '123', '');
  if (schema.type === 'string' && schema.maxLength !== undefined) values.push('x'.repeat(schema.maxLength + 1));
  if (schema.minLength) values.push('x'.repeat(schema.minLength - 1));
  if (typeof schema.example === 'string' && /^\d{4}-\d{2}-\d{2}/.test(schema.example)) values.push(...BAD_QUERY_DATES);
  return values;
}
