export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Copies a value into plain JSON, failing loudly on anything JSON would silently change (NaN → null,
 * Date → string, Map → {}). Object properties whose value is `undefined` are dropped, as
 * JSON.stringify drops them, so optional fields left unset by a decider do not break an append;
 * what is stored and hashed is then exactly what a reader gets back.
 */
export function toJsonValue(value: unknown, path = '$'): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} is not a JSON number`);
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      if (item === undefined) throw new TypeError(`${path}[${index}]: undefined is not JSON`);
      return toJsonValue(item, `${path}[${index}]`);
    });
  }
  if (isPlainObject(value)) {
    const copy: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) copy[key] = toJsonValue(item, `${path}.${key}`);
    }
    return copy;
  }
  throw new TypeError(`${path}: ${describe(value)} is not JSON`);
}

export function toJsonObject(value: unknown, path = '$'): JsonObject {
  if (!isPlainObject(value)) throw new TypeError(`${path}: expected a JSON object, got ${describe(value)}`);
  return toJsonValue(value, path) as JsonObject;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'object';
  return typeof value;
}
