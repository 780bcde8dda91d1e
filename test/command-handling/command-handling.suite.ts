import { randomUUID } from 'node:crypto';
import {
  commandDigest,
  commandHandler,
  CommandIdReusedError,
  ConcurrentChangeError,
  handleCommand,
  recordFact,
  StaleRevisionError,
  type CommandOptions,
} from '@app/command-handling';
import { ConcurrencyConflictError, type EventStore, type ReadStreamResult } from '@app/event-store';
import { account, AccountError, balanceOf, type AccountCommand } from './bank-account.decider';

const NOW = '2026-05-04T09:30:00.000Z';
const actor = { id: 'clerk-7', roles: ['clerk'] };
const context = (overrides: Partial<CommandOptions> = {}): CommandOptions => ({ commandId: randomUUID(), ...overrides });
const newAccount = () => `account-${randomUUID()}`;

/** What a test asks for, in short: the command's type and its data, sent by the clerk at NOW. */
type Ask = { type: AccountCommand['type'] } & Record<string, unknown>;
const command = (stream: string, { type, ...data }: Ask, now = NOW) =>
  ({ type, data: { account: stream, ...data }, metadata: { now, actor } }) as AccountCommand;

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

    const run = (stream: string, ask: Ask, options: Partial<CommandOptions> & { now?: string } = {}, on: EventStore = store) => {
      const { now, ...rest } = options;
      return handleCommand(on, stream, command(stream, ask, now), account, context(rest));
    };

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

    it('refuses a repeated keyed commandId whose command differs, and answers one that asks the same', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      const first = await run(stream, { type: 'Deposit', amount: 10 }, { commandId: 'deposit-d', keyed: true });
      await expect(run(stream, { type: 'Deposit', amount: 99 }, { commandId: 'deposit-d', keyed: true })).rejects.toBeInstanceOf(CommandIdReusedError);
      // Another time or actor is the same request sent again: the digest covers what is asked, not when.
      expect(await run(stream, { type: 'Deposit', amount: 10 }, { commandId: 'deposit-d', keyed: true, now: '2026-05-04T10:00:00Z' })).toEqual({ ...first, duplicate: true });
      const { events } = await store.readStream(stream);
      expect(events.map((e) => e.metadata.commandDigest)).toEqual([undefined, commandDigest(command(stream, { type: 'Deposit', amount: 10 }))]);
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
      const result = await handleCommand(slow, stream, command(stream, { type: 'Deposit', amount: 5 }), counting, context());
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

    it('gives up after maxAttempts conflicts with ConcurrentChangeError (still a ConcurrencyConflictError)', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      const rival = () => run(stream, { type: 'Deposit', amount: 1 }).then(() => undefined);
      const exhausted = run(stream, { type: 'Deposit', amount: 100 }, {}, withPauseAfterRead(store, rival, 3));
      await expect(exhausted).rejects.toBeInstanceOf(ConcurrentChangeError);
      await expect(exhausted).rejects.toMatchObject({ attempts: 3, stream });
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
      await expect(stale).rejects.toBeInstanceOf(StaleRevisionError);
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

    it("records the command's own time and actor, in UTC", async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' }, { now: '2026-07-01T12:00:00+02:00' });
      const [opened] = (await store.readStream(stream)).events;
      expect(opened.metadata).toMatchObject({ recordedAt: '2026-07-01T10:00:00.000Z', actor });
    });

    it('binds store, stream naming and decider once: handle and load go through the same stream', async () => {
      const stream = newAccount();
      const accounts = commandHandler(store, account, { idOf: (c) => c.data.account, stream: (id) => id });
      await accounts.handle(command(stream, { type: 'Open', owner: 'Ada' }), context());
      await accounts.handle(command(stream, { type: 'Deposit', amount: 6 }), context());
      expect(await accounts.load(stream)).toEqual({ state: { status: 'open', balance: 6 }, revision: 1 });
      expect(await accounts.load(newAccount())).toBeUndefined();
    });

    it('records a fact with the same metadata as a command, and refuses one based on a revision the stream has left', async () => {
      const stream = `fact-${randomUUID()}`;
      const fact = { type: 'Noted', data: { n: 1 }, metadata: { now: NOW, actor } };
      const first = await recordFact(store, stream, fact, { commandId: 'fact-1', correlationId: 'req-9', expectedRevision: 'no_stream' });
      await recordFact(store, stream, { ...fact, data: { n: 2 } }, { commandId: 'fact-2' });
      await expect(recordFact(store, stream, fact, { commandId: 'fact-3', expectedRevision: first.nextExpectedRevision })).rejects.toBeInstanceOf(StaleRevisionError);
      const { events } = await store.readStream(stream);
      expect(events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
      expect(events[0].metadata).toMatchObject({ commandId: 'fact-1', correlationId: 'req-9', causationId: 'fact-1', actor, recordedAt: NOW });
    });

    it('applies the same command sent twice at once exactly once', async () => {
      const stream = newAccount();
      await run(stream, { type: 'Open', owner: 'Ada' });
      const twice = context({ commandId: 'deposit-once' });
      const results = await Promise.all([
        handleCommand(store, stream, command(stream, { type: 'Deposit', amount: 9 }), account, twice),
        handleCommand(store, stream, command(stream, { type: 'Deposit', amount: 9 }), account, twice),
      ]);
      expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
      expect(results[0].position).toBe(results[1].position);
      expect(balanceOf((await store.readStream(stream)).events)).toBe(9);
    });
    describe('expectNew (a new subject under a derived id)', () => {
      const counting = () => {
        let reads = 0;
        const on: EventStore = { ...store, readStream: (stream, options) => ((reads += 1), store.readStream(stream, options)) };
        return { on, reads: () => reads };
      };

      it('appends to a new stream without reading it first', async () => {
        const stream = newAccount();
        const { on, reads } = counting();
        const result = await run(stream, { type: 'Open', owner: 'Ada' }, { expectNew: true }, on);
        expect(reads()).toBe(0);
        expect(result.duplicate).toBe(false);
        expect((await store.readStream(stream)).events.map((e) => e.type)).toEqual(['Opened']);
      });

      it('answers a repeated command on a stream that exists with its first result, appending nothing', async () => {
        const stream = newAccount();
        const first = await run(stream, { type: 'Open', owner: 'Ada' }, { commandId: 'open-once', expectNew: true });
        const { on, reads } = counting();
        const again = await run(stream, { type: 'Open', owner: 'Ada' }, { commandId: 'open-once', expectNew: true }, on);
        expect(reads()).toBe(1);
        expect(again).toMatchObject({ duplicate: true, position: first.position });
        expect((await store.readStream(stream)).events).toHaveLength(1);
      });

      it('decides on the real state when the stream exists and the command is new', async () => {
        const stream = newAccount();
        await run(stream, { type: 'Open', owner: 'Ada' });
        await expect(run(stream, { type: 'Open', owner: 'Bea' }, { expectNew: true })).rejects.toBeInstanceOf(AccountError);
        expect((await store.readStream(stream)).events).toHaveLength(1);
      });
    });
  });
}
