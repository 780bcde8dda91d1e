import type { ChainableCommander } from 'ioredis';
import { BatchWrites } from './batch-writes';

/** The calls a transaction would be sent. */
function queued(writes: BatchWrites): unknown[][] {
  const calls: unknown[][] = [];
  writes.queueOn({ call: (...args: unknown[]) => calls.push(args) } as unknown as ChainableCommander);
  return calls;
}

describe('BatchWrites', () => {
  it('gathers the writes of a batch into one command per command and key, pairs kept together', () => {
    const writes = new BatchWrites();
    writes.add('HSET', 'doc', 'a', '{"a":1}');
    writes.add('SADD', 'f:status:active', 'a');
    writes.add('HSET', 'doc', 'b', '{"b":2}');
    writes.add('SADD', 'f:status:active', 'b');
    writes.add('SADD', 'f:status:lifted', 'c');
    writes.add('ZADD', 'changes', '7', '{"op":"ADD"}');
    expect(queued(writes)).toEqual([
      ['HSET', ['doc', 'a', '{"a":1}', 'b', '{"b":2}']],
      ['SADD', ['f:status:active', 'a', 'b']],
      ['SADD', ['f:status:lifted', 'c']],
      ['ZADD', ['changes', '7', '{"op":"ADD"}']],
    ]);
  });

  it('queues nothing for a batch that writes nothing', () => {
    expect(queued(new BatchWrites())).toEqual([]);
  });
});
