/**
 * RFC 8785 JSON Canonicalization Scheme. Input must already be JSON data (I-JSON): anything JSON
 * cannot represent exactly is rejected rather than coerced, because a hash over a coerced value
 * would not be reproducible from the stored document.
 */
export function canonicalize(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, '$');
  return parts.join('');
}

function write(value: unknown, out: string[], path: string): void {
  if (value === null) return void out.push('null');
  switch (typeof value) {
    case 'boolean':
      return void out.push(value ? 'true' : 'false');
    case 'number':
      return void out.push(serializeNumber(value, path));
    case 'string':
      return void out.push(serializeString(value, path));
    case 'object':
      if (Array.isArray(value)) return writeArray(value, out, path);
      return writeObject(value as Record<string, unknown>, out, path);
    default:
      // undefined, bigint, function, symbol
      throw new TypeError(`JCS: ${path} is ${typeof value}, which is not JSON`);
  }
}

function writeArray(items: readonly unknown[], out: string[], path: string): void {
  out.push('[');
  items.forEach((item, index) => {
    if (index > 0) out.push(',');
    write(item, out, `${path}[${index}]`);
  });
  out.push(']');
}

function writeObject(object: Record<string, unknown>, out: string[], path: string): void {
  const prototype = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`JCS: ${path} is a ${object.constructor?.name ?? 'non-plain object'}, not a JSON object`);
  }
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as RFC 8785 §3.2.3 requires.
  const keys = Object.keys(object).sort();
  out.push('{');
  keys.forEach((key, index) => {
    if (index > 0) out.push(',');
    out.push(serializeString(key, `${path} key`), ':');
    write(object[key], out, `${path}.${key}`);
  });
  out.push('}');
}

/** RFC 8785 §3.2.2.3: the ECMAScript Number::toString algorithm, which JavaScript implements natively. */
export function serializeNumber(value: number, path = '$'): string {
  if (!Number.isFinite(value)) throw new TypeError(`JCS: ${path} is ${value}, which is not a JSON number`);
  if (Object.is(value, -0)) return '0';
  return String(value);
}

const SHORT_ESCAPES: Record<number, string> = {
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

/** RFC 8785 §3.2.2.2: escape only `"`, `\` and C0 controls (short forms where JSON has them, else lowercase \u00xx). */
export function serializeString(value: string, path = '$'): string {
  let result = '"';
  let runStart = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      // I-JSON (RFC 7493 §2.1) forbids unpaired surrogates; they cannot be encoded as UTF-8 either.
      throw new TypeError(`JCS: ${path} contains an unpaired surrogate at index ${i}`);
    }
    if (unit >= 0x20 && unit !== 0x22 && unit !== 0x5c) continue;
    result += value.slice(runStart, i) + (SHORT_ESCAPES[unit] ?? `\\u${unit.toString(16).padStart(4, '0')}`);
    runStart = i + 1;
  }
  return result + value.slice(runStart) + '"';
}
