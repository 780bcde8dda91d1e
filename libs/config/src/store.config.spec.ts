import { eventStoreConfig } from './store.config';
import { configFailure as failure } from '../testing/config-failure';

describe('eventStoreConfig', () => {
  it('selects the adapter with what it connects to', () => {
    expect(eventStoreConfig({ eventStore: 'pglite', dataDir: './data' })).toEqual({ kind: 'pglite', dataDir: './data' });
    expect(eventStoreConfig({ eventStore: 'postgres', databaseUrl: 'postgres://db/sls', dataDir: './data' })).toEqual({ kind: 'postgres', connectionString: 'postgres://db/sls' });
  });

  it('names the variable a server store cannot do without, rather than passing on nothing', () => {
    expect(failure(() => eventStoreConfig({ eventStore: 'postgres', dataDir: './data' }))).toBe('DATABASE_URL: is required when EVENT_STORE=postgres');
    expect(failure(() => eventStoreConfig({ eventStore: 'esdb', dataDir: './data' }))).toMatch(/^EVENTSTORE_CONNECTION_STRING:/);
  });
});
