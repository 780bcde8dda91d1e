import type { EventStoreConfig } from '@app/event-store';
import { fail } from './config.errors';
import { parseUrl, type EnvReader } from './env.reader';

export type EventStoreKind = 'pglite' | 'postgres' | 'esdb';

export interface StoreConfig {
  eventStore: EventStoreKind;
  databaseUrl?: string;
  eventStoreConnectionString?: string;
  dataDir: string;
}

const EVENT_STORES: readonly EventStoreKind[] = ['pglite', 'postgres', 'esdb'];
const isEventStoreKind = (text: string): text is EventStoreKind => (EVENT_STORES as readonly string[]).includes(text);

export function storeConfig(env: EnvReader): StoreConfig {
  const eventStore = env.text('EVENT_STORE') ?? 'pglite';
  if (!isEventStoreKind(eventStore)) return fail('EVENT_STORE', `must be one of ${EVENT_STORES.join(', ')}`);
  const databaseUrl = env.text('DATABASE_URL');
  if (eventStore === 'postgres') connectionFor('postgres', databaseUrl);
  if (databaseUrl) parseUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);
  const eventStoreConnectionString = env.text('EVENTSTORE_CONNECTION_STRING');
  if (eventStore === 'esdb') connectionFor('esdb', eventStoreConnectionString);
  if (eventStoreConnectionString) {
    parseUrl('EVENTSTORE_CONNECTION_STRING', eventStoreConnectionString, ['esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:']);
  }
  return { eventStore, databaseUrl, eventStoreConnectionString, dataDir: env.text('DATA_DIR') ?? './data' };
}

/** Which event-store adapter the configuration selects. */
export function eventStoreConfig(config: StoreConfig): EventStoreConfig {
  switch (config.eventStore) {
    case 'pglite':
      return { kind: 'pglite', dataDir: config.dataDir };
    case 'postgres':
      return { kind: 'postgres', connectionString: connectionFor('postgres', config.databaseUrl) };
    case 'esdb':
      return { kind: 'esdb', connectionString: connectionFor('esdb', config.eventStoreConnectionString) };
  }
}

const CONNECTION_VARIABLES = { postgres: 'DATABASE_URL', esdb: 'EVENTSTORE_CONNECTION_STRING' } as const;

/** The server store's connection string, which its EVENT_STORE cannot do without. */
function connectionFor(kind: keyof typeof CONNECTION_VARIABLES, text: string | undefined): string {
  return text ? text : fail(CONNECTION_VARIABLES[kind], `is required when EVENT_STORE=${kind}`);
}
