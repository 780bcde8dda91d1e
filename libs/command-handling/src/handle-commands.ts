import type { EventStore, StreamAppend, StreamAppendOutcome } from '@app/event-store';
import type { Command, Decider, DomainEvent } from './decider';
import { decideOnHistory, toAppend } from './decision';
import { handleCommand, recordOf, type CommandOptions, type HandleCommandResult } from './handle-command';

export interface BatchedCommand<C> {
  stream: string;
  command: C;
  options: CommandOptions;
}

/**
 * Many commands as handleCommand would run each, in a few round trips instead of two per command:
 * one read of all their streams, each decided on its own stream, and one append of everything
 * decided, each stream at the revision read. What comes of each command is its own, in the order
 * given: one refused or failing never fails another. What the batch cannot settle goes through
 * handleCommand, one by one, with its retries: a second command on a stream already in the batch,
 * a stream that moved between the read and the append, and everything of a batch whose read or
 * append failed as a whole. The events and their metadata are exactly handleCommand's.
 */
export async function handleCommands<C extends Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<C, Event, State>,
  batch: readonly BatchedCommand<C>[],
): Promise<PromiseSettledResult<HandleCommandResult<Event>>[]> {
  const results: PromiseSettledResult<HandleCommandResult<Event>>[] = new Array(batch.length);
  const firstOfStream = new Map<string, number>();
  const onTheirOwn: number[] = [];
  for (const [i, { stream }] of batch.entries()) {
    if (firstOfStream.has(stream)) onTheirOwn.push(i);
    else firstOfStream.set(stream, i);
  }

  const histories = await store.readStreams([...firstOfStream.keys()]).catch(() => undefined);
  const appends: StreamAppend[] = [];
  const appending: { i: number; decided: Event[] }[] = [];
  for (const i of firstOfStream.values()) {
    if (!histories) {
      onTheirOwn.push(i);
      continue;
    }
    const { stream, command, options } = batch[i];
    try {
      const { digest, metadata } = recordOf(command, options);
      const decision = decideOnHistory(stream, histories.get(stream) ?? [], command, decider, options, digest);
      if ('answered' in decision) results[i] = { status: 'fulfilled', value: decision.answered };
      else {
        appends.push({ stream, events: toAppend(decision.decided, metadata), expectedRevision: decision.actual });
        appending.push({ i, decided: decision.decided });
      }
    } catch (reason) {
      results[i] = { status: 'rejected', reason };
    }
  }

  const outcomes: (StreamAppendOutcome | undefined)[] = appends.length > 0 ? await store.appendToStreams(appends).catch(() => []) : [];
  appending.forEach(({ i, decided }, k) => {
    const outcome = outcomes[k];
    if (outcome && 'appended' in outcome) {
      results[i] = { status: 'fulfilled', value: { events: decided, ...outcome.appended, duplicate: false } };
    } else onTheirOwn.push(i);
  });

  await Promise.all(
    groupByStream(batch, onTheirOwn).map(async (indices) => {
      for (const i of indices) {
        const { stream, command, options } = batch[i];
        results[i] = await handleCommand(store, stream, command, decider, options).then(
          (value) => ({ status: 'fulfilled', value }),
          (reason: unknown) => ({ status: 'rejected', reason }),
        );
      }
    }),
  );
  return results;
}

/** Indices by stream, each stream's in the order given: one stream's commands run one after another. */
function groupByStream(batch: readonly BatchedCommand<unknown>[], indices: number[]): number[][] {
  const byStream = new Map<string, number[]>();
  for (const i of [...indices].sort((a, b) => a - b)) {
    const list = byStream.get(batch[i].stream);
    if (list) list.push(i);
    else byStream.set(batch[i].stream, [i]);
  }
  return [...byStream.values()];
}
