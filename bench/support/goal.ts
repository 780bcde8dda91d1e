/**
 * Issue 16's goal lines, one per goal, in one shape so that `npm run bench` (bench/all.ts) can
 * collect them: `goal <name> ratio=<x> target=<y> ok|short`. `atLeast`: the ratio must reach the
 * target (throughput ratios); otherwise it must stay at or under it (time ratios, milliseconds).
 * A goal whose baseline is not built yet is printed `ratio=none … short`, never left out.
 */
export function goal(name: string, ratio: number | undefined, target: number, direction: 'atLeast' | 'atMost'): void {
  const met = ratio !== undefined && Number.isFinite(ratio) && (direction === 'atLeast' ? ratio >= target : ratio <= target);
  const shown = ratio === undefined || !Number.isFinite(ratio) ? 'none' : ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(3);
  process.stdout.write(`goal ${name} ratio=${shown} target=${target} ${met ? 'ok' : 'short'}\n`);
}
