import { randomUUID } from 'node:crypto';
import type { EventToAppend, RecordedEvent, Subscription } from '@app/event-store';

export const uniqueStream = (label: string): string => `${label}-${randomUUID()}`;

export const counted = (n: number, label = 'Counted'): EventToAppend => ({ type: label, data: { n } });

export const batch = (from: number, count: number): EventToAppend[] =>
  Array.from({ length: count }, (_, i) => counted(from + i));

/** Reads from an async iterable until `done` says so, or fails after `timeoutMs`. */
export async function collectUntil<T>(
  source: AsyncIterable<T>,
  done: (seen: T[]) => boolean,
  timeoutMs = 15_000,
): Promise<T[]> {
  const seen: T[] = [];
  if (done(seen)) return seen;
  const iterator = source[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms with ${seen.length} items`)), timeoutMs);
  });
  try {
    while (!done(seen)) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) break;
      seen.push(next.value);
    }
    return seen;
  } finally {
    clearTimeout(timer);
  }
}

export async function toArray<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

export function inStreams(streams: string[]) {
  const names = new Set(streams);
  return (event: RecordedEvent) => names.has(event.streamName);
}

/** Delivers only the events of the given streams (the log may hold other tests' events). */
export async function* onlyStreams(source: Subscription | AsyncIterable<RecordedEvent>, streams: string[]) {
  const keep = inStreams(streams);
  for await (const event of source) if (keep(event)) yield event;
}

export function expectStrictlyIncreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i] > values[i - 1])) {
      throw new Error(`not strictly increasing at index ${i}: ${values[i - 1]} then ${values[i]}`);
    }
  }
}
