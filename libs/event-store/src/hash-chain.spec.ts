import { createHash } from 'node:crypto';
import { chainEvents, computeEventHash, GENESIS_HASH, verifyStream, type ChainedEvent, type VerifiableEvent } from './hash-chain';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const recorded = (stream: string, events: ChainedEvent[]): VerifiableEvent[] =>
  events.map((e) => ({ streamName: stream, revision: e.revision, type: e.type, data: e.data, metadata: e.metadata }));

describe('hash chain', () => {
  it('hashes the canonical JSON of { stream, revision, type, data, metadata without hash }', () => {
    const [event] = chainEvents('account-1', null, [{ type: 'Opened', data: { owner: 'Zoë', limit: 1.5 }, metadata: { actor: { id: 'u', roles: ['a'] } } }]);
    const canonical =
      `{"data":{"limit":1.5,"owner":"Zoë"},"metadata":{"actor":{"id":"u","roles":["a"]},"prevHash":"${GENESIS_HASH}"},` +
      `"revision":0,"stream":"account-1","type":"Opened"}`;
    expect(event.metadata.hash).toBe(sha256(canonical));
    expect(event.metadata.prevHash).toBe(GENESIS_HASH);
  });

  it('reproduces the worked example of libs/event-store/README.md', () => {
    const [opened, deposited] = chainEvents('account-1', null, [
      { type: 'Opened', data: { owner: 'Zoë', limit: 1.5 }, metadata: { commandId: 'c-1' } },
      { type: 'Deposited', data: { amount: 10 }, metadata: { commandId: 'c-2' } },
    ]);
    expect(opened.metadata.hash).toBe('0a401b55749b1340be66a4c25927d21b94c635514e1cb7a255143a0e2373b487');
    expect(deposited.metadata.prevHash).toBe(opened.metadata.hash);
    expect(deposited.metadata.hash).toBe('0b7c88dca31b795e7d74ab6f67849f9a014536d108903c6c8c4383d28bd23753');
  });

  it('links each event to the previous one and numbers revisions from the head', () => {
    const first = chainEvents('s', null, [{ type: 'A', data: {} }, { type: 'B', data: {} }]);
    const more = chainEvents('s', { revision: 1, hash: first[1].metadata.hash }, [{ type: 'C', data: { x: 1 } }]);
    expect(first.map((e) => e.revision)).toEqual([0, 1]);
    expect(first[1].metadata.prevHash).toBe(first[0].metadata.hash);
    expect(more[0]).toMatchObject({ revision: 2, metadata: { prevHash: first[1].metadata.hash } });
    expect(more[0].metadata.hash).toBe(
      computeEventHash({ stream: 's', revision: 2, type: 'C', data: { x: 1 }, metadata: { prevHash: first[1].metadata.hash } }),
    );
    expect(verifyStream(recorded('s', [...first, ...more]))).toEqual({ ok: true, head: { revision: 2, hash: more[0].metadata.hash } });
  });

  it('binds the stream name and revision into the hash', () => {
    const input = { stream: 's', revision: 0, type: 'A', data: {}, metadata: { prevHash: GENESIS_HASH } };
    const base = computeEventHash(input);
    expect(computeEventHash({ ...input, stream: 't' })).not.toBe(base);
    expect(computeEventHash({ ...input, revision: 1 })).not.toBe(base);
  });

  it('drops properties left undefined and rejects reserved metadata keys', () => {
    const [event] = chainEvents('s', null, [{ type: 'A', data: { a: 1, b: undefined } as never }]);
    expect(event.data).toEqual({ a: 1 });
    expect(() => chainEvents('s', null, [{ type: 'A', data: {}, metadata: { prevHash: 'x' } }])).toThrow(TypeError);
    expect(() => chainEvents('s', null, [{ type: 'A', data: { n: NaN } }])).toThrow(TypeError);
  });

  it('generates event ids unless given', () => {
    const [given, generated] = chainEvents('s', null, [{ type: 'A', data: {}, eventId: '8b0f2a3e-9d1c-4a8e-9f00-000000000001' }, { type: 'B', data: {} }]);
    expect(given.eventId).toBe('8b0f2a3e-9d1c-4a8e-9f00-000000000001');
    expect(generated.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('verifyStream', () => {
    const stream = () => recorded('s', chainEvents('s', null, [0, 1, 2, 3].map((n) => ({ type: 'N', data: { n } }))));

    it('accepts an empty stream', () => {
      expect(verifyStream([])).toEqual({ ok: true, head: null });
    });

    it('names an edited event', () => {
      const events = stream();
      events[2] = { ...events[2], data: { n: 20 } };
      expect(verifyStream(events)).toMatchObject({ ok: false, firstBadRevision: 2, reason: 'hash_mismatch' });
    });

    it('names the event after one whose hash was forged to match an edit', () => {
      const events = stream();
      const { hash: _hash, ...rest } = events[1].metadata;
      events[1] = { ...events[1], data: { n: 10 }, metadata: { ...rest, hash: computeEventHash({ stream: 's', revision: 1, type: 'N', data: { n: 10 }, metadata: rest }) } };
      expect(verifyStream(events)).toMatchObject({ ok: false, firstBadRevision: 2, reason: 'prev_hash_mismatch' });
    });

    it('names a missing event', () => {
      const events = stream();
      events.splice(1, 1);
      expect(verifyStream(events)).toMatchObject({ ok: false, firstBadRevision: 1, reason: 'revision_gap' });
    });

    it('names a missing first event', () => {
      expect(verifyStream(stream().slice(1))).toMatchObject({ ok: false, firstBadRevision: 0, reason: 'revision_gap' });
    });

    it('names a changed prevHash', () => {
      const events = stream();
      events[3] = { ...events[3], metadata: { ...events[3].metadata, prevHash: 'f'.repeat(64) } };
      expect(verifyStream(events)).toMatchObject({ ok: false, firstBadRevision: 3, reason: 'prev_hash_mismatch' });
    });

    it('names a removed hash', () => {
      const events = stream();
      const { hash: _hash, ...rest } = events[0].metadata;
      events[0] = { ...events[0], metadata: rest };
      expect(verifyStream(events)).toMatchObject({ ok: false, firstBadRevision: 0, reason: 'hash_mismatch' });
    });

    it('names an event from another stream', () => {
      const events = stream();
      events[2] = { ...events[2], streamName: 'other' };
      expect(verifyStream(events)).toMatchObject({ ok: false, firstBadRevision: 2, reason: 'stream_mismatch' });
    });

    it('names data that can no longer be canonicalized', () => {
      const events = stream();
      events[1] = { ...events[1], data: { n: Infinity } };
      expect(verifyStream(events)).toMatchObject({ ok: false, firstBadRevision: 1, reason: 'hash_mismatch' });
    });
  });
});
