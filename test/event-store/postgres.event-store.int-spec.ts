import { createPostgresEventStore } from '@app/event-store';
import { runEventStoreContract } from './event-store.contract';
import { createTestDatabase, type TestDatabase } from './support/postgres-test-database';

let database: TestDatabase;

runEventStoreContract(
  'postgres',
  {
    async open() {
      database = await createTestDatabase();
      return createPostgresEventStore({ connectionString: database.url, poolConfig: { max: 12 } });
    },
    dispose: () => database.drop(),
  },
  { concurrentWriters: true, rejectsDuplicateEventIds: true },
);
