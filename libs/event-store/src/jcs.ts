/**
 * RFC 8785 JSON Canonicalization Scheme. Input must already be JSON data (I-JSON): anything JSON
 * cannot represent exactly is rejected rather than coerced, because a hash over a coerced value
 * would not be reproducible from the stored document.
 *
 * Every event appended is canonicalized for its hash, and every verification does it again, so the
 * walk is lean (issue 16): strings and numbers are written by the engine's own JSON serializer, whose
 * output RFC 8785 adopts, and the path of a value is built only for the error that names it.
 */
export function canonicalize(value: unknown): string {
  return write(value, []);
}

/** `at` is the keys and indexes from the root down to `value`. */
function write(value: unknown, at: (string | number)[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return serializeNumber(value, at);
    case 'string':
      return serializeString(value, at);
    case 'object':
      return Array.isArray(value) ? writeArray(value, at) : writeObject(value as Record<string, unknown>, at);
    default:
      // undefined, bigint, function, symbol
      throw new TypeError(`JCS: ${pathOf(at)} is ${typeof value}, which is not JSON`);
  }
}

function writeArray(items: readonly unknown[], at: (string | number)[]): string {
  let out = '[';
  for (let index = 0; index < items.length; index++) {
    at.push(index);
    out += (index > 0 ? ',' : '') + write(items[index], at);
    at.pop();
  }
  return out + ']';
}

function writeObject(object: Record<string, unknown>, at: (string | number)[]): string {
  const prototype = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`JCS: ${pathOf(at)} is a ${object.constructor?.name ?? 'non-plain object'}, not a JSON object`);
  }
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as RFC 8785 §3.2.3 requires.
  const keys = Object.keys(object).sort();
  let out = '{';
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index];
    at.push(key);
    out += (index > 0 ? ',' : '') + serializeString(key, at, ' key') + ':' + write(object[key], at);
    at.pop();
  }
  return out + '}';
}

function pathOf(at: readonly (string | number)[]): string {
  return '$' + at.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('');
}

/** RFC 8785 §3.2.2.3: the ECMAScript Number::toString algorithm, which JavaScript implements natively. */
export function serializeNumber(value: number, at: readonly (string | number)[] = []): string {
  if (!Number.isFinite(value)) throw new TypeError(`JCS: ${pathOf(at)} is ${value}, which is not a JSON number`);
  // JSON.stringify writes -0 as 0, as §3.2.2.3 requires.
  return JSON.stringify(value);
}

/**
 * RFC 8785 §3.2.2.2 is ECMAScript's JSON.stringify of a string: escape only `"`, `\` and C0 controls
 * (short forms where JSON has them, else lowercase \u00xx). I-JSON (RFC 7493 §2.1) forbids unpaired
 * surrogates, which JSON.stringify would escape and UTF-8 cannot encode: they are refused.
 */
export function serializeString(value: string, at: readonly (string | number)[] = [], what = ''): string {
  if (!value.isWellFormed()) {
    throw new TypeError(`JCS: ${pathOf(at)}${what} contains an unpaired surrogate at index ${unpairedSurrogateAt(value)}`);
  }
  return JSON.stringify(value);
}

function unpairedSurrogateAt(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = value.charCodeAt(i + 1);
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    else return i;
  }
  return -1;
}
