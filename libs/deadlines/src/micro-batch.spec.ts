import { MicroBatch } from './micro-batch';

/** A run that records each batch and answers each item by itself: even numbers succeed, odd ones are refused. */
function recording() {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  let hold = false;
  const run = async (items: number[]): Promise<PromiseSettledResult<string>[]> => {
    batches.push(items);
    if (hold) await new Promise<void>((release) => pending.push(release));
    return items.map((n) => (n % 2 === 0 ? { status: 'fulfilled', value: `ok ${n}` } : { status: 'rejected', reason: new Error(`odd ${n}`) }));
  };
  return { run, batches, holdRuns: () => (hold = true), releaseAll: () => pending.splice(0).forEach((release) => release()) };
}

const settleAll = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);

describe('MicroBatch', () => {
  it('runs what arrives within maxWaitMs as one batch; each caller gets its own item’s result', async () => {
    const { run, batches } = recording();
    const batch = new MicroBatch(run, { maxSize: 100, maxWaitMs: 5, maxRunning: 1 });
    const results = await settleAll([0, 1, 2].map((n) => batch.add(n)));
    expect(batches).toEqual([[0, 1, 2]]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'ok 0' },
      { status: 'rejected', reason: new Error('odd 1') },
      { status: 'fulfilled', value: 'ok 2' },
    ]);
  });

  it('runs a full batch at once, without waiting', async () => {
    const { run, batches } = recording();
    const batch = new MicroBatch(run, { maxSize: 2, maxWaitMs: 60_000, maxRunning: 2 });
    await settleAll([0, 2, 4, 6].map((n) => batch.add(n)));
    expect(batches).toEqual([
      [0, 2],
      [4, 6],
    ]);
  });

  it('gathers while maxRunning batches run, and runs what gathered as soon as one ends', async () => {
    const { run, batches, holdRuns, releaseAll } = recording();
    holdRuns();
    const batch = new MicroBatch(run, { maxSize: 100, maxWaitMs: 1, maxRunning: 1 });
    const first = batch.add(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const later = [2, 4, 6].map((n) => batch.add(n));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([[0]]);
    releaseAll();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 5));
    releaseAll();
    await settleAll(later);
    expect(batches).toEqual([[0], [2, 4, 6]]);
  });

  it('refuses every item of a batch whose run failed as a whole, and carries on with the next', async () => {
    let fail = true;
    const batch = new MicroBatch<number, number>(
      async (items) => {
        if (fail) throw new Error('down');
        return items.map((value) => ({ status: 'fulfilled', value }));
      },
      { maxSize: 10, maxWaitMs: 1, maxRunning: 1 },
    );
    expect(await settleAll([batch.add(1), batch.add(2)])).toEqual([
      { status: 'rejected', reason: new Error('down') },
      { status: 'rejected', reason: new Error('down') },
    ]);
    fail = false;
    await expect(batch.add(3)).resolves.toBe(3);
  });
});
