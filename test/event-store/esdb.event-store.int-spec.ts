import { createEsdbEventStore } from '@app/event-store';
import { runEventStoreContract } from './event-store.contract';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  runEventStoreContract('esdb', { open: async () => createEsdbEventStore({ connectionString }) });
} else {
  console.info('esdb contract skipped: EVENTSTORE_CONNECTION_STRING not set');
  describe('esdb event store contract', () => {
    // Visible in every run's output, so nobody mistakes a skipped adapter for a passing one.
    it.skip('esdb contract skipped: EVENTSTORE_CONNECTION_STRING not set', () => undefined);
  });
}
