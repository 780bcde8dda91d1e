import { createPgliteEventStore } from '@app/event-store';
import { runEventStoreContract } from './event-store.contract';
import { openTestPglite, type TestPglite } from './support/pglite-test-database';

let pglite: TestPglite;

runEventStoreContract('pglite', {
  async open() {
    pglite = await openTestPglite();
    return createPgliteEventStore({ db: pglite.db });
  },
  dispose: () => pglite.close(),
}, { rejectsDuplicateEventIds: true });
