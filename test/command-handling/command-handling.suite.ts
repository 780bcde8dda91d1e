import { randomUUID } from 'node:crypto';
import { CommandIdReusedError, handleCommand, type HandleCommandOptions } from '@app/command-handling';
import { ConcurrencyConflictError, type EventStore, type ReadStreamResult } from '@app/event-store';
import { account, AccountError, balanceOf, type AccountCommand } from './bank-account.decider';

const clock = () => new Date('2026-05-04T09:30:00.000Z');
const actor = { id: 'clerk-7', roles: ['clerk'] };
const context = (overrides: Partial<HandleCommandOptions> = {}): HandleCommandOptions => ({
  commandId: randomUUID(),
  actor,
  now: clock,
  ...overrides,
});
const newAccount = () => `account-${randomUUID()}`;

/**
 * Lets a test run something between a handler's read and its append, the way a rival process
 * would: every call still goes to the real store.
 */
function withPauseAfterRead(store: EventStore, pause: () => Promise<void>, times = 1): EventStore {
  let remaining = times;
  return {
    ...store,
    async readStream(stream, options): Promise<ReadStreamResult> {
      const result = await store.readStream(stream, options);
      if (remaining-- > 0) await pause();
      return result;
    },
  };
}

export function runCommandHandlingSuite(name: string, open: () => Promise<{ store: EventStore; dispose(): Promise<void> }>): void {
  describe(`handleCommand on ${name}`, () => {
    let store: EventStore;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await open());
    });
    afterAll(async () => {
      await store.close();
      await dispose();
    });

    const run = (stream: string, command: AccountCommand, options: Partial<HandleCommandOptions> = {}, on: EventStore = store) =>
      handleCommand(on, stream, command, account, context(options));

    it('appends the decided events to a new stream with the command metadata', async () => {
      const stream = newAccount();
      const result = await run(stream, { type: 'Open', owner: 'Ada' }, { commandId: 'cmd-open', correlationId: 'req-1', causationId: 'msg-0' });
      const { events } = await store.readStream(stream);
      expect(result).toEqual({
        events: [{ type: 'Opened', data: { owner: 'Ada' } }],
        nextExpectedRevision: 0,
        position: events[0].position,
        duplicate: false,
      });
      expect(events[0].metadata).toMatchObject({
        commandId: 'cmd-open',
        correlationId: 'req-1',
        causationId: 'msg-0',
        actor: { id: 'clerk-7', roles: ['clerk'] },
        recordedAt: '2026-05-04T09:30:00.000Z',
      });
    });

    it('folds the history before deciding and appends at the revision it read', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      await run(stream, { type: 'Deposit', amount: 30 });
      const result = await run(stream, { type: 'Withdraw', amount: 20 });
      expect(result.nextExpectedRevision).toBe(2);
      await expect(run(stream, { type: 'Withdraw', amount: 20 })).rejects.toMatchObject({ code: 'ACCOUNT.INSUFFICIENT_FUNDS' });
    });

    it('does not apply a repeated commandId: appends nothing and returns the original result', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      const first = await run(stream, { type: 'Deposit', amount: 10 }, { commandId: 'deposit-1' });
      await run(stream, { type: 'Deposit', amount: 5 });
      const again = await run(stream, { type: 'Deposit', amount: 10 }, { commandId: 'deposit-1' });
      expect(again).toEqual({ ...first, duplicate: true });
      const { events } = await store.readStream(stream);
      expect(events).toHaveLength(3);
      expect(balanceOf(events)).toBe(15);
    });

    it('refuses a repeated commandId whose command digest differs, and answers one whose digest matches', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      const first = await run(stream, { type: 'Deposit', amount: 10 }, { commandId: 'deposit-d', commandDigest: 'digest-10' });
      await expect(run(stream, { type: 'Deposit', amount: 99 }, { commandId: 'deposit-d', commandDigest: 'digest-99' })).rejects.toBeInstanceOf(CommandIdReusedError);
      expect(await run(stream, { type: 'Deposit', amount: 10 }, { commandId: 'deposit-d', commandDigest: 'digest-10' })).toEqual({ ...first, duplicate: true });
      const { events } = await store.readStream(stream);
      expect(events.map((e) => e.metadata.commandDigest)).toEqual([undefined, 'digest-10']);
      expect(balanceOf(events)).toBe(10);
    });

    it('finds a repeated commandId in the log itself, whoever wrote it', async () => {
      const stream = newAccount();
      const written = await store.appendToStream(stream, [{ type: 'Opened', data: { owner: 'Ada' }, metadata: { commandId: 'imported-1' } }], {
        expectedRevision: 'no_stream',
      });
      const result = await run(stream, { type: 'Open', owner: 'Ada' }, { commandId: 'imported-1' });
      expect(result).toEqual({ events: [{ type: 'Opened', data: { owner: 'Ada' } }], ...written, duplicate: true });
    });

    it('propagates an error thrown by decide and writes nothing', async () => {
      const stream = newAccount();
      await expect(run(stream, { type: 'Deposit', amount: 1 })).rejects.toBeInstanceOf(AccountError);
      expect(await store.readStream(stream)).toEqual({ streamExists: false, events: [] });
      await run(stream, { type: 'Open', owner: 'Ada' });
      await expect(run(stream, { type: 'Open', owner: 'Bob' })).rejects.toMatchObject({ code: 'ACCOUNT.ALREADY_OPEN' });
      expect((await store.readStream(stream)).events).toHaveLength(1);
    });

    it('writes nothing when decide returns no events', async () => {
      const stream = newAccount();
      expect(await run(stream, { type: 'Touch' })).toEqual({ events: [], nextExpectedRevision: 'no_stream', position: null, duplicate: false });
      expect((await store.readStream(stream)).streamExists).toBe(false);
    });

    it('re-reads and re-decides after losing a race, so both concurrent commands succeed in order', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      let decisions = 0;
      const counting = { ...account, decide: (c: AccountCommand, s: Parameters<typeof account.decide>[1]) => (decisions++, account.decide(c, s)) };
      const slow = withPauseAfterRead(store, () => run(stream, { type: 'Deposit', amount: 7 }).then(() => undefined));
      const result = await handleCommand(slow, stream, { type: 'Deposit', amount: 5 }, counting, context());
      expect(decisions).toBe(2);
      expect(result).toMatchObject({ nextExpectedRevision: 2, duplicate: false });
      const { events } = await store.readStream(stream);
      expect(events.map((e) => e.data)).toEqual([{ owner: 'Ada' }, { amount: 7 }, { amount: 5 }]);
    });

    it('lets two handlers started together both succeed', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      const results = await Promise.all([run(stream, { type: 'Deposit', amount: 1 }), run(stream, { type: 'Deposit', amount: 2 })]);
      expect(results.map((r) => r.nextExpectedRevision).sort()).toEqual([1, 2]);
      expect(balanceOf((await store.readStream(stream)).events)).toBe(3);
    });

    it('re-decides on the new state after a conflict, which may now refuse', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      await run(stream, { type: 'Deposit', amount: 10 });
      const slow = withPauseAfterRead(store, () => run(stream, { type: 'Withdraw', amount: 8 }).then(() => undefined));
      await expect(run(stream, { type: 'Withdraw', amount: 5 }, {}, slow)).rejects.toMatchObject({ code: 'ACCOUNT.INSUFFICIENT_FUNDS' });
      expect(balanceOf((await store.readStream(stream)).events)).toBe(2);
    });

    it('gives up after maxAttempts conflicts and rethrows the conflict', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      const rival = () => run(stream, { type: 'Deposit', amount: 1 }).then(() => undefined);
      await expect(run(stream, { type: 'Deposit', amount: 100 }, {}, withPauseAfterRead(store, rival, 3))).rejects.toBeInstanceOf(
        ConcurrencyConflictError,
      );
      await expect(run(stream, { type: 'Deposit', amount: 100 }, { maxAttempts: 1 }, withPauseAfterRead(store, rival, 1))).rejects.toBeInstanceOf(
        ConcurrencyConflictError,
      );
      const { events } = await store.readStream(stream);
      expect(balanceOf(events)).toBe(4);
    });

    it("refuses a command based on a revision the stream has moved past, without deciding or writing", async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      await run(stream, { type: 'Deposit', amount: 4 });
      const stale = run(stream, { type: 'Deposit', amount: 50 }, { expectedRevision: 0 });
      await expect(stale).rejects.toBeInstanceOf(ConcurrencyConflictError);
      await expect(stale).rejects.toMatchObject({ stream, expected: 0, actual: 1 });
      await expect(run(newAccount(), { type: 'Open', owner: 'Bob' }, { expectedRevision: 0 })).rejects.toMatchObject({ actual: 'no_stream' });
      expect(await run(stream, { type: 'Deposit', amount: 1 }, { expectedRevision: 1 })).toMatchObject({ nextExpectedRevision: 2 });
      expect(await run(newAccount(), { type: 'Open', owner: 'Cy' }, { expectedRevision: 'no_stream' })).toMatchObject({ nextExpectedRevision: 0 });
      expect(balanceOf((await store.readStream(stream)).events)).toBe(5);
    });

    it('answers a repeated command with its original result even when its expected revision is now stale', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      const first = await run(stream, { type: 'Deposit', amount: 3 }, { commandId: 'if-match-1', expectedRevision: 0 });
      const again = await run(stream, { type: 'Deposit', amount: 3 }, { commandId: 'if-match-1', expectedRevision: 0 });
      expect(again).toEqual({ ...first, duplicate: true });
    });

    it('takes recordedAt from the injected clock, as a Date or an ISO string', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' }, { now: () => '2026-07-01T12:00:00+02:00' });
      expect((await store.readStream(stream)).events[0].metadata.recordedAt).toBe('2026-07-01T10:00:00.000Z');
    });

    it('applies the same command sent twice at once exactly once', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      const twice = context({ commandId: 'deposit-once' });
      const results = await Promise.all([
        handleCommand(store, stream, { type: 'Deposit', amount: 9 }, account, twice),
        handleCommand(store, stream, { type: 'Deposit', amount: 9 }, account, twice),
      ]);
      expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
      expect(results[0].position).toBe(results[1].position);
      expect(balanceOf((await store.readStream(stream)).events)).toBe(9);
    });
  });
}
