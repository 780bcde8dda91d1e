/**
 * A validated body as plain JSON objects. The ValidationPipe (whitelist, forbidNonWhitelisted,
 * nothing but @Type on nested objects) leaves DTO instances holding exactly the JSON the caller sent,
 * so a structural copy is all instanceToPlain did here — without class-transformer's metadata walk,
 * which cost about a twentieth of a command's CPU (issue 16's profile). Unset optional fields are
 * dropped, as JSON drops them.
 */
export function plainCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => plainCopy(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) copy[key] = plainCopy(item);
  }
  return copy as T;
}
