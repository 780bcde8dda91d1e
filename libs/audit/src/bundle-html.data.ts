/** Reading the bundle's event data, which is untyped JSON: objects, arrays, fixed words and instants. */

export type Data = Record<string, unknown>;

export function asObject(value: unknown): Data | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` if it is one of a fixed vocabulary (safe in a class name), else undefined. */
export function oneOf<T extends string>(value: unknown, vocabulary: readonly T[]): T | undefined {
  return vocabulary.find((word) => word === value);
}

export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function instant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !INSTANT.test(value)) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}
