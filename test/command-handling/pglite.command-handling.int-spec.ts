import { createPgliteEventStore } from '@app/event-store';
import { openTestPglite } from '../event-store/support/pglite-test-database';
import { runCommandHandlingSuite } from './command-handling.suite';

runCommandHandlingSuite('pglite', async () => {
  const pglite = await openTestPglite();
  const store = await createPgliteEventStore({ db: pglite.db });
  return { store, dispose: () => pglite.close() };
});
