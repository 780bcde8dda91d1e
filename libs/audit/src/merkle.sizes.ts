/**
 * Arithmetic on tree sizes and leaf indexes, which are non-negative safe integers. No bit operators are
 * used on them, so sizes beyond 2^32 are handled exactly.
 */

export const isSize = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
export const isOdd = (n: number): boolean => n % 2 === 1;
/** Shift right by one: floor division by two. */
export const half = (n: number): number => Math.floor(n / 2);

/** The largest power of two strictly smaller than n, for n >= 2. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  return n === largestPowerOfTwoBelow(n + 1);
}
