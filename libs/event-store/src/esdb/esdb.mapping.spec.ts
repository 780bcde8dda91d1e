import {
  ANY,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { Empty, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { ConcurrencyConflictError } from '../event-store.errors';
import { GENESIS_HASH } from '../hash-chain';
import {
  fromEsdbCurrentRevision,
  fromEsdbPosition,
  fromEsdbResolvedEvent,
  toConcurrencyConflict,
  toEsdbEventData,
  toEsdbExpectedRevision,
  toEsdbPosition,
} from './esdb.mapping';

const created = new Date('2026-03-01T10:00:00.000Z');

function allStreamEvent(overrides: Partial<NonNullable<AllStreamResolvedEvent['event']>> = {}): AllStreamResolvedEvent {
  return {
    event: {
      streamId: 'account-1',
      id: '5b4f3c2a-1d0e-4f9a-8b7c-6d5e4f3a2b1c',
      isJson: true,
      revision: 3n,
      type: 'Deposited',
      created,
      data: { amount: 5 },
      metadata: { commandId: 'c-1', prevHash: GENESIS_HASH, hash: 'h' },
      position: { commit: 1_024n, prepare: 1_024n },
      ...overrides,
    } as NonNullable<AllStreamResolvedEvent['event']>,
    commitPosition: 1_024n,
  };
}

describe('EventStoreDB mapping', () => {
  it.each([
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    ['any', ANY],
    [7, 7n],
    [7n, 7n],
  ] as const)('maps expected revision %s to the client value %s', (ours, theirs) => {
    expect(toEsdbExpectedRevision(ours)).toBe(theirs);
  });

  it('maps the current revision reported by the server', () => {
    expect(fromEsdbCurrentRevision(NO_STREAM)).toBe('no_stream');
    expect(fromEsdbCurrentRevision(12n)).toBe(12);
    expect(() => fromEsdbCurrentRevision(2n ** 53n)).toThrow(RangeError);
  });

  it('maps a position to its commit position and back, 0 being the start', () => {
    expect(fromEsdbPosition({ commit: 4_096n, prepare: 4_096n })).toBe(4_096);
    expect(toEsdbPosition(4_096)).toEqual({ commit: 4_096n, prepare: 4_096n });
    expect(toEsdbPosition(0)).toBe(START);
    expect(() => fromEsdbPosition({ commit: 2n ** 60n, prepare: 2n ** 60n })).toThrow(RangeError);
  });

  it('maps WrongExpectedVersionError built from versions to the port conflict, keeping what the caller expected', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'account-1', expected: 2n, current: 5n });
    const conflict = toConcurrencyConflict(error, 'account-1', 'any');
    expect(conflict).toBeInstanceOf(ConcurrencyConflictError);
    expect(conflict).toMatchObject({ stream: 'account-1', expected: 'any', actual: 5 });
  });

  it('maps the server reply WrongExpectedVersion (no stream yet) to the port conflict', () => {
    const details = new WrongExpectedVersion();
    details.setCurrentNoStream(new Empty());
    details.setExpectedStreamExists(new Empty());
    const error = WrongExpectedVersionError.fromWrongExpectedVersion(details, 'account-2');
    expect(error.actualVersion).toBe(NO_STREAM);
    expect(toConcurrencyConflict(error, 'account-2', 'stream_exists')).toMatchObject({
      stream: 'account-2',
      expected: 'stream_exists',
      actual: 'no_stream',
    });
  });

  it('maps the server reply WrongExpectedVersion (stale revision) to the port conflict', () => {
    const details = new WrongExpectedVersion();
    details.setCurrentStreamRevision('9');
    details.setExpectedStreamPosition('4');
    const error = WrongExpectedVersionError.fromWrongExpectedVersion(details, 'account-3');
    expect(toConcurrencyConflict(error, 'account-3', 4n)).toMatchObject({ expected: 4n, actual: 9 });
  });

  it('leaves other errors alone', () => {
    expect(toConcurrencyConflict(new Error('unavailable'), 's', 'any')).toBeUndefined();
  });

  it('maps a resolved event read from $all', () => {
    expect(fromEsdbResolvedEvent(allStreamEvent())).toEqual({
      streamName: 'account-1',
      revision: 3,
      position: 1_024,
      eventId: '5b4f3c2a-1d0e-4f9a-8b7c-6d5e4f3a2b1c',
      type: 'Deposited',
      data: { amount: 5 },
      metadata: { commandId: 'c-1', prevHash: GENESIS_HASH, hash: 'h' },
      recordedAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('takes the commit position of the resolved event when the record has none (servers before 22.6 on stream reads)', () => {
    const resolved = allStreamEvent({ position: undefined }) as ResolvedEvent;
    resolved.commitPosition = 2_048n;
    expect(fromEsdbResolvedEvent(resolved)?.position).toBe(2_048);
    expect(() => fromEsdbResolvedEvent({ event: allStreamEvent({ position: undefined }).event } as ResolvedEvent)).toThrow(
      /position/,
    );
  });

  it('skips system streams, unresolved links and binary events', () => {
    expect(fromEsdbResolvedEvent(allStreamEvent({ streamId: '$statistics-collected' }))).toBeUndefined();
    expect(fromEsdbResolvedEvent({ commitPosition: 1n })).toBeUndefined();
    expect(fromEsdbResolvedEvent(allStreamEvent({ isJson: false, data: new Uint8Array([1]) } as never))).toBeUndefined();
  });

  it('writes chained events as JSON events with their id, data and metadata', () => {
    const data = toEsdbEventData({
      eventId: '5b4f3c2a-1d0e-4f9a-8b7c-6d5e4f3a2b1c',
      revision: 0,
      type: 'Opened',
      data: { owner: 'a' },
      metadata: { prevHash: GENESIS_HASH, hash: 'h' },
    });
    expect(data).toMatchObject({
      id: '5b4f3c2a-1d0e-4f9a-8b7c-6d5e4f3a2b1c',
      contentType: 'application/json',
      type: 'Opened',
      data: { owner: 'a' },
      metadata: { prevHash: GENESIS_HASH, hash: 'h' },
    });
  });
});
