import { ConcurrencyConflictError } from '../event-store.errors';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import { verifyStream, type ChainedEvent, type StreamHead } from '../hash-chain';
import { appendPinned, type PinnedAppendSteps } from './pinned-append';

/**
 * The pinning algorithm over a plain array standing for a store that only offers a compare-and-append
 * on the exact head revision (what EventStoreDB offers); `interleave` lets a rival append slip in
 * between our read and our write.
 */
function compareAndAppendLog() {
  const log: ChainedEvent[] = [];
  let interleave: (() => Promise<void>) | undefined;
  const head = (): StreamHead | null => (log.length ? { revision: log.length - 1, hash: log[log.length - 1].metadata.hash } : null);
  const steps: PinnedAppendSteps = {
    readHead: async () => head(),
    async write(stream, expectedHead, events): Promise<AppendResult> {
      const rival = interleave;
      interleave = undefined;
      await rival?.();
      const current = head();
      if ((current?.revision ?? -1) !== (expectedHead?.revision ?? -1)) {
        throw new ConcurrencyConflictError(stream, expectedHead?.revision ?? 'no_stream', current?.revision ?? 'no_stream');
      }
      log.push(...events);
      return { nextExpectedRevision: log.length - 1, position: log.length };
    },
  };
  const append = (expected: ExpectedRevision, n: number) => appendPinned(steps, 's', [{ type: 'N', data: { n } }], expected);
  return {
    log,
    append,
    raceNextWrite: (n: number) => {
      interleave = async () => void (await append('any', n));
    },
  };
}

const chainOf = (log: ChainedEvent[]) =>
  verifyStream(log.map((e) => ({ streamName: 's', revision: e.revision, type: e.type, data: e.data, metadata: e.metadata })));

describe('appendPinned', () => {
  it('retries "any" on the new head when a rival appended in between, keeping one unforked chain', async () => {
    const store = compareAndAppendLog();
    await store.append('no_stream', 0);
    store.raceNextWrite(1);
    const result = await store.append('any', 2);
    expect(result.nextExpectedRevision).toBe(2);
    expect(store.log.map((e) => e.data.n)).toEqual([0, 1, 2]);
    expect(chainOf(store.log)).toMatchObject({ ok: true });
  });

  it('retries "stream_exists" the same way', async () => {
    const store = compareAndAppendLog();
    await store.append('no_stream', 0);
    store.raceNextWrite(1);
    await store.append('stream_exists', 2);
    expect(chainOf(store.log)).toMatchObject({ ok: true, head: { revision: 2 } });
  });

  it('reports a lost race on an exact revision as a conflict with what the caller expected', async () => {
    const store = compareAndAppendLog();
    await store.append('no_stream', 0);
    store.raceNextWrite(1);
    await expect(store.append(0n, 2)).rejects.toMatchObject({ stream: 's', expected: 0n, actual: 1 });
    expect(store.log.map((e) => e.data.n)).toEqual([0, 1]);
  });

  it('fails fast, without writing, when the head already contradicts the expectation', async () => {
    const store = compareAndAppendLog();
    await expect(store.append('stream_exists', 0)).rejects.toBeInstanceOf(ConcurrencyConflictError);
    await store.append('no_stream', 0);
    await expect(store.append('no_stream', 1)).rejects.toMatchObject({ expected: 'no_stream', actual: 0 });
    expect(store.log).toHaveLength(1);
  });
});
