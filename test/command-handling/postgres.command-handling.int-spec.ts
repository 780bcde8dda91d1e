import { createPostgresEventStore } from '@app/event-store';
import { createTestDatabase } from '../event-store/support/postgres-test-database';
import { runCommandHandlingSuite } from './command-handling.suite';

runCommandHandlingSuite('postgres', async () => {
  const database = await createTestDatabase('ch_test');
  const store = await createPostgresEventStore({ connectionString: database.url });
  return { store, dispose: () => database.drop() };
});
