import { randomUUID } from 'node:crypto';
import { CommandIdReusedError, handleCommand, handleCommands, type BatchedCommand, type CommandOptions } from '@app/command-handling';
import { createPostgresEventStore, verifyStoredStream, type EventStore } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { account, AccountError, type AccountCommand } from './bank-account.decider';

/**
 * handleCommands on real PostgreSQL: a batch settles each command as handleCommand would, in one
 * read and one append when nothing gets in the way, and one by one (with handleCommand's retries)
 * for whatever the batch cannot settle.
 */
const NOW = '2026-05-04T09:30:00.000Z';
const actor = { id: 'system', roles: ['system'] };
type Ask = { type: AccountCommand['type'] } & Record<string, unknown>;
const newAccount = () => `account-${randomUUID()}`;
const ask = (stream: string, { type, ...data }: Ask, options: Partial<CommandOptions> = {}): BatchedCommand<AccountCommand> => ({
  stream,
  command: { type, data: { account: stream, ...data }, metadata: { now: NOW, actor } } as AccountCommand,
  options: { commandId: randomUUID(), ...options },
});

/** The store, counting each kind of call and able to move a stream between the batch's read and its append. */
function observed(store: EventStore, betweenReadAndAppend: () => Promise<void> = async () => undefined) {
  const calls = { readStream: 0, readStreams: 0, appendToStream: 0, appendToStreams: 0 };
  const on: EventStore = {
    ...store,
    readStream: (...args) => (calls.readStream++, store.readStream(...args)),
    appendToStream: (...args) => (calls.appendToStream++, store.appendToStream(...args)),
    readStreams: async (...args) => {
      calls.readStreams++;
      const read = await store.readStreams(...args);
      await betweenReadAndAppend();
      return read;
    },
    appendToStreams: (...args) => (calls.appendToStreams++, store.appendToStreams(...args)),
  };
  return { on, calls };
}

describe('handleCommands on postgres', () => {
  let database: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase('batch_cmd');
    store = await createPostgresEventStore({ connectionString: database.url });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  const opened = async (deposit = 0) => {
    const stream = newAccount();
    await handleCommand(store, stream, ask(stream, { type: 'Open', owner: 'o' }).command, account, { commandId: randomUUID() });
    if (deposit > 0) await handleCommand(store, stream, ask(stream, { type: 'Deposit', amount: deposit }).command, account, { commandId: randomUUID() });
    return stream;
  };

  it('settles each command as handleCommand would, in one read and one append: same events, same metadata, chained', async () => {
    const [fresh, existing, refusing, idle] = [newAccount(), await opened(10), await opened(), await opened()];
    const batch = [
      ask(fresh, { type: 'Open', owner: 'ada' }, { correlationId: 'corr-1' }),
      ask(existing, { type: 'Withdraw', amount: 4 }),
      ask(refusing, { type: 'Withdraw', amount: 1 }),
      ask(idle, { type: 'Touch' }),
    ];
    const { on, calls } = observed(store);
    const [openedFresh, withdrawn, refused, touched] = await handleCommands(on, account, batch);

    expect(calls).toEqual({ readStream: 0, readStreams: 1, appendToStream: 0, appendToStreams: 1 });
    const freshEvents = (await store.readStream(fresh)).events;
    expect(openedFresh).toEqual({
      status: 'fulfilled',
      value: { events: [{ type: 'Opened', data: { owner: 'ada' } }], nextExpectedRevision: 0, position: freshEvents[0].position, duplicate: false },
    });
    expect(freshEvents[0].metadata).toMatchObject({
      commandId: batch[0].options.commandId,
      correlationId: 'corr-1',
      causationId: batch[0].options.commandId,
      actor,
      recordedAt: NOW,
    });
    expect(withdrawn).toMatchObject({ status: 'fulfilled', value: { events: [{ type: 'Withdrawn', data: { amount: 4 } }], nextExpectedRevision: 2 } });
    expect(refused).toEqual({ status: 'rejected', reason: new AccountError('ACCOUNT.INSUFFICIENT_FUNDS') });
    expect(touched).toMatchObject({ status: 'fulfilled', value: { events: [], nextExpectedRevision: 0, duplicate: false } });
    for (const stream of [fresh, existing, refusing, idle]) expect((await verifyStoredStream(store, stream)).ok).toBe(true);
    expect((await store.readStream(refusing)).events).toHaveLength(1);
  });

  it('answers a command already in its stream with what it recorded, appending nothing; a reused keyed id is refused', async () => {
    const stream = await opened();
    const deposit = ask(stream, { type: 'Deposit', amount: 7 }, { keyed: true });
    await handleCommand(store, stream, deposit.command, account, deposit.options);
    const other = await opened();
    const reused = ask(other, { type: 'Deposit', amount: 1 }, { keyed: true });
    await handleCommand(store, other, reused.command, account, reused.options);

    const [again, misused] = await handleCommands(store, account, [deposit, { ...reused, command: ask(other, { type: 'Deposit', amount: 2 }).command }]);
    expect(again).toMatchObject({ status: 'fulfilled', value: { events: [{ type: 'Deposited', data: { amount: 7 } }], duplicate: true } });
    expect(misused).toMatchObject({ status: 'rejected', reason: expect.any(CommandIdReusedError) });
    expect((await store.readStream(stream)).events).toHaveLength(2);
    expect((await store.readStream(other)).events).toHaveLength(2);
  });

  it('runs a second command on a stream of the batch after the first, on the state the first left', async () => {
    const stream = await opened(5);
    const results = await handleCommands(store, account, [ask(stream, { type: 'Withdraw', amount: 5 }), ask(stream, { type: 'Withdraw', amount: 1 }), ask(stream, { type: 'Deposit', amount: 3 })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readStream(stream)).events.map((e) => e.type)).toEqual(['Opened', 'Deposited', 'Withdrawn', 'Deposited']);
  });

  it('decides again, on its own, a command whose stream moved between the read and the append; the others are appended in the batch', async () => {
    const [busy, quiet] = [await opened(10), await opened(10)];
    const { on, calls } = observed(store, () => handleCommand(store, busy, ask(busy, { type: 'Withdraw', amount: 8 }).command, account, { commandId: randomUUID() }).then(() => undefined));
    const [onBusy, onQuiet] = await handleCommands(on, account, [ask(busy, { type: 'Withdraw', amount: 5 }), ask(quiet, { type: 'Withdraw', amount: 5 })]);
    // Decided again on the moved stream: 2 left, so the withdrawal of 5 is refused, not written over the rival's.
    expect(onBusy).toEqual({ status: 'rejected', reason: new AccountError('ACCOUNT.INSUFFICIENT_FUNDS') });
    expect(onQuiet).toMatchObject({ status: 'fulfilled', value: { events: [{ type: 'Withdrawn' }], nextExpectedRevision: 2 } });
    expect(calls).toMatchObject({ readStreams: 1, appendToStreams: 1, readStream: 1, appendToStream: 0 });
    expect((await store.readStream(busy)).events.map((e) => e.type)).toEqual(['Opened', 'Deposited', 'Withdrawn']);
    expect((await verifyStoredStream(store, busy)).ok).toBe(true);
  });

  it('handles every command on its own when the batch append fails as a whole', async () => {
    const [a, b] = [await opened(), await opened()];
    const failing: EventStore = { ...store, appendToStreams: () => Promise.reject(new Error('connection reset')) };
    const results = await handleCommands(failing, account, [ask(a, { type: 'Deposit', amount: 1 }), ask(b, { type: 'Deposit', amount: 2 })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((await store.readStream(b)).events.map((e) => e.data)).toEqual([{ owner: 'o' }, { amount: 2 }]);
  });
});
