import type Redis from 'ioredis';
import type { EventStore } from '@app/event-store';
import { parseCheckpoint } from './generations';
import { NO_CHECKPOINT, PROJECTION_VERSION, type GenerationKeys } from './read-model.keys';

/**
 * Why a generation of read models may not be served for this log, or undefined if it may. (Or
 * was built by another PROJECTION_VERSION: what it holds means something else now.) A
 * generation records the identity of the log it was built from and the event at its checkpoint;
 * another log (a new store beside an old Redis with the same prefix), or a log that no longer holds
 * that event there (restored from a backup, truncated), makes it stale: its positions mean nothing
 * here, and the log's own events below its checkpoint would be skipped for ever.
 */
export async function staleness(store: EventStore, redis: Redis, generation: GenerationKeys): Promise<string | undefined> {
  const [builtFrom, version, checkpoint, eventId] = await redis.mget(generation.log, generation.version, generation.checkpoint, generation.checkpointEvent);
  const logId = await store.logId();
  if (builtFrom !== logId) return builtFrom ? `it was built from another log (${builtFrom}, this is ${logId})` : 'it records no log identity';
  if (version !== PROJECTION_VERSION) return `it was built by projection version ${version ?? '1'}, this is ${PROJECTION_VERSION}`;
  const position = parseCheckpoint(checkpoint ?? NO_CHECKPOINT);
  if (position === undefined) return undefined;
  for await (const event of store.readAll({ fromPosition: position, maxCount: 1 })) {
    if (event.position === position && event.eventId === eventId) return undefined;
  }
  return `the log holds no event ${eventId ?? '(unrecorded)'} at position ${position}, where the read models stand (restored from a backup, or truncated)`;
}
