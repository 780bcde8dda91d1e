import type { ChainableCommander } from 'ioredis';

/** The variadic commands a batch is written with: each takes a key and then fields, members or pairs. */
export type WriteCommand = 'HSET' | 'HDEL' | 'SADD' | 'SREM' | 'ZADD' | 'ZREM';

/**
 * The writes of one batch, gathered per command and key (one HSET of every doc, one SADD per facet
 * set…): a few hundred commands for thousands of events. Gathering never reorders anything that
 * matters: a batch writes each field or member of a key at most once (each designation's writes
 * come from its state before and after the batch, and every field or member names its designation,
 * exemption, deadline, change or delivery).
 */
export class BatchWrites {
  private readonly calls = new Map<WriteCommand, Map<string, string[]>>();

  add(command: WriteCommand, key: string, first: string, second?: string): void {
    let byKey = this.calls.get(command);
    if (!byKey) this.calls.set(command, (byKey = new Map()));
    const args = byKey.get(key);
    if (!args) byKey.set(key, second === undefined ? [first] : [first, second]);
    else if (second === undefined) args.push(first);
    else args.push(first, second);
  }

  /** Queues every write on a transaction. */
  queueOn(transaction: ChainableCommander): void {
    for (const [command, byKey] of this.calls) for (const [key, args] of byKey) transaction.call(command, [key, ...args]);
  }
}
