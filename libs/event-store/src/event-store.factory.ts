import { createEsdbEventStore } from './esdb.event-store';
import type { EventStore } from './event-store.port';
import { createPgliteEventStore } from './pglite.event-store';
import { createPostgresEventStore } from './postgres.event-store';

/** Which adapter to open: chosen by configuration in one place, not by `if`s in callers. */
export type EventStoreConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; connectionString: string }
  | { kind: 'esdb'; connectionString: string };

export async function openEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'pglite':
      return createPgliteEventStore({ dataDir: config.dataDir });
    case 'postgres':
      return createPostgresEventStore({ connectionString: config.connectionString });
    case 'esdb':
      return createEsdbEventStore({ connectionString: config.connectionString });
    default: {
      const unknown: never = config;
      throw new TypeError(`Unknown event store kind: ${JSON.stringify(unknown)}`);
    }
  }
}
