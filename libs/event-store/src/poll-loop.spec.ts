import { PollLoop } from './poll-loop';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('PollLoop', () => {
  it('runs the pass again and again until stopped, once however often it is started', async () => {
    let passes = 0;
    let concurrent = 0;
    const loop = new PollLoop({
      pollMs: 1,
      backoffMs: () => 1,
      pass: async () => {
        concurrent += 1;
        passes += 1;
        await loop.idle();
        concurrent -= 1;
      },
    });
    loop.start();
    loop.start();
    expect(concurrent).toBe(1);
    while (passes < 3) await tick();
    await loop.stop();
    const stoppedAt = passes;
    await tick();
    expect(loop.running).toBe(false);
    expect(concurrent).toBe(0);
    expect(passes).toBe(stoppedAt);
  });

  it('backs off after a failure, counting failures in a row afresh after a pass that returns', async () => {
    const outcomes = ['fail', 'fail', 'ok', 'fail', 'halt'];
    const told: [string, number][] = [];
    const waits: number[] = [];
    const loop = new PollLoop({
      pollMs: 1,
      backoffMs: (failures) => (waits.push(failures), 1),
      onError: (error, failures) => told.push([(error as Error).message, failures]),
      pass: async () => {
        const outcome = outcomes.shift();
        if (outcome === 'halt') loop.halt();
        if (outcome === 'fail') throw new Error(`${outcomes.length} left`);
      },
    });
    loop.start();
    while (loop.running) await tick();
    expect(told).toEqual([
      ['4 left', 1],
      ['3 left', 2],
      ['1 left', 1],
    ]);
    expect(waits).toEqual([1, 2, 1]);
  });

  it('ends by itself after a pass that halts it', async () => {
    let passes = 0;
    const loop = new PollLoop({
      pollMs: 1,
      backoffMs: () => 1,
      pass: async () => {
        passes += 1;
        await tick();
        loop.halt();
      },
    });
    loop.start();
    while (loop.running) await tick();
    await loop.stop();
    expect(passes).toBe(1);
  });
});
