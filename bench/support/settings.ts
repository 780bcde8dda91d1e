/** A whole-number setting of a bench from the environment (`BENCH_*`), or its default; anything else stops the bench. */
export function setting(name: string, fallback: number, min: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${process.env[name]}`);
  return value;
}
