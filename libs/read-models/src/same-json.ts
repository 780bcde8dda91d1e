/**
 * Whether two JSON-shaped values serialize to the same JSON text (as `JSON.stringify` would: keys
 * in their order, properties holding `undefined` left out), without serializing them. The
 * projection asks this of every event's public entry, so it must not allocate. `ignoredKey` is left
 * out of the comparison at the top level only.
 */
export function sameJson(a: unknown, b: unknown, ignoredKey?: string): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && sameArray(a, b);
  if (Array.isArray(b)) return false;
  return sameObject(a as Record<string, unknown>, b as Record<string, unknown>, ignoredKey);
}

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  // JSON writes an undefined element as null.
  for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, b[i] ?? null)) return false;
  return true;
}

function sameObject(a: Record<string, unknown>, b: Record<string, unknown>, ignoredKey: string | undefined): boolean {
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  let j = 0;
  for (const key of aKeys) {
    if (key === ignoredKey || a[key] === undefined) continue;
    while (j < bKeys.length && (bKeys[j] === ignoredKey || b[bKeys[j]] === undefined)) j++;
    if (j >= bKeys.length || bKeys[j] !== key || !sameJson(a[key], b[key])) return false;
    j++;
  }
  while (j < bKeys.length && (bKeys[j] === ignoredKey || b[bKeys[j]] === undefined)) j++;
  return j === bKeys.length;
}
